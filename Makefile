# qmail in Rust. See README.md.
#
#   make            release build, staged with boot scripts, docs and man
#                   pages in build/ (like stock's build directory)
#   make setup      install into the conf-qmail path (stock's `make setup`)
#   make check      verify the installed tree (stock's instcheck)
#   make test       everything CI runs (installs its own prerequisites)
#   make demo       build, install into a private root and show it working
#   make golden     record golden outputs from the C reference (QMAIL_REF)
#
# Packagers: DESTDIR=/stage make setup puts the tree under /stage, creating
# files and modes without chown (run `build/instcheck` after chown-ing at
# package install time). Pin uids/gids with QMAIL_UIDA.. QMAIL_GIDN (README).

CARGO ?= cargo
DESTDIR ?=
export DESTDIR

include tests/harness/ids.env
TEST_IDS = QMAIL_UIDA=$(QMAIL_UIDA) QMAIL_UIDD=$(QMAIL_UIDD) QMAIL_UIDL=$(QMAIL_UIDL) \
  QMAIL_UIDO=$(QMAIL_UIDO) QMAIL_UIDP=$(QMAIL_UIDP) QMAIL_UIDQ=$(QMAIL_UIDQ) \
  QMAIL_UIDR=$(QMAIL_UIDR) QMAIL_UIDS=$(QMAIL_UIDS) QMAIL_GIDQ=$(QMAIL_GIDQ) \
  QMAIL_GIDN=$(QMAIL_GIDN)
TEST_ENV = $(TEST_IDS) CARGO_TARGET_DIR=$(CURDIR)/target/test

.PHONY: all build stage setup check test deps unit lint golden demo clean

all: stage

build:
	$(CARGO) build --release

stage: build
	sh tools/stage target/release build

setup: stage
	cd build && ./install

check: stage
	cd build && ./instcheck

deps:
	sh tools/deps

lint: deps
	$(CARGO) fmt --all -- --check
	$(TEST_ENV) $(CARGO) clippy --all-targets -- -D warnings

unit: deps
	$(TEST_ENV) $(CARGO) test

test: deps lint unit

golden:
	tests/harness/record

demo: deps
	sh tools/demo

clean:
	$(CARGO) clean
	rm -rf build
