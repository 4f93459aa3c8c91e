#!/bin/sh
# make outgoing: the series as its poster sends it. The commits in patches/
# carry the team placeholder, which cannot certify the Developer's
# Certificate of Origin; this writes build/outgoing/ with the poster's git
# identity (user.name, user.email) as the author of every patch and in its
# Signed-off-by, ready for git send-email. patches/ and the branch 'series'
# are not touched: the rewritten commits live on the branch 'outgoing'.
set -eu
. "$(dirname "$0")/lib.sh"
need_tree
cd "$TREE"
name=$(git config user.name || true)
email=$(git config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no git identity: git config --global user.name 'Your Name' && git config --global user.email you@example.org, then rerun"
[ "$email" != "$TEAM_EMAIL" ] ||
	die "your git identity is the team placeholder $TEAM_EMAIL: set your own with git config --global user.email"

# Each commit again, with the same tree, the poster as author and committer,
# and the poster's Signed-off-by in place of the placeholder's.
export GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email"
export GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email"
tip=$(git rev-parse base)
for c in $(git rev-list --reverse base..series); do
	export GIT_AUTHOR_DATE="$(git log -1 --format=%aI "$c")"
	tip=$(git log -1 --format=%B "$c" |
		grep -v -x -F "Signed-off-by: $TEAM_NAME <$TEAM_EMAIL>" |
		git interpret-trailers --trailer "Signed-off-by: $name <$email>" |
		git commit-tree "$c^{tree}" -p "$tip")
done
git branch -f outgoing "$tip"
git config branch.outgoing.description "$(git config branch.series.description)"
out=$BUILD/outgoing
rm -rf "$out"
mkdir -p "$out"
format_series "$out" outgoing
note "wrote $(git rev-list --count base..outgoing) patches and the cover letter to build/outgoing/, from and signed off by $name <$email>"
