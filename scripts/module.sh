#!/bin/sh
# module.sh VARIANT [SRC]: build the guest driver of our QEMU's PASID test
# device (guest/pasid-testdev, an out-of-tree module) against VARIANT's
# kernel in build/obj/VARIANT (built from SRC, default build/linux), and
# pack it as modules.cpio.gz there, which scripts/boot.sh appends to the
# guest initramfs. A module must be built against the very kernel it is
# loaded into: the debug kernel's structures are not the main kernel's.
set -eu
. "$(dirname "$0")/lib.sh"
need make gcc cpio gzip
variant=$1
src=${2:-$TREE}
obj=${OBJDIR:-$OBJ/$variant}
[ -f "$obj/.config" ] && [ -f "$obj/Module.symvers" ] ||
	die "no $variant kernel built with modules in $obj: run scripts/build.sh $variant"
grep -q '^CONFIG_MODULES=y' "$obj/.config" || die "the $variant kernel has no module support (CONFIG_MODULES)"
src=$(cd "$src" && pwd)
obj=$(cd "$obj" && pwd)

# kbuild writes its objects next to the sources: build a copy, updated
# only where guest/ changed, so that an unchanged module is not rebuilt.
m=$obj/pasid-testdev
mkdir -p "$m"
for f in "$TOP"/guest/pasid-testdev/*; do
	cmp -s "$f" "$m/${f##*/}" || cp "$f" "$m/"
done
log=$obj/module.log
make -C "$src" O="$obj" CC="$(kcc)" HOSTCC=gcc M="$m" modules >"$log" 2>&1 ||
	die "guest/pasid-testdev does not build against the $variant kernel: see $log"
if grep -q 'warning:' "$log"; then
	grep 'warning:' "$log" >&2
	die "guest/pasid-testdev builds with warnings against the $variant kernel: see $log"
fi

root=$m/cpio
rm -rf "$root"
mkdir -p "$root/lib/modules"
cp "$m/pasid_testdev.ko" "$root/lib/modules/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$obj/modules.cpio.gz.new"
mv "$obj/modules.cpio.gz.new" "$obj/modules.cpio.gz"
