
# ---------------------------------------------------------------------------------------------
# Host paths under a root (--root DIR, or /host in a debug pod): every read stays inside it.
# A link is resolved the way the host would see it (an absolute target from the root, a
# relative one from the link's folder), one component at a time; a `..` above the root, more
# than 40 links (a loop) or an unreadable link is refused, and the caller lists the path as a
# skipped-unsafe item with the reason. Names holding a newline, tab or carriage return cannot
# travel through the collector's line and tab lists: they are listed as skipped-unsafe too.
#
#   resolve_in_root "$ROOT/var/log/pods/ns_pod_uid/app/0.log" && cat "$HOST_FILE"
#   list_newest "$ROOT/var/log/pods" 3 '*.log *.log.*' >list   # see below for the line format
# ---------------------------------------------------------------------------------------------

MAX_LINKS=40

# resolve_in_root PATH: HOST_FILE = PATH with every link resolved inside ROOT, or false with
# REFUSED saying why. A path outside ROOT (the pod's own /proc) and any path on the host itself
# (no ROOT) are left to the system.
resolve_in_root() {
	HOST_FILE=$1
	REFUSED=
	[ -n "$ROOT" ] || return 0
	case $1 in
	"$ROOT" | "$ROOT"/*) _rr_rest=${1#"$ROOT"} ;;
	*) return 0 ;;
	esac
	_rr_done=
	_rr_links=0
	while [ -n "$_rr_rest" ]; do
		_rr_part=${_rr_rest%%/*}
		case $_rr_rest in
		*/*) _rr_rest=${_rr_rest#*/} ;;
		*) _rr_rest= ;;
		esac
		case $_rr_part in
		'' | .) continue ;;
		..)
			if [ -z "$_rr_done" ]; then
				REFUSED="climbs out of the root $ROOT"
				return 1
			fi
			_rr_done=${_rr_done%/*}
			continue
			;;
		esac
		if [ ! -L "$ROOT$_rr_done/$_rr_part" ]; then
			_rr_done=$_rr_done/$_rr_part
			continue
		fi
		_rr_links=$((_rr_links + 1))
		if [ "$_rr_links" -gt "$MAX_LINKS" ]; then
			REFUSED="loops (more than $MAX_LINKS links in a row)"
			return 1
		fi
		if ! link_text "$ROOT$_rr_done/$_rr_part"; then
			REFUSED="goes through a link that cannot be read (${_rr_done#/}/$_rr_part)"
			return 1
		fi
		case $LINK_TEXT in
		/*) _rr_done= ;;
		esac
		_rr_rest=$LINK_TEXT${_rr_rest:+/$_rr_rest}
	done
	HOST_FILE=$ROOT$_rr_done
	[ -n "$_rr_done" ] || HOST_FILE=$ROOT/
}

# link_text LINK: LINK_TEXT = where LINK points, as written (readlink, else ls -l).
link_text() {
	if command -v readlink >/dev/null 2>&1; then
		LINK_TEXT=$(readlink "$1" 2>/dev/null) || return 1
	else
		LINK_TEXT=$(ls -ld "$1" 2>/dev/null) || return 1
		LINK_TEXT=${LINK_TEXT#* -> }
	fi
	[ -n "$LINK_TEXT" ]
}

# Why a name is not collected: the item lists, the manifest records and the link table are
# lines of tab-separated fields.
ODD_NAME_NOTE='name holds a newline, tab or carriage return: not collected'

# list_newest DIR DEPTH 'PATTERN...': the files DEPTH levels below DIR whose names match a
# pattern, newest first, one line each: `mtime<TAB>size<TAB>source<TAB>shown<TAB>refusal`.
# `shown` is the path below DIR (odd characters as `?`); `source` is what to read, `-` for a
# refused entry, whose `refusal` says why (`-` otherwise). Links are resolved inside the root:
# a log link (dockershim nodes point into /var/lib/docker) is listed with its target's size
# and time, a folder link is listed through. False with REFUSED when DIR itself leaves the root.
list_newest() {
	resolve_in_root "$1" || return 1
	[ -d "$HOST_FILE" ] || return 0
	list_level "${HOST_FILE%/}/." '' "$2" "$3" | sort -t "$TAB" -k1,1nr -k4,4
}

# list_level DIR/. PREFIX DEPTH 'PATTERN...': list_newest's lines for DIR, unsorted, `shown`
# starting with PREFIX. A folder link recurses with the depth left, so it always ends. The `/.`
# makes find enter DIR when DIR is a link (on the host, /var/log/pods on another disk).
list_level() {
	list_entries "$1" "$3" "$4" | while IFS=$TAB read -r _lv_kind _lv_mtime _lv_size _lv_path; do
		_lv_rel=${_lv_path#"$1"/}
		_lv_shown=$2$_lv_rel
		case $_lv_kind in
		f) printf '%s\t%s\t%s\t%s\t-\n' "$_lv_mtime" "$_lv_size" "$_lv_path" "$_lv_shown" ;;
		odd) printf '0\t0\t-\t%s\t%s\n' "$_lv_shown" "$ODD_NAME_NOTE" ;;
		l) list_link "$_lv_path" "$_lv_shown" $(($3 - $(path_depth "$_lv_rel"))) "$4" ;;
		esac
	done
}

# list_link LINK SHOWN DEPTH_LEFT 'PATTERN...': a log link (DEPTH_LEFT 0) or a folder link.
list_link() {
	if ! resolve_in_root "$1"; then
		printf '0\t0\t-\t%s\t%s\n' "$2" "link $(readable_link "$1") $REFUSED: not followed"
	elif [ "$3" -gt 0 ]; then
		[ -d "$HOST_FILE" ] && list_level "${HOST_FILE%/}/." "$2/" "$3" "$4"
	elif [ -f "$HOST_FILE" ]; then
		_lk_stat=$(stat -L -c "%Y$TAB%s" "$HOST_FILE" 2>/dev/null) &&
			printf '%s\t%s\t%s\t-\n' "$_lk_stat" "$HOST_FILE" "$2"
	fi
}

# The link's text for a note, on one line.
readable_link() {
	link_text "$1" || LINK_TEXT='?'
	printf '%s' "-> $LINK_TEXT" | tr '\t\n\r' '???'
}

# path_depth REL: how many names REL has (a/b/c: 3).
path_depth() {
	_pd_rest=$1
	_pd_n=1
	while :; do
		case $_pd_rest in
		*/*) _pd_rest=${_pd_rest#*/} ;;
		*) break ;;
		esac
		_pd_n=$((_pd_n + 1))
	done
	echo "$_pd_n"
}

