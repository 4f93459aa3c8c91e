#!/bin/sh
# Install the Debian packages the workbench needs, and only the missing ones.
#   deps.sh bench  also those of make bench
set -eu
. "$(dirname "$0")/lib.sh"

pkgs="build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
kmod git ccache sparse dwarves python3 python-is-python3 python3-ply python3-git perl busybox-static
qemu-system-x86 coreutils gawk rsync"
# 'deps.sh bench': also what make bench needs (gnuplot for its plot)
[ "${1:-}" = bench ] && pkgs="$pkgs gnuplot-nox"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

note "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 ||
		die "packages missing ($missing): install them as root with apt-get"
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq ||
	die "apt-get update failed: check the network and /etc/apt/sources.list*"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	die "could not install$missing with apt-get: check the network and the apt sources"
