#!/bin/sh
# Regenerates samples/bundles/<scenario>.tar.gz by running the real collector against the fake
# node roots in samples/roots/<scenario>/, whose fake tools (.tools/: tiny scripts printing
# canned output) are the only commands on PATH besides basic utilities. The clock is frozen
# (PODMORTEM_NOW), so a rerun writes byte-identical archives with GNU tar and gzip.
#
# Then samples/foreign.sh packs the first scenario's node as other collectors do (samples/foreign/,
# or OUTPUT_DIR/foreign when OUTPUT_DIR is given).
#
#   sh samples/regenerate.sh [OUTPUT_DIR]      (npm run samples; default samples/bundles)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${1:-samples/bundles}
mkdir -p "$out"
out=$(cd "$out" && pwd)
foreign=${1:+$out/foreign}
NOW=1795774502 # 2026-11-27T10:15:02Z, the collection time of every scenario
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Basic utilities only: a tool a scenario lacks must be missing, not found on this machine.
mkdir "$tmp/bin"
# `command -v` names a builtin (true) without a path: the file is looked up on PATH.
tool_file() {
	_ifs=$IFS
	IFS=:
	for _dir in $PATH; do
		if [ -f "$_dir/$1" ] && [ -x "$_dir/$1" ]; then
			IFS=$_ifs
			printf '%s\n' "$_dir/$1"
			return 0
		fi
	done
	IFS=$_ifs
	return 1
}
for tool in awk cat cp date find grep gzip head id ls mkdir mkfifo mv readlink rm sed setsid sh sleep sort stat tail tar timeout touch tr true wc sha256sum; do
	path=$(tool_file "$tool") || {
		echo "regenerate.sh: $tool not found" >&2
		exit 1
	}
	ln -s "$path" "$tmp/bin/$tool"
done

# A checkout gives every file the checkout time: pin them inside the window, then apply the
# scenario's own ages (.mtimes: `<seconds before NOW> <path>` per line).
pin_mtimes() {
	find "$1" ! -path "$1/.tools/*" \( -type f -o -type l \) -exec touch -h -d "@$((NOW - 600))" {} +
	[ -f "$1/.mtimes" ] || return 0
	while read -r age path; do
		case $age in '' | '#'*) continue ;; esac
		touch -h -d "@$((NOW - age))" "$1/$path"
	done <"$1/.mtimes"
}

# run_scenario NAME MODE: MODE root runs with --root, debug pretends the tree is a debug pod's /host.
run_scenario() {
	root=samples/roots/$1
	pin_mtimes "$root"
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	if [ "$2" = debug ]; then
		PATH="$repo/$root/.tools:$tmp/bin" PODMORTEM_NOW=$NOW PODMORTEM_HOST_MOUNT=$root \
			sh dist/collector/podmortem-collect.sh --output-dir "$tmp/out" --timeout 10 >"$tmp/log" 2>&1 || {
			cat "$tmp/log" >&2
			exit 1
		}
	else
		PATH="$repo/$root/.tools:$tmp/bin" PODMORTEM_NOW=$NOW \
			sh dist/collector/podmortem-collect.sh --root "$root" --output-dir "$tmp/out" --timeout 10 >"$tmp/log" 2>&1 || {
			cat "$tmp/log" >&2
			exit 1
		}
	fi
	mv "$tmp"/out/podmortem-*.tar.gz "$out/$1.tar.gz"
	echo "$out/$1.tar.gz"
}

run_scenario oom-burstable-containerd root
run_scenario node-pressure-cgroupfs root
run_scenario debug-pod-minimal debug
run_scenario memory-pressure-eviction-oom root
sh samples/foreign.sh "${foreign:-samples/foreign}"
