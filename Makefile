# Muster: `make run` builds and serves the bundled record; `make check` runs
# every test, then again under AddressSanitizer and UndefinedBehaviorSanitizer.
CC      ?= cc
PKGS    := sqlite3 jansson libsodium
CFLAGS  ?= -O2 -g
DATA_DIR ?= $(CURDIR)/data
# Always on, whatever CFLAGS the caller gives (the sanitizer build sets CFLAGS).
WARN    := -std=gnu11 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wno-format-truncation -D_GNU_SOURCE \
           $(shell pkg-config --cflags libxml-2.0 libmicrohttpd zlib xlsxwriter libpq)
BUILD   ?= build
# The page translations: po/LANG.po compiled by msgfmt into BUILD/po/LANG.mo,
# which src/i18n/lang.c embeds (so the build needs Debian's gettext).
LANGS   := fr ht es
MO      := $(LANGS:%=$(BUILD)/po/%.mo)
DEFS    := -DMUSTER_DATA_DIR=\"$(DATA_DIR)\" -DMUSTER_MO_DIR=\"$(abspath $(BUILD))/po\"
# libxml2, libmicrohttpd, libxlsxwriter and libpq (--log) are loaded with dlopen by the one command
# that needs each (src/core/dynlib.c): only their headers are needed at build time.
# The libraries every command links are linked statically, from the .a files of the
# same Debian -dev packages: a question is a process of a few milliseconds, of which
# mapping and relocating five shared libraries took 0.5 ms (bench/README.md, c). The
# price: a Debian security update of one of them reaches muster at its next build.
# `make SHARED_LIBS=1` links them as shared libraries instead.
LIBS    := -lsqlite3 -ljansson -lsodium -lnettle -lcsv $(shell pkg-config --libs zlib)
ifeq ($(SHARED_LIBS),)
LDLIBS  := -Wl,-Bstatic $(LIBS) -Wl,-Bdynamic -lm -lpthread -ldl
else
LDLIBS  := $(LIBS) -lm -lpthread -ldl
endif

SRC     := $(wildcard src/*.c src/*/*.c)
DATA    := $(wildcard data/haiti/*.csv)
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
BIN     := $(BUILD)/muster
DB      ?= muster.db

.PHONY: all deps deps-test deps-bench run check check-pg test test-san san-build fuzz bench clean po print-ldlibs

all: $(BIN)

# make run needs only the build's packages; make check adds Chromium, Node.js and
# the npm packages of tests/browser; make bench adds wrk and nginx.
deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh test

deps-bench:
	@sh scripts/deps.sh bench

$(BUILD)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) $(WARN) $(DEFS) -c -o $@ $<

$(BUILD)/src/cli/bundled.o: $(DATA)
$(BUILD)/src/money/iati_schema.o: $(wildcard data/iati/schema-2.03/*.xsd)

$(BUILD)/po/%.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT $<"
	@msgfmt --check -o $@ $<

$(BUILD)/src/i18n/lang.o: $(MO)

# po/muster.pot from the strings marked in the code (_(b, "…"), _n(b, "…",
# "…", n), N_("…"), buf_t(b, "…"), buf_tf(b, "…", …), buf_tfn(b, "…", "…", n, …)), merged into every translation; then translate what
# msgmerge marked new or fuzzy (tests/cli/web_i18n.sh fails until then).
po:
	xgettext --from-code=UTF-8 --language=C --keyword=_:2 --keyword=_n:2,3 --keyword=N_ \
	  --keyword=buf_t:2 --keyword=buf_tf:2 --keyword=buf_tfn:2,3 \
	  --add-comments=TRANSLATORS: --add-location=file --package-name=muster --msgid-bugs-address="the Muster project" \
	  --sort-by-file -o po/muster.pot $(sort $(wildcard src/web/*.c src/*/*_page.c src/*/*_chart.c))
	for l in $(LANGS); do msgmerge --quiet --update --backup=none --add-location=file po/$$l.po po/muster.pot; done

$(BIN): $(OBJ)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $(WARN) -o $@ $(OBJ) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory all
	@[ -s $(DB) ] || $(BIN) --db $(DB) init --bundled
	@$(BIN) --db $(DB) summary
	@echo
	@$(BIN) --db $(DB) serve --listen 127.0.0.1:8080

test: $(BIN)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" WARN='$(WARN)' LDLIBS="$(LDLIBS)" sh tests/run.sh $(BIN) $(BUILD)

SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The tests start the sanitizer build thousands of times: linked as a
# position-dependent executable with the sanitizers' runtimes inside, it
# starts in a third of the CPU time (23 ms against 70 for --help), most of
# which went to the dynamic loader's relocations.
SAN_LDFLAGS := -no-pie -static-libasan -static-libubsan

test-san:
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_CFLAGS)" LDFLAGS="$(SAN_LDFLAGS)" test

# The sanitizer build alone (make check compiles it while the -O2 tests run).
san-build:
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_CFLAGS)" LDFLAGS="$(SAN_LDFLAGS)" all

check: deps-test
	@$(MAKE) --no-print-directory all
	@sh tests/check.sh

# The log in PostgreSQL (issue 22, docs/hq.md): one PostgreSQL server, then a
# pg_auto_failover monitor and two nodes on 127.0.0.1, killed and restarted
# (several minutes; .ci/run calls it after make check). Needs root: PostgreSQL
# runs as the user postgres.
check-pg: deps-test
	@$(MAKE) --no-print-directory all
	@sh tests/pg/run.sh $(BIN)

# Every importer under libFuzzer (clang, with ASan and UBSan) for FUZZ_SECONDS
# each, from the seed corpus in tests/fuzz/corpus; make check runs it briefly.
FUZZ_SECONDS ?= 300
fuzz: deps-test
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

print-ldlibs:
	@echo '$(LDLIBS)'

bench: deps-bench all
	@sh bench/run.sh $(BIN)

clean:
	rm -rf build build-san build-fuzz build-fuzz.log
