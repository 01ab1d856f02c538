# SPDX-License-Identifier: MIT
# threattally -- one non-recursive GNU Makefile.  `make help` lists targets.

PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
CLANG    ?= clang
PKGS     := hiredis libzstd zlib cmocka libmicrohttpd libxxhash
CPPFLAGS += -I. -D_GNU_SOURCE -MMD -MP
CFLAGS   ?= -O2 -g
# Warnings are separate from CFLAGS so that sanitizer/fuzz builds, which set
# CFLAGS, keep them. CI (and make check) build with -Werror.
WARN     := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers -pthread
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),clang)
WARN     += -Wno-unknown-warning-option
else
WARN     += -Wno-format-truncation
endif
ifdef CI
WARN     += -Werror
endif
WERROR   ?=
WARN     += $(WERROR)
LIBS_HIREDIS := $(shell pkg-config --libs hiredis 2>/dev/null || echo -lhiredis)
LIBS_ZSTD    := $(shell pkg-config --libs libzstd 2>/dev/null || echo -lzstd)
LIBS_Z       := $(shell pkg-config --libs zlib 2>/dev/null || echo -lz)
LIBS_CMOCKA  := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
LIBS_MHD     := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
LIBS_PCAP    := $(shell pkg-config --libs libpcap 2>/dev/null || echo -lpcap)
LIBS_INIH    := $(shell pkg-config --libs inih 2>/dev/null || echo -linih)
# common/tt.c: tt_hash64 is XXH3.
LIBS_XXHASH  := $(shell pkg-config --libs libxxhash 2>/dev/null || echo -lxxhash)
# Site rules (collector/rules.c): Vectorscan for the one-pass match, PCRE2
# for the named groups of the rule that matched.
CFLAGS_HS    := $(shell pkg-config --cflags libhs 2>/dev/null || echo -I/usr/include/hs)
LIBS_HS      := $(shell pkg-config --libs libhs 2>/dev/null || echo -lhs)
LIBS_PCRE2   := $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
CPPFLAGS     += $(CFLAGS_HS)
LDLIBS_COLLECTOR  := $(LIBS_XXHASH) $(LIBS_HIREDIS) $(LIBS_ZSTD) $(LIBS_Z) $(LIBS_PCAP) $(LIBS_INIH) $(LIBS_HS) $(LIBS_PCRE2) -lm -pthread
LDLIBS_AGGREGATOR := $(LIBS_XXHASH) $(LIBS_HIREDIS) $(LIBS_MHD) -lm -pthread

