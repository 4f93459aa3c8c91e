#!/bin/sh
# Fetch the two 5.10.223 bases from Debian bullseye into the cache, with apt
# verifying the archive signatures and this repo's base.sha256 pinning the
# exact files. The mirror is the one this machine's apt already uses.
set -eu
. "$(dirname "$0")/lib.sh"
need apt-get sha256sum

DEB=linux-source-5.10_${DEB_VERSION}_all.deb
ORIG=linux_${BASE_VERSION}.orig.tar.xz
DL=$CACHE/downloads
mkdir -p "$DL"

verified() {
	(cd "$DL" && grep " $1\$" "$TOP/base.sha256" | sha256sum -c --quiet --status -) 2>/dev/null
}

if verified "$DEB" && verified "$ORIG"; then
	exit 0
fi

# The Debian archive this machine uses: the URI serving its own release.
. /etc/os-release
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' 2>/dev/null |
	awk -v rel="${VERSION_CODENAME:-bookworm}" '$2 == rel && $3 == "deb" { print $1; exit }')
[ -n "$mirror" ] ||
	die "no Debian mirror found in this machine's apt configuration: add one for ${VERSION_CODENAME:-bookworm} to /etc/apt/sources.list"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "$keyring is missing: apt-get install debian-archive-keyring"

apt_dir=$CACHE/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
cat >"$apt_dir/sources.list" <<EOS
deb [signed-by=$keyring] $mirror bullseye main
deb-src [signed-by=$keyring] $mirror bullseye main
EOS
set -- -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
	-o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache::Archives="$apt_dir/archives" \
	-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root \
	-o Debug::NoLocking=1

note "fetching linux-source-5.10 $DEB_VERSION and linux $DEB_VERSION sources from bullseye ($mirror)"
apt-get "$@" -qq update >"$apt_dir/update.log" 2>&1 ||
	die "apt-get update for bullseye failed (no network?): see $apt_dir/update.log, then rerun"
cd "$DL"
verified "$DEB" || apt-get "$@" -qq download "linux-source-5.10=$DEB_VERSION" >"$apt_dir/download.log" 2>&1 ||
	die "cannot download linux-source-5.10 $DEB_VERSION from bullseye (gone from the archive, or no network): see $apt_dir/download.log"
verified "$ORIG" || apt-get "$@" -qq source --download-only "linux=$DEB_VERSION" >"$apt_dir/source.log" 2>&1 ||
	die "cannot download the linux $DEB_VERSION source package from bullseye (gone from the archive, or no network): see $apt_dir/source.log"

for f in "$DEB" "$ORIG"; do
	verified "$f" || die "$DL/$f does not match base.sha256: delete it and rerun 'make fetch'"
done
note "bases verified against base.sha256"
