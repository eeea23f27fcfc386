#!/bin/sh
# regen-golden.sh - rewrite the expectations of the golden tests.
#
#   scripts/regen-golden.sh [BUILD-DIR] [REGEX]
#
# Builds BUILD-DIR (default build/), then runs the golden tests matching
# REGEX (default: all) with STACKC_REGEN=1, which makes run_case.sh write
# expected.stdout / expected.stderr / expected.exit into each case
# directory instead of comparing. Review the result with
# `git diff tests/golden` before committing: a regenerated expectation is
# only right if the output it records is.
set -eu

cd "$(dirname "$0")/.."
build=${1:-build}
regex=${2:-.}

if [ ! -f "$build/CMakeCache.txt" ]; then
	cmake -S . -B "$build"
fi
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
STACKC_REGEN=1 ctest --test-dir "$build" -R "^golden\\..*($regex)" --output-on-failure -j2
git status --short -- tests/golden 2>/dev/null || true
