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
		echo "ccache gcc"
	else
		echo gcc
	fi
}