COMMON_SRC     := $(sort $(wildcard common/*.c))
COLLECTOR_SRC  := $(sort $(filter-out collector/main.c,$(wildcard collector/*.c)))
AGGREGATOR_SRC := $(sort $(filter-out aggregator/main.c,$(wildcard aggregator/*.c)))
UNIT_SRC       := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC       := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_TOOLS    := $(BUILD)/ttgen $(BUILD)/ttmicro $(BUILD)/rulesgen $(BUILD)/ttrules
# Helpers the integration tests run (senders, capture files, slow peers, a
# reference HLL encoder), built here rather than by each test script.
TEST_HELPERS   := $(addprefix $(BUILD)/helpers/,netsend pcapgen slowpeer hllref)

COMMON_OBJ     := $(COMMON_SRC:%.c=$(BUILD)/%.o)
COLLECTOR_OBJ  := $(COLLECTOR_SRC:%.c=$(BUILD)/%.o)
AGGREGATOR_OBJ := $(AGGREGATOR_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/assets.o
UNIT_BIN       := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_BIN       := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

COLLECTOR  := $(BUILD)/threattally-collector
AGGREGATOR := $(BUILD)/threattally-aggregator

.PHONY: all deps demo check test unit asan fuzz fuzz-smoke bench install clean clean-data help screenshots
all: $(COLLECTOR) $(AGGREGATOR) $(BENCH_TOOLS) $(TEST_HELPERS)

# Objects made on the way by pattern rules (tests/unit/test_*.o, ...) are
# kept, so that a second `make` has nothing to do.
.SECONDARY:

help:
	@echo "make            build both programs and the log generator into $(BUILD)/"
	@echo "make demo       install missing Debian packages, build, start a private Redis,"
	@echo "                ingest a generated month of logs and print the panel figures"
	@echo "make check      set-up as demo, then every test (unit, parsers, corpus, end-to-end,"
	@echo "                sanitizers, fuzz smoke); ends with 'N passed, N failed'"
	@echo "make asan       build the tests with ASan+UBSan into build-asan/"
	@echo "make fuzz       build libFuzzer targets (FUZZ_SECONDS=600 make fuzz-run for a campaign)"
	@echo "make bench      ingest benchmarks, results in bench/RESULTS.md"
	@echo "make deps       only install missing Debian packages"
	@echo "make screenshots  regenerate docs/report.png and docs/dashboard.png (headless Chromium)"
	@echo "make install    install binaries, man pages, example configs and rules under PREFIX=$(PREFIX),"
	@echo "                systemd units under SYSTEMDDIR=$(SYSTEMDDIR)"

deps:
	@scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c $< -o $@

# Web assets: real files in dashboards/, embedded into the aggregator.
DASH_FILES := $(sort $(wildcard dashboards/*.html dashboards/*.css dashboards/*.js dashboards/*.svg))
$(BUILD)/gen/assets.c: $(DASH_FILES) dashboards/embed.sh
	@mkdir -p $(dir $@)
	sh dashboards/embed.sh $(DASH_FILES) >$@.tmp && mv $@.tmp $@
$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c $< -o $@

$(BUILD)/libcommon.a: $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^
$(BUILD)/libcollector.a: $(COLLECTOR_OBJ)
	rm -f $@ && $(AR) rcs $@ $^
$(BUILD)/libaggregator.a: $(AGGREGATOR_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(COLLECTOR): $(BUILD)/collector/main.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_COLLECTOR)
$(AGGREGATOR): $(BUILD)/aggregator/main.o $(BUILD)/libaggregator.a $(BUILD)/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_AGGREGATOR)
BENCH_GEN_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard bench/ttgen*.c bench/vgen*.c bench/gen_*.c)))
$(BUILD)/ttgen: $(BENCH_GEN_OBJ) $(BUILD)/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_XXHASH) -lm

# EdgeWall log + rules + truth for the site-rules test and benchmark.
$(BUILD)/rulesgen: $(BUILD)/tests/integration/rulesgen.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# Test helpers are stand-alone programs with their own feature macros, so
# they are built from source as the tests built them: without WARN/CPPFLAGS,
# and with HELPER_CFLAGS, not CFLAGS, so that an asan build's sanitizers
# (detect_leaks) judge the programs under test, not the tools driving them.
HELPER_CFLAGS ?= -O2 -g
$(BUILD)/helpers/%: tests/integration/%.c
	@mkdir -p $(dir $@)
	cc $(HELPER_CFLAGS) $(LDFLAGS) -o $@ $<
$(BUILD)/helpers/hllref: tests/integration/hllref.c collector/hll.c collector/hll.h
	@mkdir -p $(dir $@)
	cc -I. $(HELPER_CFLAGS) $(LDFLAGS) -o $@ tests/integration/hllref.c collector/hll.c

$(BUILD)/ttrules: $(BUILD)/bench/rules_micro.o $(BUILD)/bench/bench_util.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_COLLECTOR)

$(BUILD)/ttmicro: $(BUILD)/bench/micro.o $(BUILD)/bench/bench_util.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_COLLECTOR)

# Unit tests link everything but the two main.o files.
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libaggregator.a $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_CMOCKA) $(LDLIBS_COLLECTOR) $(LIBS_MHD)

unit: $(UNIT_BIN)

# The whole suite, as CI runs it; scripts/deps.sh first so a bare machine works.
check: deps
	@$(MAKE) --no-print-directory WERROR=-Werror all unit
	@tests/run.sh

test: check

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CC=$(CLANG) \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  all unit

# libFuzzer targets: each links the library code built with coverage.
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(CLANG) CFLAGS="$(FUZZ_CFLAGS)" fuzz-bins
# Parser targets come from collector/parsers.def: fuzz_parse_<stem> is the one
# driver tests/fuzz/fuzz_parser.c built with -DFUZZ_PARSER=tt_parser_<stem>,
# unless tests/fuzz/fuzz_parse_<stem>.c is a hand-written driver (picked up by
# FUZZ_SRC like every other target). Static pattern rules: only these names.
FUZZ_PARSERS := $(shell sed -n 's/^TT_PARSER.\([a-z0-9_]*\),.*/\1/p' collector/parsers.def)
FUZZ_HAND    := $(patsubst tests/fuzz/fuzz_parse_%.c,%,$(wildcard tests/fuzz/fuzz_parse_*.c))
FUZZ_GEN_BIN := $(patsubst %,$(BUILD)/fuzz/fuzz_parse_%,$(filter-out $(FUZZ_HAND),$(FUZZ_PARSERS)))
FUZZ_BIN     := $(filter-out $(BUILD)/fuzz/fuzz_parser,$(FUZZ_BIN))
fuzz-bins: $(FUZZ_BIN) $(FUZZ_GEN_BIN)
$(FUZZ_GEN_BIN:$(BUILD)/fuzz/%=$(BUILD)/tests/fuzz/gen/%.o): $(BUILD)/tests/fuzz/gen/fuzz_parse_%.o: tests/fuzz/fuzz_parser.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -DFUZZ_PARSER=tt_parser_$* -c $< -o $@
$(FUZZ_GEN_BIN): $(BUILD)/fuzz/fuzz_parse_%: $(BUILD)/tests/fuzz/gen/fuzz_parse_%.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_COLLECTOR)
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_COLLECTOR)
# serve's request handling lives in the aggregator library
$(BUILD)/fuzz/fuzz_serve: $(BUILD)/tests/fuzz/fuzz_serve.o $(BUILD)/libaggregator.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_AGGREGATOR)
FUZZ_SECONDS ?= 600
fuzz-run: fuzz
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

screenshots: deps
	@$(MAKE) --no-print-directory all
	@tests/browser/screenshots.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@bench/run.sh
	@bench/rules.sh

# Configuration is never written to /etc: the example files go to the doc
# directory, to be copied and edited (README, "Installing on an appliance").
# The units name PREFIX=/usr/local's binaries; SYSTEMDDIR is one of the
# directories systemd reads for units of the local administrator.
DOCDIR     ?= $(PREFIX)/share/doc/threattally
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
UNITS      := dist/threattally-collector.service $(sort $(wildcard docs/systemd/*.service docs/systemd/*.timer))
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(COLLECTOR) $(AGGREGATOR) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 man/threattally-collector.1 man/threattally-aggregator.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(DOCDIR)/rules.d $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR)/prometheus
	install -m 644 dist/rules.d/* $(DESTDIR)$(DOCDIR)/rules.d/
	install -m 644 dist/collector.conf dist/aggregator.conf $(DESTDIR)$(DOCDIR)/examples/
	install -m 644 dist/prometheus/alerts.yml $(DESTDIR)$(DOCDIR)/prometheus/
	install -d $(DESTDIR)$(SYSTEMDDIR)
	install -m 644 $(UNITS) $(DESTDIR)$(SYSTEMDDIR)/

clean:
	rm -rf build build-asan build-fuzz

clean-data:
	rm -rf bench/data

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
