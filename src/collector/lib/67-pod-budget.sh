
# ---------------------------------------------------------------------------------------------
# The pod-log budget, filled in rounds over containers, not over files: newest-first over files
# let a few chatty containers push most others out, an OOM victim's last lines included.
#   1 oom-victim  every log of the containers the kernel log names as OOM victims (task_memcg=,
#                 `Task in <path> killed`), current and rotated, whole: at most half of what is
#                 left for pod logs, so that round 2 always has room
#   2 tail        the end of every other container's current log: an equal share of what is
#                 left (a log smaller than its share leaves the rest to the others)
#   3 newest      the rest (rotated files, earlier restarts), newest first
# Every container is listed in the manifest (podLogs) with what was kept and by which round.
#
#   oom_victims; plan_pod_logs; fill_pod_logs; summarize_pod_logs   (after list_newest > $WORK/pod-logs)
# ---------------------------------------------------------------------------------------------

# A share below this is noted: a tail that short may hold only a few lines.
TAIL_FLOOR=65536

# oom_victims: `<pod uid><TAB><container id>` per kill named in the collected kernel log (either
# may be empty), read from the bundle's kernel/ and journal/kernel.export under the time limit.
oom_victims() {
	: >"$WORK/oom-victims"
	run_capped "$OPT_TIMEOUT" head 1048576 "$WORK/oom-victims" sh -c "$VICTIM_LINES_SH" sh "$BUNDLE"
	[ "$TIMED_OUT" = 0 ] || warn "reading OOM victims from the kernel log took over $OPT_TIMEOUT s: victims may be missing"
	awk "$VICTIM_IDS_AWK" "$WORK/oom-victims" | sort -u >"$WORK/oom-victim-ids"
}

# The cgroup path of each OOM victim: task_memcg= of the `oom-kill:` summary (4.19+) and the
# first path of `Task in <path> killed as a result of limit of <path>` (older kernels). Rotated
# kernel logs may be compressed.
# shellcheck disable=SC2016 # a program for sh, expanded there
VICTIM_LINES_SH='
for f in "$1"/kernel/* "$1"/journal/kernel.export; do
	[ -f "$f" ] || continue
	case $f in
	*.gz) gzip -dc "$f" 2>/dev/null ;;
	*) cat "$f" ;;
	esac
done | grep -a -e "task_memcg=" -e "Task in /" |
	sed -n -e "s/.*task_memcg=\([^, ]*\).*/\1/p" -e "s/.*Task in \([^ ]*\) killed.*/\1/p"
'

