#!/bin/sh
# qemu/tests/run.sh [VARIANT]: boot build/obj/VARIANT (default main) on the
# QEMU of scripts/qemu.sh, with the guest initramfs plus qemu/tests/enqcmd.c
# as /tests/qemu_enqcmd, on the command line of scripts/boot.sh. Then check
# that the kernel enabled the PASID supervisor xstate in the compacted
# format, print scripts/results.sh's TAP for the whole guest suite and the
# lines of qemu_enqcmd. Logs in build/qemu-test/VARIANT.
#   QEMU=path    use that qemu-system-x86_64 instead of building one
#   KERNEL=path  boot that bzImage instead of build/obj/VARIANT's
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
# lib.sh takes the top from $0, one level up for scripts/
TOP=$top BUILD=$top/build OBJ=$top/build/obj
cd "$TOP"
need gcc cpio gzip timeout
variant=${1:-main}
kernel=${KERNEL:-$OBJ/$variant/arch/x86/boot/bzImage}
initrd=$BUILD/guest/initramfs.cpio.gz
[ -f "$kernel" ] || die "no $variant kernel at $kernel: run 'make test' (or scripts/build.sh $variant)"
[ -f "$initrd" ] || die "no guest initramfs: run scripts/initramfs.sh"
qemu=${QEMU:-$(scripts/qemu.sh)}
[ -x "$qemu" ] || die "no QEMU at $qemu: run scripts/qemu.sh"

out=$BUILD/qemu-test/$variant
root=$out/root
rm -rf "$out"
mkdir -p "$root/tests"
gcc -static -O2 -Wall -o "$root/tests/qemu_enqcmd" "$TOP/qemu/tests/enqcmd.c" ||
	die "qemu/tests/enqcmd.c does not build"
# The kernel unpacks concatenated archives in order: ours adds one file.
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$out/extra.cpio.gz"
cat "$initrd" "$out/extra.cpio.gz" >"$out/initramfs.cpio.gz"

cmdline="console=ttyS0 intel_iommu=on,sm_on panic=-1 oops=panic ${APPEND:-}"
case $variant in
debug) cmdline="$cmdline panic_on_warn=1"; timeout=${TIMEOUT:-1500} ;;
*) timeout=${TIMEOUT:-600} ;;
esac
# Firmware: the system's SeaBIOS, the option ROMs of qemu-system-data.
fw=
for d in /usr/share/seabios /usr/share/qemu; do
	[ -d "$d" ] && fw="$fw -L $d"
done
t0=$(now)
rc=0
# shellcheck disable=SC2086
timeout --foreground -k 10 "$timeout" "$qemu" $fw -machine q35 -accel tcg -smp 4 -m 2G \
	-cpu max,-pdpe1gb,-la57 \
	-device intel-iommu,intremap=on,x-scalable-mode=on,x-pasid-mode=on \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" -no-reboot -display none -nodefaults \
	-serial "file:$out/console.log" -serial "file:$out/tests.log" -append "$cmdline" \
	</dev/null >"$out/qemu.log" 2>&1 || rc=$?
note "$variant guest ran for $(since "$t0") on $qemu"
[ $rc = 0 ] || { tail -n 25 "$out/console.log" >&2; die "qemu failed or timed out (exit $rc): see $out/qemu.log and $out/console.log"; }

fail=0
strip='s/\r$//; s/^\[ *[0-9]*\.[0-9]*\] //'
for want in "x86/fpu: Supporting XSAVE feature 0x400: 'PASID state'" \
	"using 'compacted' format"; do
	line=$(sed "$strip" "$out/console.log" | grep -F "$want" | head -n 1) || true
	if [ -n "$line" ]; then
		echo "ok - console: $line"
	else
		echo "not ok - console: no \"$want\""
		fail=1
	fi
done
OBJDIR=$out scripts/results.sh "$variant" || fail=1
sed -n '/^# guest: run qemu_enqcmd/,/^# guest: exit qemu_enqcmd/p' "$out/tests.log"
grep -q '^# guest: exit qemu_enqcmd 0' "$out/tests.log" || fail=1
exit $fail
