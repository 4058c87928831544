
# ---------------------------------------------------------------------------------------------
# cgroup memory state of every kubepods cgroup (kubepods, QoS, pod, container): limits, usage,
# peaks and OOM counters survive the killed process, so they prove an OOM kill even when the
# kernel ring buffer has rotated. Written as cgroup/<path below the memory hierarchy>/<file>.
# ---------------------------------------------------------------------------------------------

CGROUP_FILES='memory.max memory.current memory.peak memory.high memory.swap.max memory.events memory.events.local memory.oom.group memory.stat memory.limit_in_bytes memory.usage_in_bytes memory.max_usage_in_bytes memory.failcnt memory.oom_control'

# v2 keeps kubepods at the top of /sys/fs/cgroup; v1 (and hybrid) under /sys/fs/cgroup/memory.
collect_cgroup() {
	say "cgroup memory state"
	_cg_found=0
	for _cg_top in "$CGROUP_FS"/kubepods* "$CGROUP_FS"/memory/kubepods*; do
		[ -d "$_cg_top" ] || continue
		_cg_found=1
		cgroup_tree_item "$_cg_top"
	done
	[ "$_cg_found" = 1 ] || record_item cgroup/kubepods "${CGROUP_FS#"$ROOT"}/kubepods*" missing '' 0 0 \
		"no kubepods cgroup under ${CGROUP_FS#"$ROOT"} (cgroup v2) or ${CGROUP_FS#"$ROOT"}/memory (v1)"
}

# One item per kubepods tree. If the tree is over its cap, memory.stat files (most of the
# bytes) are dropped first.
cgroup_tree_item() {
	_ct_rel=${1#"$CGROUP_FS"/}
	_ct_rel=${_ct_rel#memory/}
	_ct_path=cgroup/$_ct_rel
	_ct_what="${1#"$ROOT"}/**/{memory.*}"
	if ! resolve_in_root "$1"; then
		skip_unsafe "$_ct_path" "$_ct_what" "$REFUSED: not read"
		return 1
	fi
	if ! budget_cap "$MAX_FILE"; then
		skip_for_budget "$_ct_path" "$_ct_what"
		return 1
	fi
	mkdir -p "$BUNDLE/$_ct_path"
	real_cs
	_ct_start=$REAL_CS
	run_capped "$OPT_TIMEOUT" head 65536 "$WORK/cgroup-out" sh -c "$CGROUP_COPY_SH" sh "$HOST_FILE" "$BUNDLE/$_ct_path" "$CGROUP_FILES"
	_ct_bytes=$(tree_bytes "$BUNDLE/$_ct_path")
	_ct_note=
	if [ "$_ct_bytes" -gt "$CAP" ]; then
		find "$BUNDLE/$_ct_path" -name memory.stat -type f -exec rm -f {} +
		_ct_bytes=$(tree_bytes "$BUNDLE/$_ct_path")
		_ct_note="memory.stat files dropped to fit $CAP bytes"
	fi
	if [ "$_ct_bytes" -gt "$CAP" ]; then
		rm -rf "${BUNDLE:?}/$_ct_path"
		skip_for_budget "$_ct_path" "$_ct_what" "the tree's $_ct_bytes bytes do not fit the $CAP bytes left"
		return 1
	fi
	duration_ms "$_ct_start"
	_ct_status=ok
	if [ "$TIMED_OUT" = 1 ]; then
		_ct_status=timeout
		_ct_note="killed after $OPT_TIMEOUT s (by $TIMED_BY); the tree may be incomplete"
	elif [ -n "$_ct_note" ]; then
		_ct_status=truncated
	elif [ "$RC" != 0 ] || [ -s "$WORK/err" ]; then
		# A cgroup removed while it was read is normal on a busy node: keep what was read.
		_ct_note="some files could not be read: $(error_text "$WORK/err")"
	fi
	USED=$((USED + _ct_bytes))
	record_item "$_ct_path" "$_ct_what" "$_ct_status" '' "$_ct_bytes" "$DURATION_MS" "$_ct_note"
	while IFS= read -r _ct_link; do
		skip_unsafe "$_ct_path/$_ct_link" "${1#"$ROOT"}/$_ct_link" 'a link in a cgroup tree (cgroupfs has none): not followed'
	done <"$WORK/cgroup-out"
}

tree_bytes() {
	_tb_n=$(find "$1" -type f -exec cat {} + 2>/dev/null | wc -c)
	echo $((_tb_n))
}

# Copies the memory interface files of every cgroup below $1 into $2 (same relative paths), one
# `cp` per cgroup. Runs as its own `sh` so the whole walk is under the time limit. A link is
# not copied (it could point anywhere): its path is printed, one line each.
# shellcheck disable=SC2016 # a program for sh or awk, expanded there
CGROUP_COPY_SH='
src=$1 dest=$2 files=$3
cd "$src" || exit 1
find . -maxdepth 6 -type d | sort | while IFS= read -r dir; do
	set --
	for f in $files; do
		if [ -L "$dir/$f" ]; then
			printf "%s\n" "${dir#./}/$f" | sed "s|^\./||"
		elif [ -f "$dir/$f" ]; then
			set -- "$@" "$dir/$f"
		fi
	done
	[ $# -gt 0 ] || continue
	mkdir -p "$dest/$dir" && cp "$@" "$dest/$dir/"
done
'
