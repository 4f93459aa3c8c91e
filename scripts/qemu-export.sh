#!/bin/sh
# Write build/qemu-src's base..series back to qemu/patches/ with git
# format-patch, the cover letter from the branch description, as
# scripts/export.sh does for the kernel series. build/qemu-src comes from
# 'QEMU_TREE=1 scripts/qemu.sh'.
set -eu
. "$(dirname "$0")/lib.sh"
src=$BUILD/qemu-src
[ -d "$src/.git" ] || die "no QEMU tree in build/qemu-src: remove the qemu-KEY directory scripts/qemu.sh prints, then run QEMU_TREE=1 scripts/qemu.sh"
cd "$src"
[ "$(git rev-parse --abbrev-ref HEAD)" = series ] ||
	die "build/qemu-src is not on branch 'series': git -C build/qemu-src checkout series"
git diff --quiet HEAD && git diff --cached --quiet ||
	note "warning: build/qemu-src has uncommitted changes; only commits are exported"
export_series "$TOP/qemu/patches" PATCH
note "exported $(git rev-list --count base..series) patches to qemu/patches/"