# list_entries DIR DEPTH 'PATTERN...': `kind<TAB>mtime<TAB>size<TAB>path` of the matching files
# and links at DEPTH, and of the links above it (kind f, l or odd). find does not follow links.
list_entries() {
	set -f
	_le_names=
	for _le_pattern in $3; do
		_le_names="$_le_names${_le_names:+ -o }-name $_le_pattern"
	done
	# shellcheck disable=SC2086 # the -name list is split on purpose; globbing is off
	{
		find "$1" -mindepth "$2" -maxdepth "$2" \( -type f -o -type l \) \( $_le_names \) ! -name '*.tmp' \
			-exec sh -c "$LIST_ENTRIES_SH" sh "$TAB" {} +
		[ "$2" -gt 1 ] && find "$1" -mindepth 1 -maxdepth $(($2 - 1)) -type l -exec sh -c "$LIST_ENTRIES_SH" sh "$TAB" {} +
	} 2>/dev/null </dev/null
	set +f
}

# Sorts find's paths ($2...) into odd names, links and files; one stat for all the files.
# shellcheck disable=SC2016 # a program for sh, expanded there
LIST_ENTRIES_SH='
tab=$1
shift
cr=$(printf "\r")
n=$#
while [ "$n" -gt 0 ]; do
	f=$1
	shift
	n=$((n - 1))
	case $f in
	*"
"* | *"$tab"* | *"$cr"*) printf "odd\t0\t0\t%s\n" "$(printf "%s" "$f" | tr "\n\t\r" "???")" ;;
	*) if [ -L "$f" ]; then printf "l\t0\t0\t%s\n" "$f"; else set -- "$@" "$f"; fi ;;
	esac
done
[ "$#" -eq 0 ] || stat -c "f$tab%Y$tab%s$tab%n" "$@"
'
