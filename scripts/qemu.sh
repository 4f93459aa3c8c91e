#!/bin/sh
# Build the QEMU that emulates ENQCMD, IA32_PASID and XSAVES: Debian's qemu
# source package (QEMU_DEB_VERSION, from trixie) with Debian's own patches,
# then the series in qemu/patches, configured for x86_64-softmmu only, with
# no device that is not selected by q35 or named in qemu/devices.mak.
#
# The source package comes from the mirror this machine's apt already uses
# (the repository names no host), with apt verifying the archive signatures
# and qemu/qemu.sha256 pinning the exact files. meson >= 1.5 comes from
# bookworm-backports of the same mirror. The result is cached in
# $CACHE/qemu-KEY, KEY a hash of the source files, the patches and the
# configure options: a second run with nothing changed builds nothing.
# The build happens under a temporary name and is moved into place only
# when it succeeded. Prints the path of qemu-system-x86_64.
#   QEMU_JOBS=n  parallel compile jobs (default 2; the build runs niced)
#   QEMU_TREE=1  also leave the patched source tree in build/qemu-src
#                (a git repo: 'base' and the series), if there is none
set -eu
. "$(dirname "$0")/lib.sh"

QEMU_DEB_VERSION=1:10.0.13+ds-0+deb13u1
QEMU_SUITE=trixie
QEMU_UPSTREAM=10.0.13+ds
PINS=$TOP/qemu/qemu.sha256
PATCHES=$TOP/qemu/patches
DEVICES=$TOP/qemu/devices.mak
DL=$CACHE/qemu-downloads
CONFIGURE="--target-list=x86_64-softmmu --without-default-features
--disable-docs --disable-tools --disable-werror --disable-download
--disable-install-blobs --without-default-devices --with-devices-x86_64=pasid-5.10"

