# gnuplot, called by scripts/bench.sh with out=DIR and kernels='base patched ..':
# DIR/rounds.svg, every round of the non-PASID loops divided by the base
# median of its mode (1 = the base), counted (instructions) on the left,
# wall-clock on the right.
set terminal svg size 1000,900 dynamic noenhanced font "sans,11"
set output out."/rounds.svg"
set multiplot layout 3,2 title "make bench: each round / base median (higher is faster)"
set grid ytics
set key top left
set xlabel "round"
set xtics 1
set format y "%.4f"
nk = words(kernels)
do for [b in "fork_exit fork_exec_exit thread_create_exit"] {
	do for [m in "counted wall"] {
		set title b." (".(m eq "counted" ? "instructions, 1 vCPU" : "wall clock, 4 vCPUs").")"
		plot for [i=0:nk-1] out."/plot-".b."-".m.".dat" index i using 1:2 \
			with linespoints pointtype 7 title word(kernels, i+1), \
			1 with lines dashtype 2 linecolor "gray" notitle
	}
}
unset multiplot
