#!/bin/sh
# Bring build/linux (branch 'series') in line with patches/. Commits that
# are not in patches/ are never dropped silently: export them, or FORCE=1.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
cd "$TREE"

series() {
	for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case $p in */0000-*) continue ;; esac
		echo "$p"
	done
}

# The cover letter lives in the branch description, where format-patch takes it
# from: subject line, blank line, body. The body ends where the shortlog starts.
cover=$TOP/patches/0000-cover-letter.patch
if [ -e "$cover" ]; then
	awk '
	!hdr && /^Subject: / { s = $0; sub(/^Subject: \[PATCH[^]]*\] /, "", s); insub = 1; next }
	!hdr && insub && /^ / { s = s $0; next }
	!hdr && /^$/ { hdr = 1; insub = 0; print s; print ""; next }
	!hdr { insub = 0; next }
	/^[^ ].* \([0-9]+\):$/ { exit }
	{ body[n++] = $0 }
	END { while (n > 0 && body[n-1] == "") n--; for (i = 0; i < n; i++) print body[i] }
	' "$cover" >.git/wb-description
	# Never replace a cover letter edited since the last export or sync.
	want=$(cat .git/wb-description)
	have=$(git config branch.series.description || true)
	last=$(cat .git/wb-description-synced 2>/dev/null || true)
	if [ -z "$have" ] || [ "$have" = "$last" ] || [ "$have" = "$want" ]; then
		git config branch.series.description "$want"
		printf '%s\n' "$want" >.git/wb-description-synced
	else
		note "the cover letter in build/linux has changes that are not in patches/: kept; 'make export' writes them out"
	fi
fi

[ "$(git rev-parse --abbrev-ref HEAD)" = series ] ||
	die "build/linux is not on branch 'series': git -C build/linux checkout series"

want=$("$TOP/scripts/patchids.sh")
have=$("$TOP/scripts/patchids.sh" tree)
[ "$want" = "$have" ] && exit 0

head=$(git rev-parse HEAD)
applied=$(cat .git/wb-applied 2>/dev/null || git rev-parse base)
if [ "$head" != "$applied" ] && [ "$head" != "$(git rev-parse base)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "build/linux has commits that are not in patches/: run 'make export' to keep them, or 'make tree FORCE=1' to drop them"
fi
git diff --quiet HEAD && git diff --cached --quiet ||
	[ "${FORCE:-0}" = 1 ] ||
	die "build/linux has uncommitted changes: commit them (then 'make export') or run 'make tree FORCE=1' to drop them"

note "applying patches/ to build/linux"
git reset -q --hard base
n=0
for p in $(series); do
	n=$((n + 1))
	if ! out=$(GIT_COMMITTER_NAME=$WB_NAME GIT_COMMITTER_EMAIL=$WB_EMAIL \
		git am -q --committer-date-is-author-date "$p" 2>&1); then
		file=$(printf '%s\n' "$out" | sed -n 's/^error: patch failed: \([^:]*\):.*/\1/p;s/^error: \(.*\): does not exist in index/\1/p' | head -n 1)
		git am --abort >/dev/null 2>&1 || true
		git reset -q --hard "$head"
		printf '%s\n' "$out" >&2
		die "patches/${p##*/} does not apply to v$BASE_VERSION${file:+ (at $file)}: fix it in build/linux, or run 'make tree FORCE=1' to reset; build/linux was left as it was"
	fi
done
git rev-parse HEAD >.git/wb-applied
note "build/linux: base + $n patches"
