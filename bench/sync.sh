#!/bin/sh
# bench/sync.sh: what `muster sync` sends between two files that share ROWS
# records and differ by 100 (50 of its own on each side), over HTTP on
# 127.0.0.1 (see bench/README.md, section j): the bytes sent both ways, the
# messages, the time, beside the zlib-compressed size of the 100 records that
# had to move.
#
#   sh bench/sync.sh [path/to/muster] [ROWS]     (bench/run.sh calls it; ROWS default 1,000,000)
#
# Not measured here: a link of 64 kbit/s with 300 ms round trips and 2 % loss
# (issue 21's benchmark), which needs a network namespace with netem.
set -eu
MUSTER=${1:-build/muster}
ROWS=${2:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$MUSTER" ] || { echo "bench/sync: no muster binary at $MUSTER (run make first)" >&2; exit 1; }
MUSTER=$(cd "$(dirname "$MUSTER")" && pwd)/$(basename "$MUSTER")
W=$(mktemp -d "${BENCH_DIR:-/tmp}/muster-sync.XXXXXX")
spid=""
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"
export MUSTER_NOW=2026-11-23T12:00:00Z MUSTER_USER=bench
${CC:-cc} -O2 -o gen "$HERE/gen.c"
./gen --source > source.csv
./gen "$ROWS" > movements.csv
"$MUSTER" --db a.db init > /dev/null
"$MUSTER" --db a.db import source.csv movements.csv > /dev/null
cp a.db b.db
for side in a b; do
	awk -v s=$side 'BEGIN { print "kind,mission,date,country,unit,category,personnel,event,sources"
		for (i = 1; i <= 50; i++) printf "arrival,BENCH,2012-01-01,KEN,Aviation Unit,military,%d,side-%s-%d,bench-src\n", i, s, i }' > $side.csv
	"$MUSTER" --db $side.db import $side.csv > /dev/null
done
printf 'bench pass 1234\n' | "$MUSTER" --db b.db user add bench --role admin > /dev/null
PORT=$((30000 + $$ % 20000))
"$MUSTER" --db b.db serve --listen 127.0.0.1:$PORT 2> serve.log &
spid=$!
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/head" && break; sleep 0.1; done
printf 'bench pass 1234\n' | "$MUSTER" --db a.db sync "http://127.0.0.1:$PORT" --user bench --json > sync.json
kill "$spid"
wait "$spid" 2>/dev/null || true
spid=""
python3 - "$ROWS" <<'PY'
import json, sqlite3, sys, zlib
d = json.load(open("sync.json"))
rows = sqlite3.connect("a.db").execute("SELECT id, body FROM log WHERE body LIKE '%side-%'").fetchall()
packed = len(zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6))
total = d["bytes_sent"] + d["bytes_received"]
print("j. sync: two files of %s shared records, 50 of their own each" % f"{int(sys.argv[1]):,}")
print("   moved %d records (%d bytes as text, %d compressed) in %d messages, %.1f s; same digest: %s"
      % (d["pulled"] + d["pushed"], d["record_bytes_pulled"] + d["record_bytes_pushed"], packed, d["messages"],
         d["seconds"], d["same"]))
print("   bytes sent %d, received %d: %d in all = %.1fx the compressed records (%.0f bytes a difference)"
      % (d["bytes_sent"], d["bytes_received"], total, total / packed, total / 100))
PY
