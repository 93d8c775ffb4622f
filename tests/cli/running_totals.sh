# running_totals.sh: the running totals of movements (mv_key, mv_span), which
# running.c computes in C, equal what the rule gives in SQL — the statement
# below, which muster ran until the C version replaced it — after a first
# import (every pair refreshed), a second import touching one pair of seven,
# a retraction and a correction.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# The schema of a new file (every migration applied).
LATEST=$($M --db latest.db init > /dev/null && sqlite3 latest.db 'PRAGMA user_version')
F="$MUSTER_ROOT/tests/fixtures/perf"

REF="WITH claims AS (
  SELECT m.mission, m.country, m.unit, m.category, m.day_hi AS day, m.dir * m.personnel AS delta,
    row_number() OVER (PARTITION BY m.mission, m.country, m.unit, m.dir, m.event, r.date_text
      ORDER BY r.grade IS NULL, r.grade, r.n_sources DESC, r.date_prec DESC, r.pub_hi DESC, r.statement, r.seq) AS rn
  FROM movement m JOIN rec r ON r.seq = m.seq
  WHERE r.replaced_by IS NULL AND r.retracted_by IS NULL AND r.visibility = 'public')
SELECT mission, country, unit, category, day, sum(delta) AS delta,
  sum(sum(delta)) OVER w AS cum, count(*) AS n, sum(count(*)) OVER w AS cum_n
FROM claims WHERE rn = 1 GROUP BY mission, country, unit, category, day
WINDOW w AS (PARTITION BY mission, country, unit, category ORDER BY day)"
# The totals at the end of each real day (a movement of unknown date, day
# 99991231, sorts last and is in no total).
DAYS_REF="SELECT mission, country, unit, category, day, cum, cum_n FROM ($REF) WHERE day < 99991231"

# same NAME: mv_span's day rows and mv_key's keys equal the reference, row for row.
same() {
	sqlite3 t.db "SELECT mission, country, unit, category, day, cum, cum_n FROM mv_span WHERE day > 0
		ORDER BY 1, 2, 3, 4, 5" > got.txt
	sqlite3 t.db "$DAYS_REF ORDER BY 1, 2, 3, 4, 5" > want.txt
	sqlite3 t.db "SELECT mission, country, unit, category FROM mv_key ORDER BY 1, 2, 3, 4" > gotk.txt
	sqlite3 t.db "SELECT DISTINCT mission, country, unit, category FROM ($REF) ORDER BY 1, 2, 3, 4" > wantk.txt
	if [ ! -s want.txt ]; then fail "$1" "the reference is empty"
	elif ! cmp -s got.txt want.txt; then fail "$1" "mv_span differs: $(diff want.txt got.txt | head -5 | tr '\n' ' ')"
	elif ! cmp -s gotk.txt wantk.txt; then fail "$1" "mv_key differs: $(diff wantk.txt gotk.txt | head -5 | tr '\n' ' ')"
	else ok "$1"; fi
	spans "$1"
}

