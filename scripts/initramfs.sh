#!/bin/sh
# Build the guest initramfs (build/guest/initramfs.cpio.gz): busybox-static,
# guest/init, and in /kselftest the kselftests of build/linux (static)
# installed with their runner, plus the workbench's own test programs.
#   SRC=dir        take the selftests from another tree (default build/linux)
#   KSFT_TIMEOUT=s the runner's timeout per program (default 300)
set -eu
. "$(dirname "$0")/lib.sh"
need make gcc cpio gzip rsync ldd
KSFT_TIMEOUT=${KSFT_TIMEOUT:-300}
src=${SRC:-$TREE}
[ -d "$src/tools/testing/selftests" ] || die "no kernel tree at $src: run 'make tree'"
bb=/bin/busybox
# /bin/busybox is the static one only if busybox-static provides it
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
	die "busybox-static is not installed: run 'make deps'"

g=$BUILD/guest
root=$g/root
# the selftests' object directory, one per source tree
ks=$g/kselftest-$(printf %s "$src" | cksum | cut -d' ' -f1)
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp "$bb" "$root/bin/busybox"
cp "$TOP/guest/init" "$root/init"
chmod 755 "$root/init"
# The benchmark takes the test interface's ABI, its helpers and the IPI
# reader from the tree's selftests (pasid_utils.h), not copies.
gcc -static -O2 -Wall -Werror -pthread -I"$src/tools/testing/selftests/iommu" \
	-o "$root/bin/pasid-bench" "$TOP/guest/bench.c" ||
	die "guest/bench.c does not build against $src/tools/testing/selftests/iommu/pasid_utils.h"

# The kselftests, installed by the selftests' own 'install' target into
# /kselftest with run_kselftest.sh and kselftest-list.txt; the guest runs
# every listed program through that runner.
# x86: the tests of the paths the series touches: #GP from user space that
# is not ENQCMD (iopl, ioperm), register state at exec and across syscalls,
# and the series' own, once it has them. (The others of 5.10, sigreturn
# among them, do not build against glibc >= 2.34: the make command line
# names the ones to build.) iommu: the series' own, once it has them.
x86_64="iopl ioperm check_initial_reg_state syscall_nt sysret_ss_attrs"
for t in fxonly_sigreturn xstate_regset; do
	[ -f "$src/tools/testing/selftests/x86/$t.c" ] && x86_64="$x86_64 $t"
done
targets=x86
[ -d "$src/tools/testing/selftests/iommu" ] && targets="$targets iommu"
kst=$root/kselftest
# FORCE_TARGETS: a target that fails stops the build (without it, make
# succeeds if any target built and leaves the others out of the list).
LDFLAGS=-static make -C "$src/tools/testing/selftests" O="$ks" KSFT_INSTALL_PATH="$kst" \
	TARGETS="$targets" FORCE_TARGETS=1 EXTRA_CFLAGS=-static CAN_BUILD_I386=0 \
	TARGETS_C_BOTHBITS= TARGETS_C_32BIT_ONLY= TARGETS_C_32BIT_NEEDED= TARGETS_C_64BIT_ONLY="$x86_64" \
	install >"$g/kselftest.log" 2>&1 ||
	die "the kselftests ($targets) do not build or install: see $g/kselftest.log"
for c in $targets; do
	grep -q "^$c:" "$kst/kselftest-list.txt" ||
		die "the $c kselftests are missing from kselftest-list.txt: see $g/kselftest.log"
done

# Programs of the workbench itself, run by the same runner as collections
# of their own (the runner reads the list and cds into the directory).
# pasid-testdev: the tests of our QEMU's PASID test device through its
# guest driver (guest/pasid-testdev, loaded from the kernel's modules
# archive), with the tree's kselftest harness and test interface ABI.
if [ -f "$src/drivers/iommu/iommu-sva-test.h" ]; then
	mkdir -p "$kst/pasid-testdev"
	gcc -static -O2 -Wall -Werror -pthread -I"$src/tools/testing/selftests" -I"$src/drivers/iommu" \
		-I"$TOP/guest/pasid-testdev" -o "$kst/pasid-testdev/pasid_device" "$TOP/guest/pasid_device.c" ||
		die "guest/pasid_device.c does not build against $src"
	echo pasid-testdev:pasid_device >>"$kst/kselftest-list.txt"
fi
# qemu: our QEMU's own tests as the guest sees them (qemu/tests): ENQCMD,
# and MMIO while another vCPU changes the memory map (QEMU patch 11).
mkdir -p "$kst/qemu"
gcc -static -O2 -Wall -o "$kst/qemu/enqcmd" "$TOP/qemu/tests/enqcmd.c" ||
	die "qemu/tests/enqcmd.c does not build"
gcc -static -O2 -Wall -Werror -pthread -o "$kst/qemu/mmio_remap" "$TOP/qemu/tests/mmio_remap.c" ||
	die "qemu/tests/mmio_remap.c does not build"
printf 'qemu:enqcmd\nqemu:mmio_remap\n' >>"$kst/kselftest-list.txt"

# The runner's timeout per program (the 5.10 runner reads it from each
# collection's 'settings'; its default, 45 s, is too short under TCG with
# the debug kernel). Below the boot's own timeout (scripts/boot.sh), so a
# hung program is reported by its name and the suite goes on.
for c in $(cut -d: -f1 "$kst/kselftest-list.txt" | sort -u); do
	echo "timeout=$KSFT_TIMEOUT" >"$kst/$c/settings"
done
# The runner applies the timeout only if /usr/bin/timeout exists, and
# calls it with --foreground, which busybox's lacks: coreutils' own. It
# prefixes a program's output with its prefix.pl if /usr/bin/perl exists,
# one byte at a time, else with sed, which buffers: a guest that dies in
# a program would lose what the program printed last. So Debian's
# perl-base too (perl and its core modules, ~9 MB). Both with the
# libraries they link (all the test programs are static).
mkdir -p "$root/usr/bin" "$root/usr/lib/x86_64-linux-gnu"
cp /usr/bin/timeout /usr/bin/perl "$root/usr/bin/"
ln -s ../../bin/busybox "$root/usr/bin/env"
pb=/usr/lib/x86_64-linux-gnu/perl-base
[ -d "$pb" ] || die "no $pb: install perl-base"
cp -a "$pb" "$root$pb"
for l in $( { ldd /usr/bin/timeout; ldd /usr/bin/perl; } | sed -n 's/.*[ \t]\(\/[^ ]*\) (0x.*/\1/p' | sort -u); do
	mkdir -p "$root${l%/*}"
	cp -L "$l" "$root$l"
done

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$g/initramfs.cpio.gz.new"
mv "$g/initramfs.cpio.gz.new" "$g/initramfs.cpio.gz"
