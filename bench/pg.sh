#!/bin/sh
# bench/pg.sh: the log in PostgreSQL (issue 22; bench/README.md, section k),
# on a pg_auto_failover formation (a monitor and two nodes on 127.0.0.1,
# synchronous replication) started by tests/pg/lib.sh, stopped at the end:
#  - the write rate through muster into the replicated log: an import of
#    ROWS movements into an empty file with --log (one transaction), and
#    `muster add` one record at a time, each acknowledged after the standby;
#  - PostgreSQL's own COPY of the same rows into a table like muster_log on
#    the same cluster (psql \copy);
#  - the read model's lag: a muster server following the log, the time from
#    a write's acknowledgement to the server answering it, and the time to
#    apply the bulk import;
#  - the failover time: the primary's process group SIGKILLed while a
#    writer adds records, to the first acknowledged write.
#
#   sh bench/pg.sh [path/to/muster] [ROWS]    (bench/run.sh calls it; ROWS default 100,000)
#
# Needs root (PostgreSQL runs as the user postgres).

MUSTER=${1:-build/muster}
ROWS=${2:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$MUSTER" ] || { echo "bench/pg: no muster binary at $MUSTER (run make first)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench/pg: skipped: PostgreSQL runs as the user postgres, which needs root" >&2; exit 0; }
M=$(cd "$(dirname "$MUSTER")" && pwd)/$(basename "$MUSTER")
MUSTER_ROOT=$(cd "$HERE/.." && pwd)
MUSTER_BIN=$M
. "$MUSTER_ROOT/tests/pg/lib.sh"
pg_setup
cd "$PGT"
export MUSTER_NOW=2026-11-23T12:00:00Z MUSTER_USER=bench
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / ((b - a) / 1000) }'; }

echo "================================================================ k. the log in PostgreSQL"
t0=$(now_ms)
paf_start || { echo "bench/pg: the formation did not start: $(tail -n 3 "$PGT"/*.log)" >&2; exit 1; }
echo "formation (monitor, primary, synchronous standby) up in $(( ($(now_ms) - t0) / 1000 )) s; standby named: $(psql -qAt "$URL" -c 'show synchronous_standby_names')"
${CC:-cc} -O2 -o gen "$HERE/gen.c"
./gen --source > source.csv
./gen "$ROWS" > movements.csv

# A server following the log, from an empty file.
"$M" --db r.db init > /dev/null
PORT=$((PG_BASE + 5))
"$M" --db r.db serve --log "$URL" --listen 127.0.0.1:$PORT 2> serve.log &
MUSTER_PIDS="$MUSTER_PIDS $!"
wait_for 30 "the server" sh -c "curl -sf 127.0.0.1:$PORT/api/v1/head > /dev/null"
served() { sqlite3 r.db 'select count(*) from log' 2>/dev/null; }

# Bulk: one import through the log.
"$M" --db w.db init > /dev/null
t0=$(now_ms)
"$M" --db w.db import --log "$URL" source.csv movements.csv > /dev/null || { echo "bench/pg: the import failed" >&2; exit 1; }
t1=$(now_ms)
n=$((ROWS + 1))
wait_for 600 "the server to apply the import" sh -c "[ \"\$(sqlite3 r.db 'select count(*) from log' 2>/dev/null)\" = $n ]"
t2=$(now_ms)
echo "import through muster into the replicated log: $n records in $(ms $t0 $t1) ms: $(rate $n $t0 $t1) records/s"
echo "  the server's file had applied them $(ms $t1 $t2) ms after the import's acknowledgement ($(rate $n $t1 $t2) records/s through the arrival path)"

# PostgreSQL's own COPY of the same rows into a table like muster_log.
sqlite3 -batch -readonly w.db ".mode tabs" "select seq, id, body, chain from log order by seq" |
	sed 's/\\/\\\\/g' > rows.tsv
psql -qAt "$URL" -c "create table copy_bench (like muster_log including all)" > /dev/null
t0=$(now_ms)
psql -qAt "$URL" -c "\\copy copy_bench(seq, id, body, chain) from 'rows.tsv'" > /dev/null
t1=$(now_ms)
echo "PostgreSQL's COPY of the same rows into a table like muster_log, same cluster: $(ms $t0 $t1) ms: $(rate $n $t0 $t1) records/s"
psql -qAt "$URL" -c "drop table copy_bench" > /dev/null

# One at a time: N adds, each acknowledged after the standby; the lag is
# the time until the server has the record.
N=${BENCH_PG_ADDS:-50}
: > lags
t0=$(now_ms)
i=0
while [ $i -lt "$N" ]; do
	i=$((i + 1))
	"$M" --db w.db add source --ref b$i --publisher P --title "Bench $i" --grade B --log "$URL" > /dev/null ||
		{ echo "bench/pg: add $i failed" >&2; exit 1; }
	a=$(now_ms)
	want=$((n + i))
	while [ "$(served)" -lt $want ]; do sleep 0.005; done
	echo $(( $(now_ms) - a )) >> lags
done
t1=$(now_ms)
echo "muster add, one record a process, $N in a row: $(rate "$N" $t0 $t1) writes/s ($(awk -v a=$t0 -v b=$t1 -v n="$N" 'BEGIN { printf "%.0f", (b - a) / n }') ms each, the lag wait included)"
sort -n lags | awk '{ v[NR] = $1 } END { printf "  the read model'"'"'s lag after each acknowledgement (poll every %s ms): median %d ms, p90 %d ms, max %d ms\n", ENVIRON["MUSTER_LOG_POLL_MS"] ? ENVIRON["MUSTER_LOG_POLL_MS"] : 100, v[int((NR + 1) / 2)], v[int(NR * 0.9)], v[NR] }'

# Failover: a writer in a loop, the primary's machine lost.
(
	i=0
	while [ ! -f stop ]; do
		i=$((i + 1))
		b=$(now_ms)
		"$M" --db w.db add source --ref f$i --publisher P --title "Failover $i" --grade B --log "$URL" > /dev/null 2>&1 &&
			echo "f$i $b $(now_ms)" >> acked
	done
) &
WPID=$!
MUSTER_PIDS="$MUSTER_PIDS $WPID"
wait_for 60 "writes" sh -c "[ -f acked ] && [ \$(wc -l < acked) -ge 5 ]"
k=$(now_ms)
kill_group n1 KILL
wait_for 120 "the promotion" paf_is n2 wait_primary
p=$(now_ms)
# The old primary's machine comes back at once (a reboot): until it is a
# standby again no write is acknowledged (none could be confirmed).
paf_node n1 "$((PG_BASE + 1))"
wait_for 240 "a write after the kill" sh -c "[ -f acked ] && [ \$(awk -v t=$k '\$2 > t' acked | wc -l) -ge 1 ]"
first=$(awk -v t=$k '$2 > t { print $3; exit }' acked)
echo "failover: the primary's processes SIGKILLed; the standby promoted $(ms $k "$p") ms later (health checks every 1 s, unhealthy after 3 s);"
echo "  the first acknowledged write $(ms $k "$first") ms after the kill, the old primary having rejoined as the standby"
touch stop
wait $WPID 2>/dev/null
