# qmail in Rust. See README.md.
#
#   make            release build, staged with boot scripts, docs and man
#                   pages in build/ (like stock's build directory)
#   make setup      install into the conf-qmail path (stock's `make setup`)
#   make check      verify the installed tree (stock's instcheck)
#   make test       everything CI runs (installs its own prerequisites)
#   make demo       build, install into a private root and show it working
#   make golden     record golden outputs from the C reference (QMAIL_REF)
#   make diff       run every case live on QMAIL_REF and on Rust; a table per
#                   program and the first diff of each difference
#   make cc-check   QMAIL_REF against QMAIL_REF2 (default itself): must show
#                   no difference (the normalisation hides nothing real)
#   make swap-matrix  every case once per Rust program swapped into QMAIL_REF
#   make bench      speed and memory of Rust against QMAIL_REF, as ratios
#   make crash      the daemon set killed (SIGKILL) again and again while
#                   numbered messages go through; fails on any lost message;
#                   CRASH_MESSAGES=300 CRASH_KILLS=30 by default (make test
#                   runs 40 and 6); against QMAIL_REF too when it is set
#   make fuzz       libFuzzer over every parser (fuzz/targets.rs), each for
#                   FUZZ_SECONDS (default 60) or FUZZ_RUNS executions;
#                   tools/fuzz says more
#   make deb        the Debian package in dist/ (debian/), then lintian
#   make package-test  the .deb installed, run, read and removed in a
#                   throwaway root; two builds compared byte for byte
#
# Packagers: DESTDIR=/stage make setup puts the tree under /stage, creating
# files and modes without chown (run `build/instcheck` after chown-ing at
# package install time). Pin uids/gids with QMAIL_UIDA.. QMAIL_GIDN (README).
# `make USERS=byname` builds the programs that look the qmail users up by
# name when they start instead of carrying compiled-in ids (README, "How
# uids and gids are chosen"); USERS=compiled is the default.

CARGO ?= cargo
USERS ?= compiled
ifeq ($(USERS),byname)
USERS_FEATURES = --features users-by-name
else ifeq ($(USERS),compiled)
USERS_FEATURES =
else
$(error USERS must be compiled or byname, not $(USERS))
endif
DESTDIR ?=
export DESTDIR

include tests/harness/ids.env
TEST_IDS = QMAIL_UIDA=$(QMAIL_UIDA) QMAIL_UIDD=$(QMAIL_UIDD) QMAIL_UIDL=$(QMAIL_UIDL) \
  QMAIL_UIDO=$(QMAIL_UIDO) QMAIL_UIDP=$(QMAIL_UIDP) QMAIL_UIDQ=$(QMAIL_UIDQ) \
  QMAIL_UIDR=$(QMAIL_UIDR) QMAIL_UIDS=$(QMAIL_UIDS) QMAIL_GIDQ=$(QMAIL_GIDQ) \
  QMAIL_GIDN=$(QMAIL_GIDN)
TEST_ENV = $(TEST_IDS) CARGO_TARGET_DIR=$(CURDIR)/target/test

.PHONY: all build stage setup check test deps unit lint golden diff cc-check swap-matrix bench demo fuzz crash deb package-test clean

all: stage

build:
	CARGO="$(CARGO)" sh tools/build-release $(USERS_FEATURES)
	sh tools/libqmail-weaken target/release/libqmail.a target/release/libqmail.a

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

golden: deps
	@test -n "$(QMAIL_REF)" || { echo "set QMAIL_REF to the C reference installation"; exit 1; }
	$(TEST_ENV) GOLDEN_MODE=record $(CARGO) test --test golden

diff cc-check swap-matrix: deps
	@test -n "$(QMAIL_REF)" || { echo "set QMAIL_REF to the C reference installation"; exit 1; }
	$(TEST_ENV) GOLDEN_MODE=$(GOLDEN_MODE_$@) $(CARGO) test --test golden -- --nocapture

GOLDEN_MODE_diff = diff
GOLDEN_MODE_cc-check = cc
GOLDEN_MODE_swap-matrix = swap

# The Debian package (debian/, built with debhelper around cargo): the .deb,
# .buildinfo and .changes land in dist/. Then lintian's verdict.
# USERS=byname packages the users-by-name build instead (debian/rules,
# QMAIL_USERS): version $(DEB_VERSION)+byname, owners set by postinst.
DEB_VERSION = $(shell dpkg-parsechangelog -S Version 2>/dev/null)
ifeq ($(USERS),byname)
DEB_FILE = dist/qmail-rs_$(DEB_VERSION)+byname_$(shell dpkg --print-architecture).deb
else
DEB_FILE = dist/qmail-rs_$(DEB_VERSION)_$(shell dpkg --print-architecture).deb
endif
deb:
	sh tools/deps package
	QMAIL_USERS=$(USERS) dpkg-buildpackage -b -us -uc
	mkdir -p dist
	mv ../qmail-rs_$(DEB_VERSION)_*.buildinfo ../qmail-rs_$(DEB_VERSION)_*.changes ../$(notdir $(DEB_FILE)) dist/
	lintian $(DEB_FILE)

# The package's tests (tests/package/): install, run, read and remove the
# .deb in a throwaway root; the same .deb built twice in two places.
package-test: deb
	PKG_USERS=$(USERS) sh tests/package/sandbox.sh $(DEB_FILE) install-run-remove.sh
	QMAIL_USERS=$(USERS) sh tests/package/repro.sh $(DEB_FILE)

bench: deps
	sh tools/bench

demo: deps
	sh tools/demo

fuzz: deps
	sh tools/fuzz

CRASH_MESSAGES ?= 300
CRASH_KILLS ?= 30
crash: deps
	$(TEST_ENV) CRASH_MESSAGES=$(CRASH_MESSAGES) CRASH_KILLS=$(CRASH_KILLS) $(CARGO) test --test crash

clean:
	$(CARGO) clean
	rm -rf build
