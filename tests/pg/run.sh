#!/bin/sh
# tests/pg/run.sh BIN: the tests of the log in PostgreSQL (make check-pg),
# each in a fresh folder; prints their lines and a count, fails on any
# "not ok". They start PostgreSQL as the unprivileged user postgres, which
# needs root (runuser); as another user they are skipped, loudly.
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "check-pg: skipped: the tests start PostgreSQL as the user postgres, which needs root" >&2
	exit 1
fi
pass=0 failed=0
for t in "$ROOT"/tests/pg/*.sh; do
	case "$t" in */lib.sh | */run.sh) continue ;; esac
	d=$(mktemp -d)
	start=$(date +%s)
	out=$(cd "$d" && MUSTER_BIN=$BIN MUSTER_ROOT=$ROOT MUSTER_NOW=2026-11-23T12:00:00Z MUSTER_USER=tester \
		timeout 1200 sh "$t" 2>&1)
	rm -rf "$d"
	echo "$out"
	p=$(echo "$out" | grep -c '^ok - ')
	f=$(echo "$out" | grep -c '^not ok - ')
	[ "$p" -gt 0 ] || f=$((f + 1))
	echo "# $(basename "$t"): $p passed, $f failed in $(( $(date +%s) - start )) s"
	pass=$((pass + p))
	failed=$((failed + f))
done
echo "check-pg: $pass passed, $failed failed"
[ "$failed" = 0 ]
