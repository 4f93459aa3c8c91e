#!/bin/sh
# boot.sh VARIANT [shell]: boot VARIANT's kernel (configs/variants) under our QEMU
# (scripts/qemu.sh: ENQCMD, IA32_PASID, XSAVES; q35, TCG, 4 vCPUs, VT-d in
# scalable mode) with the guest initramfs. Without
# 'shell' the guest runs its test suite and powers off; the console goes to
# build/obj/VARIANT/console.log and the test output to .../tests.log, which
# scripts/results.sh turns into TAP. configs/variants gives each variant
# its kernel, -cpu, command line additions and timeout.
#   QEMU=path  boot on that qemu-system-x86_64 instead of building ours
#   CPU=model  the -cpu option (default the variant's)
#   KERNEL=path  boot that bzImage (default the variant's kernel's)
#   TIMEOUT=s  kill the guest after s seconds (default the variant's)
#   SMP=n  vCPUs (default 4)
#   ICOUNT=1  -icount shift=0,sleep=off: the guest's clocks count executed
#          instructions, one per nanosecond, idle time skipped (make bench)
set -eu
. "$(dirname "$0")/lib.sh"
need timeout
variant=$1
mode=${2:-test}
variant "$variant"
obj=${OBJDIR:-$OBJ/$variant}
mkdir -p "$obj" && obj=$(cd "$obj" && pwd)
# a variant that boots another's kernel finds it next to its own directory
kobj=$obj
[ "$V_KERNEL" = "$variant" ] || kobj=${obj%/*}/$V_KERNEL
kernel=${KERNEL:-$kobj/arch/x86/boot/bzImage}
initrd=$BUILD/guest/initramfs.cpio.gz
[ -f "$kernel" ] || die "no $V_KERNEL kernel at $kernel: run 'make test' (or scripts/build.sh $V_KERNEL)"
[ -f "$initrd" ] || die "no guest initramfs: run scripts/initramfs.sh"
# The PASID test device's driver, built against this very kernel
# (scripts/module.sh), goes into the guest as a second cpio archive.
kmods=${kernel%/arch/x86/boot/bzImage}/modules.cpio.gz
if [ -f "$kmods" ]; then
	cat "$initrd" "$kmods" >"$obj/initrd.img"
	initrd=$obj/initrd.img
fi

# no_timer_check: under TCG on a loaded host the kernel's check that the
# timer interrupt arrives through the interrupt-remapped IO-APIC can
# time out and panic ("timer doesn't work through Interrupt-remapped
# IO-APIC", seen here during a boot while the gate built kernels).
# The variant's own additions (configs/variants), then APPEND.
cmdline="console=ttyS0 intel_iommu=on,sm_on no_timer_check panic=-1 oops=panic $V_APPEND ${APPEND:-}"
timeout=${TIMEOUT:-$V_TIMEOUT}

qemu=${QEMU:-$("$TOP/scripts/qemu.sh")}
[ -x "$qemu" ] || die "no QEMU at $qemu: run scripts/qemu.sh"
# Firmware: the system's SeaBIOS and the option ROMs of qemu-system-data
# (our build installs none).
fw=
for d in /usr/share/seabios /usr/share/qemu; do
	[ -d "$d" ] && fw="$fw -L $d"
done

# The variant's -cpu (configs/variants): max (with our QEMU: ENQCMD and
# XSAVES) without LA57, for which VT-d SVM needs 5-level first-stage
# tables that QEMU's vIOMMU lacks, and without 1G pages, as every earlier
# gate ran (the vIOMMU's fs1gp would allow them).
# The vIOMMU translates requests with a PASID (x-pasid-mode) through
# first-stage tables (x-flts), the process's own page tables after an SVA
# bind; two PASID test devices (our QEMU) issue them.
icount=
[ "${ICOUNT:-0}" = 1 ] && icount="-icount shift=0,sleep=off"
# shellcheck disable=SC2086
set -- $fw -machine q35 -accel tcg $icount -smp "${SMP:-4}" -m 2G -cpu "${CPU:-$V_CPU}" \
	-device intel-iommu,intremap=on,x-scalable-mode=on,x-pasid-mode=on,x-flts=on \
	-device pasid-testdev -device pasid-testdev \
	-kernel "$kernel" -initrd "$initrd" -no-reboot -display none -nodefaults

if [ "$mode" = shell ]; then
	exec "$qemu" "$@" -serial mon:stdio -append "$cmdline pasid.shell"
fi

con=$obj/console.log
res=$obj/tests.log
rm -f "$con" "$res"
t0=$(now)
rc=0
timeout --foreground -k 10 "$timeout" "$qemu" "$@" \
	-serial "file:$con" -serial "file:$res" -append "$cmdline" </dev/null >"$obj/qemu.log" 2>&1 || rc=$?
note "$variant guest ran for $(since "$t0")"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	tail -n 25 "$con" >&2
	die "the $variant guest hung: killed after ${timeout}s (last console lines above; full log $con)"
fi
[ $rc = 0 ] || { cat "$obj/qemu.log" >&2; die "qemu failed (exit $rc): see $obj/qemu.log"; }
