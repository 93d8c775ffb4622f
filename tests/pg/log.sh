# tests/pg/log.sh: the log in PostgreSQL (issue 22) on one PostgreSQL server
# without a standby: writes through the log, files as read models that catch
# up, a server that follows the log, the refusal to write without a
# synchronous standby, a file that is not a read model of the log, a writer
# and a server killed mid-write, and the same answers from a file fed by the
# log as from a plain file holding the same records.
. "$MUSTER_ROOT/tests/pg/lib.sh"
pg_setup
pg_single || { fail "PostgreSQL starts" "$(tail -n 5 "$PGT/initdb.log" "$PGT/d/single.log")"; exit 1; }
Q() { psql -qAt "$URL" -c "$1"; }
mkdir w r plain
# One server, no standby: every write below says so.
export MUSTER_LOG_ALONE=1

expect_out "init --bundled writes the log" "m.db: created, 348 records from the bundled Haiti record" \
	$M --db w/m.db init --log "$URL" --bundled
[ "$(Q 'select count(*), min(seq), max(seq) from muster_log')" = "348|1|348" ] && ok "the log holds seq 1..348" ||
	fail "the log holds seq 1..348" "$(Q 'select count(*), min(seq), max(seq) from muster_log')"
[ "$(Q 'select string_agg(column_name, $$,$$ order by ordinal_position) from information_schema.columns where table_name = $$muster_log$$')" = "seq,id,body,chain,received_at" ] &&
	ok "the log's columns" || fail "the log's columns" "$(Q 'select * from muster_log limit 0')"
same=$(sqlite3 w/m.db "select group_concat(seq || ' ' || id || ' ' || chain, ' ') from (select * from log order by seq)")
[ "$same" = "$(Q "select string_agg(seq || ' ' || id || ' ' || chain, ' ' order by seq) from muster_log")" ] &&
	ok "the file's log is the log's rows" || fail "the file's log is the log's rows" "differs"

# A second, empty file catches up at its first write, then appends after.
$M --db r/m.db init > /dev/null
expect_out "a write from an empty file" "" $M --db r/m.db add --log "$URL" source --ref r-src --publisher P --title T --grade B
[ "$(sqlite3 r/m.db 'select count(*) from log')" = 349 ] && [ "$(Q 'select max(seq) from muster_log')" = 349 ] &&
	ok "it caught up first: 349 in the file and the log" || fail "caught up" "$(sqlite3 r/m.db 'select count(*) from log')"
# The writer's own file lacks that record; its next write applies it first,
# and the checks see it (a ref taken in the log).
expect_err "a ref taken by another writer's record" - 2 \
	"muster add: field \"ref\": \"r-src\" is already the ref of record $(Q "select left(id, 16) from muster_log where seq = 349"); pick another ref, or use muster correct r-src to change that record" \
	$M --db w/m.db add --log "$URL" source --ref r-src --publisher P --title T2 --grade C
[ "$(Q 'select max(seq) from muster_log')" = 349 ] && ok "nothing written to the log" || fail "nothing written" "$(Q 'select max(seq) from muster_log')"

# Corrections and retractions travel as any record.
$M --db w/m.db correct --log "$URL" r-src --grade A > /dev/null && ok "correct through the log" || fail "correct" "exit $?"
$M --db r/m.db retract --log "$URL" r-src --reason "test retraction" > /dev/null && ok "retract through the log" || fail "retract" "exit $?"

# Without a synchronous standby, a write is refused unless MUSTER_LOG_ALONE=1.
expect_err "no synchronous standby: refused" - 5 \
	"muster add: the log in PostgreSQL (--log) has no synchronous standby just now (synchronous_standby_names is empty), so a write could be lost with its primary; nothing was written, try again once the standby is back (MUSTER_LOG_ALONE=1 writes without one: docs/hq.md)" \
	env -u MUSTER_LOG_ALONE $M --db w/m.db add --log "$URL" source --ref lone --publisher P --title T --grade B
