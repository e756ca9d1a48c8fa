# Makefile - the two-command start and a few conveniences around CMake.
#   make demo   install missing packages, build, run the main job on demo data
#   make test   install missing packages, build, run the whole test suite
#   make fuzz   build the libFuzzer harnesses (clang) and run each FUZZ_SECONDS
#   make install  bin/yosan and man1/yosan.1 under PREFIX (/usr/local), DESTDIR honoured
#   make check-format / make tidy-check   the formatting and complexity habits CI enforces
# The build's output goes to $(BUILD)/build.log, one line per step on the
# terminal (VERBOSE=1 shows it all); the tests print the running ones every 30 s.
MAKEFLAGS += --no-print-directory
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
TIDY_BUILD ?= build-tidy
CLANG_FORMAT ?= clang-format-14
CLANG_TIDY ?= clang-tidy-14
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
FUZZ_TARGETS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
LOG = $(BUILD)/build.log
STEP = ./scripts/step.sh $(LOG)

.PHONY: all deps test-deps fuzz-deps lint-deps compile build build-clang demo install uninstall test test-asan test-long test-pg fuzz-build fuzz fuzz-ci bench bench-scale bench-forecast bench-rightsize bench-schedule format check-format tidy tidy-check clean

all: build

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test

fuzz-deps:
	@./scripts/install-deps.sh --fuzz

lint-deps:
	./scripts/install-deps.sh --lint

# the same sources with clang and -Werror (CI: gcc and clang must both build warning-free)
build-clang: fuzz-deps
	CC=clang cmake -S . -B build-clang >/dev/null
	cmake --build build-clang -j $(JOBS)

# configure and build, the output in $(LOG) (a fresh one each time)
compile:
	@mkdir -p $(BUILD) && : >$(LOG)
	@$(STEP) "configure $(BUILD)/ (cmake; log $(LOG))" cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	@$(STEP) "compile (cmake --build, $(JOBS) jobs)" cmake --build $(BUILD) -j $(JOBS)

build: deps
	@$(MAKE) compile

demo: build
	@echo "== demo (scripts/demo.sh: the demo city into out/demo.db, then the main jobs)"
	@./scripts/demo.sh $(BUILD)/yosan

# bin/yosan and share/man/man1/yosan.1 under $(DESTDIR)$(PREFIX); builds first
# when needed (the packages: make deps); `make uninstall` (same DESTDIR) removes
# what the last install wrote (cmake's install_manifest.txt, paths without DESTDIR)
install:
	@[ -f $(BUILD)/CMakeCache.txt ] || $(MAKE) build
	@$(STEP) "build yosan" cmake --build $(BUILD) -j $(JOBS) --target yosan
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

uninstall:
	@[ -f $(BUILD)/install_manifest.txt ] || { echo "nothing installed from $(BUILD)/" >&2; exit 1; }
	sed 's|^|$(DESTDIR)|' $(BUILD)/install_manifest.txt | xargs -d '\n' rm -fv

test: test-deps
	@$(MAKE) compile
	@./scripts/run-tests.sh $(BUILD) $(JOBS)

test-asan: test-deps
	cmake -S . -B $(ASAN_BUILD) -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# the demo city on SQLite and on a throwaway PostgreSQL cluster, every
# command's output compared byte for byte (about 2 min); test-pg-cli then
# runs the CLI end-to-end tests again with each test database a schema on
# that cluster (about 11 min more on 2 cores; CI runs it; docs/postgresql.md)
test-pg: test-deps
	@$(MAKE) compile
	@./scripts/test-pg.sh $(BUILD)

test-pg-cli: test-deps
	@$(MAKE) compile
	@./scripts/test-pg.sh --cli $(BUILD)

test-long: test-deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	YOSAN=$(CURDIR)/$(BUILD)/yosan TEST_DATA_DIR=$(CURDIR)/tests/data TEST_SRC_DIR=$(CURDIR) \
		TEST_TMP_ROOT=$(CURDIR)/$(BUILD)/tmp bash tests/long/test_crash_consistency.sh

# libFuzzer harnesses (tests/fuzz, docs/fuzzing.md): clang, ASan + UBSan
fuzz-build: fuzz-deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DENABLE_FUZZ=ON -DBUILD_TESTING=OFF \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

# each harness FUZZ_SECONDS (default 60), keeping what it finds in $(FUZZ_BUILD)/fuzz-work;
# FUZZ_TARGETS="cost dept" to run only some
fuzz: fuzz-build
	./scripts/fuzz.sh -b $(FUZZ_BUILD) -t $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# CI: each harness FUZZ_CI_SECONDS from the committed seeds; any crash fails
fuzz-ci: fuzz-build
	./scripts/fuzz.sh --ci -b $(FUZZ_BUILD) -t $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS)

bench: build
	./scripts/bench-import.sh $(BUILD)/yosan

bench-scale: build
	./scripts/bench-scale.sh $(BUILD)/yosan

bench-forecast: build
	./scripts/bench-forecast.sh $(BUILD)/yosan

bench-rightsize: build
	./scripts/bench-rightsize.sh $(BUILD)/yosan

bench-schedule: build
	./scripts/bench-schedule.sh $(BUILD)/yosan

format: lint-deps
	git ls-files '*.c' '*.h' | xargs $(CLANG_FORMAT) -i

# CI: every tracked C source and header is clang-format clean (.clang-format; make format fixes)
check-format: lint-deps
	git ls-files '*.c' '*.h' | xargs $(CLANG_FORMAT) --dry-run --Werror

# every check in .clang-tidy (advisory; the layer probes are skipped, one must not compile)
tidy: lint-deps
	cmake -S . -B $(TIDY_BUILD) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	git ls-files '*.c' | grep -v '^tests/layers/' | xargs -P $(JOBS) -n 8 $(CLANG_TIDY) -p $(TIDY_BUILD) --quiet

# CI: no function above cognitive complexity 40 except those in scripts/complexity-allow.txt,
# which may only shrink (scripts/check-complexity.py; configure only, nothing is built)
tidy-check: lint-deps
	cmake -S . -B $(TIDY_BUILD) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	CLANG_TIDY=$(CLANG_TIDY) ./scripts/check-complexity.py -p $(TIDY_BUILD) -j $(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TIDY_BUILD) out
