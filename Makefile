# Convene: make run · make test · make bench
# Installs the system packages it needs when they are missing (Debian: apt-get).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libedit-dev libqrencode-dev libsqlite3-dev pkg-config tmux

.PHONY: deps test-deps build run test bench bench-network order faults fuzz lint format format-lint install manual-tool install-files clean

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# postgresql: the network tests start a throwaway cluster of their own (initdb, pg_ctl as the postgres user).
# zsh, fish: the install tests check the completion scripts with them.
TEST_APT_PACKAGES := chromium chromium-driver postgresql zsh fish

test-deps: deps
	@missing=""; \
	for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c "import pexpect" 2>/dev/null || python3 -m pip install -q pexpect
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium

# The release link keeps the REPL small and quick to start (BENCHMARKS.md): lld places the functions
# a start and a session run side by side (bench/convene.order, from make order), exports no dynamic
# symbols (the static runtime needs none) and packs the relative relocations (DT_RELR, glibc >= 2.36),
# so far fewer pages are read and touched. Without the toolchain's lld it links as before.
LLD := $(wildcard $(dir $(realpath $(shell command -v $(SWIFT))))ld.lld)
RELEASE_LINK := $(if $(LLD),-Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs \
	-Xlinker --symbol-ordering-file=$(CURDIR)/bench/convene.order -Xlinker --no-warn-symbol-ordering)

build: deps
	$(SWIFT) build -c release --product convene --static-swift-stdlib $(RELEASE_LINK)

run: build
	.build/release/convene

# The code's layout is swift-format's, with the repository's .swift-format; make format rewrites it.
FORMATTED := Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMATTED)

format-lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)

# manual-tool: InstallTests installs the man page with it.
test: test-deps format-lint manual-tool
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: test-deps build
	@command -v hyperfine >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hyperfine sqlite3 >/dev/null; }
	python3 bench/bench.py .build/release/convene

# Only the network's rows (a throwaway PostgreSQL cluster), written over their rows of BENCHMARKS.md.
bench-network: test-deps build
	@command -v hyperfine >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hyperfine sqlite3 >/dev/null; }
	python3 bench/bench.py .build/release/convene network

# Rewrites bench/convene.order from callgrind runs of the release binary; commit the result.
order: build
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq valgrind >/dev/null; }
	python3 bench/order.py .build/release/convene
	rm -f .build/release/convene  # the link does not know it reads the order file
	$(SWIFT) build -c release --product convene --static-swift-stdlib $(RELEASE_LINK)

faults: test-deps build
	cd Tests/EndToEndTests/scripts && python3 faults.py $(CURDIR)/.build/release/convene $$(mktemp -d) 250

FUZZ_ITERATIONS ?= 1000000
FUZZ_SEED ?= 1

# Mutation fuzzing of every parser; anything found is saved under Tests/ConveneCoreTests/FuzzCorpus
# (replayed by make test). Results go to FUZZING.md.
fuzz: deps
	$(SWIFT) build -c release --product convene-fuzz --static-swift-stdlib $(RELEASE_LINK)
	@rm -f FUZZING.md.tmp; for t in command frontmatter plan sanitizer form cache; do \
		.build/release/convene-fuzz $$t $(FUZZ_ITERATIONS) $(FUZZ_SEED) Tests/ConveneCoreTests/FuzzCorpus/$$t Tests/ConveneCoreTests/FuzzCorpus/$$t \
			| tee -a FUZZING.md.tmp || exit 1; \
	done; { echo "# Fuzzing"; echo; echo "\`make fuzz\` on $$(date -u +%F), seed $(FUZZ_SEED):"; echo; sed 's/^/- /' FUZZING.md.tmp; } > FUZZING.md; rm FUZZING.md.tmp

lint: build
	.build/release/convene activities lint

PREFIX ?= /usr/local
BIN ?= .build/release/convene
# The tool behind swift-argument-parser's generate-manual plugin. The plugin itself first rebuilds
# every product in release with its own flags (over the lld-linked binary above), so the install runs
# its tool on the binary being installed instead: the same page, one release build. The tool is built
# in debug, beside the tests' build, so that it changes no flag of the release build.
GENERATE_MANUAL ?= .build/debug/generate-manual
# binutils' objcopy, else the toolchain's own.
OBJCOPY ?= $(or $(shell command -v objcopy),$(dir $(realpath $(shell command -v $(SWIFT))))llvm-objcopy)

# make install [PREFIX=/usr/local] [DESTDIR=…]: the release binary (stripped, its debug info beside it),
# its library, completions and man page.
install: build manual-tool
	$(MAKE) install-files BIN=.build/release/convene GENERATE_MANUAL=$(GENERATE_MANUAL)

manual-tool:
	$(SWIFT) build --product generate-manual

# The files of an install, from a binary already built (the tests install the debug one this way).
# The binary finds its library at ../share/convene (ShippedLibrary); completions and the man page
# come from its own argument parser. The installed binary is stripped (the debug info is most of
# it); the debug info is kept in bin/.debug/convene.debug, where gdb looks for the file the
# binary's .gnu_debuglink names, so a backtrace can still be read.
install-files:
	@test -x "$(BIN)" || { echo "install-files: no binary $(BIN) (make build first, or BIN=...)" >&2; exit 2; }
	@test -x "$(GENERATE_MANUAL)" || { echo "install-files: no $(GENERATE_MANUAL) (make manual-tool, or GENERATE_MANUAL=...)" >&2; exit 2; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/convene $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/convene
	install -d $(DESTDIR)$(PREFIX)/bin/.debug
	$(OBJCOPY) --only-keep-debug $(DESTDIR)$(PREFIX)/bin/convene $(DESTDIR)$(PREFIX)/bin/.debug/convene.debug
	chmod 644 $(DESTDIR)$(PREFIX)/bin/.debug/convene.debug
	$(OBJCOPY) --strip-all --add-gnu-debuglink=$(DESTDIR)$(PREFIX)/bin/.debug/convene.debug $(DESTDIR)$(PREFIX)/bin/convene
	rm -rf $(DESTDIR)$(PREFIX)/share/convene/activities $(DESTDIR)$(PREFIX)/share/convene/sessions
	cp -R activities sessions $(DESTDIR)$(PREFIX)/share/convene/
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/convene
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_convene
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/convene.fish
	$(GENERATE_MANUAL) $(BIN) --output-directory - | $(BIN) manual > $(DESTDIR)$(PREFIX)/share/man/man1/convene.1
	@echo "installed convene in $(DESTDIR)$(PREFIX)/bin"

clean:
	rm -rf .build
