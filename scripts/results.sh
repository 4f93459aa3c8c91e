#!/bin/sh
# results.sh VARIANT: read the guest logs of build/obj/VARIANT and print one
# TAP-style line per result ("ok - ..." / "not ok - ..." / "ok - ... # SKIP"):
# the boot itself (no splat, clean power-off), every KUnit case from the
# console, and every kselftest case from the test port. Exit 1 on a failure.
set -eu
. "$(dirname "$0")/lib.sh"
variant=$1
obj=${OBJDIR:-$OBJ/$variant}
mkdir -p "$obj" && obj=$(cd "$obj" && pwd)
con=$obj/console.log
res=$obj/tests.log
[ -f "$con" ] || die "no console log for $variant: boot it first"

# A kernel splat anywhere in the console is a failure of the boot.
splat='(BUG:|WARNING:|Oops|Kernel panic|KASAN:|UBSAN:|kernel BUG|unreferenced object|circular locking|recursive locking|inconsistent lock state|lock held when returning|suspicious RCU usage|INFO: task .* blocked|Call Trace:|cut here)'
strip='s/\r$//; s/^\[ *[0-9]*\.[0-9]*\] //'
if sed "$strip" "$con" | grep -Eq "$splat"; then
	echo "not ok - $variant: boots without a kernel splat"
	sed "$strip" "$con" | grep -En -A12 "$splat" | head -n 60 | sed 's/^/#   /'
else
	echo "ok - $variant: boots without a kernel splat"
fi
if grep -q '^# guest: done' "$res" 2>/dev/null && grep -q 'reboot: Power down' "$con"; then
	echo "ok - $variant: guest ran the suite and powered off"
else
	echo "not ok - $variant: guest ran the suite and powered off"
	sed "$strip" "$con" | tail -n 15 | sed 's/^/#   /'
fi

# What the variant's CPU (configs/variants; EXPECT= overrides it) must
# give: on our QEMU's -cpu max ("xsaves") the kernel keeps the PASID state
# with XSAVES and enables ENQCMD; on -cpu max,-xsaves ("noxsaves") it
# must leave ENQCMD off. Either way a test that needs ENQCMD cannot skip
# unnoticed.
fpu=$(sed "$strip" "$con" | grep 'x86/fpu:' || true)
enq=$(tr -d '\r' <"$res" 2>/dev/null | sed -n 's/^# guest: enqcmd //p')
if [ -z "${EXPECT:-}" ]; then
	variant "$variant"
	EXPECT=$V_EXPECT
fi
case $EXPECT in
noxsaves)
	what="ENQCMD on the CPU but no XSAVES: the kernel leaves ENQCMD off"
	echo "$fpu" | grep -q "'PASID state'" || [ "$enq" != off ] || ok=1 ;;
*)
	what="the kernel keeps the PASID state with XSAVES (compacted format) and enables ENQCMD"
	echo "$fpu" | grep -q "Supporting XSAVE feature 0x400: 'PASID state'" &&
		echo "$fpu" | grep -q "using 'compacted' format" && [ "$enq" = on ] && ok=1 ;;
esac
if [ "${ok:-0}" = 1 ]; then
	echo "ok - $variant: $what"
else
	echo "not ok - $variant: $what"
	{ echo "$fpu"; echo "guest: enqcmd ${enq:-?}"; } | sed 's/^/#   /'
fi

# The guest's driver must have bound both PASID test devices of
# scripts/boot.sh: without them the device tests would only skip.
devs=$(tr -d '\r' <"$res" 2>/dev/null | sed -n 's/^# guest: pasid devices //p')
if [ "$devs" = 2 ]; then
	echo "ok - $variant: the guest driver bound both PASID test devices"
else
	echo "not ok - $variant: the guest driver bound both PASID test devices"
	echo "#   guest: pasid devices ${devs:-?}"
	sed "$strip" "$con" | grep -E 'pasid_testdev|DMAR' | head -n 10 | sed 's/^/#   /'
fi

