#!/bin/sh
# make bench: what the series costs. Builds the base and the patched kernels
# with the same config and boots them alternately, ROUNDS rounds (default
# 5), running guest/bench.c. Each round boots each kernel twice:
#   counted  -icount shift=0,sleep=off, 1 vCPU: the guest's clock advances
#            one nanosecond per executed instruction (to the next timer
#            deadline when idle), so a loop's "time" is its instruction count;
#   wall     4 vCPUs, wall-clock time (rounds spread by tens of percent),
#            and the figures that need a second CPU (IPIs).
# REGRESS=1 adds a third kernel, the patched one with
# tests/bench/fork-alloc.diff (one extra slab allocation in copy_process(),
# so per fork and per thread creation), to show
# what a small regression does to the ratios.
# Writes build/bench/results.csv (every figure of every boot), table.txt
# (median, min-max, spread, ratio to base per benchmark, mode and kernel),
# rounds.svg (gnuplot: every round against the base median) and report.txt.
# Also reads sizeof(mm_struct) and sizeof(task_struct) from both trees
# with IOMMU_SVA=y and =n.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
command -v gnuplot >/dev/null 2>&1 ||
	die "'gnuplot' is missing: run 'scripts/deps.sh bench' (make bench does)"
ROUNDS=${ROUNDS:-5}
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

kernels="base patched"
if [ "${REGRESS:-0}" = 1 ]; then
	kernels="$kernels regressed"
	reg=$BUILD/bench-regressed
	if [ ! -e "$reg/.git" ]; then
		git -C "$TREE" worktree add -q --detach "$reg" HEAD ||
			die "cannot create the worktree at $reg: remove it and rerun"
	fi
	git -C "$reg" checkout -q -f --detach "$(git -C "$TREE" rev-parse HEAD)" &&
		git -C "$reg" apply "$TOP/tests/bench/fork-alloc.diff" ||
		die "tests/bench/fork-alloc.diff does not apply to build/linux's HEAD: update it"
fi

t=$(now)
OBJDIR=$OBJ/bench-base "$TOP/scripts/build.sh" main "$base"
"$TOP/scripts/build.sh" main
[ -n "${reg:-}" ] && OBJDIR=$OBJ/bench-regressed "$TOP/scripts/build.sh" main "$reg"
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

# Boot A B A B ..., counted then wall-clock; the bench lines come from the
# guest's test port.
echo "round,kernel,mode,name,value,unit" >"$out/results.csv"
"$TOP/scripts/initramfs.sh"
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	for mode in counted wall; do
		for k in $kernels; do
			obj=$OBJ/main
			[ $k = base ] && obj=$OBJ/bench-base
			[ $k = regressed ] && obj=$OBJ/bench-regressed
			opts="SMP=4 ICOUNT=0"
			[ $mode = counted ] && opts="SMP=1 ICOUNT=1"
			# shellcheck disable=SC2086
			env $opts OBJDIR=$obj APPEND="pasid.bench=$N" "$TOP/scripts/boot.sh" main >/dev/null 2>&1 ||
				die "the $k kernel did not finish the benchmark ($mode): see $obj/console.log"
			tr -d '\r' <"$obj/tests.log" | awk -v r=$r -v k=$k -v m=$mode '
				$1 == "bench" && NF == 4 { print r "," k "," m "," $2 "," $3 "," $4 }' >>"$out/results.csv"
			note "round $r/$ROUNDS: $k ($mode) done"
		done
	done
done

# The patched kernel has the test interface: no PASID figure is a failure.
grep -q ',patched,wall,first_alloc_us,' "$out/results.csv" ||
	die "the patched kernel gave no PASID figures (the benchmark failed in the guest): see $OBJ/main/tests.log"

# The table: per benchmark, mode and kernel the median, min-max, the spread
# (max - min) / median, and the ratio of the median to the base's.
awk -F, 'NR > 1 { k = $4 "," $3 "," $2; v[k] = v[k] " " $5; unit[$4] = $6 }
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	lo = a[1]; hi = a[n]
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	for (k in v) {
		split(k, f, ",")
		b = (f[1] "," f[2] ",base") in v ? median(v[f[1] "," f[2] ",base"]) : ""
		m = median(v[k])
		printf "%-26s %-7s %-8s %-10s %12s %25s %7s %7s\n", f[1], unit[f[1]], f[2], f[3],
		       m, lo "-" hi, (m + 0 > 0) ? sprintf("%.2f%%", (hi - lo) / m * 100) : "-",
		       (b != "" && b + 0 > 0) ? sprintf("%.4f", m / b) : "-"
	}
}' "$out/results.csv" | sort >"$out/table.tmp"
{
	printf "%-26s %-7s %-8s %-10s %12s %25s %7s %7s\n" benchmark unit mode kernel \
		median min-max spread ratio
	cat "$out/table.tmp"
} >"$out/table.txt"
rm -f "$out/table.tmp"

# The plot: every round of the three non-PASID loops, divided by the base
# median of its mode (1.0 = the base), counted and wall-clock side by side.
# One file per loop and mode; one gnuplot data block per kernel:
# round, value / base median.
for b in fork_exit fork_exec_exit thread_create_exit; do
	for mode in counted wall; do
		bm=$(awk -v b=$b -v m=$mode '$1 == b && $3 == m && $4 == "base" { print $5 }' "$out/table.txt")
		[ -n "$bm" ] && [ "$bm" != 0 ] ||
			die "no $b figure of the base kernel ($mode) in $out/results.csv: see $OBJ/bench-base/tests.log"
		for k in $kernels; do
			awk -F, -v b=$b -v m=$mode -v k=$k -v bm="$bm" '
				$4 == b && $3 == m && $2 == k { print $1, $5 / bm }' "$out/results.csv"
			printf '\n\n'
		done >"$out/plot-$b-$mode.dat"
	done
done
gnuplot -e "out='$out'; kernels='$kernels'" "$TOP/scripts/bench.gp" >"$out/gnuplot.log" 2>&1 ||
	die "gnuplot failed: see $out/gnuplot.log"
rm -f "$out"/plot-*.dat
{
	echo "make bench: $ROUNDS rounds per kernel and mode, N=$N, $(nproc) host cores, QEMU TCG;"
	echo "counted: -icount shift=0,sleep=off -smp 1 (per_s = per 10^9 instructions, us = 1000 instructions); wall: -smp 4"
	cat "$out/table.txt"
	echo
	echo "struct sizes (bytes): kernel IOMMU_SVA name value"
	cat "$out/sizes.txt"
} | tee "$out/report.txt"
