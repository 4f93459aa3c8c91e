#!/bin/sh
# Fetch the bases into the cache, with apt verifying the archive signatures
# and this repo's base.sha256 pinning the exact files: the pristine
# linux_$BASE_VERSION.orig.tar.xz and Debian's linux-source-5.10 $DEB_VERSION
# from $SUITE, and linux_$OLD_VERSION.orig.tar.xz from $OLD_SUITE (the older
# base the series must still apply to). The mirror is the one this machine's
# apt already uses; the repository names no host.
set -eu
. "$(dirname "$0")/lib.sh"
need apt-get sha256sum

DEB=linux-source-5.10_${DEB_VERSION}_all.deb
ORIG=linux_${BASE_VERSION}.orig.tar.xz
OLD=linux_${OLD_VERSION}.orig.tar.xz
DL=$CACHE/downloads
mkdir -p "$DL"

verified() {
	(cd "$DL" && grep " $1\$" "$TOP/base.sha256" | sha256sum -c --quiet --status -) 2>/dev/null
}

if verified "$DEB" && verified "$ORIG" && verified "$OLD"; then
	exit 0
fi

# The Debian archive this machine uses: the URIs serving its own release
# and that release's security suite.
. /etc/os-release
rel=${VERSION_CODENAME:-bookworm}
uri_of() {
	apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' 2>/dev/null |
		awk -v rel="$1" '$2 == rel && $3 == "deb" { print $1; exit }'
}
mirror=$(uri_of "$rel")
security=$(uri_of "$rel-security")
[ -n "$mirror" ] ||
	die "no Debian mirror found in this machine's apt configuration: add one for $rel to /etc/apt/sources.list"
[ -n "$security" ] ||
	die "no Debian security mirror found in this machine's apt configuration: add one for $rel-security to /etc/apt/sources.list"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "$keyring is missing: apt-get install debian-archive-keyring"

uri_for() {
	case $1 in
	*-security) echo "$security" ;;
	*) echo "$mirror" ;;
	esac
}

apt_dir=$CACHE/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
{
	for s in $SUITE $OLD_SUITE; do
		echo "deb [signed-by=$keyring] $(uri_for "$s") $s main"
		echo "deb-src [signed-by=$keyring] $(uri_for "$s") $s main"
	done
} >"$apt_dir/sources.list"
set -- -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
	-o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache::Archives="$apt_dir/archives" \
	-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root \
	-o Debug::NoLocking=1

note "fetching the $BASE_VERSION bases from $SUITE and the $OLD_VERSION base from $OLD_SUITE"
apt-get "$@" -qq update >"$apt_dir/update.log" 2>&1 ||
	die "apt-get update for $SUITE and $OLD_SUITE failed (no network?): see $apt_dir/update.log, then rerun"
cd "$DL"
verified "$DEB" || apt-get "$@" -qq download "linux-source-5.10=$DEB_VERSION" >"$apt_dir/download.log" 2>&1 ||
	die "cannot download linux-source-5.10 $DEB_VERSION from $SUITE (gone from the archive, or no network): see $apt_dir/download.log"
verified "$ORIG" || apt-get "$@" -qq source --download-only "linux=$DEB_VERSION" >"$apt_dir/source.log" 2>&1 ||
	die "cannot download the linux $DEB_VERSION source package from $SUITE (gone from the archive, or no network): see $apt_dir/source.log"
verified "$OLD" || apt-get "$@" -qq source --download-only "linux=$OLD_DEB_VERSION" >"$apt_dir/source-old.log" 2>&1 ||
	die "cannot download the linux $OLD_DEB_VERSION source package from $OLD_SUITE (gone from the archive, or no network): see $apt_dir/source-old.log"

for f in "$DEB" "$ORIG" "$OLD"; do
	verified "$f" || die "$DL/$f does not match base.sha256: delete it and rerun 'make fetch'"
done
note "bases verified against base.sha256"
