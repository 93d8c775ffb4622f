# bulk.sh: imports of 1 MiB or more run as bulk transactions (deferred
# indexes and duplicate checks past 10,000 records). They
# must give the same file as the same rows read one at a time (from standard
# input, which is never bulk), the same errors naming the same line, change
# nothing when they fail, and leave the file in WAL mode.
. "$MUSTER_ROOT/tests/cli/lib.sh"

# rows FIRST LAST: movement rows with a long note (about 160 bytes a row).
rows() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
		printf "arrival,BENCH,20%02d-%02d-%02d,%s,Unit %d,police,%d,e%d,src,a note long enough to make twelve thousand rows weigh more than one mebibyte\n",
			10 + i % 10, 1 + i % 12, 1 + i % 28, (i % 3 == 0 ? "KEN" : (i % 3 == 1 ? "JAM" : "GTM")), i % 7, 1 + i % 50, i }'
}
# Under the sanitizers, a tenth of the rows past a tenth of the thresholds
# (MUSTER_BULK_ROWS, src/core/bulk.h): the same paths, in a tenth of the time.
N=12000
if sanitized; then
	N=1200
	MUSTER_BULK_ROWS=1000
	export MUSTER_BULK_ROWS
fi
H="kind,mission,date,country,unit,category,personnel,event,sources,note"
printf 'kind,ref,publisher,title,grade\nsource,src,Test,Synthetic movements,E\n' > src.csv
{ echo "$H"; rows 1 $N; } > big.csv
[ "$(wc -c < big.csv)" -gt $((1048576 * N / 12000)) ] && ok "big.csv is over the bulk threshold" || fail "big.csv is over the bulk threshold" "$(wc -c < big.csv) bytes"

$M --db one.db init > /dev/null
cat big.csv | $M --db one.db import --format csv src.csv - > /dev/null 2>&1 || fail "row by row from stdin" "failed"
$M --db b.db init > /dev/null
expect_out "bulk import" "$((N + 1)) records imported; $((N + 1)) in the file" $M --db b.db import src.csv big.csv
expect_out "the same chain as row by row" "$(state one.db)" state b.db
expect_out "verify after a bulk import" "derived tables match the log" $M --db b.db verify
expect_out "back in WAL mode" "wal" sqlite3 b.db "PRAGMA journal_mode"
expect_out "its indexes are back" "cite_seq log_id movement_day movement_uncertain rec_statement" \
	sqlite3 b.db "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE name IN
		('cite_seq', 'log_id', 'movement_day', 'movement_uncertain', 'rec_statement') ORDER BY name)"
expect_out "running totals equal row by row" \
	"$(sqlite3 one.db "SELECT count(*), sum(cum), sum(cum_n) FROM mv_span")" \
	sqlite3 b.db "SELECT count(*), sum(cum), sum(cum_n) FROM mv_span"
expect_json "strength: the sum of every arrival" 'd["answer"]["total"]' \
	"$(sqlite3 b.db "SELECT sum(personnel) FROM movement")" $M --db b.db strength --mission BENCH --as-of 2030-01-01 --json

# same_err NAME DB FILE: importing FILE into DB fails (exit 2, DB unchanged, still
# in WAL mode) with the message the same rows give from standard input.
same_err() {
	cp "$1" ref.db
	want=$($M --db ref.db import --format csv - < "$2" 2>&1 >/dev/null | sed "s|^muster: <stdin>:|$2:|; s|ref.db already holds|$1 already holds|")
	rm -f ref.db
	expect_err "$3" "$1" 2 "$want" $M --db "$1" import "$2"
	expect_out "$3: still in WAL mode" "wal" sqlite3 "$1" "PRAGMA journal_mode"
}

# A row past the deferral that says what an earlier row of the same import
# says (entered by someone else, so another id: only the statement repeats).
{ echo "$H,entered_by"; rows 1 $N | sed 's/$/,/'; rows 3 3 | sed 's/$/,someone else/'; } > dup.csv
first=$(sqlite3 b.db "SELECT substr(id, 1, 16) FROM log WHERE seq = 4")
$M --db d.db init > /dev/null
$M --db d.db import src.csv > /dev/null
expect_err "bulk: a repeated row names the line and the first record" d.db 2 \
	"dup.csv:$((N + 2)): duplicate: repeats record $first earlier in this import (remove the repeated row)" \
	$M --db d.db import dup.csv