# spans NAME: mv_key's first and last real day and final totals, and
# mv_span's carry rows, agree with the reference's days (table ref): each
# carry row holds the totals before its span, each key has one per span from
# its first day's to its last day's, and every row lies in its span.
K="d.mission = k.mission AND d.country = k.country AND d.unit = k.unit AND d.category = k.category"
JD="(julianday(printf('%04d-%02d-%02d', DAY / 10000, DAY / 100 % 100, DAY % 100)) - 2440587.5)"
spans() {
	bad=$(sqlite3 t.db "
	CREATE TEMP TABLE ref AS $DAYS_REF;
	SELECT 'key ' || k.country || ' ' || k.unit FROM mv_key k WHERE
	  (k.first_day, k.last_day, k.cum, k.cum_n) IS NOT
	  (SELECT coalesce(min(d.day), 0), coalesce(max(d.day), 0),
	     coalesce((SELECT cum FROM ref d WHERE $K ORDER BY d.day DESC LIMIT 1), 0),
	     coalesce((SELECT cum_n FROM ref d WHERE $K ORDER BY d.day DESC LIMIT 1), 0)
	   FROM ref d WHERE $K)
	UNION ALL SELECT 'carry ' || k.country || ' ' || k.start FROM mv_span k WHERE k.day = 0 AND (k.cum, k.cum_n) IS NOT
	  (coalesce((SELECT cum FROM ref d WHERE $K AND d.day < k.start ORDER BY d.day DESC LIMIT 1), 0),
	   coalesce((SELECT cum_n FROM ref d WHERE $K AND d.day < k.start ORDER BY d.day DESC LIMIT 1), 0))
	UNION ALL SELECT 'carry count ' || k.country FROM mv_key k WHERE k.last_day > 0 AND
	  (SELECT count(*) FROM mv_span d WHERE $K AND d.day = 0) IS NOT
	  CAST(floor($(echo "$JD" | sed 's/DAY/k.last_day/g') / 8) - floor($(echo "$JD" | sed 's/DAY/k.first_day/g') / 8) + 1 AS INT)
	UNION ALL SELECT 'span of ' || start || ' ' || day FROM mv_span WHERE
	  floor($(echo "$JD" | sed 's/DAY/start/g') / 8) * 8 IS NOT $(echo "$JD" | sed 's/DAY/start/g')
	  OR (day > 0 AND (day < start OR $(echo "$JD" | sed 's/DAY/day/g') >= $(echo "$JD" | sed 's/DAY/start/g') + 8))
	LIMIT 3" 2>&1) || bad="the check failed: $bad"
	rows=$(sqlite3 t.db "SELECT count(*) FROM mv_span WHERE day = 0")
	if [ -n "$bad" ]; then fail "$1: spans" "$bad"
	elif [ "$rows" -lt 10 ]; then fail "$1: spans" "only $rows carry rows"
	else ok "$1: mv_key and mv_span's carry rows agree with the reference ($rows carry rows)"; fi
}

# asof NAME DAY…: muster's strength equals, on each day, the sum of every key's
# latest total on or before it in the reference.
asof() {
	name=$1
	shift
	for day in "$@"; do
		n=$(echo "$day" | tr -d -)
		want=$(sqlite3 t.db "CREATE TEMP TABLE ref AS $DAYS_REF; SELECT coalesce(sum((SELECT cum FROM ref d
			WHERE $K AND d.day <= $n ORDER BY d.day DESC LIMIT 1)), 0) FROM mv_key k WHERE k.mission = 'MSS-HTI'")
		got=$($M --db t.db strength --as-of "$day" --json | python3 -c \
			"import json,sys; print(json.load(sys.stdin)['answer']['total'])")
		[ "$got" = "$want" ] || { fail "$name" "on $day strength says $got, the reference $want"; return; }
	done
	ok "$name"
}

$M --db t.db init > /dev/null
$M --db t.db import "$F/claims.csv" > /dev/null || fail "import claims.csv" "failed"
same "running totals after a first import: every claim rule"
# Days around the movements and around 8-day spans (2024-06-25 starts one).
DAYS="2024-01-01 2024-06-24 2024-06-25 2024-06-29 2024-06-30 2024-07-02 2024-07-03 2024-09-12 2024-10-02
	2024-10-03 2024-10-05 2024-12-31 2025-01-01 2030-05-05"
asof "strength from the spans equals the reference" $DAYS
# The figures the rules give, by hand: KEN's unit on 2024-06-25 is 200 (grade A over C and
# B) + 250 (two sources over one) - 25 (a B source over a C) as police, and 10 as military
# (the A claim's category); the restricted JAM arrival and the retracted one are not counted,
# the corrected one counts 31.
DAYROW="SELECT mission, country, unit, category, day, cum, cum_n FROM mv_span WHERE day > 0"
expect_out "KEN police on 2024-06-25: 200 + 250 - 25" "MSS-HTI|KEN|Police Unit 1|police|20240625|425|3" \
	sqlite3 t.db "$DAYROW AND country = 'KEN'"
expect_out "KEN military on 2024-06-25: the used claim's category" "MSS-HTI|KEN|Police Unit 1|military|20240625|10|1" \
	sqlite3 t.db "$DAYROW AND country = 'KEN'"
expect_out "JAM: the correction counts, the restricted and the retracted do not" \
	"MSS-HTI|JAM|Defence Force|military|20241001|51|2" \
	sqlite3 t.db "$DAYROW AND mission = 'MSS-HTI' AND country = 'JAM' ORDER BY day DESC LIMIT 1"

