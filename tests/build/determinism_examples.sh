#!/bin/sh
# determinism_examples.sh - every example builds to byte-identical trees
# whatever the time zone, locale, environment and working directory.
#
#   determinism_examples.sh STACKC SRCDIR
#
# For each directory examples/*/ (new examples are picked up without a
# change here), two `stackc build` runs into separate output directories:
#
#   a: cwd SRCDIR, the module as a relative path, TZ=UTC, LC_ALL=C, the
#      test's environment;
#   b: cwd a deep temporary directory, the module as an absolute path
#      spelled with `//`, `/./` and a trailing `/`, TZ=Pacific/Chatham
#      (+12:45/+13:45, with daylight saving) and the first locale of
#      tr_TR.UTF-8 (whose case mapping of i/I differs), de_DE.UTF-8 and
#      C.UTF-8 that `locale -a` lists, an environment with nothing but
#      PATH, HOME, TZ and the locale (plus an unrelated STACKC_ variable),
#      and another umask;
#
# then `diff -r` of the two trees must find nothing, and both must report
# the same diagnostic codes. build_test.sh
# determinism does the same in more detail for examples/hello alone.
set -u

if [ $# -ne 2 ]; then
	echo "usage: determinism_examples.sh STACKC SRCDIR" >&2
	exit 2
fi
case $1 in
/*) stackc=$1 ;;
*) stackc=$(pwd)/$1 ;;
esac
srcdir=$(cd "$2" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-determinism.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export NO_COLOR=1
unset GITHUB_ACTIONS

# locale -a spells UTF-8 as utf8; LC_ALL accepts both.
locales=$(locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]' | sed 's/utf-8/utf8/')
other_locale=C
for l in tr_TR.UTF-8 de_DE.UTF-8 C.UTF-8; do
	lower=$(echo "$l" | tr '[:upper:]' '[:lower:]' | sed 's/utf-8/utf8/')
	if echo "$locales" | grep -qx "$lower"; then
		other_locale=$l
		break
	fi
done
echo "determinism_examples.sh: build b runs with LC_ALL=$other_locale"

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

mkdir -p "$tmp/a" "$tmp/b/deep/er/cwd"
n=0
for ex in "$srcdir"/examples/*/; do
	[ -d "$ex" ] || continue
	name=$(basename "$ex")
	n=$((n + 1))
	(cd "$srcdir" && umask 022 && env TZ=UTC LC_ALL=C \
		"$stackc" build "examples/$name" -o "$tmp/a/$name") >"$tmp/a.log" 2>&1 ||
		{
			fail "$name: build a failed:"
			cat "$tmp/a.log"
			continue
		}
	spelled=$(echo "$srcdir" | sed 's|^/|//|')/./examples/$name/
	(cd "$tmp/b/deep/er/cwd" && umask 077 && env -i PATH="${PATH:-/usr/bin:/bin}" \
		HOME="$tmp/b" TZ=Pacific/Chatham LC_ALL="$other_locale" LANG="$other_locale" \
		NO_COLOR=1 STACKC_UNRELATED=1 "$stackc" build "$spelled" -o ../../out/"$name") \
		>"$tmp/b.log" 2>&1 ||
		{
			fail "$name: build b failed:"
			cat "$tmp/b.log"
			continue
		}
	if ! diff -r "$tmp/a/$name" "$tmp/b/deep/out/$name"; then
		fail "$name: the two builds differ (above)"
	fi
	# Both builds report the same diagnostics (warnings like W0721); their
	# file names differ with the spelling of the path, their codes do not.
	codes() { grep -o '\(error\|warning\)\[[A-Z0-9]*\]' "$1"; }
	if [ "$(codes "$tmp/a.log")" != "$(codes "$tmp/b.log")" ]; then
		fail "$name: the two builds reported different diagnostics:"
		diff -u "$tmp/a.log" "$tmp/b.log"
	fi
done
[ "$n" -gt 0 ] || fail "no example under $srcdir/examples"
echo "determinism_examples.sh: $n examples"

[ "$failures" -eq 0 ] || exit 1
exit 0
