#!/bin/sh
# run_case.sh - run one formatter golden case.
#
#   run_case.sh STACKC CASEDIR format|idempotent
#
# A case directory holds input.stack and expected.stack.
#
#   format      `stackc fmt - < input.stack` must print expected.stack
#               exactly, exit 0 and print nothing on stderr.
#   idempotent  `stackc fmt - < expected.stack` must print expected.stack
#               again: canonical text is a fixed point of the formatter.
#
# With STACKC_REGEN=1, `format` writes its output to expected.stack
# instead of comparing (review with `git diff` before committing), and
# `idempotent` still checks, so a regenerated expectation that is not
# stable fails on the next run.
set -eu

if [ $# -ne 3 ]; then
	echo "usage: run_case.sh STACKC CASEDIR format|idempotent" >&2
	exit 2
fi
stackc=$1
dir=$2
mode=$3
name=$(basename "$dir")

case $mode in
format) input=$dir/input.stack ;;
idempotent) input=$dir/expected.stack ;;
*)
	echo "run_case.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac
if [ ! -f "$input" ]; then
	echo "fmt/$name: missing $(basename "$input")" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-fmt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

set +e
env NO_COLOR=1 LC_ALL=C "$stackc" fmt - <"$input" >"$tmp/stdout" 2>"$tmp/stderr"
code=$?
set -e

fail=0
if [ "$code" -ne 0 ]; then
	echo "fmt/$name ($mode): exit code $code, expected 0"
	fail=1
fi
if [ -s "$tmp/stderr" ]; then
	echo "fmt/$name ($mode): unexpected output on stderr:"
	cat "$tmp/stderr"
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	exit 1
fi

if [ "$mode" = format ] && [ "${STACKC_REGEN:-0}" = 1 ]; then
	cp "$tmp/stdout" "$dir/expected.stack"
	echo "fmt/$name: regenerated expected.stack"
	exit 0
fi

if ! cmp -s "$dir/expected.stack" "$tmp/stdout"; then
	if [ "$mode" = format ]; then
		echo "fmt/$name: output differs from expected.stack (- expected, + actual):"
	else
		echo "fmt/$name: formatting expected.stack changes it (- expected, + actual):"
	fi
	diff -u --text --label expected.stack --label output "$dir/expected.stack" "$tmp/stdout" || true
	exit 1
fi