# Pod uid and container id of a cgroup path, in any driver's form: the innermost `pod<uid>`
# part (`_` in systemd slices, `-` with cgroupfs), and a last part that is a container: a bare
# id (cgroupfs), `cri-containerd-<id>.scope`, `crio-<id>.scope` or `docker-<id>.scope`
# (`crio-conmon-<id>` is CRI-O's monitor, not the workload: the pod only).
# shellcheck disable=SC2016 # a program for awk
VICTIM_IDS_AWK='
{
	n = split($0, part, "/")
	uid = ""
	for (i = 1; i <= n; i++) {
		p = part[i]
		while (match(p, /pod[0-9a-f][0-9a-f_-]*/)) {
			c = substr(p, RSTART + 3, RLENGTH - 3)
			gsub(/_/, "-", c)
			if (length(c) == 36 && c ~ /^[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/) uid = c
			p = substr(p, RSTART + RLENGTH)
		}
	}
	id = part[n]
	sub(/\.scope$/, "", id)
	sub(/^(cri-containerd|crio|docker)-/, "", id)
	if (length(id) != 64 || id !~ /^[0-9a-f]+$/) id = ""
	if (uid != "" || id != "") printf "%s\t%s\n", uid, id
}
'

# plan_pod_logs: $WORK/pod-plan from the file list ($WORK/pod-logs), the victims and the link
# table (containers.txt maps a container id to its log folder), one line per file:
# `round<TAB>order<TAB>mtime<TAB>size<TAB>source<TAB>shown<TAB>refusal<TAB>folder<TAB>victim note`,
# sorted to be taken in that order (round 2 smallest first, so that shares can grow). Round 0 is
# a victim's current log, round 1 its other files.
plan_pod_logs() {
	_pp_links=$BUNDLE/containers.txt
	[ -f "$_pp_links" ] || _pp_links=/dev/null
	awk -F "$TAB" -v OFS="$TAB" -v since="$SINCE" "$PLAN_AWK" "$WORK/oom-victim-ids" "$_pp_links" "$WORK/pod-logs" |
		sort -t "$TAB" -k1,1n -k2,2n >"$WORK/pod-plan"
}

# shellcheck disable=SC2016 # a program for awk
PLAN_AWK='
function folder(shown) { sub(/\/[^\/]*$/, "", shown); return shown }
function pod_uid(dir) { sub(/\/.*/, "", dir); sub(/.*_/, "", dir); return dir }
FILENAME == ARGV[1] { kill_uid[++kills] = $1; kill_id[kills] = $2; next }
FILENAME == ARGV[2] {
	if ($2 == "") next
	id = $1
	sub(/\.log$/, "", id)
	sub(/.*-/, "", id)
	n = split($2, t, "/")
	if (n >= 3) id_dir[id] = t[n - 2] "/" t[n - 1]
	next
}
{
	line[++files] = $0
	dir[files] = folder($4)
	if (!(dir[files] in seen)) { seen[dir[files]] = 1; dirs_of[pod_uid(dir[files])] = dirs_of[pod_uid(dir[files])] SUBSEP dir[files] }
	# The current log: the plain <restart count>.log with the highest count (mtimes may tie).
	if ($3 != "-" && $1 >= since && $4 ~ /\/[0-9]+\.log$/) {
		restart = $4
		sub(/.*\//, "", restart)
		restart += 0
		if (!(dir[files] in current) || restart > top[dir[files]]) { current[dir[files]] = files; top[dir[files]] = restart }
	}
}
END {
	for (k = 1; k <= kills; k++) {
		if (kill_id[k] != "" && (kill_id[k] in id_dir)) {
			victim[id_dir[kill_id[k]]] = "named by the kernel as an OOM victim: container " substr(kill_id[k], 1, 13)
			continue
		}
		if (kill_uid[k] == "" || !(kill_uid[k] in dirs_of)) continue
		m = split(substr(dirs_of[kill_uid[k]], 2), d, SUBSEP)
		for (j = 1; j <= m; j++) if (!(d[j] in victim)) victim[d[j]] = "named by the kernel as an OOM victim: pod " kill_uid[k]
	}
	for (i = 1; i <= files; i++) {
		split(line[i], f, FS)
		if (dir[i] in victim) { round = (current[dir[i]] == i ? 0 : 1); order = i }
		else if (current[dir[i]] == i) { round = 2; order = f[2] }
		else { round = 3; order = i }
		print round, order, line[i], dir[i], (dir[i] in victim ? victim[dir[i]] : "-")
	}
}
'

# fill_pod_logs: takes the planned files round by round. A victim's current log keeps what fits
# round 1; a victim's other file that does not fit whole waits for round 3. $WORK/pod-rounds
# keeps, per file, `path<TAB>round<TAB>folder<TAB>size<TAB>victim note` for the manifest.
fill_pod_logs() {
	: >"$WORK/pod-rounds"
	: >"$WORK/pod-deferred"
	FP_TAILS=$(grep -c "^2$TAB" "$WORK/pod-plan")
	CEILING=$((USED + (BUDGET - USED) / 2))
	grep "^[01]$TAB" "$WORK/pod-plan" >"$WORK/pod-round"
	take_round
	CEILING=
	grep "^2$TAB" "$WORK/pod-plan" >"$WORK/pod-round"
	take_round
	{
		grep "^3$TAB" "$WORK/pod-plan"
		cat "$WORK/pod-deferred"
	} | sort -t "$TAB" -k2,2n >"$WORK/pod-round"
	take_round
}

# take_round: the files of $WORK/pod-round, in order (lines as in $WORK/pod-plan).
take_round() {
	while IFS=$TAB read -r _tr_round _tr_order _tr_mtime _tr_size _tr_src _tr_name _tr_why _tr_dir _tr_victim; do
		_tr_want=$MAX_FILE
		case $_tr_round in
		1)
			_tr_whole=$_tr_size
			[ "$_tr_whole" -gt "$MAX_FILE" ] && _tr_whole=$MAX_FILE
			if [ "$_tr_src" != - ] && [ "$_tr_whole" -gt $((CEILING - USED)) ]; then
				printf '3\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$_tr_order" "$_tr_mtime" "$_tr_size" "$_tr_src" "$_tr_name" "$_tr_why" "$_tr_dir" "$_tr_victim" >>"$WORK/pod-deferred"
				continue
			fi
			;;
		2)
			_tr_share=$(((BUDGET - USED) / FP_TAILS))
			FP_TAILS=$((FP_TAILS - 1))
			[ "$_tr_share" -lt "$_tr_want" ] && _tr_want=$_tr_share
			;;
		esac
		printf 'pods/%s\t%s\tpods/%s\t%s\t%s\n' "$_tr_name" "$_tr_round" "$_tr_dir" "$_tr_size" "$_tr_victim" >>"$WORK/pod-rounds"
		if [ "$_tr_src" = - ]; then
			skip_unsafe "pods/$_tr_name" "$POD_LOGS_DIR/$_tr_name" "$_tr_why"
		elif [ "$_tr_want" -lt 1 ]; then
			skip_for_budget "pods/$_tr_name" "$POD_LOGS_DIR/$_tr_name"
		else
			log_item "pods/$_tr_name" "$_tr_src" "$_tr_size" "$_tr_mtime" "$POD_LOGS_DIR/$_tr_name" "$_tr_want"
		fi
	done <"$WORK/pod-round"
}

