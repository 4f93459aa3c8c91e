# Shared helpers for the workbench scripts. POSIX sh; sourced, not run.
# shellcheck shell=sh

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$TOP/build
TREE=$BUILD/linux
DEBTREE=$BUILD/debian
OBJ=$BUILD/obj
CACHE=${PASID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pasid-5.10}
JOBS=${JOBS:-$(( $(nproc) + 1 ))}

# The series' version, for the subjects ([PATCH v2 01/21]); bump it with
# the "Changes:" list of the cover letter when a new version is posted.
SERIES_VERSION=3

# The base the series is developed on (pristine upstream, build/linux) and
# checked against (Debian's tree, build/debian), and the Debian suite that
# ships both; OLD_VERSION is an older 5.10 the series must still apply to
# with git am (from OLD_SUITE).
BASE_VERSION=5.10.262
DEB_VERSION=5.10.262-1
SUITE=bullseye-security
OLD_VERSION=5.10.223
OLD_DEB_VERSION=5.10.223-1
OLD_SUITE=bullseye

# Deterministic identity for the commits the workbench makes itself, so the
# base commit (and with it format-patch's base-commit) is the same everywhere.
WB_NAME="PASID 5.10 workbench"
WB_EMAIL="workbench@localhost"
WB_DATE="2026-07-30T00:00:00+00:00"

# The identity the series' commits carry in the repository. It cannot
# certify the Developer's Certificate of Origin: 'make outgoing' replaces
# it with the poster's own.
TEAM_NAME="PASID 5.10 backport team"
TEAM_EMAIL="pasid-5.10@example.org"

# V=1: every script traces the commands it runs (on stderr, which the gate
# keeps in build/check/*.log), and kernel builds print each compiler line.
[ "${V:-0}" = 1 ] && set -x

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

note() {
	printf '>> %s\n' "$*" >&2
}

need() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 ||
			die "'$_t' is missing: run 'make deps' (installs the Debian packages the workbench needs)"
	done
}

now() { date +%s; }

# Seconds since $1, as "1m23s".
since() {
	_s=$(( $(now) - $1 ))
	printf '%dm%02ds' $(( _s / 60 )) $(( _s % 60 ))
}

# The main tree must exist for anything but fetching.
need_tree() {
	[ -d "$TREE/.git" ] || die "no kernel tree in build/linux: run 'make tree' first"
}

# ccache in front of gcc when it is there.
kcc() {
	if command -v ccache >/dev/null 2>&1; then
		export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}"
		export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-8G}"
		# Paths relative to the build directory in the cache's keys, so a
		# tree and its objects under build/ and the same under build/check/
		# (the gate's) can share cached objects.
		export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$TOP}"
		echo "ccache gcc"
	else
		echo gcc
	fi
}

# format_series DIR BRANCH [PREFIX]: git format-patch base..BRANCH of the
# current directory's repository into DIR, subjects "[PREFIX n/m]" (default
# "PATCH v$SERIES_VERSION"), with the cover letter from the branch
# description. No volatile headers (zero commit ids, no signature, fixed
# abbreviation), so formatting an unchanged series writes the same files.
format_series() {
	[ -n "$(git config "branch.$2.description")" ] ||
		die "no cover letter: write it with 'git -C build/linux branch --edit-description series' (subject line, blank line, body)"
	# The cover letter's date and sender would be "now" and whoever runs
	# this: take both from the tip commit's author, which git am keeps.
	GIT_COMMITTER_DATE=$(git log -1 --format=%aI "$2") \
	git -c user.name="$(git log -1 --format=%an "$2")" \
		-c user.email="$(git log -1 --format=%ae "$2")" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c format.signOff=false -c diff.renames=true \
		format-patch -q --cover-letter --cover-from-description=subject \
		--subject-prefix="${3:-PATCH v$SERIES_VERSION}" \
		--zero-commit --no-signature --base=base -o "$1" "base..$2" >/dev/null
}

# export_series OUT [PREFIX]: format_series base..series of the current
# directory's repository and replace the numbered patches in OUT with it.
export_series() {
	_tmp=$(mktemp -d)
	if [ "$(git rev-list --count base..series)" -gt 0 ]; then
		format_series "$_tmp" series "${2:-}" || { rm -rf "$_tmp"; return 1; }
	fi
	rm -f "$1"/[0-9][0-9][0-9][0-9]-*.patch
	mkdir -p "$1"
	for _f in "$_tmp"/*.patch; do
		[ -e "$_f" ] && mv "$_f" "$1/"
	done
	rm -rf "$_tmp"
}

# variant NAME: NAME's line of configs/variants, as V_KERNEL, V_CONFIG
# (fragments, blank-separated, or empty), V_CPU, V_TIMEOUT, V_EXPECT and
# V_APPEND (or empty).
variant() {
	_l=$(awk -v n="$1" '!/^#/ && $1 == n' "$TOP/configs/variants")
	[ -n "$_l" ] || die "unknown variant '$1': configs/variants names $(variants all | tr '\n' ' ')"
	# shellcheck disable=SC2086
	set -- $_l
	[ $# -ge 8 ] || die "configs/variants: the line of '$1' has $# fields, not 8 or more"
	V_KERNEL=$2
	V_CONFIG=$(echo "$3" | sed 's/^-$//; s/,/ /g')
	V_CPU=$4
	V_TIMEOUT=$5
	V_EXPECT=$6
	shift 7
	V_APPEND=$*
	[ "$V_APPEND" != - ] || V_APPEND=
}

# variants build|boot|all: the names of the variants the gate builds,
# boots, or all of them, in the order of configs/variants.
variants() {
	awk -v w="$1" '!/^#/ && NF { if (w == "all" || index("," $7 ",", "," w ",")) print $1 }' \
		"$TOP/configs/variants"
}
