
# ---------------------------------------------------------------------------------------------
# Options. Each one is documented in usage(); bad values are refused before anything is written.
# ---------------------------------------------------------------------------------------------

OPT_SINCE=48h
OPT_BUDGET=256M
OPT_MAX_FILE=16M
OPT_MAX_JOURNAL=64M
OPT_TIMEOUT=30
OPT_OUTPUT_DIR=
OPT_STDOUT=0
OPT_ROOT=
OPT_NODE=
OPT_REDACT=1

parse_options() {
	while [ $# -gt 0 ]; do
		_po_opt=$1
		_po_val=
		_po_inline=0
		case $_po_opt in
		--*=*)
			_po_val=${_po_opt#*=}
			_po_opt=${_po_opt%%=*}
			_po_inline=1
			;;
		esac
		case $_po_opt in
		--since | --budget | --max-file-size | --max-journal-size | --timeout | --output-dir | --root | --node)
			if [ "$_po_inline" = 0 ]; then
				[ $# -ge 2 ] || refuse "$_po_opt needs a value (see --help)"
				_po_val=$2
				shift
			fi
			;;
		--stdout | --no-redact | --version | -h | --help)
			[ "$_po_inline" = 0 ] || refuse "$_po_opt takes no value"
			;;
		esac
		case $_po_opt in
		--since) OPT_SINCE=$_po_val ;;
		--budget) OPT_BUDGET=$_po_val ;;
		--max-file-size) OPT_MAX_FILE=$_po_val ;;
		--max-journal-size) OPT_MAX_JOURNAL=$_po_val ;;
		--timeout) OPT_TIMEOUT=$_po_val ;;
		--output-dir) OPT_OUTPUT_DIR=$_po_val ;;
		--root) OPT_ROOT=$_po_val ;;
		--node) OPT_NODE=$_po_val ;;
		--stdout) OPT_STDOUT=1 ;;
		--no-redact) OPT_REDACT=0 ;;
		--version)
			printf '%s %s\n' "$COLLECTOR_NAME" "$COLLECTOR_VERSION"
			exit 0
			;;
		-h | --help)
			usage
			exit 0
			;;
		*) refuse "unknown option: $_po_opt (see --help)" ;;
		esac
		shift
	done
	validate_options
}

# Sizes become bytes; every value is checked before anything is written.
validate_options() {
	BUDGET=$(size_bytes "$OPT_BUDGET") || refuse "--budget: expected a size such as 256M, 1G or 1048576, got: $OPT_BUDGET"
	MAX_FILE=$(size_bytes "$OPT_MAX_FILE") || refuse "--max-file-size: expected a size such as 16M, got: $OPT_MAX_FILE"
	MAX_JOURNAL=$(size_bytes "$OPT_MAX_JOURNAL") || refuse "--max-journal-size: expected a size such as 64M, got: $OPT_MAX_JOURNAL"
	case $OPT_TIMEOUT in
	'' | *[!0-9]* | 0) refuse "--timeout: expected whole seconds of at least 1, got: $OPT_TIMEOUT" ;;
	esac
	[ "$BUDGET" -ge 65536 ] || refuse "--budget: at least 64K is needed for the manifest and anchors"
	case $OPT_NODE in
	*[!A-Za-z0-9._-]*) refuse "--node: use letters, digits, '.', '_' and '-' only" ;;
	esac
	if [ -n "$OPT_ROOT" ] && [ ! -d "$OPT_ROOT" ]; then
		refuse "--root: not a directory: $OPT_ROOT"
	fi
	return 0
}

# size_bytes 256M -> 268435456 (K, M, G are powers of 1024; KiB/MB spellings accepted).
size_bytes() {
	_sb_num=${1%%[!0-9]*}
	_sb_unit=${1#"$_sb_num"}
	[ -n "$_sb_num" ] || return 1
	case $_sb_unit in
	'' | B | b) printf '%s\n' "$((_sb_num))" ;;
	K | k | KB | kB | KiB) printf '%s\n' "$((_sb_num * 1024))" ;;
	M | m | MB | MiB) printf '%s\n' "$((_sb_num * 1048576))" ;;
	G | g | GB | GiB) printf '%s\n' "$((_sb_num * 1073741824))" ;;
	*) return 1 ;;
	esac
}

# since_epoch NOW WHEN: the window start as epoch seconds. WHEN is 30m / 12h / 2d / 90s or a UTC
# time "YYYY-MM-DD HH:MM:SS" (a T and a trailing Z are accepted).
since_epoch() {
	_se_when=$2
	case $_se_when in
	*[0-9]s | *[0-9]m | *[0-9]h | *[0-9]d)
		_se_num=${_se_when%?}
		case $_se_num in
		'' | *[!0-9]*) return 1 ;;
		esac
		case $_se_when in
		*s) printf '%s\n' "$(($1 - _se_num))" ;;
		*m) printf '%s\n' "$(($1 - _se_num * 60))" ;;
		*h) printf '%s\n' "$(($1 - _se_num * 3600))" ;;
		*d) printf '%s\n' "$(($1 - _se_num * 86400))" ;;
		esac
		;;
	[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T\ ][0-9][0-9]:[0-9][0-9]:[0-9][0-9] | \
		[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T\ ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z)
		_se_when=${_se_when%Z}
		_se_day=${_se_when%?????????}
		_se_time=${_se_when#???????????}
		date -u -d "$_se_day $_se_time" +%s 2>/dev/null
		;;
	*) return 1 ;;
	esac
}