# summarize_pod_logs: $WORK/pod-containers, one line per container folder for the manifest:
# `folder<TAB>round<TAB>kept bytes<TAB>log bytes<TAB>files<TAB>kept files<TAB>note`. Its round is
# the first that kept bytes of it (none: nothing kept); files older than the window are left
# out of its counts.
summarize_pod_logs() {
	awk -F "$TAB" -v OFS="$TAB" -v floor="$TAIL_FLOOR" "$SUMMARY_AWK" "$WORK/pod-rounds" "$WORK/items" | sort >"$WORK/pod-containers"
}

# shellcheck disable=SC2016 # a program for awk
SUMMARY_AWK='
BEGIN { name[0] = "oom-victim"; name[1] = "oom-victim"; name[2] = "tail"; name[3] = "newest" }
FILENAME == ARGV[1] {
	dir[$1] = $3
	round[$1] = $2
	size[$1] = $4
	files[$3]++
	logb[$3] += $4
	if ($5 != "-") note[$3] = $5
	next
}
# Files older than the window are out of scope, not lost: not counted.
($1 in dir) && $3 == "skipped-window" {
	files[dir[$1]]--
	logb[dir[$1]] -= size[$1]
	stale[dir[$1]]++
}
($1 in dir) && $5 > 0 {
	d = dir[$1]
	kept[d] += $5
	kept_files[d]++
	if (!(d in best) || round[$1] < best[d]) best[d] = round[$1]
	if (round[$1] == 2 && $5 < floor && $5 < size[$1]) short[d] = 1
}
END {
	for (d in files) {
		r = (d in best) ? name[best[d]] : "none"
		n = note[d]
		if (d in short) n = n (n == "" ? "" : "; ") "share of the budget below " floor " bytes"
		if (d in stale) n = n (n == "" ? "" : "; ") stale[d] " older than the window, not counted"
		print d, r, kept[d] + 0, logb[d] + 0, files[d], kept_files[d] + 0, n
	}
}
'
