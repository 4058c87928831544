
# ---------------------------------------------------------------------------------------------
# Pod logs: the mirror of /var/log/pods (rotated and .gz files included), newest first until
# the budget is used. /var/log/containers holds links to the same files: only its link table
# is kept (containers.txt), never a second copy of the logs.
# ---------------------------------------------------------------------------------------------

collect_pod_logs() {
	say "pod logs"
	_pl_links=$ROOT/var/log/containers
	if [ -d "$_pl_links" ]; then
		cmd_item -l -w "readlink /var/log/containers/*" containers.txt sh -c "$LINK_TABLE_SH" sh "$_pl_links"
	else
		record_item containers.txt /var/log/containers missing '' 0 0 'folder not found'
	fi
	pod_logs_dir
	_pl_dir=$ROOT$POD_LOGS_DIR
	if [ ! -d "$_pl_dir" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'folder not found'
		return 1
	fi
	list_newest "$_pl_dir" 3 '*.log *.log.*' >"$WORK/pod-logs"
	if [ ! -s "$WORK/pod-logs" ]; then
		record_item 'pods/*' "$POD_LOGS_DIR" missing '' 0 0 'no pod log files'
		return 1
	fi
	while read -r _pl_mtime _pl_size _pl_file; do
		log_item "pods/${_pl_file#"$_pl_dir"/}" "$_pl_file" "$_pl_size" "$_pl_mtime"
	done <"$WORK/pod-logs"
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
# not a link has an empty target).
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
LINK_TABLE_SH='
cd "$1" || exit 1
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
	printf "%s\t%s\n" "$name" "$target"
done
'
