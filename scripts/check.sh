#!/bin/sh
# The whole gate (make check): every step is a TAP line with its time, the
# guest's KUnit and kselftest cases too, and the last line is
# "N passed, N failed". Exit status 1 if anything failed.
set -eu
. "$(dirname "$0")/lib.sh"
# The gate checks what the repository defines: no knob of the caller's
# changes the kernels, the QEMU, the guest or the expectations (TIMEOUT,
# KSFT_TIMEOUT, JOBS, QEMU_JOBS, PASID_CACHE and V still apply).
unset CPU KERNEL APPEND EXPECT OBJDIR SRC EXTRA SMP ICOUNT PROGRAMS QEMU

T0=$(now)
pass=0
fail=0
skip=0
n=0
LOGS=$BUILD/check
mkdir -p "$LOGS"

# tap OK|FAIL "description" START [detail-file]
tap() {
	n=$((n + 1))
	if [ "$1" = OK ]; then
		pass=$((pass + 1))
		echo "ok $n - $2 ($(since "$3"))"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2 ($(since "$3"))"
		[ -n "${4:-}" ] && [ -s "$4" ] && head -n 40 "$4" | sed 's/^/#   /'
	fi
	return 0
}

# Count lines from results.sh into the totals, renumbered. The cases of
# the kernel's own list KUnit suite (CONFIG_LIST_KUNIT_TEST in qemu.config,
# a check that KUnit runs and is read) test list.h, not the series: they
# are counted apart too.
sanity=0
tap_lines() {
	while IFS= read -r l; do
		case $l in
		"ok - "*": kunit list-kunit-test."*) sanity=$((sanity + 1)) ;;
		esac
		case $l in
		"ok - "*"# SKIP"*) n=$((n + 1)); skip=$((skip + 1)); echo "ok $n - ${l#ok - }" ;;
		"ok - "*) n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - ${l#ok - }" ;;
		"not ok - "*) n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - ${l#not ok - }" ;;
		*) echo "$l" ;;
		esac
	done <"$1"
}

finish() {
	echo "1..$n"
	echo "# make check took $(since "$T0")"
	echo "# of the passed: $sanity cases of the kernel's own list KUnit suite, which tests list.h, not the series"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}

# A step that cannot even start (no tree) ends the run with a failure line.
fatal() {
	tap FAIL "$1" "$2" "$3"
	finish
}

echo "TAP version 13"
t=$(now)
"$TOP/scripts/deps.sh" >"$LOGS/deps.log" 2>&1 || fatal "install the Debian packages the workbench needs" "$t" "$LOGS/deps.log"
"$TOP/scripts/tree.sh" >"$LOGS/tree.log" 2>&1 || fatal "fetch and verify the bases, build/linux matches patches/" "$t" "$LOGS/tree.log"
tap OK "bases fetched and verified, build/linux matches patches/" "$t"
git -C "$TREE" diff --quiet HEAD ||
	fatal "build/linux has no uncommitted changes (commit them and 'make export')" "$t" /dev/null

# The gate builds, lints and boots in a worktree of its own, build/check/linux
# (objects in build/check/obj/VARIANT), never in build/linux: the developer's
# HEAD and objects stay as they are. It starts at the tip of 'series'.
GT=$LOGS/linux
GOBJ=$LOGS/obj
if [ ! -e "$GT/.git" ]; then
	rm -rf "$GT"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$GT" series >"$LOGS/worktree.log" 2>&1 ||
		fatal "a worktree of build/linux for the gate in $GT" "$t" "$LOGS/worktree.log"
fi
git -C "$GT" checkout -q -f --detach series >"$LOGS/worktree.log" 2>&1 ||
	fatal "the gate's worktree $GT checks out 'series'" "$t" "$LOGS/worktree.log"

