# Makefile - a thin wrapper over CMake for the common tasks.
#
#   make demo     install dependencies, build build/stackc, run it on the example
#   make test     build with -Werror and run the whole suite (ctest)
#   make asan     the suite again, under AddressSanitizer + UBSan (build-asan/)
#   make fuzz     build the libFuzzer target with clang and fuzz the parser (build-fuzz/)
#   make bench    build with profile-guided optimisation (build-pgo/), then run
#                 the benchmark against the peers (bench/run; BENCH_ARGS=--smoke
#                 for CI's quick run, without targets)
#   make format   apply clang-format to the hand-written C
#   make clean    remove all build trees
#
# Everything is safe to rerun: configuring an existing tree only updates it.
# STACKC_SKIP_DEPS=1 skips the dependency check (scripts/install-deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-pgo
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_JOBS ?= 2
FUZZ_TIME  ?= 60
CMAKE_ARGS ?=

# What `make demo` runs once stackc is built: the CNOE example compiled
# into an output tree (both environments: manifests, Argo CD
# Applications, Terraform JSON, plans), then its prod manifests printed.
DEMO_OUT = $(BUILD)/demo-out
DEMO_CMD = $(BUILD)/stackc build -o $(DEMO_OUT) examples/cnoe-platform/ && \
	$(BUILD)/stackc build --stdout --env prod --target kubernetes examples/cnoe-platform/

# Sanitizer settings for `make asan`: leaks are errors, UB stops the run.
export ASAN_OPTIONS  ?= detect_leaks=1:abort_on_error=0:strict_string_checks=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

# Hand-written C only: generated scanner/parser live in the build trees.
FORMAT_FILES = $(shell find compiler runtime tests -name '*.[ch]' 2>/dev/null | sort)

# cmake --build runs make again; keep its output free of "Entering directory".
MAKEFLAGS += --no-print-directory

.PHONY: all deps build demo test asan fuzz bench format format-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	@echo
	@echo '$$ $(DEMO_CMD)'
	@$(DEMO_CMD); rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "demo: ok (exit 0)"; \
	else echo "demo: stackc exited with $$rc" >&2; fi; \
	exit $$rc

test: deps
	cmake -S . -B $(BUILD) -DSTACKC_WERROR=ON $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j$(CTEST_JOBS)

# Debug build type keeps assert() on; -O1 keeps the sanitized suite quick.
# No -Werror here: sanitizer instrumentation makes GCC's flow analysis
# report false positives (format-truncation, null-dereference); warnings
# are gated by `make test`.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
		-DSTACKC_WERROR=OFF -DSTACKC_SANITIZE=ON -DSTACKC_DEBUG_ARENA=ON $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(CTEST_JOBS)

# New corpus entries go to $(FUZZ_BUILD)/corpus, crashes to
# $(FUZZ_BUILD)/artifacts/; a crash input belongs in tests/fuzz/corpus/
# together with its fix.
fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DSTACKC_FUZZ=ON -DSTACKC_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_parse
	mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	ASAN_OPTIONS=detect_leaks=1 $(FUZZ_BUILD)/tests/fuzz_parse \
		-max_total_time=$(FUZZ_TIME) -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -dict=tests/fuzz/stack.dict \
		-artifact_prefix=$(FUZZ_BUILD)/artifacts/ \
		$(FUZZ_BUILD)/corpus tests/fuzz/corpus

# The benchmark (bench/run): stackc with the default (optimised) build
# type, next to Jsonnet and Pkl where installed (bench/install-peers.sh)
# and a printf floor. It prints PASS/FAIL against the performance
# targets but fails only if a command fails or the outputs differ.
BENCH_ARGS ?=
# The benchmark measures the release build: profile-guided, in its own
# tree (scripts/pgo-build.sh).
bench: deps
	scripts/pgo-build.sh $(BENCH_BUILD)
	python3 bench/run --stackc $(BENCH_BUILD)/stackc $(BENCH_ARGS)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
