
# ---------------------------------------------------------------------------------------------
# Pod logs: the mirror of /var/log/pods (rotated and .gz files included), taken in rounds
# until the budget is used (67-pod-budget.sh): OOM victims whole, then the end of every
# container's current log, then the rest newest first. /var/log/containers holds links to the same files: only its link table
# is kept (containers.txt), never a second copy of the logs.
# ---------------------------------------------------------------------------------------------

collect_pod_logs() {
	say "pod logs"
	if ! resolve_in_root "$ROOT/var/log/containers"; then
		skip_unsafe containers.txt /var/log/containers "folder $REFUSED: not read"
	elif [ -d "$HOST_FILE" ]; then
		cmd_item -l -w "readlink /var/log/containers/*" containers.txt sh -c "$LINK_TABLE_SH" sh "$HOST_FILE"
	else
		record_item containers.txt /var/log/containers missing '' 0 0 'folder not found'
	fi
	pod_logs_dir
	_pl_dir=$ROOT$POD_LOGS_DIR
	if [ ! -d "$_pl_dir" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'folder not found'
		return 1
	fi
	if ! list_newest "$_pl_dir" 3 '*.log *.log.*' >"$WORK/pod-logs"; then
		skip_unsafe 'pods/*' "$POD_LOGS_DIR" "folder $REFUSED: not read"
		return 1
	fi
	if [ ! -s "$WORK/pod-logs" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'no pod log files'
		return 1
	fi
	oom_victims
	plan_pod_logs
	fill_pod_logs
	summarize_pod_logs
}

# The kubelet's podLogsDir (configurable since 1.30), default /var/log/pods.
pod_logs_dir() {
	POD_LOGS_DIR=/var/log/pods
	[ -f "$BUNDLE/runtime/kubelet-config.yaml" ] || return 0
	_pd_dir=$(sed -n 's/^podLogsDir:[ 	]*"\{0,1\}\([^"]*\)"\{0,1\}[ 	]*$/\1/p' "$BUNDLE/runtime/kubelet-config.yaml")
	case $_pd_dir in
	/*) POD_LOGS_DIR=${_pd_dir%/} ;;
	esac
}

# `<file name>\t<link target>` for each entry of the folder $1, in name order (an entry that is
# not a link has an empty target). The links are read, never followed. A newline, tab or
# carriage return in a name or target is shown as `?`: they would break the table.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
LINK_TABLE_SH='
cd "$1" || exit 1
nl="
"
tab=$(printf "\t")
cr=$(printf "\r")
for name in * .[!.]*; do
	[ -e "$name" ] || [ -L "$name" ] || continue
	target=
	if [ -L "$name" ]; then
		if command -v readlink >/dev/null 2>&1; then
			target=$(readlink "$name")
		else
			target=$(ls -ld "$name")
			target=${target#* -> }
		fi
	fi
	case $name$target in
	*"$nl"* | *"$tab"* | *"$cr"*)
		name=$(printf "%s" "$name" | tr "\n\t\r" "???")
		target=$(printf "%s" "$target" | tr "\n\t\r" "???")
		;;
	esac
	printf "%s\t%s\n" "$name" "$target"
done
'