same_err d.db dup.csv "bulk: a repeated row, as row by row"

# The same row twice, byte for byte, past the deferral: the same id, which
# the log's unique index (built again at the end) finds; the row-by-row redo
# names the line.
{ cat big.csv; rows 5 5; } > twice.csv
fifth=$(sqlite3 b.db "SELECT substr(id, 1, 16) FROM log WHERE seq = 6")
$M --db t.db init > /dev/null && $M --db t.db import src.csv > /dev/null
expect_err "bulk: a row repeated byte for byte names the line" t.db 2 \
	"twice.csv:$((N + 2)): duplicate: repeats record $fifth earlier in this import (remove the repeated row)" \
	$M --db t.db import twice.csv
same_err t.db twice.csv "bulk: a row repeated byte for byte, as row by row"

# A record already in the file, repeated past the deferral.
{ echo "$H"; rows 1 100; } > small.csv
$M --db e.db init > /dev/null && $M --db e.db import src.csv small.csv > /dev/null
{ echo "$H,entered_by"; rows 101 $N | sed 's/$/,/'; rows 50 50 | sed 's/$/,someone else/'; } > again.csv
in_file=$(sqlite3 e.db "SELECT substr(id, 1, 16) FROM log WHERE seq = 51")
expect_err "bulk: a record the file holds names it" e.db 2 \
	"again.csv:$((N - 98)): duplicate: e.db already holds the same record as $in_file (remove the row, or correct that record if something changed)" \
	$M --db e.db import again.csv
same_err e.db again.csv "bulk: a record the file holds, as row by row"

# A bad value on the last line: the same message as row by row.
{ cat big.csv; echo "arrival,BENCH,2020-01-01,KNY,Unit 1,police,5,last,src,"; } > bad.csv
$M --db f.db init > /dev/null && $M --db f.db import src.csv > /dev/null
expect_err "bulk: a bad country on the last line" f.db 2 \
	"bad.csv:$((N + 2)): field \"country\": \"KNY\" is not an ISO 3166-1 alpha-3 code (did you mean KEN?)" \
	$M --db f.db import bad.csv
same_err f.db bad.csv "bulk: a bad country, as row by row"

# A correction past the deferral: checks come back before it, the rest goes on.
{ echo "kind,ref,mission,date,country,unit,category,personnel,event,sources,note,corrects"
  echo "arrival,early,BENCH,2015-05-05,KEN,Unit 9,police,10,x,src,,"
  rows 1 $((N - 1000 * N / 12000)) | sed 's/^arrival,/arrival,,/; s/$/,/'
  echo "arrival,,BENCH,2015-05-05,KEN,Unit 9,police,12,x,src,,early"
  rows $((N - 1000 * N / 12000 + 1)) $N | sed 's/^arrival,/arrival,,/; s/$/,/'
} > fix.csv
$M --db g.db init > /dev/null && $M --db g.db import src.csv > /dev/null
expect_out "bulk: a correction past the deferral" "records imported" $M --db g.db import fix.csv
expect_out "bulk: the correction is used" "12" sqlite3 g.db \
	"SELECT m.personnel FROM movement m JOIN rec r USING(seq) WHERE m.unit = 'Unit 9' AND r.replaced_by IS NULL"
expect_out "verify after a bulk import with a correction" "derived tables match the log" $M --db g.db verify

# Another connection has the file open: the import stays in WAL and succeeds.
$M --db h.db init > /dev/null
# The reader asks again only once the import has ended (however slow the machine).
rm -f imported.flag
{ echo "SELECT count(*) FROM log;"; while [ ! -e imported.flag ]; do sleep 0.1; done
  echo "SELECT count(*) FROM log;"; } | sqlite3 h.db > reader.out &
sleep 0.5
expect_out "bulk import beside a reader" "$((N + 1)) records imported" $M --db h.db import src.csv big.csv
touch imported.flag
wait
expect_out "the reader saw the import" "$((N + 1))" tail -n 1 reader.out
expect_out "verify beside a reader" "derived tables match the log" $M --db h.db verify
