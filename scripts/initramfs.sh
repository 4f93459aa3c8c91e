#!/bin/sh
# Build the guest initramfs (build/guest/initramfs.cpio.gz): busybox-static,
# guest/init, and the kselftests of build/linux built statically into /tests.
#   SRC=dir  take the selftests from another tree (default build/linux)
set -eu
. "$(dirname "$0")/lib.sh"
need make gcc cpio gzip
src=${SRC:-$TREE}
[ -d "$src/tools/testing/selftests" ] || die "no kernel tree at $src: run 'make tree'"
bb=/bin/busybox
# /bin/busybox is the static one only if busybox-static provides it
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
	die "busybox-static is not installed: run 'make deps'"

g=$BUILD/guest
root=$g/root
ks=$g/kselftest
rm -rf "$root"
mkdir -p "$root/bin" "$root/tests" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$ks"
cp "$bb" "$root/bin/busybox"
cp "$TOP/guest/init" "$root/init"
chmod 755 "$root/init"
# The benchmark takes the test interface's ABI from the tree, not a copy.
gcc -static -O2 -Wall -pthread -I"$src/drivers/iommu" -o "$root/bin/pasid-bench" "$TOP/guest/bench.c" ||
	die "guest/bench.c does not build against $src/drivers/iommu/iommu-sva-test.h"

# x86 selftests of the paths the series touches: #GP from user space that
# is not ENQCMD (iopl, ioperm), register state at exec and across syscalls.
# (sigreturn and others in 5.10 do not build against glibc >= 2.34.)
x86_tests="iopl ioperm check_initial_reg_state syscall_nt sysret_ss_attrs"
# The series' own x86 tests, once it has them.
for t in fxonly_sigreturn xstate_regset; do
	[ -f "$src/tools/testing/selftests/x86/$t.c" ] && x86_tests="$x86_tests $t"
done
mkdir -p "$ks/x86"
: >"$g/x86.log"
for t in $x86_tests; do
	LDFLAGS=-static make -s -C "$src/tools/testing/selftests/x86" OUTPUT="$ks/x86" \
		EXTRA_CFLAGS=-static CAN_BUILD_I386=0 "$ks/x86/${t}_64" >>"$g/x86.log" 2>&1 ||
		die "the x86 selftest $t does not build: see $g/x86.log"
	cp "$ks/x86/${t}_64" "$root/tests/x86_$t"
done

# The series' own selftests, once it has them.
if [ -d "$src/tools/testing/selftests/iommu" ]; then
	mkdir -p "$ks/iommu"
	LDFLAGS=-static make -s -C "$src/tools/testing/selftests/iommu" OUTPUT="$ks/iommu" \
		>"$g/iommu.log" 2>&1 || die "the iommu selftests do not build: see $g/iommu.log"
	for t in "$ks"/iommu/*; do
		[ -f "$t" ] && [ -x "$t" ] && cp "$t" "$root/tests/iommu_${t##*/}"
	done
fi

# The tests of our QEMU's PASID test device through its guest driver
# (guest/pasid-testdev, loaded from the kernel's own modules archive):
# the tree's kselftest harness and test interface ABI.
if [ -f "$src/drivers/iommu/iommu-sva-test.h" ]; then
	gcc -static -O2 -Wall -Werror -pthread -I"$src/tools/testing/selftests" -I"$src/drivers/iommu" \
		-I"$TOP/guest/pasid-testdev" -o "$root/tests/pasid_device" "$TOP/guest/pasid_device.c" ||
		die "guest/pasid_device.c does not build against $src"
fi

# Our QEMU's own tests as the guest sees them (qemu/tests): ENQCMD, and
# MMIO while another vCPU changes the memory map (QEMU patch 11).
gcc -static -O2 -Wall -o "$root/tests/qemu_enqcmd" "$TOP/qemu/tests/enqcmd.c" ||
	die "qemu/tests/enqcmd.c does not build"
gcc -static -O2 -Wall -Werror -pthread -o "$root/tests/qemu_mmio_remap" "$TOP/qemu/tests/mmio_remap.c" ||
	die "qemu/tests/mmio_remap.c does not build"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$g/initramfs.cpio.gz.new"
mv "$g/initramfs.cpio.gz.new" "$g/initramfs.cpio.gz"
