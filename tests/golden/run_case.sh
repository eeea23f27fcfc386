#!/bin/sh
# run_case.sh - run one golden test case (see tests/golden/README.md).
#
#   run_case.sh STACKC CASEDIR
#
# The case directory holds `args` (one line: the arguments to stackc, split
# like shell words), input files, `expected.stderr`, optional
# `expected.stdout` (absent = stdout must be empty) and `expected.exit`.
# An optional `setup.sh` runs first and may create inputs that are too big
# or too odd (NUL bytes, CRLF, invalid UTF-8) to keep in git; it can call
# the shared generator as "$GOLDEN_GEN" (tests/golden/gen.sh).
#
# The case runs in a temporary copy of the directory, so generated files
# never land in the source tree, with a fixed environment (no colour, no
# CI detection, C locale) and a time limit (20 s, or the number in the
# optional file `timeout`, times STACKC_GOLDEN_TIMEOUT_SCALE if set). stdout, stderr and the exit code must match
# byte for byte; on a mismatch a unified diff is printed.
#
# With STACKC_REGEN=1 the expectations are written into CASEDIR instead of
# compared; review them with `git diff` before committing.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: run_case.sh STACKC CASEDIR" >&2
	exit 2
fi
case $1 in
/*) stackc=$1 ;;
*) stackc=$(pwd)/$1 ;;
esac
src=$(cd "$2" && pwd)
name=$(basename "$src")
GOLDEN_GEN=$(cd "$(dirname "$0")" && pwd)/gen.sh
export GOLDEN_GEN

if [ ! -f "$src/args" ]; then
	echo "golden/$name: missing 'args' file" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
work=$tmp/case
out=$tmp/out
mkdir "$out"
cp -R "$src" "$work"
# Expectations are not inputs: a command like `check .` must not see them.
rm -f "$work"/expected.stdout "$work"/expected.stderr "$work"/expected.exit

cd "$work"
if [ -f setup.sh ]; then
	if ! sh ./setup.sh >"$out/setup.log" 2>&1; then
		echo "golden/$name: setup.sh failed:" >&2
		cat "$out/setup.log" >&2
		exit 1
	fi
	rm -f setup.sh
fi

limit=20
[ -f "$src/timeout" ] && limit=$(cat "$src/timeout")
# Sanitizer builds run several times slower; tests.cmake sets the factor.
limit=$((limit * ${STACKC_GOLDEN_TIMEOUT_SCALE:-1}))
rm -f timeout

# The arguments are trusted test data: split them like a shell would.
args=$(head -n 1 "$src/args")
eval "set -- $args"

set +e
env -u GITHUB_ACTIONS -u FORCE_COLOR -u CLICOLOR_FORCE NO_COLOR=1 LC_ALL=C \
	timeout "$limit" "$stackc" "$@" >"$out/stdout" 2>"$out/stderr"
code=$?
set -e
if [ "$code" -eq 124 ]; then
	echo "golden/$name: timed out after ${limit}s: stackc $args" >&2
	exit 1
fi

if [ "${STACKC_REGEN:-0}" = 1 ]; then
	cp "$out/stderr" "$src/expected.stderr"
	if [ -s "$out/stdout" ]; then
		cp "$out/stdout" "$src/expected.stdout"
	else
		rm -f "$src/expected.stdout"
	fi
	echo "$code" >"$src/expected.exit"
	echo "golden/$name: regenerated (exit $code)"
	exit 0
fi

fail=0
check_stream() { # check_stream NAME EXPECTED-FILE
	if [ -f "$2" ]; then
		expected=$2
	else
		expected=$tmp/empty
		: >"$expected"
	fi
	if ! cmp -s "$expected" "$out/$1"; then
		echo "golden/$name: $1 differs (- expected, + actual):"
		diff -u --text --label "expected.$1" --label "actual $1" "$expected" "$out/$1" || true
		fail=1
	fi
}
check_stream stdout "$src/expected.stdout"
check_stream stderr "$src/expected.stderr"

if [ ! -f "$src/expected.exit" ]; then
	echo "golden/$name: no expected.exit (run with STACKC_REGEN=1 to create it)"
	fail=1
elif [ "$(tr -d ' \n' <"$src/expected.exit")" != "$code" ]; then
	echo "golden/$name: exit code $code, expected $(tr -d ' \n' <"$src/expected.exit")"
	fail=1
fi

if [ "$fail" -ne 0 ]; then
	echo "golden/$name: command was: (cd $src && stackc $args)"
	exit 1
fi
