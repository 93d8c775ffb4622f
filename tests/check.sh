#!/bin/sh
# make check: every test on the normal build, then on a build with
# AddressSanitizer and UndefinedBehaviorSanitizer; one closing line.
cd "$(dirname "$0")/.." || exit 2
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0
echo "== tests (-O2)"
make --no-print-directory test 2>&1 | tee -a "$LOG" | grep -v '^ok ' || status=1
echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make --no-print-directory test-san 2>&1 | tee -a "$LOG" | grep -v '^ok ' || status=1
echo "== every importer under libFuzzer, briefly (make fuzz runs longer)"
sh tests/fuzz/run.sh "${MUSTER_FUZZ_SECONDS:-4}" 2>&1 | tee -a "$LOG" | grep -v '^ok '
true
pass=$(grep -c '^ok ' "$LOG")
fail=$(grep -c '^not ok ' "$LOG")
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed"
exit $status
