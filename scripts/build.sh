#!/bin/sh
# build.sh VARIANT [SRC]: build bzImage for VARIANT (main, nosva, debug) from
# SRC (default build/linux) in build/obj/VARIANT. The config is allnoconfig
# plus configs/qemu.config and the variant's fragment; every option in them is
# checked after Kconfig ran, since unmet dependencies drop options silently.
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

case $variant in
main) frags=qemu.config ;;
nosva) frags="qemu.config nosva.config" ;;
debug) frags="qemu.config debug.config" ;;
*) die "unknown build variant '$variant' (main, nosva, debug)" ;;
esac

mkdir -p "$obj"
frag=$obj/fragment.config
for f in $frags; do cat "$TOP/configs/$f"; done >"$frag"

cc=$(kcc)
if [ "${V:-0}" = 1 ]; then
	mk() { make V=1 -C "$src" O="$obj" CC="$cc" HOSTCC=gcc -j"$JOBS" "$@"; }
else
	mk() { make -s -C "$src" O="$obj" CC="$cc" HOSTCC=gcc -j"$JOBS" "$@"; }
fi

# Regenerate the config every time (cheap) but only replace it when it
# changed, so an unchanged config rebuilds nothing.
mk KCONFIG_ALLCONFIG="$frag" KCONFIG_CONFIG=.config.new allnoconfig >"$obj/config.log" 2>&1 ||
	die "Kconfig failed for $variant: see $obj/config.log"
cmp -s "$obj/.config.new" "$obj/.config" 2>/dev/null || mv "$obj/.config.new" "$obj/.config"
rm -f "$obj/.config.new"

# A symbol this tree does not define yet (an option a later patch adds)
# is not checked; every other one must have its value.
find "$src" -name 'Kconfig*' -not -path '*/tools/*' -exec \
	sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/CONFIG_\2/p' {} + |
	sort -u >"$obj/kconfig-symbols"
bad=$(awk '
	/^CONFIG_/ { want[substr($0, 1, index($0, "=") - 1)] = $0; next }
	/^# CONFIG_.* is not set$/ { want[$2] = ""; next }
	END { for (k in want) print k "\t" want[k] }' "$frag" |
	while IFS="$(printf '\t')" read -r sym val; do
		grep -qx "$sym" "$obj/kconfig-symbols" || continue
		have=$(grep -E "^$sym=" "$obj/.config" || true)
		[ "$have" = "$val" ] || printf '%s (wanted %s, got %s)\n' "$sym" "${val:-unset}" "${have:-unset}"
	done)
[ -z "$bad" ] ||
	die "options did not stick in the $variant config (unmet dependencies?): $(echo "$bad" | tr '\n' ' ')- fix configs/"

if [ -n "${EXTRA:-}" ]; then
	# shellcheck disable=SC2086
	mk $EXTRA
	exit
fi
log=$obj/build.log
t0=$(now)
if ! mk bzImage >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 20 >&2
	die "the $variant kernel does not build: see $log"
fi
note "built $variant kernel in $(since "$t0")"