$M --db t.db import "$F/more.csv" > /dev/null || fail "import more.csv" "failed"
same "running totals after an import touching one pair"
asof "strength after an import touching one pair" $DAYS 2024-11-01 2024-12-01
# GTM: 76 (ev-1's two claims of one source tie on every rule: the one used is
# fixed by their content, not by which came first) + 77 - 5 + 0, then 41 (an
# A source over a B) - 10.
expect_out "GTM after the second import" "MSS-HTI|GTM|Fuerza|military|20241201|179|6" \
	sqlite3 t.db "$DAYROW AND country = 'GTM' ORDER BY day DESC LIMIT 1"

id=$(sqlite3 t.db "SELECT id FROM log WHERE body LIKE '%\"personnel\":41,%'")
$M --db t.db retract "$id" --reason "test" > /dev/null || fail "retract" "failed"
same "running totals after a retraction"
id=$(sqlite3 t.db "SELECT id FROM log WHERE body LIKE '%\"personnel\":75,%'")
$M --db t.db correct "$id" --personnel 70 > /dev/null || fail "correct" "failed"
same "running totals after a correction"
asof "strength after a retraction and a correction" $DAYS 2024-11-01 2024-12-01
expect_out "verify after all of it" "derived tables match the log" $M --db t.db verify

# A few movements appended are added to the running totals in place
# (running_add.c), each case then checked against the reference: after a
# key's last day (new spans), on its last day, back-dated between its days
# and on one of them, before its first day, a new key and pair, unknown
# dates (a new key whose only day is unknown, then its first real day), a
# month, a departure, a restricted one, two in one import, and two claims
# about the same movement in one import (their pair is recomputed).
add() {
	name=$1
	shift
	printf 'kind,mission,date,country,unit,category,personnel,event,sources,visibility\n' > add.csv
	for row in "$@"; do printf '%s\n' "$row" >> add.csv; done
	if $M --db t.db import add.csv > /dev/null 2> add.err; then same "in place: $name"
	else fail "in place: $name" "import failed: $(cat add.err)"; fi
}
add "after the key's last day, spans apart" "arrival,MSS-HTI,2025-03-01,BHS,,police,9,,src-c,"
add "on the key's last day" "arrival,MSS-HTI,2025-03-01,BHS,,police,3,again,src-c,"
add "back-dated between the key's days" "arrival,MSS-HTI,2024-09-20,JAM,Defence Force,military,5,,src-c,"
add "back-dated onto one of the key's days" "arrival,MSS-HTI,2024-09-12,JAM,Defence Force,military,2,late,src-a,"
add "before the key's first day, spans apart" "arrival,MSS-HTI,2024-01-10,SLV,,military,4,,src-c,"
add "a new key and pair" "arrival,MSS-HTI,2024-08-01,HND,,police,12,,src-c,"
add "a new key of unknown date" "arrival,MSS-HTI,,DOM,,police,6,,src-c,"
add "that key's first real day" "arrival,MSS-HTI,2024-12-24,DOM,,police,8,,src-c,"
add "a month" "arrival,MSS-HTI,2024-11,HND,,police,1,,src-c,"
add "a departure" "departure,MSS-HTI,2024-10-20,BHS,,police,2,,src-c,"
add "a restricted one, not counted" "arrival,MSS-HTI,2024-10-20,BHS,,police,50,,src-c,restricted"
add "two in one import" "arrival,MSS-HTI,2024-10-25,BLZ,,military,1,,src-c," \
	"departure,MSS-HTI,2025-02-02,BLZ,,military,1,,src-c,"
add "two claims about one movement (the pair recomputed)" "arrival,MSS-HTI,2025-01-05,HND,,police,3,ev-9,src-c," \
	"arrival,MSS-HTI,2025-01-05,HND,,police,4,ev-9,src-a,"
expect_out "in place: the claim of grade A counts" "MSS-HTI|HND||police|20250105|17|3" \
	sqlite3 t.db "$DAYROW AND country = 'HND' AND day = 20250105"
