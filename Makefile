# The entry point users type. Every target installs what is missing first (scripts/install-deps).
#   make            release build: build/release/strata
#   make debug      debug build:   build/debug/strata
#   make test       release build + every test + make compat, then the tests under ASan + UBSan
#   make demo       build, then run the example project on embedded DuckDB
#   make bench      benchmarks (figures, not pass/fail)
#   make fuzz       libFuzzer targets for a bounded time (FUZZ_SECONDS, default 60 each)
#   make compat     release build, then strata side by side with SQLMesh and with dbt-core
#                   (docs/sqlmesh-differences.md, docs/dbt.md)
#   make soak       the randomized history checker over many seeds (SEEDS, default 200; ENGINES,
#                   default duckdb,postgres; HISTORY_KNOWN, default ci: tests/history/known.txt)
#   make format / make format-check
#   make docs       regenerate docs/reference/commands.md from the command-line definitions
#   make package    build/release/package/: a .deb and a Python wheel of strata (DuckDB inside);
#                   make package-test installs each where nothing else is and runs the example
#   make install PREFIX=/usr/local
#   make clean

PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 60
SEEDS ?= 200
ENGINES ?= duckdb,postgres
HISTORY_KNOWN ?= ci
CLANG_FORMAT ?= clang-format-16
CTEST = ctest --output-on-failure --timeout 600 -j $(JOBS)

.PHONY: all release debug asan test test-release test-asan demo bench fuzz soak format format-check \
        install clean deps compat docs package package-test

all: release

deps:
	@scripts/install-deps

define configure
	@cmake -S . -B $(1) -G Ninja $(2) $(CMAKE_FLAGS) >/dev/null
endef

release: deps
	$(call configure,build/release,-DCMAKE_BUILD_TYPE=Release)
	@cmake --build build/release -j $(JOBS)

debug: deps
	$(call configure,build/debug,-DCMAKE_BUILD_TYPE=Debug)
	@cmake --build build/debug -j $(JOBS)

asan: deps
	$(call configure,build/asan,-DCMAKE_BUILD_TYPE=Debug -DSTRATA_SANITIZE=ON)
	@cmake --build build/asan -j $(JOBS)

test-release: release
	@cd build/release && $(CTEST)

# The release pass runs the crash test's 50 random kills; the sanitizer pass, 20 (each is slower).
test-asan: asan
	@cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 STRATA_CRASH_KILLS=20 $(CTEST)

# The differential suite against SQLMesh runs between the two passes (release binary).
test: test-release package-test compat test-asan

demo: release
	@scripts/demo build/release/strata

# COMPAT_ARGS: options of the suite, e.g. COMPAT_ARGS="--project sushi".
compat: release
	@scripts/compat build/release/strata -- $(COMPAT_ARGS)

bench: deps
	$(call configure,build/bench,-DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_BENCH=ON -DSTRATA_BUILD_TESTS=OFF)
	@cmake --build build/bench -j $(JOBS)
	@scripts/bench build/bench

fuzz: deps
	$(call configure,build/fuzz,-DCMAKE_BUILD_TYPE=Debug -DSTRATA_BUILD_FUZZ=ON -DSTRATA_BUILD_TESTS=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
	@cmake --build build/fuzz -j $(JOBS)
	@scripts/fuzz build/fuzz $(FUZZ_SECONDS)

# Seeds 1..SEEDS of tests/history/ (path independence); prints every failing seed with its replay
# command and the figures (histories, steps, kills, time per history).
soak: release
	@python3 tests/history/history.py --strata build/release/strata --seeds 1-$(SEEDS) \
	  --engine $(ENGINES) --known $(HISTORY_KNOWN) --jobs $(JOBS)

package: release
	@scripts/package

package-test: release
	@scripts/package --test

docs: release
	@build/release/strata --reference-markdown > docs/reference/commands.md

FORMAT_FILES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)

format: deps
	@$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check: deps
	@$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES)

install: release
	@cmake --install build/release --prefix $(PREFIX)

clean:
	@rm -rf build
