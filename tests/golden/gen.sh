#!/bin/sh
# gen.sh - generate golden-test inputs that are too big to keep in git.
#
#   gen.sh nested N        let x = [[[...]]] with N levels, on one line
#   gen.sh long-list BYTES let x = [1,1,...,1] of about BYTES bytes, one line
#   gen.sh long-list-error BYTES   the same with a syntax error at its end
#   gen.sh many-errors N   N lines "let xI = = I", one syntax error each
#
# Output goes to stdout. Case directories call it from their setup.sh as
# "$GOLDEN_GEN" (set by run_case.sh), which runs in a temporary copy of the
# case, so the generated files never land in the source tree.
set -eu

repeat() { # repeat CHAR N: CHAR written N times, no newline
	head -c "$2" /dev/zero | tr '\0' "$1"
}

ones() { # ones N: "1,1,...,1," (N times), no newline
	yes '1,' | head -n "$1" | tr -d '\n'
}

case ${1:-} in
nested)
	printf 'let x = '
	repeat '[' "$2"
	repeat ']' "$2"
	printf '\n'
	;;
long-list)
	printf 'let x = ['
	ones $(($2 / 2))
	printf '1]\n'
	;;
long-list-error)
	printf 'let x = ['
	ones $(($2 / 2))
	printf '1,,]\n'
	;;
many-errors)
	i=1
	while [ "$i" -le "$2" ]; do
		printf 'let x%d = = %d\n' "$i" "$i"
		i=$((i + 1))
	done
	;;
*)
	echo "usage: gen.sh nested|long-list|long-list-error|many-errors N" >&2
	exit 2
	;;
esac