set -- $(ls "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '/0000-' || true)
npatches=$#

# 1. git am to the three bases, each in a scratch worktree: the pristine and
# the Debian $BASE_VERSION, and the pristine $OLD_VERSION (tag old-base).
for b in upstream debian old; do
	t=$(now)
	case $b in
	upstream) repo=$TREE; wt=$BUILD/am-check; tag=base; what="v$BASE_VERSION" ;;
	debian) repo=$DEBTREE; wt=$DEBTREE; tag=base; what="Debian $DEB_VERSION" ;;
	old) repo=$TREE; wt=$BUILD/am-check-old; tag=old-base; what="v$OLD_VERSION" ;;
	esac
	if [ ! -d "$wt/.git" ] && [ ! -f "$wt/.git" ]; then
		git -C "$repo" worktree add -q --detach "$wt" $tag >"$LOGS/am-$b.log" 2>&1
	fi
	if (cd "$wt" && git checkout -q --detach $tag && git reset -q --hard $tag &&
		{ [ $# = 0 ] || GIT_COMMITTER_NAME=$WB_NAME GIT_COMMITTER_EMAIL=$WB_EMAIL git am -q "$@"; }) >"$LOGS/am-$b.log" 2>&1; then
		tap OK "all $npatches patches apply with git am to $what" "$t"
	else
		(cd "$wt" && git am --abort; git reset -q --hard $tag) >/dev/null 2>&1 || true
		tap FAIL "all $npatches patches apply with git am to $what" "$t" "$LOGS/am-$b.log"
	fi
done

# 2. checkpatch --strict, less the reviewed exceptions.
t=$(now)
: >"$LOGS/checkpatch.log"
for p in "$@"; do
	# Debian's python (python3-ply, python3-git) for spdxcheck.py, not a pyenv one
	(cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --show-types --no-summary --terse "$p" 2>&1) |
		grep -E '^[^ ]+: (ERROR|WARNING|CHECK):' >"$LOGS/cp.tmp" || true
	while IFS= read -r l; do
		type=$(echo "$l" | sed -n 's/^[^ ]*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\2/p')
		name=${p##*/}; name=${name#[0-9][0-9][0-9][0-9]-}
		if ! grep -v '^#' "$TOP/checkpatch.exceptions" 2>/dev/null |
			awk -v n="$name" -v t="$type" 'BEGIN { f = 1 } n ~ $1 && t == $2 && NF > 2 { f = 0 } END { exit f }'; then
			echo "${p##*/}: $l" >>"$LOGS/checkpatch.log"
		fi
	done <"$LOGS/cp.tmp"
done
rm -f "$LOGS/cp.tmp"
if [ -s "$LOGS/checkpatch.log" ]; then
	tap FAIL "checkpatch.pl --strict: no error, warning or check outside checkpatch.exceptions" "$t" "$LOGS/checkpatch.log"
else
	tap OK "checkpatch.pl --strict: no error, warning or check outside checkpatch.exceptions" "$t"
fi

# MAINTAINERS at the tip names someone, not only the catch-all list, for
# every file the series adds.
t=$(now)
: >"$LOGS/maintainers.txt"
for f in $(git -C "$GT" diff --name-only --diff-filter=A base..series); do
	(cd "$GT" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats -f "$f" 2>/dev/null) |
		grep -qv '^linux-kernel@vger\.kernel\.org$' || echo "$f: no maintainer" >>"$LOGS/maintainers.txt"
done
if [ -s "$LOGS/maintainers.txt" ]; then
	tap FAIL "get_maintainer.pl names a maintainer for every file the series adds" "$t" "$LOGS/maintainers.txt"
else
	tap OK "get_maintainer.pl names a maintainer for every file the series adds" "$t"
fi

# The log reader of step 6 on recorded guest logs: a crash, a hang, a
# missing KUnit or kselftest case, a SKIP.
t=$(now)
if "$TOP/scripts/results-test.sh" >"$LOGS/results-test.log" 2>&1; then
	tap OK "results.sh reads $(grep -c '^ok' "$LOGS/results-test.log") recorded guest logs as expected (crash, hang, missing cases and programs, runner timeout and no result, SKIP, no device)" "$t"
else
	tap FAIL "results.sh reads the recorded guest logs as expected (crash, hang, missing cases and programs, runner timeout and no result, SKIP, no device)" "$t" "$LOGS/results-test.log"
fi

# Our QEMU (cached by its sources and patches) builds in the background,
# niced, in a session of its own, while the kernels build: their serial
# link steps leave a core idle. Step 6 waits for it.
setsid "$TOP/scripts/qemu.sh" >"$LOGS/qemu.path" 2>"$LOGS/qemu.log" </dev/null &
qemu_pid=$!
qemu_t=$(now)

# 3. Every patch builds (main config). The walk runs in the gate's worktree,
# so the objects stay shared with the tip build; a patch whose tree built
# before with the same config is not built again.
stamps=$GOBJ/main/built-trees
touch_stamp() { mkdir -p "$GOBJ/main"; echo "$1" >>"$stamps"; }
# (the walk builds main: its fragments, from configs/variants, are the key)
variant main
cfgsum=$(for f in $V_CONFIG; do cat "$TOP/configs/$f"; done | cksum | cut -d' ' -f1)
restore() {
	git -C "$GT" checkout -q --detach series 2>/dev/null || true
	[ -z "${qemu_pid:-}" ] || kill -TERM "-$qemu_pid" 2>/dev/null || true
}
# On INT or TERM, stop the background QEMU build: the loop must not go on.
trap restore EXIT
trap 'restore; exit 130' INT
trap 'restore; exit 143' TERM
i=0
for c in $(git -C "$TREE" rev-list --reverse base..series); do
	i=$((i + 1))
	[ "$i" = "$npatches" ] && break
	t=$(now)
	key="$(git -C "$TREE" rev-parse "$c^{tree}") $cfgsum"
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	if grep -qx "$key" "$stamps" 2>/dev/null; then
		tap OK "patch $i/$npatches builds: $subj (built before)" "$t"
		continue
	fi
	git -C "$GT" checkout -q --detach "$c"
	if OBJDIR=$GOBJ/main "$TOP/scripts/build.sh" main "$GT" >"$LOGS/bisect-$i.log" 2>&1; then
		touch_stamp "$key"
		tap OK "patch $i/$npatches builds: $subj" "$t"
	else
		tap FAIL "patch $i/$npatches builds: $subj" "$t" "$LOGS/bisect-$i.log"
	fi
done

lint() {
	# 5. W=1, sparse and objtool on the kernel files the series touches, at the
	# base and at the tip: the tip may not add a warning. Line numbers and
	# offsets are dropped so moved code compares equal.
	t=$(now)
	files=$(git -C "$TREE" diff --name-only --diff-filter=AM base..series -- '*.c' | grep -v '^tools/' || true)
	warn() {
		grep -E 'warning:|error:' "$1" |
			sed -E 's/:[0-9]+(:[0-9]+)?:/:/; s/\+0x[0-9a-f]+(\/0x[0-9a-f]+)?//g; s#^.*/build/check/(linux|obj/main)/##' |
			sort -u
	}
	objs_at() {
		for f in $files; do
			[ -f "$GT/$f" ] || continue
			o=${f%.c}.o
			# only what the main config builds
			[ -f "$GOBJ/main/$o" ] || continue
			echo "$o"
		done
	}
	lintkey="$(git -C "$TREE" rev-parse series^{tree}) $cfgsum lint"
	if [ -z "$files" ]; then
		tap OK "W=1, sparse and objtool add no warning in the touched files (none touched)" "$t"
	elif grep -qx "$lintkey" "$stamps" 2>/dev/null; then
		tap OK "W=1, sparse and objtool add no warning in the touched files (checked before)" "$t"
	else
		git -C "$GT" checkout -q --detach base
		EXTRA="W=1 C=2 $(objs_at)" OBJDIR=$GOBJ/main "$TOP/scripts/build.sh" main "$GT" >"$LOGS/lint-base.log" 2>&1 || true
		git -C "$GT" checkout -q --detach series
		OBJDIR=$GOBJ/main "$TOP/scripts/build.sh" main "$GT" >"$LOGS/build-main.log" 2>&1 || true
		tipobjs=$(objs_at)
		EXTRA="W=1 C=2 $tipobjs" OBJDIR=$GOBJ/main "$TOP/scripts/build.sh" main "$GT" >"$LOGS/lint-tip.log" 2>&1 || true
		warn "$LOGS/lint-base.log" >"$LOGS/lint-base.txt"
		warn "$LOGS/lint-tip.log" >"$LOGS/lint-tip.txt"
		comm -13 "$LOGS/lint-base.txt" "$LOGS/lint-tip.txt" >"$LOGS/lint-new.txt"
		if [ -s "$LOGS/lint-new.txt" ]; then
			tap FAIL "W=1, sparse and objtool add no warning in the touched files" "$t" "$LOGS/lint-new.txt"
		else
			touch_stamp "$lintkey"
			tap OK "W=1, sparse and objtool add no warning in the $(echo $tipobjs | wc -w) touched files" "$t"
		fi
	fi
	git -C "$GT" checkout -q --detach series
}

# 4. The tip in every config of configs/variants; objtool's whole-kernel
# pass warns in the build log, which must be free of objtool warnings.
for v in $(variants build); do
	t=$(now)
	if OBJDIR=$GOBJ/$v "$TOP/scripts/build.sh" $v "$GT" >"$LOGS/build-$v.log" 2>&1; then
		if grep -h 'warning: objtool:' "$GOBJ/$v/build.log" >"$LOGS/objtool-$v.log"; then
			# make the next run look at these objects again
			sed -n 's/^\([^ ]*\.o\): warning: objtool:.*/\1/p' "$LOGS/objtool-$v.log" |
				while read -r o; do rm -f "$GOBJ/$v/$o"; done
			tap FAIL "the tip builds with the $v config, objtool quiet" "$t" "$LOGS/objtool-$v.log"
		else
			[ $v = main ] && touch_stamp "$(git -C "$GT" rev-parse series^{tree}) $cfgsum"
			tap OK "the tip builds with the $v config, objtool quiet" "$t"
		fi
	else
		tap FAIL "the tip builds with the $v config, objtool quiet" "$t" "$LOGS/build-$v.log"
	fi
done

lint

# What the configs leave in the kernel: with IOMMU_SVA=n no PASID code at
# all; with it, the #GP fixup and the allocator, and never the IPI path.
symbols() {
	t=$(now)
	map=$GOBJ/$1/System.map
	[ -f "$map" ] || { tap FAIL "$1 kernel: $3" "$t" /dev/null; return; }
	bad=
	for s in $2; do
		case $s in
		!*) grep -q " ${s#!}\$" "$map" && bad="$bad has ${s#!};" ;;
		*) grep -q " $s\$" "$map" || bad="$bad lacks $s;" ;;
		esac
	done
	echo "$bad" | tr ';' '\n' >"$LOGS/symbols-$1.txt"
	if [ -n "$bad" ]; then
		tap FAIL "$1 kernel: $3" "$t" "$LOGS/symbols-$1.txt"
	else
		tap OK "$1 kernel: $3" "$t"
	fi
}
if [ -d "$GT/drivers/iommu" ] && grep -q '^config IOMMU_SVA$' "$GT/drivers/iommu/Kconfig"; then
	symbols main "pasid_activate_current iommu_sva_alloc_pasid mm_pasid_drop !_load_pasid" \
		"has the #GP fixup and the mm PASID allocator, no load_pasid() IPIs"
	symbols nosva "!pasid_activate_current !iommu_sva_alloc_pasid !mm_pasid_drop !_load_pasid" \
		"IOMMU_SVA=n leaves no PASID code"
fi

# 6. Our QEMU, started before step 3, then boot the main and the debug
# kernels on it and run the guest suite.
if wait "$qemu_pid" && QEMU=$(cat "$LOGS/qemu.path") && [ -x "$QEMU" ]; then
	export QEMU
	tap OK "our QEMU builds (in the background since step 3): Debian's qemu with qemu/patches (ENQCMD, IA32_PASID, XSAVES)" "$qemu_t"
else
	tap FAIL "our QEMU builds (in the background since step 3): Debian's qemu with qemu/patches (ENQCMD, IA32_PASID, XSAVES)" "$qemu_t" "$LOGS/qemu.log"
	finish
fi
qemu_pid=
t=$(now)
if SRC=$GT "$TOP/scripts/initramfs.sh" >"$LOGS/initramfs.log" 2>&1; then
	tap OK "guest initramfs with the kselftests builds" "$t"
	# The PASID test device's driver, against each kernel that boots
	# the kernels the booted variants boot
	kernels=$(for v in $(variants boot); do variant "$v"; echo "$V_KERNEL"; done | awk '!seen[$0]++')
	for k in $kernels; do
		t=$(now)
		[ -f "$GOBJ/$k/Module.symvers" ] || continue
		if OBJDIR=$GOBJ/$k "$TOP/scripts/module.sh" $k "$GT" >"$LOGS/module-$k.log" 2>&1; then
			tap OK "guest/pasid-testdev builds against the $k kernel, no warning" "$t"
		else
			rm -f "$GOBJ/$k/modules.cpio.gz"
			tap FAIL "guest/pasid-testdev builds against the $k kernel, no warning" "$t" "$LOGS/module-$k.log"
		fi
	done
	# Each variant configs/variants boots (main-noxsaves: the main kernel
	# on a CPU with ENQCMD but not XSAVES, where the series must leave
	# ENQCMD off), with its -cpu, timeout and expectations from there.
	for v in $(variants boot); do
		t=$(now)
		variant "$v"
		[ -f "$GOBJ/$V_KERNEL/arch/x86/boot/bzImage" ] || { tap FAIL "$v kernel boots and runs the suite" "$t" /dev/null; continue; }
		if OBJDIR=$GOBJ/$v "$TOP/scripts/boot.sh" $v >"$LOGS/boot-$v.log" 2>&1; then
			OBJDIR=$GOBJ/$v PROGRAMS=$TOP/tests/guest-programs \
				"$TOP/scripts/results.sh" $v >"$LOGS/results-$v.txt" 2>&1 || true
			echo "# $v guest: $(grep -c '^ok' "$LOGS/results-$v.txt") ok, $(grep -c '^not ok' "$LOGS/results-$v.txt") not ok ($(since "$t"))"
			tap_lines "$LOGS/results-$v.txt"
		else
			tap FAIL "$v kernel boots and runs the suite" "$t" "$LOGS/boot-$v.log"
		fi
	done
else
	tap FAIL "guest initramfs with the kselftests builds" "$t" "$LOGS/initramfs.log"
fi
finish
