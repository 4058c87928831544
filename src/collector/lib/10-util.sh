
# ---------------------------------------------------------------------------------------------
# Messages, clock, one-line text, tool lookup.
# ---------------------------------------------------------------------------------------------

TAB=$(printf '\t')
CR=$(printf '\r')
NL='
'

# Progress goes to stdout, unless stdout carries the archive (--stdout).
say() {
	if [ "${OPT_STDOUT:-0}" = 1 ]; then
		printf '%s\n' "$*" >&2
	else
		printf '%s\n' "$*"
	fi
}

warn() {
	printf 'podmortem-collect: warning: %s\n' "$*" >&2
}

# Refusals: one clear line, exit 2, nothing written.
refuse() {
	printf 'podmortem-collect: error: %s\n' "$*" >&2
	exit 2
}

# human_size BYTES: a size as people read it, in the binary units --budget takes: 812 bytes,
# 1.5 KiB, 256 MiB (one decimal, dropped when it is 0). The tenths come from the remainder, so
# 64-bit shell arithmetic never overflows.
human_size() {
	_hs_div=1
	_hs_unit=
	for _hs_next in KiB MiB GiB TiB PiB; do
		[ "$1" -ge $((_hs_div * 1024)) ] || break
		_hs_div=$((_hs_div * 1024))
		_hs_unit=$_hs_next
	done
	if [ -z "$_hs_unit" ]; then
		[ "$1" = 1 ] && _hs_unit=byte || _hs_unit=bytes
		printf '%s %s\n' "$1" "$_hs_unit"
		return 0
	fi
	_hs_whole=$(($1 / _hs_div))
	_hs_tenths=$((_hs_whole * 10 + ($1 % _hs_div * 10 + _hs_div / 2) / _hs_div))
	if [ $((_hs_tenths % 10)) = 0 ]; then
		printf '%s %s\n' "$((_hs_tenths / 10))" "$_hs_unit"
	else
		printf '%s.%s %s\n' "$((_hs_tenths / 10))" "$((_hs_tenths % 10))" "$_hs_unit"
	fi
}

# Epoch seconds now; PODMORTEM_NOW freezes it so regenerated samples are byte-identical.
epoch_now() {
	if [ -n "${PODMORTEM_NOW:-}" ]; then
		printf '%s\n' "$PODMORTEM_NOW"
	else
		date +%s
	fi
}

# UTC text of an epoch: iso (2026-11-27T10:15:02Z), stamp (20261127T101502Z) or journal
# (2026-11-27 10:15:02 UTC, what journalctl --since accepts).
utc_text() {
	case $2 in
	iso) date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ ;;
	stamp) date -u -d "@$1" +%Y%m%dT%H%M%SZ ;;
	journal) date -u -d "@$1" '+%Y-%m-%d %H:%M:%S UTC' ;;
	esac
}

# A fork-free stopwatch: REAL_CS = centiseconds since boot, from this system's /proc/uptime.
real_cs() {
	REAL_CS=0
	[ -r /proc/uptime ] || return 0
	read -r _clk_up _clk_rest </proc/uptime
	_clk_up=${_clk_up%.*}${_clk_up#*.}
	while :; do
		case $_clk_up in
		0?*) _clk_up=${_clk_up#0} ;;
		*) break ;;
		esac
	done
	case $_clk_up in
	'' | *[!0-9]*) return 0 ;;
	esac
	REAL_CS=$_clk_up
}

# Milliseconds since START_CS for the manifest; 0 when the clock is frozen.
duration_ms() {
	real_cs
	if [ -n "${PODMORTEM_NOW:-}" ]; then
		DURATION_MS=0
	else
		DURATION_MS=$(((REAL_CS - $1) * 10))
	fi
}

# Manifest fields are one line: tabs and newlines (rare, from stderr or odd names) become spaces.
one_line() {
	case $1 in
	*"$TAB"* | *"$NL"* | *"$CR"*) printf '%s' "$1" | tr '\t\n\r' '   ' ;;
	*) printf '%s' "$1" ;;
	esac
}

# First bytes of a command's stderr, as one line, for an item's note.
error_text() {
	[ -s "$1" ] || return 0
	head -c 240 "$1" | tr '\t\n\r' '   ' | sed 's/ *$//'
}

# Directories searched for host tools when they run through chroot or nsenter.
HOST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Tools the pod's own image may run in read-only mode: they see the host's kernel, PID and
# network namespaces, which a `kubectl debug node` pod shares (journalctl reads the host's
# journal folder with -D).
IMAGE_TOOLS=' dmesg top vmstat iostat free ss netstat ip route uname journalctl '

# host_has TOOL: can TOOL run for the host in the current mode? Through nsenter the tool runs in
# PID 1's mount namespace: whether the pod may execute files under /host (a noexec mount, which
# is also why chroot failed) says nothing about that, so there the file only has to exist.
host_has() {
	case $MODE in
	chroot | nsenter)
		_hh_ifs=$IFS
		IFS=:
		for _hh_dir in $HOST_PATH; do
			_hh_path=$ROOT$_hh_dir/$1
			if [ -x "$_hh_path" ] || { [ "$MODE" = nsenter ] && { [ -f "$_hh_path" ] || [ -L "$_hh_path" ]; }; }; then
				IFS=$_hh_ifs
				return 0
			fi
		done
		IFS=$_hh_ifs
		return 1
		;;
	read-only)
		case $IMAGE_TOOLS in
		*" $1 "*) command -v "$1" >/dev/null 2>&1 ;;
		*) return 1 ;;
		esac
		;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# tool_unavailable TOOL: sets NOTE to why TOOL cannot run and records it in missingTools when it
# was looked for and not found (in read-only mode, only the image's own tools are looked for).
tool_unavailable() {
	if [ "$MODE" = read-only ]; then
		case $IMAGE_TOOLS in
		*" $1 "*) NOTE="$1 not found in the debug image (read-only mode)" ;;
		*)
			NOTE="read-only mode: host command $1 not run"
			return 0
			;;
		esac
	else
		NOTE="$1 not found"
	fi
	case " $MISSING_TOOLS " in
	*" $1 "*) ;;
	*)
		MISSING_TOOLS="$MISSING_TOOLS $1"
		printf '%s\n' "$1" >>"$WORK/missing-tools"
		;;
	esac
}