v=${QEMU_DEB_VERSION#*:}
DSC=qemu_$v.dsc
ORIG=qemu_$QEMU_UPSTREAM.orig.tar.xz
DEBTAR=qemu_$v.debian.tar.xz

[ -r "$PINS" ] || die "qemu/qemu.sha256 is missing: restore it from git"
[ -r "$DEVICES" ] || die "qemu/devices.mak is missing: restore it from git"
ls "$PATCHES"/0*.patch >/dev/null 2>&1 || die "no patches in qemu/patches: restore them from git"

# --- build dependencies ---------------------------------------------------
. /etc/os-release
rel=${VERSION_CODENAME:-bookworm}
uri_of() {
	apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' 2>/dev/null |
		awk -v rel="$1" '$2 == rel && $3 == "deb" { print $1; exit }'
}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
apt_dir=$CACHE/qemu-apt
apt_private() {
	mirror=$(uri_of "$rel")
	[ -n "$mirror" ] ||
		die "no Debian mirror found in this machine's apt configuration: add one for $rel to /etc/apt/sources.list"
	[ -r "$keyring" ] || die "$keyring is missing: apt-get install debian-archive-keyring"
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
	{
		echo "deb-src [signed-by=$keyring] $mirror $QEMU_SUITE main"
		echo "deb [signed-by=$keyring] $mirror $rel-backports main"
	} >"$apt_dir/sources.list"
	APT_PRIVATE="-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists=$apt_dir/lists -o Dir::Cache::Archives=$apt_dir/archives
		-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root"
	if [ ! -f "$apt_dir/updated" ]; then
		# shellcheck disable=SC2086
		apt-get $APT_PRIVATE -o Debug::NoLocking=1 -qq update >"$apt_dir/update.log" 2>&1 ||
			die "apt-get update for $QEMU_SUITE and $rel-backports failed (no network?): see $apt_dir/update.log, then rerun"
		: >"$apt_dir/updated"
	fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
as_root() {
	[ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1 ||
		die "packages missing ($*): install them as root with apt-get"
	DEBIAN_FRONTEND=noninteractive $SUDO "$@"
}

missing=
for p in git gcc libglib2.0-dev ninja-build pkg-config python3-venv dpkg-dev seabios; do
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	note "installing:$missing"
	as_root apt-get update -qq || die "apt-get update failed: check the network and /etc/apt/sources.list*"
	# shellcheck disable=SC2086
	as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		die "could not install$missing with apt-get: check the network and the apt sources"
fi
meson_ok() {
	command -v meson >/dev/null 2>&1 &&
		dpkg --compare-versions "$(meson --version 2>/dev/null)" ge 1.5
}
if ! meson_ok; then
	note "installing meson from $rel-backports (QEMU 10.0 needs meson >= 1.5)"
	apt_private
	# shellcheck disable=SC2086
	as_root apt-get $APT_PRIVATE -y -qq --no-install-recommends install -t "$rel-backports" meson \
		>"$apt_dir/meson.log" 2>&1 ||
		die "could not install meson from $rel-backports: see $apt_dir/meson.log"
	meson_ok || die "meson >= 1.5 is still missing: install it from $rel-backports with apt-get"
fi
need sha256sum dpkg-source git ninja xz

# --- the source package ---------------------------------------------------
mkdir -p "$DL"
verified() {
	(cd "$DL" && grep " $1\$" "$PINS" | sha256sum -c --quiet --status -) 2>/dev/null
}
if ! verified "$DSC" || ! verified "$ORIG" || ! verified "$DEBTAR"; then
	note "fetching qemu $QEMU_DEB_VERSION from $QEMU_SUITE"
	apt_private
	# shellcheck disable=SC2086
	(cd "$DL" && apt-get $APT_PRIVATE -o Debug::NoLocking=1 -qq source --download-only \
		"qemu=$QEMU_DEB_VERSION" >"$apt_dir/source.log" 2>&1) ||
		die "cannot download the qemu $QEMU_DEB_VERSION source package from $QEMU_SUITE (gone from the archive, or no network): see $apt_dir/source.log"
	for f in "$DSC" "$ORIG" "$DEBTAR"; do
		verified "$f" || die "$DL/$f does not match qemu/qemu.sha256: delete it and rerun scripts/qemu.sh"
	done
	note "qemu source package verified against qemu/qemu.sha256"
fi

# --- cache key ------------------------------------------------------------
# (the cover letter is text only: it is not part of the key)
key=$({
	cat "$PINS"
	echo "$CONFIGURE"
	cat "$DEVICES"
	for p in "$PATCHES"/0*.patch; do
		case $p in */0000-cover-letter.patch) ;; *) cat "$p" ;; esac
	done
} | sha256sum | cut -c1-16)
out=$CACHE/qemu-$key
bin=$out/qemu-system-x86_64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

# --- tree: Debian's source as 'base', then one commit per patch -----------
# A fixed path, so that ccache sees the same paths on every build.
tmp=$CACHE/qemu-build.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
t0=$(now)
note "unpacking qemu $QEMU_DEB_VERSION with Debian's patches"
log=$CACHE/qemu-unpack.log
dpkg-source --no-check -x "$DL/$DSC" "$tmp/src" >"$log" 2>&1 ||
	die "dpkg-source could not unpack $DSC or apply debian/patches: see $log"
rm -rf "$tmp/src/.pc"
git_wb() {
	GIT_AUTHOR_NAME=$WB_NAME GIT_AUTHOR_EMAIL=$WB_EMAIL GIT_AUTHOR_DATE=$WB_DATE \
	GIT_COMMITTER_NAME=$WB_NAME GIT_COMMITTER_EMAIL=$WB_EMAIL GIT_COMMITTER_DATE=$WB_DATE \
		git -C "$tmp/src" "$@"
}
git_wb init -q -b base
printf '/.pc/\n/build/\n' >>"$tmp/src/.git/info/exclude"
git_wb add -A -f .
git_wb commit -q -m "qemu $QEMU_DEB_VERSION with debian/patches applied"
git_wb checkout -q -b series
for p in "$PATCHES"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	git_wb am -q --keep-cr "$p" >"$CACHE/qemu-am.log" 2>&1 || {
		failed=$(sed -n 's/^error: patch failed: \([^:]*\).*/\1/p' "$CACHE/qemu-am.log" | head -n 1)
		die "qemu/patches/${p##*/} does not apply to Debian's qemu${failed:+ (fails on $failed)}: rebase it, see $CACHE/qemu-am.log"
	}
done

# --- configure and build --------------------------------------------------
# configure takes --with-devices-x86_64=NAME as configs/devices/x86_64-softmmu/
# NAME.mak of the source: copy ours there, outside the tree's git history.
cp "$DEVICES" "$tmp/src/configs/devices/x86_64-softmmu/pasid-5.10.mak"
echo /configs/devices/x86_64-softmmu/pasid-5.10.mak >>"$tmp/src/.git/info/exclude"
cc=gcc
if command -v ccache >/dev/null 2>&1; then
	cc="ccache gcc"
	export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}"
	export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-8G}"
	export CCACHE_BASEDIR="$tmp"
fi
mkdir -p "$tmp/build"
note "configuring (x86_64-softmmu only)"
# /usr/bin/python3: the one Debian's meson and python3-venv belong to
# shellcheck disable=SC2086
(cd "$tmp/build" && nice -n 10 ../src/configure --python=/usr/bin/python3 --cc="$cc" \
	$CONFIGURE) >"$CACHE/qemu-configure.log" 2>&1 ||
	die "QEMU's configure failed: see $CACHE/qemu-configure.log (it names a missing build dependency)"
note "building qemu-system-x86_64 with -j${QEMU_JOBS:-2} (several minutes)"
nice -n 10 ninja -C "$tmp/build" -j"${QEMU_JOBS:-2}" qemu-system-x86_64 >"$CACHE/qemu-build.log" 2>&1 ||
	die "the QEMU build failed: see $CACHE/qemu-build.log (errors at the end)"

rm -rf "$out.new"
mkdir -p "$out.new"
cp "$tmp/build/qemu-system-x86_64" "$CACHE/qemu-configure.log" "$CACHE/qemu-build.log" "$out.new/"
git -C "$tmp/src" log --format='%h %s' base..series >"$out.new/series.txt"
rm -rf "$out"
mv "$out.new" "$out"
if [ "${QEMU_TREE:-0}" = 1 ] && [ ! -e "$BUILD/qemu-src" ]; then
	mkdir -p "$BUILD"
	mv "$tmp/src" "$BUILD/qemu-src"
fi
note "qemu built in $(since "$t0")"
echo "$bin"