[ "$(Q 'select max(seq) from muster_log')" = 351 ] && ok "still 351 in the log" || fail "still 351" "$(Q 'select max(seq) from muster_log')"

# The log unreachable: busy, nothing changed.
expect_err "the log unreachable" w/m.db 5 \
	"muster add: the log in PostgreSQL (--log): cannot connect: connection to server at \"127.0.0.1\", port 1 failed: Connection refused 	Is the server running on that host and accepting TCP/IP connections?; nothing was written, try again" \
	$M --db w/m.db add source --ref lone --publisher P --title T --grade B --log "postgresql://muster@127.0.0.1:1/postgres"

# A file with records the log lacks is no read model of it.
$M --db plain/x.db init --bundled > /dev/null
$M --db plain/x.db add source --ref only-here --publisher P --title T --grade B > /dev/null
expect_err "a file the log does not hold" plain/x.db 4 \
	"muster add: plain/x.db is not a read model of the log in PostgreSQL (--log): at seq 349 the file and the log hold different records; make a new file (muster init) and let it catch up from the log" \
	$M --db plain/x.db add --log "$URL" source --ref x2 --publisher P --title T --grade B

# A server follows the log: a record written elsewhere is answered within
# a second; its file verifies.
mkdir s
$M --db s/m.db init > /dev/null
PORT=$((PG_BASE + 5))
$M --db s/m.db serve --log "$URL" --listen 127.0.0.1:$PORT 2> s/err &
SPID=$!
MUSTER_PIDS="$MUSTER_PIDS $SPID"
head() { curl -s "127.0.0.1:$PORT/api/v1/head" | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['public_records'])" 2>/dev/null; }
wait_for 20 "the server" sh -c "curl -s 127.0.0.1:$PORT/api/v1/head > /dev/null"
[ "$(head)" = 351 ] && ok "the server caught up at its start: 351" || fail "server caught up" "$(head); $(cat s/err)"
$M --db w/m.db add --log "$URL" source --ref seen --publisher P --title T --grade B > /dev/null
t0=$(now_ms)
wait_for 5 "the new record" sh -c "[ \"\$(curl -s 127.0.0.1:$PORT/api/v1/head | grep -c '\"public_records\": 352')\" = 1 ]" &&
	ok "the server answers a record written elsewhere ($(( $(now_ms) - t0 )) ms)" || fail "the server follows" "$(head)"

# A base's sync push arriving at the server is written through the log.
printf 'hq pass 12345\n' | $M --db s/m.db user add hq --role admin > /dev/null
$M --db base.db init --bundled > /dev/null
$M --db base.db add source --ref from-base --publisher P --title T --grade B > /dev/null
printf 'hq pass 12345\n' | $M --db base.db sync "http://127.0.0.1:$PORT" --push --user hq > sync.out 2>&1 &&
	[ "$(Q "select count(*) from muster_log where body like '%\"ref\":\"from-base\"%'")" = 1 ] &&
	ok "a sync push to the server is written to the log" || fail "a sync push through the log" "$(cat sync.out)"

# A writer killed mid-import: the log holds all of it or none, and the
# next write applies what the log holds.
printf 'kind,ref,publisher,title,grade\n' > many.csv
awk 'BEGIN { for (i = 1; i <= 12000; i++) printf "source,k%d,Publisher %d,Title of source %d,B\n", i, i, i }' >> many.csv
before=$(Q 'select max(seq) from muster_log')
$M --db w/m.db import --log "$URL" many.csv > /dev/null 2>&1 &
IPID=$!
# Killed while its transaction holds the log's lock (from its first record
# to its commit in PostgreSQL).
wait_for 60 "the lock" sh -c "[ \"\$(psql -qAt '$URL' -c \"select count(*) from pg_locks where relation = 'muster_log'::regclass and mode = 'ExclusiveLock'\")\" -gt 0 ]" &&
	ok "the import holds the log's lock" || fail "the import holds the log's lock" "never seen"
