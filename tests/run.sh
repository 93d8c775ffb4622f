#!/bin/sh
# Runs every test against one build: the cmocka unit tests (TAP output) and
# the shell tests in tests/cli/. Prints TAP lines, then "N passed, N failed".
# usage: tests/run.sh BIN BUILD_DIR
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export MUSTER_BIN="$BIN" MUSTER_ROOT="$ROOT" MUSTER_NOW=2026-11-23T12:00:00Z MUSTER_USER=tester
# The tests' python3 is Debian's, which scripts/deps.sh installs: a python3
# found earlier on PATH may be a version manager's shim (pyenv's costs 0.5 s
# of CPU a start against 20 ms, and the tests start python3 thousands of times).
if [ -x /usr/bin/python3 ]; then
	mkdir -p "$OUT/bin" && ln -s /usr/bin/python3 "$OUT/bin/python3"
	PATH="$OUT/bin:$PATH"
	export PATH
fi
: > "$OUT/tap"
# Unit tests: each tests/unit/test_*.c links against the library objects
# (everything but main.o and the renderers: src/cli, src/web, the report in
# src/report, and each feature's *_cli.c, *_page.c, *_chart.c and *_serve.c).
# The objects of today's sources only: one left from a removed source would clash.
objs=$(cd "$ROOT" && find src -name '*.c' ! -path src/main.c ! -path 'src/cli/*' ! -path 'src/web/*' ! -path 'src/report/*' ! -name '*_cli.c' ! -name '*_page.c' ! -name '*_chart.c' ! -name '*_serve.c' |
	sort | sed "s|^\(.*\)\.c\$|$BUILD/\1.o|")
for t in "$ROOT"/tests/unit/test_*.c; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .c)
	exe="$BUILD/tests/$name"
	mkdir -p "$BUILD/tests"
	if ! ${CC:-cc} $CFLAGS $WARN -I"$ROOT/src" -o "$exe" "$t" $objs $LDLIBS -lcmocka 2> "$OUT/cc.log"; then
		echo "not ok - $name does not build: $(head -c 2000 "$OUT/cc.log")" >> "$OUT/tap"
		continue
	fi
	(cd "$OUT" && ASAN_OPTIONS=${MUSTER_LEAK_ASAN_OPTIONS:-$ASAN_OPTIONS} CMOCKA_MESSAGE_OUTPUT=TAP "$exe" 2>&1) | grep -E '^(not )?ok ' | sed "s/^\(not ok\|ok\) [0-9]* - /\1 - $name: /" >> "$OUT/tap"
done
# Shell tests: each prints "ok - NAME" or "not ok - NAME: why" per case.
# They run side by side (MUSTER_TEST_JOBS, default one per core), each in
# its own directory, the largest first; their lines are printed in name order.
jobs=${MUSTER_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
ls -S "$ROOT"/tests/cli/*.sh 2>/dev/null | xargs -r -P "$jobs" -I{} sh -c '
	name=$(basename "$2" .sh)
	work=$(mktemp -d "$1/cli.$name.XXXXXX")
	t0=$(date +%s)
	(cd "$work" && sh "$2" 2>&1) | grep -E "^(not )?ok " > "$1/tap.$name"
	echo "$(( $(date +%s) - t0 )) $name" > "$1/time.$name"' _ "$OUT" {}
for t in "$ROOT"/tests/cli/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	[ -e "$OUT/tap.$name" ] || echo "not ok - $name: the test did not run" > "$OUT/tap.$name"
	cat "$OUT/tap.$name" >> "$OUT/tap"
done
cat "$OUT/tap"
echo "# the slowest shell tests (seconds): $(cat "$OUT"/time.* 2>/dev/null | sort -rn | head -8 | awk '{printf "%s %s, ", $2, $1}')"
pass=$(grep -c '^ok ' "$OUT/tap")
fail=$(grep -c '^not ok ' "$OUT/tap")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
