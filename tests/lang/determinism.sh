#!/bin/sh
# determinism.sh - the same program gives byte-identical output, whatever
# the order of its declarations across files, the time zone, the locale
# or the working directory.
#
#   determinism.sh STACKC SRCDIR
#
# tests/lang/everything and tests/lang/reordered hold the same
# declarations (reordered/ has them reversed and split over two files).
# Both are evaluated under several configurations, twice each, from
# different directories and environments; every output must be equal.
set -eu
stackc=$1
src=$2/tests/lang
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-det.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
total=0
for args in "" "--env prod" "--env dev --set replicas=9 --set owner=ops" "--output json"; do
	total=$((total + 1))
	# shellcheck disable=SC2086 # word splitting of $args is intended
	(cd "$src/everything" && TZ=UTC LC_ALL=C "$stackc" eval $args .) >"$tmp/a" 2>&1
	# shellcheck disable=SC2086
	(cd "$tmp" && TZ=Asia/Kathmandu LC_ALL=C.UTF-8 "$stackc" eval $args "$src/reordered") \
		>"$tmp/b" 2>&1
	# shellcheck disable=SC2086
	(cd / && TZ=America/St_Johns "$stackc" eval $args "$src/everything") >"$tmp/c" 2>&1
	if ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/a" "$tmp/c"; then
		echo "FAIL: eval $args differs:"
		diff -u "$tmp/a" "$tmp/b" || true
		diff -u "$tmp/a" "$tmp/c" || true
		failed=$((failed + 1))
	fi
done
echo "determinism: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
