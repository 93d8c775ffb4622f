# Muster: `make run` builds and serves the bundled record; `make check` runs
# every test, then again under AddressSanitizer and UndefinedBehaviorSanitizer.
CC      ?= cc
PKGS    := sqlite3 jansson libsodium
CFLAGS  ?= -O2 -g
DATA_DIR ?= $(CURDIR)/data
# Always on, whatever CFLAGS the caller gives (the sanitizer build sets CFLAGS).
WARN    := -std=gnu11 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wno-format-truncation -D_GNU_SOURCE \
           $(shell pkg-config --cflags libxml-2.0 libmicrohttpd zlib xlsxwriter)
DEFS    := -DMUSTER_DATA_DIR=\"$(DATA_DIR)\"
# libxml2, libmicrohttpd and libxlsxwriter are loaded with dlopen by the one command
# that needs each (src/core/dynlib.c): only their headers are needed at build time.
LDLIBS  := -lsqlite3 -ljansson -lsodium -lcsv -lpthread -ldl $(shell pkg-config --libs zlib)

SRC     := $(wildcard src/*.c src/*/*.c)
DATA    := $(wildcard data/haiti/*.csv)
BUILD   ?= build
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
BIN     := $(BUILD)/muster
DB      ?= muster.db

.PHONY: all deps run check test test-san bench clean

all: $(BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) $(WARN) $(DEFS) -c -o $@ $<

$(BUILD)/src/cli/bundled.o: $(DATA)

$(BIN): $(OBJ)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) $(WARN) -o $@ $(OBJ) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory all
	@[ -s $(DB) ] || $(BIN) --db $(DB) init --bundled
	@$(BIN) --db $(DB) summary
	@echo
	@$(BIN) --db $(DB) serve --listen 127.0.0.1:8080

test: $(BIN)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" WARN='$(WARN)' LDLIBS="$(LDLIBS)" sh tests/run.sh $(BIN) $(BUILD)

test-san:
	@$(MAKE) --no-print-directory BUILD=build-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  test

check: deps
	@$(MAKE) --no-print-directory all
	@sh tests/check.sh

bench: deps all
	@sh bench/run.sh $(BIN)

clean:
	rm -rf build build-san