sleep 0.$(($$ % 10))
kill -9 $IPID 2>/dev/null
wait $IPID 2>/dev/null
after=$(Q 'select max(seq) from muster_log')
case "$after" in
"$before" | "$((before + 12000))") ok "a killed import wrote all or nothing to the log ($before -> $after)" ;;
*) fail "a killed import wrote all or nothing" "$before -> $after" ;;
esac
$M --db w/m.db add --log "$URL" source --ref after-kill --publisher P --title T --grade B > /dev/null &&
	[ "$(sqlite3 w/m.db 'select count(*) from log')" = "$((after + 1))" ] &&
	ok "the next write applies the log first ($((after + 1)) records)" || fail "next write after the kill" "$(sqlite3 w/m.db 'select count(*) from log')"
expect_out "the writer's file verifies" "derived tables match the log" $M --db w/m.db verify
$M --db w/m.db import --log "$URL" many.csv > /dev/null 2>&1 || true
n=$(Q 'select max(seq) from muster_log')

# The server killed while it applies, started again: it goes on from where
# it stopped.
wait_for 30 "the server catches up" sh -c "[ \"\$(sqlite3 s/m.db 'select count(*) from log')\" = $n ]"
kill -9 $SPID
wait $SPID 2>/dev/null
$M --db s2.db init > /dev/null
MUSTER_LOG_BATCH=2000 $M --db s2.db serve --log "$URL" --listen 127.0.0.1:$PORT 2> s2.err &
SPID=$!
MUSTER_PIDS="$MUSTER_PIDS $SPID"
wait_for 60 "some applied" sh -c "[ \"\$(sqlite3 s2.db 'select count(*) from log' 2>/dev/null)\" -gt 2000 ]"
kill -9 $SPID
wait $SPID 2>/dev/null
part=$(sqlite3 s2.db 'select count(*) from log')
$M --db s2.db serve --log "$URL" --listen 127.0.0.1:$PORT 2> s2.err &
SPID=$!
MUSTER_PIDS="$MUSTER_PIDS $SPID"
wait_for 60 "the server again" sh -c "curl -s 127.0.0.1:$PORT/api/v1/head > /dev/null"
[ "$(sqlite3 s2.db 'select count(*) from log')" = "$n" ] &&
	ok "a server killed while catching up ($part of $n) goes on from there" || fail "server catch-up after kill" "$(sqlite3 s2.db 'select count(*) from log') of $n; $(cat s2.err)"
grep -q "following the log: $n records in the file ($((n - part)) applied now)" s2.err &&
	ok "it applied only what it lacked ($((n - part)))" || fail "applied only what it lacked" "$(cat s2.err)"
expect_out "its file verifies" "derived tables match the log" $M --db s2.db verify
kill $SPID
wait $SPID 2>/dev/null

# Same answers: a file fed only by the log (r/m.db, through the arrival
# path) and a plain file holding the same records (the log's bodies
# imported in order) give the same documents.
$M --db r/m.db add --log "$URL" source --ref last --publisher P --title T --grade B > /dev/null
psql -qAt "$URL" -c "select body from muster_log order by seq" > log.jsonl
$M --db plain/m.db init > /dev/null
$M --db plain/m.db import --format jsonl log.jsonl > /dev/null
[ "$(sqlite3 r/m.db 'select group_concat(id) from (select id from log order by seq)')" = \
  "$(sqlite3 plain/m.db 'select group_concat(id) from (select id from log order by seq)')" ] &&
	ok "the same records in the same order" || fail "same records" "the logs differ"
diffs=0 asked=0
for q in summary strength pledges funding budget conflicts sources places incidents missions mandate obligations promises timeline vetting complaints head; do
	for opts in "" "--as-of 2025-06-30" "--mission all"; do
		a=$(cd r && $M --db m.db $q $opts --json 2>&1)
		b=$(cd plain && $M --db m.db $q $opts --json 2>&1)
		asked=$((asked + 1))
		[ "$a" = "$b" ] || { diffs=$((diffs + 1)); echo "# differs: $q $opts"; }
	done
done
[ $diffs = 0 ] && ok "same answers: $asked questions, byte for byte" || fail "same answers" "$diffs of $asked differ"
