#!/bin/sh
# Joins src/collector/lib/*.sh (in name order) into dist/collector/podmortem-collect.sh, the one
# file users carry to a node (`podmortem collector` prints it). It is build output, like the rest
# of dist/. `build.sh --check` exits 1 when the joined file is missing or out of date.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$here/../../dist/collector/podmortem-collect.sh
joined=$(mktemp)
trap 'rm -f "$joined"' EXIT
cat "$here"/lib/*.sh >"$joined"
if [ "${1:-}" = --check ]; then
	if ! cmp -s "$joined" "$target"; then
		echo "dist/collector/podmortem-collect.sh is missing or out of date: run npm run build" >&2
		exit 1
	fi
	exit 0
fi
mkdir -p "$(dirname "$target")"
cp "$joined" "$target"
chmod 755 "$target"
