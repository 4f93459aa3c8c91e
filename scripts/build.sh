#!/bin/sh
# build.sh VARIANT [SRC]: build bzImage for VARIANT (configs/variants: main,
# nosva, debug) from SRC (default build/linux) in build/obj/VARIANT. The
# config is allnoconfig plus the variant's fragments, merged by the tree's
# merge_config.sh, whose "not in final .config" warnings stop the build.
#   EXTRA="W=1 C=2 path/x.o ..."  extra make arguments/targets (no bzImage)
set -eu
. "$(dirname "$0")/lib.sh"
need make gcc flex bison bc
variant=$1
src=${2:-$TREE}
obj=${OBJDIR:-$OBJ/$variant}
mkdir -p "$obj" && obj=$(cd "$obj" && pwd)
[ -d "$src" ] || die "no source tree at $src: run 'make tree'"
src=$(cd "$src" && pwd)

variant "$variant"
frags=$V_CONFIG
[ -n "$frags" ] || die "the $variant variant boots the $V_KERNEL kernel and builds none (configs/variants): build $V_KERNEL"

mkdir -p "$obj"
frag=$obj/fragment.config
for f in $frags; do cat "$TOP/configs/$f"; done >"$frag"

cc=$(kcc)
if [ "${V:-0}" = 1 ]; then
	mk() { make V=1 -C "$src" O="$obj" CC="$cc" HOSTCC=gcc -j"$JOBS" "$@"; }
else
	mk() { make -s -C "$src" O="$obj" CC="$cc" HOSTCC=gcc -j"$JOBS" "$@"; }
fi

# The config: allnoconfig plus the fragments, through the tree's
# merge_config.sh (run in the object directory, whose Makefile kbuild
# writes). It is regenerated every time (cheap) but only replaces .config
# when it changed, so an unchanged config rebuilds nothing.
mk outputmakefile >"$obj/config.log" 2>&1 || die "kbuild cannot use $obj: see $obj/config.log"
# shellcheck disable=SC2086
(cd "$obj" && KCONFIG_CONFIG=.config.new sh "$src/scripts/kconfig/merge_config.sh" -n \
	$(for f in $frags; do echo "$TOP/configs/$f"; done)) >>"$obj/config.log" 2>&1 ||
	die "Kconfig failed for $variant: see $obj/config.log"
cmp -s "$obj/.config.new" "$obj/.config" 2>/dev/null || mv "$obj/.config.new" "$obj/.config"
rm -f "$obj/.config.new"

# merge_config.sh's warnings are errors: a value that did not make it into
# the final config (an unmet dependency), except for a symbol this tree does
# not define yet (an option a later patch adds). Its notes that the variant
# fragment redefines a value of qemu.config are what the fragment is for.
find "$src" -name 'Kconfig*' -not -path '*/tools/*' -exec \
	sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/CONFIG_\2/p' {} + |
	sort -u >"$obj/kconfig-symbols"
# A requested "is not set" that is absent from the final config (its
# dependencies hide it) is met.
bad=$(awk '
	/^Value requested for CONFIG_[A-Za-z0-9_]* not in final \.config$/ { sym = $4; next }
	sym != "" && /^Requested value: / { req = $0; sub(/^Requested value: */, "", req); next }
	sym != "" && /^Actual value:/ {
		act = $0; sub(/^Actual value: */, "", act)
		if (!(req ~ /is not set$/ && act == "")) print sym
		sym = ""
	}' "$obj/config.log" |
	while read -r sym; do
		grep -qx "$sym" "$obj/kconfig-symbols" && echo "$sym"
	done || true)
[ -z "$bad" ] ||
	die "merge_config.sh: options did not stick in the $variant config (unmet dependencies?): $(echo "$bad" | tr '\n' ' ')- fix configs/ (see $obj/config.log)"

if [ -n "${EXTRA:-}" ]; then
	# shellcheck disable=SC2086
	mk $EXTRA
	exit
fi
log=$obj/build.log
t0=$(now)
# 'modules' too where the config has them: there are none in the tree,
# but it writes Module.symvers, which guest/pasid-testdev builds against.
targets=bzImage
grep -q '^CONFIG_MODULES=y' "$obj/.config" && targets="bzImage modules"
# shellcheck disable=SC2086
if ! mk $targets >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 20 >&2
	die "the $variant kernel does not build: see $log"
fi
note "built $variant kernel in $(since "$t0")"
