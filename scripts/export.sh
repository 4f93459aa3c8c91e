#!/bin/sh
# Write build/linux's base..series back to patches/ with git format-patch.
# No volatile headers (zero commit ids, no signature, fixed abbreviation), so
# exporting an unchanged tree changes no file.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
cd "$TREE"
[ "$(git rev-parse --abbrev-ref HEAD)" = series ] ||
	die "build/linux is not on branch 'series': git -C build/linux checkout series"
git diff --quiet HEAD && git diff --cached --quiet ||
	note "warning: build/linux has uncommitted changes; only commits are exported"

n=$(git rev-list --count base..HEAD)
export_series "$TOP/patches"
git rev-parse HEAD >.git/wb-applied
printf '%s\n' "$(git config branch.series.description)" >.git/wb-description-synced
note "exported $n patches to patches/"
