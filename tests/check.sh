#!/bin/sh
# make check: every test on the normal build (while the sanitizer and fuzz
# builds compile), then on a build with AddressSanitizer and
# UndefinedBehaviorSanitizer, then every importer briefly under libFuzzer;
# one closing line.
cd "$(dirname "$0")/.." || exit 2
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0
# The sanitizer and fuzz builds compile while the -O2 tests run (those wait on
# servers and sleeps); their errors show when their tests run.
( make --no-print-directory san-build > build-san.log 2>&1; FUZZ_BUILD_ONLY=1 sh tests/fuzz/run.sh 0 > /dev/null 2>&1 ) &
builds=$!
echo "== tests (-O2)"
make --no-print-directory test 2>&1 | tee -a "$LOG" | grep -v '^ok ' || status=1
wait $builds
echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
# LeakSanitizer's scan at every exit costs a short command more than its work
# (63 ms against 26 ms for --help): the thousands of short commands run without
# it; the servers (which answer every question), the unit tests, and the tests
# of every command and of bad input (leak.sh, bad_input.sh, interchange_bad.sh)
# run with it, through MUSTER_LEAK_ASAN_OPTIONS; the fuzz targets always do.
# tests/lsan.supp names the one library whose process-long caches are not
# freed at exit (fontconfig, behind the PDF report).
LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0 \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 MUSTER_LEAK_ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make --no-print-directory test-san 2>&1 | tee -a "$LOG" | grep -v '^ok ' || status=1
echo "== every importer under libFuzzer, briefly (make fuzz runs longer)"
sh tests/fuzz/run.sh "${MUSTER_FUZZ_SECONDS:-4}" 2>&1 | tee -a "$LOG" | grep -v '^ok '
true
pass=$(grep -c '^ok ' "$LOG")
fail=$(grep -c '^not ok ' "$LOG")
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed"
exit $status
