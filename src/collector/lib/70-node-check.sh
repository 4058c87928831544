
# ---------------------------------------------------------------------------------------------
# Is this a Kubernetes node? On a host without a kubelet, a container runtime and pod logs the
# bundle holds little that podmortem can tie to pods: say so in one warning line. Only a
# warning, with the exit code unchanged: a broken or half-removed node is what the collector is
# for, so a kubelet that left files but does not run still counts as found.
#
#   warn_if_not_kubernetes_node    (after collect_pod_logs: POD_LOGS_DIR is then known)
# ---------------------------------------------------------------------------------------------

# Traces a kubelet leaves when it is installed, running or not: state folder, units, binaries.
KUBELET_PATHS='/var/lib/kubelet /etc/systemd/system/kubelet.service /lib/systemd/system/kubelet.service /usr/lib/systemd/system/kubelet.service /usr/bin/kubelet /usr/local/bin/kubelet'
# The same for containerd, CRI-O and docker (k3s and rke2 run their own containerd); their
# processes are looked for by name too.
RUNTIME_PATHS='/run/containerd /var/lib/containerd /etc/containerd /run/crio /var/lib/crio /etc/crio /run/docker.sock /var/lib/docker /run/k3s/containerd /var/lib/rancher/rke2/agent/containerd'
RUNTIME_COMMS='containerd crio dockerd'

warn_if_not_kubernetes_node() {
	_kn_missing=
	[ -n "$KUBELET_PID" ] || any_path_in_root "$KUBELET_PATHS" || _kn_missing="no kubelet"
	runtime_found || _kn_missing="${_kn_missing:+$_kn_missing, }no container runtime"
	if ! resolve_in_root "$ROOT$POD_LOGS_DIR" || [ ! -d "$HOST_FILE" ]; then
		_kn_missing="${_kn_missing:+$_kn_missing, }no $POD_LOGS_DIR"
	fi
	[ -n "$_kn_missing" ] || return 0
	case $_kn_missing in
	*", "*) _kn_missing="${_kn_missing%, *} and ${_kn_missing##*, }" ;;
	esac
	warn "this does not look like a Kubernetes node: $_kn_missing found${ROOT:+ under $ROOT}; the bundle holds what this host has"
}

# any_path_in_root "PATHS": does one of these host paths exist (links resolved inside the root)?
any_path_in_root() {
	for _ap_path in $1; do
		resolve_in_root "$ROOT$_ap_path" && [ -e "$HOST_FILE" ] && return 0
	done
	return 1
}

# A runtime's files, or a process named like one (the scan runs under the short time limit).
runtime_found() {
	any_path_in_root "$RUNTIME_PATHS" && return 0
	short_secs
	# shellcheck disable=SC2086 # one word per process name
	run_capped "$SHORT_SECS" head 64 "$WORK/runtime-pid" sh -c "$FIND_COMM_SH" sh "$PROC" $RUNTIME_COMMS
	[ -s "$WORK/runtime-pid" ]
}