asof "strength after the additions in place" $DAYS 2024-01-10 2024-08-01 2024-09-20 2024-12-24 2025-02-02 2025-03-01
expect_out "verify after the additions in place" "derived tables match the log" $M --db t.db verify
# In place means the pair's other movements are not read again: a movement
# changed behind muster's back stays out of the totals until a rebuild.
cp t.db w.db
sqlite3 w.db "UPDATE movement SET personnel = personnel + 1000 WHERE country = 'SLV' AND day_hi = 20241015"
printf 'kind,mission,date,country,unit,category,personnel,event,sources\narrival,MSS-HTI,2025-04-01,SLV,,military,1,,src-c\n' > slv.csv
$M --db w.db import slv.csv > /dev/null || fail "in place: SLV" "import failed"
expect_out "in place: the pair's movements are not read again" "$(sqlite3 t.db "SELECT cum FROM mv_span WHERE country = 'SLV' AND day = 20241015")" \
	sqlite3 w.db "SELECT cum FROM mv_span WHERE country = 'SLV' AND day = 20241015"
# Two claims about one movement send the pair to be recomputed, which reads them.
printf 'kind,mission,date,country,unit,category,personnel,event,sources\narrival,MSS-HTI,2025-04-02,SLV,,military,1,e,src-c\narrival,MSS-HTI,2025-04-02,SLV,,military,2,e,src-c\n' > slv2.csv
$M --db w.db import slv2.csv > /dev/null || fail "in place: SLV twice" "import failed"
expect_out "in place: a recomputed pair reads its movements" "$(($(sqlite3 t.db "SELECT cum FROM mv_span WHERE country = 'SLV' AND day = 20241015") + 1000))" \
	sqlite3 w.db "SELECT cum FROM mv_span WHERE country = 'SLV' AND day = 20241015"

# A file of schema 5 (mv_key without its days and totals, no mv_span) is
# migrated by its first write: the derived tables are rebuilt, the log kept.
cp t.db v5.db
sqlite3 v5.db "DROP TABLE mv_span; CREATE TABLE k3 AS SELECT mission, country, unit, category FROM mv_key;
	DROP TABLE mv_key; CREATE TABLE mv_key(mission TEXT, country TEXT, unit TEXT, category TEXT,
	PRIMARY KEY(mission, country, unit, category)) WITHOUT ROWID; INSERT INTO mv_key SELECT * FROM k3;
	DROP TABLE k3; PRAGMA user_version = 5"
expect_err "schema 5 is not read before it is migrated" v5.db 2 \
	"v5.db: schema 5 is older than $LATEST; open it once for writing (e.g. muster rebuild) to migrate" \
	$M --db v5.db strength --as-of 2024-12-31
$M --db v5.db rebuild > /dev/null
expect_out "schema 5 migrated to the latest, the log unchanged" "$LATEST $(state t.db)" \
	sh -c "echo \$(sqlite3 v5.db 'PRAGMA user_version') \$(sqlite3 v5.db \"SELECT count(*) || ' ' || (SELECT chain FROM log ORDER BY seq DESC LIMIT 1) FROM log\")"
mv t.db t4.db && cp v5.db t.db
same "running totals after the migration"
asof "strength after the migration" $DAYS 2024-11-01 2024-12-01
mv t4.db t.db

# Schema 7 kept the running totals of every day twice, in mv_day and in
# mv_span; 8 drops mv_day. The first write drops it, the log unchanged.
cp t.db v7.db
sqlite3 v7.db "CREATE TABLE mv_day(mission TEXT, country TEXT, unit TEXT, category TEXT, day INT,
	delta INT NOT NULL, cum INT NOT NULL, n INT NOT NULL, cum_n INT NOT NULL,
	PRIMARY KEY(mission, country, unit, category, day)) WITHOUT ROWID;
	INSERT INTO mv_day SELECT mission, country, unit, category, day, 0, cum, 0, cum_n FROM mv_span WHERE day > 0;
	PRAGMA user_version = 7"
$M --db v7.db rebuild > /dev/null
expect_out "schema 7 migrated to the latest: mv_day dropped, the log unchanged" "$LATEST 0 $(state t.db)" \
	sh -c "echo \$(sqlite3 v7.db 'PRAGMA user_version') \$(sqlite3 v7.db \"SELECT count(*) FROM sqlite_master WHERE name = 'mv_day'\") \$(sqlite3 v7.db \"SELECT count(*) || ' ' || (SELECT chain FROM log ORDER BY seq DESC LIMIT 1) FROM log\")"
expect_out "schema 7 migrated to the latest: verify passes" "derived tables match the log" $M --db v7.db verify
