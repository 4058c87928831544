
# ---------------------------------------------------------------------------------------------
# Stat snapshots: what the node looked like at collection time. Rate tools take several samples
# because their first report is an average since boot.
# ---------------------------------------------------------------------------------------------

collect_stats() {
	say "stat snapshots"
	cmd_item stats/top.txt top -b -n 1
	cmd_item -q stats/vmstat.txt vmstat -w -t 1 5 || cmd_item stats/vmstat.txt vmstat 1 5
	cmd_item stats/iostat.txt iostat -x -t 1 3
	cmd_item -l -r -w "/proc/<pid>/{stat,status,oom_score_adj,cgroup,cmdline}" stats/ps.txt \
		sh -c "$PS_SH" sh "$PROC"
	either_item stats/ss.txt 'ss -tulpn' stats/netstat-tulpn.txt 'netstat -tulpn'
	either_item stats/ip-route.txt 'ip route' stats/netstat-rn.txt 'netstat -rn'
	copy_item stats/proc-net-route.txt "$PROC/net/route"
	collect_ipv6_routes
	copy_item stats/meminfo.txt "$PROC/meminfo"
	copy_item stats/proc-vmstat.txt "$PROC/vmstat"
	copy_item stats/proc-stat.txt "$PROC/stat"
	copy_item stats/loadavg.txt "$PROC/loadavg"
	for _cs_pressure in cpu memory io; do
		copy_item "stats/pressure/$_cs_pressure" "$PROC/pressure/$_cs_pressure"
	done
	cmd_item stats/df.txt df -P
	cmd_item stats/df-inodes.txt df -P -i
	cmd_item stats/free.txt free
}

# IPv6 routes. busybox `ip` has `-6 route` too; `route -n -A inet6` (net-tools, busybox) stands
# in on nodes without `ip`. A kernel without /proc/net/ipv6_route runs without IPv6
# (ipv6.disable=1, or no ipv6 module): both items are missing for that reason, not failed, and
# `ip -6 route` is not run (it could only fail). /proc/net/route vouches that $PROC/net is readable.
collect_ipv6_routes() {
	if [ ! -e "$PROC/net/ipv6_route" ] && [ -e "$PROC/net/route" ]; then
		_c6_note='IPv6 is disabled on this node (no /proc/net/ipv6_route)'
		record_item stats/ip6-route.txt 'ip -6 route' missing '' 0 0 "$_c6_note"
		record_item stats/proc-net-ipv6-route.txt "${PROC#"$ROOT"}/net/ipv6_route" missing '' 0 0 "$_c6_note"
		return 0
	fi
	either_item stats/ip6-route.txt 'ip -6 route' stats/route-inet6.txt 'route -n -A inet6'
	copy_item stats/proc-net-ipv6-route.txt "$PROC/net/ipv6_route"
}

# either_item PATH 'CMD' FALLBACK_PATH 'FALLBACK_CMD': the first tool the host has; one missing
# item under PATH when it has neither.
either_item() {
	# shellcheck disable=SC2086 # fixed command lines, split on purpose
	if host_has "${2%% *}"; then
		cmd_item "$1" $2
	elif host_has "${4%% *}"; then
		cmd_item "$3" $4
	else
		tool_unavailable "${2%% *}"
		_ei_note=$NOTE
		tool_unavailable "${4%% *}"
		record_item "$1" "$2" missing '' 0 0 "$_ei_note; $NOTE"
	fi
}

# The process table from /proc, because ps on busybox nodes has no oom_score_adj or cgroup
# column. Tab-separated with a header; ARGS is the command line with NULs as spaces. Runs as
# its own sh (reading /proc/<pid>/cmdline can block on a stuck process); $1 is the proc root.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
PS_SH='
export PM_PROC="$1"
for dir in "$1"/[0-9]*; do
	[ -d "$dir" ] || continue
	# /proc holds no links here; a host root read with --root might, pointing out of it.
	for f in "" /stat /status /cmdline /cgroup /oom_score_adj; do
		[ -L "$dir$f" ] && continue 2
	done
	printf "%s\t" "${dir##*/}"
	tr "\000\n\t" "   " 2>/dev/null <"$dir/cmdline"
	printf "\n"
done | awk "$PM_PS_AWK"
'

# One line in per pid (`<pid>\t<args>`); the rest is read from /proc/<pid>/{stat,status,...}.
# shellcheck disable=SC2016,SC2089 # an awk program, passed on in the environment
PS_AWK='
# A field is one cell: a tab or carriage return from a broken /proc file must not shift columns.
function clean(value) { gsub(/[\t\r]/, " ", value); return value == "" ? "-" : value }
function first(file,   line) {
	line = "-"
	if ((getline line < file) <= 0) line = "-"
	close(file)
	return line
}
BEGIN {
	FS = "\t"; OFS = "\t"
	P = ENVIRON["PM_PROC"]
	print "PID", "PPID", "STATE", "UID", "RSS_KB", "VSZ_KB", "OOM_SCORE_ADJ", "COMM", "CGROUP", "ARGS"
}
{
	pid = $1
	args = substr($0, length(pid) + 2)
	sub(/ +$/, "", args)
	if (length(args) > 4096) args = substr(args, 1, 4096)
	dir = P "/" pid
	state = "-"; ppid = "-"
	stat = first(dir "/stat")
	if (stat != "-") {
		sub(/^.*\) /, "", stat)
		split(stat, f, " ")
		state = f[1]; ppid = f[2]
	}
	name = "-"; uid = "-"; rss = "-"; vsz = "-"
	file = dir "/status"
	while ((getline line < file) > 0) {
		split(line, v, /[ \t]+/)
		if (line ~ /^Name:/) { name = line; sub(/^Name:[ \t]*/, "", name) }
		else if (line ~ /^Uid:/) uid = v[2]
		else if (line ~ /^VmRSS:/) rss = v[2]
		else if (line ~ /^VmSize:/) vsz = v[2]
	}
	close(file)
	adj = first(dir "/oom_score_adj")
	cgroup = "-"; unified = ""
	file = dir "/cgroup"
	while ((getline line < file) > 0) {
		if (line ~ /^[0-9]+:([^:]*,)?memory(,[^:]*)?:/) { sub(/^[0-9]+:[^:]*:/, "", line); cgroup = line }
		else if (line ~ /^0::/) unified = substr(line, 4)
	}
	close(file)
	if (cgroup == "-" && unified != "") cgroup = unified
	print pid, clean(ppid), clean(state), clean(uid), clean(rss), clean(vsz), clean(adj), clean(name), clean(cgroup), args
}
'
PM_PS_AWK=$PS_AWK
# shellcheck disable=SC2090
export PM_PS_AWK
