
# ---------------------------------------------------------------------------------------------
# Container runtime state: crictl JSON (container id -> pod, exit reason such as OOMKilled,
# finish time), and the runtime and kubelet configuration files. All redacted: pod annotations
# can carry whole specs with env values, registry configs carry credentials.
# ---------------------------------------------------------------------------------------------

# How many exited containers are inspected at most (each is one crictl call).
MAX_INSPECT=100

collect_runtime() {
	say "container runtime state"
	cmd_item -r runtime/crictl-ps.json crictl ps -a -o json
	cmd_item -r runtime/crictl-pods.json crictl pods -o json
	collect_exited_containers
	copy_item -r runtime/containerd-config.toml "$ROOT/etc/containerd/config.toml"
	copy_item -r runtime/crio.conf "$ROOT/etc/crio/crio.conf"
	for _cr_conf in "$ROOT"/etc/crio/crio.conf.d/*; do
		case $_cr_conf in
		*"$NL"* | *"$TAB"* | *"$CR"*)
			skip_unsafe "runtime/crio.conf.d/$(one_line "${_cr_conf##*/}")" "$(one_line "${_cr_conf#"$ROOT"}")" "$ODD_NAME_NOTE"
			;;
		*) [ -f "$_cr_conf" ] && copy_item -r "runtime/crio.conf.d/${_cr_conf##*/}" "$_cr_conf" ;;
		esac
	done
	_cr_config=$(kubelet_flag config) || _cr_config=/var/lib/kubelet/config.yaml
	copy_item -r runtime/kubelet-config.yaml "$ROOT$_cr_config"
}

# `crictl inspect` of each exited container: its exit code, reason and finish time are what
# tell an OOM kill from a crash. The ids come from `crictl ps -a --state exited -q`.
collect_exited_containers() {
	host_has crictl || return 0
	_ce_ids=$WORK/exited-ids
	_ce_argv="crictl ps -a --state exited -q"
	case $MODE in
	chroot) set -- chroot "$ROOT" ;;
	nsenter) set -- nsenter -t 1 -m -u -i -n -p ;;
	*) set -- ;;
	esac
	# shellcheck disable=SC2086 # a fixed argument list
	run_capped "$OPT_TIMEOUT" head 1048576 "$_ce_ids" "$@" $_ce_argv
	if [ "$RC" != 0 ] || [ "$TIMED_OUT" = 1 ]; then
		record_item "runtime/inspect/*.json" "$_ce_argv" failed "$RC" 0 0 "listing exited containers failed: $(error_text "$WORK/err")"
		return 1
	fi
	_ce_count=0
	while IFS= read -r _ce_id; do
		case $_ce_id in
		'' | *[!0-9a-f]*) continue ;;
		esac
		_ce_count=$((_ce_count + 1))
		if [ "$_ce_count" -gt "$MAX_INSPECT" ]; then
			skip_for_budget "runtime/inspect/$_ce_id.json" "crictl inspect $_ce_id" "more than $MAX_INSPECT exited containers"
			continue
		fi
		cmd_item -r "runtime/inspect/$_ce_id.json" crictl inspect "$_ce_id"
	done <"$_ce_ids"
}
