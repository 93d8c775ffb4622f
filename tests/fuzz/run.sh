#!/bin/sh
# tests/fuzz/run.sh SECONDS [FORMAT…]: builds the importers with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (in build-fuzz),
# links one target per format (fuzz_import.c) and runs each for SECONDS from
# the committed seed corpus tests/fuzz/corpus/FORMAT (inputs it finds go to
# build-fuzz/corpus/FORMAT, never into the tree). Prints one TAP line per
# format; a finding is saved as build-fuzz/crash-FORMAT-* and named.
# `make fuzz` runs it for 300 s a format; `make check` for a few seconds.
cd "$(dirname "$0")/../.." || exit 2
SECS=${1:-60}
shift
FORMATS=${*:-csv jsonl un-contributions fts iati hxl akn geojson}
B=build-fuzz
FLAGS="-O1 -g -Wno-unknown-warning-option -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if ! command -v clang > /dev/null; then
	echo "not ok - fuzz: clang is not installed (sh scripts/deps.sh test installs clang and libclang-rt-14-dev)"
	exit 1
fi
make --no-print-directory -j2 BUILD=$B CC=clang CFLAGS="$FLAGS -fsanitize=fuzzer-no-link" all > $B.log 2>&1 || {
	echo "not ok - fuzz: the clang build fails: $(grep -m3 error $B.log)"
	exit 1
}
objs=$(find src -name '*.c' ! -path src/main.c ! -path 'src/cli/*' ! -path 'src/web/*' ! -path 'src/report/*' ! -name '*_cli.c' ! -name '*_page.c' ! -name '*_chart.c' ! -name '*_serve.c' | sort | sed "s|^\(.*\)\.c\$|$B/\1.o|")
LDLIBS=$(make --no-print-directory -s print-ldlibs)
status=0
for f in $FORMATS; do
	exe=$B/fuzz-$f
	if ! clang $FLAGS -fsanitize=fuzzer -DFUZZ_FORMAT=$f -Isrc -o "$exe" tests/fuzz/fuzz_import.c $objs $LDLIBS \
		$(pkg-config --cflags libxml-2.0) 2> $B/ld-$f.log; then
		echo "not ok - fuzz $f: the target does not link: $(head -c 600 $B/ld-$f.log)"
		status=1
		continue
	fi
	# FUZZ_BUILD_ONLY=1: build the targets, run nothing (make check builds
	# them while other tests run).
	[ -n "$FUZZ_BUILD_ONLY" ] && continue
	mkdir -p $B/corpus/$f
	# -rss_limit_mb: an input that makes a reader take more than 1 GiB is a finding too.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	MUSTER_NOW=2026-11-23T12:00:00Z MUSTER_USER=fuzz \
		"$exe" -max_total_time="$SECS" -rss_limit_mb=1024 -max_len=16384 -timeout=20 \
		-artifact_prefix=$B/crash-$f- $B/corpus/$f tests/fuzz/corpus/$f > $B/run-$f.log 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $B/run-$f.log)
	if [ $rc -eq 0 ]; then
		echo "ok - fuzz $f: ${runs:-?} inputs in ${SECS} s, no crash, leak or sanitizer report"
	else
		echo "not ok - fuzz $f: a finding (exit $rc), input saved as $(ls $B/crash-$f-* 2>/dev/null | head -1): $(grep -m1 -E 'ERROR|runtime error|fuzz:' $B/run-$f.log)"
		status=1
	fi
done
exit $status
