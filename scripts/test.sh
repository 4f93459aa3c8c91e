#!/bin/sh
# test.sh [run]: build the main kernel from build/linux as it is (committed
# or not), build the guest, boot it and print the results. With 'run' (make
# run) first install what is missing, fetch the bases and apply patches/.
set -eu
. "$(dirname "$0")/lib.sh"
T0=$(now)
if [ "${1:-}" = run ]; then
	"$TOP/scripts/deps.sh"
	"$TOP/scripts/tree.sh"
fi
need_tree
t=$(now)
"$TOP/scripts/build.sh" main
"$TOP/scripts/module.sh" main
"$TOP/scripts/initramfs.sh"
note "guest built in $(since "$t")"
"$TOP/scripts/boot.sh" main
out=$OBJ/main/results.txt
PROGRAMS=$TOP/tests/guest-programs "$TOP/scripts/results.sh" main >"$out" || true
cat "$out"
p=$(grep '^ok' "$out" | grep -vc '# SKIP' || true)
f=$(grep -c '^not ok' "$out" || true)
k=$(grep '^ok' "$out" | grep -c '# SKIP' || true)
echo "# console: $OBJ/main/console.log, test output: $OBJ/main/tests.log ($(since "$T0") in all)"
echo "$p passed, $f failed, $k skipped"
[ "$f" = 0 ]