# KUnit (5.10 prints TAP 14 on the console): the tree's own parser,
# 'kunit.py parse', reads it; kunit-results.py turns its JSON into lines and
# fails every suite or case the kernel announced that never reported.
kp=${SRC:-$TREE}/tools/testing/kunit/kunit.py
[ -f "$kp" ] || die "no $kp: run 'make tree'"
if ! /usr/bin/python3 "$kp" parse --json "$obj/kunit.json" "$con" >"$obj/kunit.log" 2>&1; then
	echo "not ok - $variant: kunit.py parse finds every KUnit result well formed and passing"
	sed 's/\x1b\[[0-9;]*m//g; s/^\[[0-9:]*\] //' "$obj/kunit.log" | grep -E 'ERROR|FAILED|CRASHED' | head -n 10 | sed 's/^/#   /'
fi
/usr/bin/python3 "$TOP/scripts/kunit-results.py" "$variant" "$obj/kunit.json" "$con"

# With PROGRAMS=file (the gate: tests/guest-programs), every program the
# file names must have run to its end: a test program that was not built,
# or not run, fails instead of disappearing.
if [ -n "${PROGRAMS:-}" ]; then
	[ -r "$PROGRAMS" ] || die "no list of guest programs at $PROGRAMS"
	while read -r p; do
		[ -n "$p" ] || continue
		if tr -d '\r' <"$res" 2>/dev/null | grep -qxF "# guest: end $p"; then
			echo "ok - $variant: $p ran"
		else
			echo "not ok - $variant: $p ran"
		fi
	done <"$PROGRAMS"
fi

# kselftests: the guest runs each program alone through the kselftest
# runner (run_kselftest.sh -t COLLECTION:PROGRAM) between "# guest: run"
# and "# guest: end" markers. The runner prefixes the program's output
# with "# " and ends with its own line for the program: "ok 1 selftests:
# C: P", with "# SKIP" (exit 4), or "not ok 1 ..." with "# exit=N" or
# "# TIMEOUT N seconds". Each case line of the program's harness TAP is a
# result; the program's own line decides when it reported no case, or
# failed without a failing case.
[ -f "$res" ] || exit 0
tr -d '\r' <"$res" | awk -v v="$variant" '
	/^# guest: run / { prog = $4; n = 0; bad = 0; name = ""; plan = 0; verdict = ""; running = 1; next }
	/^# guest: end / {
		running = 0
		if (n < plan)
			print "not ok - " v ": " prog ": " plan " cases announced, " n " reported"
		if (verdict == "")
			print "not ok - " v ": " prog ": no result from the kselftest runner"
		else if (verdict ~ /# TIMEOUT/) {
			sub(/.*# TIMEOUT /, "", verdict)
			print "not ok - " v ": " prog ": killed by the kselftest runner after " verdict
		} else if (n == 0 && verdict ~ /^ok/)
			print "ok - " v ": " prog (verdict ~ /# SKIP/ ? " # SKIP" : "")
		else if (n == 0 || (verdict ~ /^not ok/ && !bad)) {
			if (verdict ~ /# exit=[0-9]+$/) {
				sub(/.*# exit=/, "", verdict)
				verdict = "exited with " verdict
			}
			print "not ok - " v ": " prog ": " verdict
		}
		next
	}
	!running { next }
	# the runner'"'"'s line for the whole program
	/^(not )?ok [0-9]+ selftests: / { verdict = $0; next }
	# the program'"'"'s own output
	!/^# / { next }
	{ line = substr($0, 3) }
	line ~ /^1\.\.[0-9]+$/ && plan == 0 { plan = substr(line, 4) + 0; next }
	# 5.10'"'"'s harness prints a skipped case as "ok N # SKIP reason", without
	# its name: take the name from the case'"'"'s "#  RUN" line.
	line ~ /^#  RUN +[^ ]+ \.\.\.$/ { split(line, f, / +/); name = f[3]; next }
	line ~ /^(not )?ok [0-9]+ / {
		isbad = line ~ /^not ok/; sub(/^(not )?ok [0-9]+ /, "", line)
		sub(/^- /, "", line)
		if (line ~ /^# SKIP/ && name != "") line = name " " line
		if (isbad && line !~ /# SKIP/) bad = 1
		print (isbad && line !~ /# SKIP/ ? "not ok" : "ok") " - " v ": " prog "." line
		n++
	}
	END { if (running) print "not ok - " v ": " prog " did not finish" }'
