#!/bin/sh
# Create build/linux (upstream v$BASE_VERSION, tag 'base'; the older
# v$OLD_VERSION as tag 'old-base' in the same repository) and build/debian
# (Debian's $DEB_VERSION, tag 'base'), then bring build/linux's branch 'series'
# in line with patches/: one commit per patch, applied with git am.
#
#   FORCE=1  drop commits in build/linux that are not in patches/
set -eu
. "$(dirname "$0")/lib.sh"
need git tar xz dpkg-deb

"$TOP/scripts/fetch.sh"
DL=$CACHE/downloads

gitwb() {
	GIT_AUTHOR_NAME=$WB_NAME GIT_AUTHOR_EMAIL=$WB_EMAIL GIT_AUTHOR_DATE=$WB_DATE \
	GIT_COMMITTER_NAME=$WB_NAME GIT_COMMITTER_EMAIL=$WB_EMAIL GIT_COMMITTER_DATE=$WB_DATE \
		git "$@"
}

# make_base DIR MESSAGE: DIR.new holds an extracted tree; commit it, tag it
# 'base' and move it into place, so an interrupted run leaves nothing behind.
make_base() {
	(
		cd "$1.new"
		git init -q -b series
		git config core.abbrev 12
		git config gc.auto 0
		git add -A -f .
		gitwb commit -q --no-verify -m "$2"
		git tag base
	)
	mv "$1.new" "$1"
}

mkdir -p "$BUILD"
if [ ! -d "$TREE/.git" ]; then
	note "creating build/linux from linux_$BASE_VERSION.orig.tar.xz"
	rm -rf "$TREE.new" && mkdir -p "$TREE.new"
	tar -xJf "$DL/linux_$BASE_VERSION.orig.tar.xz" -C "$TREE.new" --strip-components=1 ||
		die "cannot extract $DL/linux_$BASE_VERSION.orig.tar.xz: delete it and rerun"
	make_base "$TREE" "Linux $BASE_VERSION

Pristine upstream v$BASE_VERSION as shipped in Debian's
linux_$BASE_VERSION.orig.tar.xz (source package linux $DEB_VERSION)."
fi
if [ ! -d "$DEBTREE/.git" ]; then
	note "creating build/debian from linux-source-5.10 $DEB_VERSION"
	rm -rf "$DEBTREE.new" && mkdir -p "$DEBTREE.new"
	dpkg-deb --fsys-tarfile "$DL/linux-source-5.10_${DEB_VERSION}_all.deb" |
		tar -xO ./usr/src/linux-source-5.10.tar.xz |
		tar -xJ -C "$DEBTREE.new" --strip-components=1 ||
		die "cannot extract linux-source-5.10 from $DL: delete the .deb and rerun"
	make_base "$DEBTREE" "Linux $BASE_VERSION (Debian linux-source-5.10 $DEB_VERSION)"
fi

if ! git -C "$TREE" rev-parse -q --verify refs/tags/old-base >/dev/null; then
	note "adding v$OLD_VERSION to build/linux as tag old-base"
	old=$BUILD/old-base.new
	rm -rf "$old" && mkdir -p "$old"
	tar -xJf "$DL/linux_$OLD_VERSION.orig.tar.xz" -C "$old" --strip-components=1 ||
		die "cannot extract $DL/linux_$OLD_VERSION.orig.tar.xz: delete it and rerun"
	(
		cd "$TREE"
		export GIT_INDEX_FILE="$TREE/.git/old-base.index" GIT_WORK_TREE="$old"
		rm -f "$GIT_INDEX_FILE"
		git add -A -f .
		t=$(git write-tree)
		rm -f "$GIT_INDEX_FILE"
		c=$(echo "Linux $OLD_VERSION

Pristine upstream v$OLD_VERSION as shipped in Debian's
linux_$OLD_VERSION.orig.tar.xz (source package linux $OLD_DEB_VERSION)." |
			gitwb commit-tree "$t")
		git tag old-base "$c"
	)
	rm -rf "$old"
fi

"$TOP/scripts/sync.sh"
