# Convene: make run · make test · make bench
# Installs the system packages it needs when they are missing (Debian: apt-get).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libedit-dev libqrencode-dev libsqlite3-dev pkg-config tmux

.PHONY: deps test-deps build run test bench order faults fuzz lint install clean

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# postgresql: the network tests start a throwaway cluster of their own (initdb, pg_ctl as the postgres user).
TEST_APT_PACKAGES := chromium chromium-driver postgresql

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

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: test-deps build
	@command -v hyperfine >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hyperfine sqlite3 >/dev/null; }
	python3 bench/bench.py .build/release/convene

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

install: build
	install -d $(DESTDIR)/usr/local/bin $(DESTDIR)/usr/local/share/convene
	install -m 755 .build/release/convene $(DESTDIR)/usr/local/bin/convene
	cp -r activities sessions $(DESTDIR)/usr/local/share/convene/

clean:
	rm -rf .build
