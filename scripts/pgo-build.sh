#!/bin/sh
# pgo-build.sh - build stackc with profile-guided optimisation.
#
#   scripts/pgo-build.sh [BUILD_DIR]      (default: build-pgo)
#
# Three steps in one build tree (CMake's STACKC_PGO, CMakeLists.txt):
#   1. configure with STACKC_PGO=generate and build an instrumented stackc;
#   2. train it: build, check and eval a synthetic platform of 300
#      services (bench/gen.py, the shape of a real one: apps, config maps,
#      references between services), build the bundled CNOE example into
#      an output tree (Helm, Terraform, Argo CD, plans), and check and
#      build a one-component file; every run must succeed;
#   3. configure with STACKC_PGO=use and build stackc again with the
#      profile, and with link-time optimisation.
# The result is BUILD_DIR/stackc; its output is the same as any other
# build's (the tests and bench/run's comparison with the printf floor
# check that), only its speed differs. `make bench` uses it.
set -eu

build=${1:-build-pgo}
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
data="$(cd "$root" && mkdir -p "$build" && cd "$build" && pwd)/pgo-data"
train=$(mktemp -d "${TMPDIR:-/tmp}/stackc-pgo.XXXXXX")
trap 'rm -rf "$train"' EXIT INT TERM

rm -rf "$data"
cd "$root"
cmake -S . -B "$build" -DSTACKC_PGO=generate -DSTACKC_PGO_DIR="$data" \
	-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target stackc

stackc="$build/stackc"
python3 bench/gen.py stack 300 >"$train/platform.stack"
printf 'stack hello {\n  component web = { replicas: 1 }\n}\n' >"$train/trivial.stack"
for env in dev prod; do
	"$stackc" build --stdout --env "$env" "$train/platform.stack" >/dev/null
done
"$stackc" check "$train/platform.stack"
"$stackc" eval "$train/platform.stack" >/dev/null
"$stackc" build -o "$train/cnoe-out" examples/cnoe-platform/ >/dev/null 2>&1
"$stackc" check "$train/trivial.stack"
"$stackc" build --stdout --target plan "$train/trivial.stack" >/dev/null

# With link-time optimisation too: the profile then also guides inlining
# across files (the evaluator into the arena and map helpers).
cmake -S . -B "$build" -DSTACKC_PGO=use -DSTACKC_PGO_DIR="$data" \
	-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON >/dev/null
cmake --build "$build" -j"$jobs" --target stackc
echo "pgo-build: $build/stackc (profile in $data)"
