#!/bin/sh
# Joins src/collector/lib/*.sh (in name order) into src/collector/podmortem-collect.sh, the one
# file users carry to a node. `build.sh --check` exits 1 when the joined file is out of date.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$here/podmortem-collect.sh
joined=$(mktemp)
trap 'rm -f "$joined"' EXIT
cat "$here"/lib/*.sh >"$joined"
if [ "${1:-}" = --check ]; then
	if ! cmp -s "$joined" "$target"; then
		echo "src/collector/podmortem-collect.sh is out of date: run sh src/collector/build.sh" >&2
		exit 1
	fi
	exit 0
fi
cp "$joined" "$target"
chmod 755 "$target"
