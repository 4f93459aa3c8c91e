#!/bin/sh
# Write build/linux's base..series back to patches/ with git format-patch.
# No volatile headers (zero commit ids, no signature, fixed abbreviation), so
# exporting an unchanged tree changes no file.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
cd "$TREE"
[ "$(git rev-parse --abbrev-ref HEAD)" = series ] ||
	die "build/linux is not on branch 'series': git -C build/linux checkout series"
git diff --quiet HEAD && git diff --cached --quiet ||
	note "warning: build/linux has uncommitted changes; only commits are exported"

n=$(git rev-list --count base..HEAD)
out=$TOP/patches
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$n" -gt 0 ]; then
	[ -n "$(git config branch.series.description)" ] ||
		die "no cover letter: write it with 'git -C build/linux branch --edit-description series' (subject line, blank line, body)"
	# The cover letter's date and sender would be "now" and whoever runs
	# this: take both from the tip commit's author, which git am keeps.
	GIT_COMMITTER_DATE=$(git log -1 --format=%aI HEAD) \
	git -c user.name="$(git log -1 --format=%an HEAD)" \
		-c user.email="$(git log -1 --format=%ae HEAD)" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c format.signOff=false -c diff.renames=true \
		format-patch -q --cover-letter --cover-from-description=subject \
		--subject-prefix="PATCH v$SERIES_VERSION" \
		--zero-commit --no-signature --base=base -o "$tmp" base..HEAD >/dev/null
fi
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
mkdir -p "$out"
for f in "$tmp"/*.patch; do
	[ -e "$f" ] && mv "$f" "$out/"
done
git rev-parse HEAD >.git/wb-applied
note "exported $n patches to patches/"
