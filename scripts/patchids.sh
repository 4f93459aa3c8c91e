#!/bin/sh
# Print the sorted stable patch-ids of patches/ (no argument) or of
# base..HEAD in build/linux (argument 'tree').
set -eu
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = tree ]; then
	git -C "$TREE" log -p --reverse base..HEAD
else
	for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case $p in */0000-*) continue ;; esac
		cat "$p"
	done
fi | git patch-id --stable | cut -d' ' -f1 | sort
