# writers.sh: concurrent writers never fail and never collide. Four writers
# of 200 records each (two loops of `muster add`, a web editor posting forms,
# and ten imports of 20 rows) run at once beside a server and a CLI question
# that keep reading; then a bulk import runs while the same readers read and
# another writer adds. Every write succeeds (waiting its turn), every read
# succeeds, all the records are there once, and verify passes
# (docs/reliability.md).
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

N=${WRITERS_N:-200}
$M --db w.db init > /dev/null
$M --db w.db add source --ref src --publisher Test --title "Synthetic movements" --grade E > /dev/null
printf 'editor pass 123\n' | $M --db w.db user add ed --role editor > /dev/null
start_server w.db || { fail "writers: the server starts" "$(tail -3 serve.log)"; exit 0; }
[ "$(signin ed.jar ed 'editor pass 123')" = 303 ] || fail "writers: the editor signs in" "no 303"

# cli_writer NAME COUNT: COUNT arrivals by `muster add`, one process each;
# writes a line per failure into NAME.fail.
cli_writer() {
	i=1
	while [ $i -le "$2" ]; do
		$M --db w.db add arrival --date 2025-01-01 --country KEN --category police --personnel 1 \
			--unit "$1" --event "$1-$i" --sources src > /dev/null 2> "$1.err" || echo "$1 $i: $(cat "$1.err")"
		i=$((i + 1))
	done > "$1.fail"
}

# web_writer: N arrivals posted through the form (the session's token read once).
web_writer() {
	tok=$(session_csrf ed.jar)
	i=1
	while [ $i -le "$N" ]; do
		code=$($C -b ed.jar -o web.html -w '%{http_code}' -d "csrf=$tok" -d country=JAM -d personnel=1 \
			-d date=2025-01-01 -d category=police -d unit=web -d "event=web-$i" -d sources=src "$U/add/arrival")
		[ "$code" = 201 ] || echo "web $i: $code $(alert web.html)"
		i=$((i + 1))
	done > web.fail
}

# import_writer: N rows in ten imports.
import_writer() {
	b=0
	while [ $b -lt 10 ]; do
		{
			echo "kind,mission,date,country,unit,category,personnel,event,sources"
			i=1
			while [ $i -le $((N / 10)) ]; do
				echo "arrival,MSS-HTI,2025-01-01,GTM,imp,police,1,imp-$b-$i,src"
				i=$((i + 1))
			done
		} > "imp$b.csv"
		$M --db w.db import "imp$b.csv" > /dev/null 2> imp.err || echo "import $b: $(cat imp.err)"
		b=$((b + 1))
	done > imp.fail
}

# readers STOPFILE: questions over HTTP and on the command line until STOPFILE
# exists; prints a line per failed read, and the count of reads into reads.n.
readers() {
	n=0
	while [ ! -e "$1" ]; do
		code=$($C -o r.json -w '%{http_code}' "$U/api/v1/strength?as_of=2025-02-01")
		[ "$code" = 200 ] || echo "http read: $code $(head -c 200 r.json)"
		$M --db w.db strength --as-of 2025-02-01 --json > /dev/null 2> q.err || echo "cli read: $(cat q.err)"
		n=$((n + 2))
	done > "$1.fail"
	echo $n > reads.n
}

readers stop1 &
rpid=$!
start=$(date +%s)
cli_writer cli1 "$N" &
w1=$!
cli_writer cli2 "$N" &
w2=$!
web_writer &
w3=$!
import_writer &
w4=$!
wait $w1; echo "# cli1 $(($(date +%s) - start))s"; wait $w2; echo "# cli2 $(($(date +%s) - start))s"; wait $w3; echo "# web $(($(date +%s) - start))s"; wait $w4; echo "# imp $(($(date +%s) - start))s"
touch stop1
wait $rpid
secs=$(($(date +%s) - start))
fails=$(cat cli1.fail cli2.fail web.fail imp.fail | wc -l)
[ "$fails" -eq 0 ] && ok "writers: 4 writers of $N records at once, 0 failures (${secs}s)" ||
	fail "writers: 0 failures" "$fails failed: $(cat cli1.fail cli2.fail web.fail imp.fail | head -3)"
[ ! -s stop1.fail ] && ok "writers: $(cat reads.n) reads beside them, 0 failures" ||
	fail "writers: reads beside them" "$(wc -l < stop1.fail) failed: $(head -3 stop1.fail)"
expect_out "writers: all $((4 * N)) present, once each" "$((4 * N)) $((4 * N))" \
	sqlite3 w.db "SELECT count(*) || ' ' || count(DISTINCT event) FROM movement"
expect_out "writers: the log has them all" "$((4 * N + 1))" sqlite3 w.db "SELECT count(*) FROM log"
expect_out "writers: verify passes" "derived tables match the log" $M --db w.db verify

# A bulk import (over 1 MiB) while the readers read and a writer adds: the
# readers see the file as it was until the commit, the writer waits for it.
{
	echo "kind,mission,date,country,unit,category,personnel,event,sources,note"
	awk -v n="${WRITERS_BULK:-12000}" 'BEGIN { for (i = 1; i <= n; i++)
		printf "arrival,MSS-HTI,2025-01-02,HTI,bulk,police,1,b%d,src,a note to make the rows of this file weigh over a mebibyte and more\n", i }'
} > bulk.csv
readers stop2 &
rpid=$!
$M --db w.db import bulk.csv > bulk.out 2> bulk.err &
bpid=$!
sleep 0.3
cli_writer during $((N / 4))
wait $bpid
brc=$?
touch stop2
wait $rpid
[ $brc -eq 0 ] && ok "writers: the bulk import succeeds beside them" || fail "writers: bulk import" "exit $brc: $(cat bulk.err)"
[ ! -s during.fail ] && ok "writers: $((N / 4)) adds during the bulk import wait their turn, 0 failures" ||
	fail "writers: adds during the bulk import" "$(wc -l < during.fail) failed: $(head -3 during.fail)"
[ ! -s stop2.fail ] && ok "writers: $(cat reads.n) reads during the bulk import, 0 failures" ||
	fail "writers: reads during the bulk import" "$(wc -l < stop2.fail) failed: $(head -3 stop2.fail)"
expect_out "writers: every record once" "$((4 * N + N / 4 + ${WRITERS_BULK:-12000})) $((4 * N + N / 4 + ${WRITERS_BULK:-12000}))" \
	sqlite3 w.db "SELECT count(*) || ' ' || count(DISTINCT event) FROM movement"
expect_out "writers: verify passes after the bulk import" "derived tables match the log" $M --db w.db verify
stop_server
