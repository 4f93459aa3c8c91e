#!/bin/sh
# make bench: what the series costs. Builds the base and the patched kernels
# with the same config, boots them alternately (A B A B ..., ROUNDS each,
# default 10: under TCG one round varies by about 25%)
# running guest/bench.c, and writes build/bench/results.csv and a table of
# medians, min-max and patched/base ratios. Also reads sizeof(mm_struct) and
# sizeof(task_struct) from both trees with IOMMU_SVA=y and =n.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
ROUNDS=${ROUNDS:-10}
N=${N:-2000}
out=$BUILD/bench
base=$BUILD/bench-base
mkdir -p "$out"

# The base as a worktree of build/linux, so both share one object store.
if [ ! -e "$base/.git" ]; then
	git -C "$TREE" worktree add -q --detach "$base" base ||
		die "cannot create the base worktree at $base: remove it and rerun"
fi
git -C "$base" checkout -q --detach base

t=$(now)
OBJDIR=$OBJ/bench-base "$TOP/scripts/build.sh" main "$base"
"$TOP/scripts/build.sh" main
note "kernels ready in $(since "$t")"

# Structure sizes, the way asm-offsets reads them.
sizes() { # SRC OBJDIR VARIANT
	OBJDIR=$2 EXTRA=prepare "$TOP/scripts/build.sh" "$3" "$1" >/dev/null || exit 1
	cmd=$(sed -n 's/^cmd_arch\/x86\/kernel\/asm-offsets.s := //p' "$2/arch/x86/kernel/.asm-offsets.s.cmd")
	[ -n "$cmd" ] || die "no asm-offsets command in $2: the kernel build did not run"
	src=$(echo "$cmd" | awk '{ print $NF }')
	cmd=$(echo "$cmd" | sed "s#-o arch/x86/kernel/asm-offsets.s#-o -#; s#$src#$TOP/guest/sizes.c#")
	(cd "$2" && eval "$cmd") | sed -n 's/.*"->\([A-Z_]*\) \$\{0,1\}\([0-9]*\).*/\1 \2/p'
}
: >"$out/sizes.txt"
for k in base patched; do
	for v in main nosva; do
		src=$TREE; obj=$OBJ/$v; sva=y
		[ $k = base ] && src=$base && obj=$OBJ/bench-base
		[ $v = nosva ] && sva=n && obj=$obj-nosva
		[ $k$v = patchednosva ] && obj=$OBJ/nosva
		sizes "$src" "$obj" $v >"$out/sizes.tmp"
		[ -s "$out/sizes.tmp" ] || die "could not read the struct sizes from $obj"
		while read -r name val; do
			echo "$k $sva $name $val" >>"$out/sizes.txt"
		done <"$out/sizes.tmp"
	done
done

# Boot A B A B ...; the bench lines come from the guest's test port.
echo "round,kernel,name,value,unit" >"$out/results.csv"
"$TOP/scripts/initramfs.sh"
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	for k in base patched; do
		obj=$OBJ/main; [ $k = base ] && obj=$OBJ/bench-base
		OBJDIR=$obj APPEND="pasid.bench=$N" "$TOP/scripts/boot.sh" main >/dev/null 2>&1 ||
			die "the $k kernel did not finish the benchmark: see $obj/console.log"
		tr -d '\r' <"$obj/tests.log" | awk -v r=$r -v k=$k '
			$1 == "bench" && NF == 4 { print r "," k "," $2 "," $3 "," $4 }' >>"$out/results.csv"
		note "round $r/$ROUNDS: $k done"
	done
done

# The patched kernel has the test interface: no PASID figure is a failure.
grep -q ',patched,first_alloc_us,' "$out/results.csv" ||
	die "the patched kernel gave no PASID figures (the benchmark failed in the guest): see $OBJ/main/tests.log"

# The table: median, min-max per kernel, and the ratio of the medians.
awk -F, 'NR > 1 { v[$3 "," $2] = v[$3 "," $2] " " $4; names[$3] = $5 }
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	lo = a[1]; hi = a[n]
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	for (n in names) {
		b = ""; p = ""; bl = bh = pl = ph = ""
		if ((n ",base") in v) { b = median(v[n ",base"]); bl = lo; bh = hi }
		if ((n ",patched") in v) { p = median(v[n ",patched"]); pl = lo; ph = hi }
		printf "%-26s %-7s %14s %25s %14s %25s %8s\n", n, names[n],
		       b, b == "" ? "-" : bl "-" bh, p, p == "" ? "-" : pl "-" ph,
		       (b != "" && p != "" && b + 0 > 0) ? sprintf("%.3f", p / b) : "-"
	}
}' "$out/results.csv" | sort >"$out/table.tmp"
{
	printf "%-26s %-7s %14s %25s %14s %25s %8s\n" benchmark unit \
		"base median" "base min-max" "patched med." "patched min-max" ratio
	cat "$out/table.tmp"
} >"$out/table.txt"
rm -f "$out/table.tmp"
{
	echo "make bench: $ROUNDS rounds per kernel, N=$N, $(nproc) host cores, QEMU TCG -smp 4"
	cat "$out/table.txt"
	echo
	echo "struct sizes (bytes): kernel IOMMU_SVA name value"
	cat "$out/sizes.txt"
} | tee "$out/report.txt"
