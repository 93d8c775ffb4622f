# running_totals.sh: the running totals of movements (mv_day, mv_key), which
# running.c computes in C, equal what the rule gives in SQL — the statement
# below, which muster ran until the C version replaced it — after a first
# import (every pair refreshed), a second import touching one pair of seven,
# a retraction and a correction.
. "$MUSTER_ROOT/tests/cli/lib.sh"
F="$MUSTER_ROOT/tests/fixtures/perf"

REF="WITH claims AS (
  SELECT m.mission, m.country, m.unit, m.category, m.day_hi AS day, m.dir * m.personnel AS delta,
    row_number() OVER (PARTITION BY m.mission, m.country, m.unit, m.dir, m.event, r.date_text
      ORDER BY r.grade IS NULL, r.grade, r.n_sources DESC, r.date_prec DESC, r.pub_hi DESC, r.seq) AS rn
  FROM movement m JOIN rec r ON r.seq = m.seq
  WHERE r.replaced_by IS NULL AND r.retracted_by IS NULL AND r.visibility = 'public')
SELECT mission, country, unit, category, day, sum(delta),
  sum(sum(delta)) OVER w, count(*), sum(count(*)) OVER w
FROM claims WHERE rn = 1 GROUP BY mission, country, unit, category, day
WINDOW w AS (PARTITION BY mission, country, unit, category ORDER BY day)"

# same NAME: mv_day and mv_key equal the reference, row for row.
same() {
	sqlite3 t.db "SELECT * FROM mv_day ORDER BY 1, 2, 3, 4, 5" > got.txt
	sqlite3 t.db "$REF ORDER BY 1, 2, 3, 4, 5" > want.txt
	sqlite3 t.db "SELECT * FROM mv_key ORDER BY 1, 2, 3, 4" > gotk.txt
	sqlite3 t.db "SELECT DISTINCT mission, country, unit, category FROM ($REF) ORDER BY 1, 2, 3, 4" > wantk.txt
	if [ ! -s want.txt ]; then fail "$1" "the reference is empty"
	elif ! cmp -s got.txt want.txt; then fail "$1" "mv_day differs: $(diff want.txt got.txt | head -5 | tr '\n' ' ')"
	elif ! cmp -s gotk.txt wantk.txt; then fail "$1" "mv_key differs: $(diff wantk.txt gotk.txt | head -5 | tr '\n' ' ')"
	else ok "$1"; fi
}

$M --db t.db init > /dev/null
$M --db t.db import "$F/claims.csv" > /dev/null || fail "import claims.csv" "failed"
same "running totals after a first import: every claim rule"
# The figures the rules give, by hand: KEN's unit on 2024-06-25 is 200 (grade A over C and
# B) + 250 (two sources over one) - 25 (a B source over a C) as police, and 10 as military
# (the A claim's category); the restricted JAM arrival and the retracted one are not counted,
# the corrected one counts 31.
expect_out "KEN police on 2024-06-25: 200 + 250 - 25" "MSS-HTI|KEN|Police Unit 1|police|20240625|425|425|3|3" \
	sqlite3 t.db "SELECT * FROM mv_day WHERE country = 'KEN'"
expect_out "KEN military on 2024-06-25: the used claim's category" "MSS-HTI|KEN|Police Unit 1|military|20240625|10|10|1|1" \
	sqlite3 t.db "SELECT * FROM mv_day WHERE country = 'KEN'"
expect_out "JAM: the correction counts, the restricted and the retracted do not" \
	"MSS-HTI|JAM|Defence Force|military|20241001|31|51|1|2" \
	sqlite3 t.db "SELECT * FROM mv_day WHERE mission = 'MSS-HTI' AND country = 'JAM' ORDER BY day DESC LIMIT 1"

$M --db t.db import "$F/more.csv" > /dev/null || fail "import more.csv" "failed"
same "running totals after an import touching one pair"
expect_out "GTM after the second import" "MSS-HTI|GTM|Fuerza|military|20241201|-10|178|1|6" \
	sqlite3 t.db "SELECT * FROM mv_day WHERE country = 'GTM' ORDER BY day DESC LIMIT 1"

id=$(sqlite3 t.db "SELECT id FROM log WHERE body LIKE '%\"personnel\":41,%'")
$M --db t.db retract "$id" --reason "test" > /dev/null || fail "retract" "failed"
same "running totals after a retraction"
id=$(sqlite3 t.db "SELECT id FROM log WHERE body LIKE '%\"personnel\":75,%'")
$M --db t.db correct "$id" --personnel 70 > /dev/null || fail "correct" "failed"
same "running totals after a correction"
expect_out "verify after all of it" "derived tables match the log" $M --db t.db verify
