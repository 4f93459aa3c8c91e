#!/bin/sh
# results-test.sh: results.sh against the recorded guest logs in
# tests/results/CASE (console.log, tests.log, expect: the EXPECT knob,
# programs if present: the PROGRAMS list), each output compared with
# CASE/expected. One TAP-style line per case; exit 1 if
# any differs. UPDATE=1 rewrites the expected files (review the diff).
set -eu
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
for d in "$TOP"/tests/results/*/; do
	c=$(basename "$d")
	mkdir -p "$tmp/$c"
	cp "$d/console.log" "$d/tests.log" "$tmp/$c/"
	progs=
	[ -f "$d/programs" ] && progs=$d/programs
	OBJDIR=$tmp/$c EXPECT=$(cat "$d/expect") PROGRAMS=$progs "$TOP/scripts/results.sh" recorded >"$tmp/$c/out" 2>&1 || true
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$c/out" "$d/expected"
	fi
	if cmp -s "$tmp/$c/out" "$d/expected"; then
		echo "ok - results.sh reads the recorded logs '$c' as expected"
	else
		bad=1
		echo "not ok - results.sh reads the recorded logs '$c' as expected"
		diff "$d/expected" "$tmp/$c/out" | head -n 20 | sed 's/^/#   /' || true
	fi
done
exit $bad
