# interchange.sh: export in muster's own formats and back with identical ids,
# every kind; the UN monthly contributions table (IPI layout) as strength
# snapshots by personnel type and gender, with its figures, and published
# totals beside the detail; HXL export. Bad files: interchange_bad.sh;
# progress: progress.sh; HXL import: hxl.sh; XLSX: xlsx.sh.
. "$MUSTER_ROOT/tests/cli/lib.sh"
FX="$MUSTER_ROOT/tests/fixtures/interchange"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# ids NEW_DB OLD_DB: the id lists are identical (the old one's public records only).
same_ids() {
	sqlite3 "$2" "SELECT id FROM log WHERE coalesce(json_extract(body, '\$.visibility'), '') <> 'restricted' ORDER BY seq" > old.ids
	sqlite3 "$1" "SELECT id FROM log ORDER BY seq" > new.ids
	[ -s old.ids ] && cmp -s old.ids new.ids
}

# 1. Round trip of the bundled record, every kind, through jsonl and csv.
for f in jsonl csv; do
	$S export --format $f > rec.$f 2> err.txt || fail "export $f" "$(cat err.txt)"
	rm -f n.db
	$M --db n.db init > /dev/null
	expect_out "import of the $f export" "348 records imported" $M --db n.db import rec.$f
	if same_ids n.db h.db; then ok "$f round trip: identical ids"; else fail "$f round trip" "ids differ"; fi
	kinds=$(sqlite3 n.db "SELECT count(DISTINCT json_extract(body, '\$.kind')) FROM log")
	[ "$kinds" = 18 ] && ok "$f round trip: all 18 kinds" || fail "$f kinds" "$kinds"
	[ "$(state n.db)" = "$(state h.db)" ] && ok "$f round trip: same chain head" || fail "$f chain" "differs"
done
head -1 rec.csv | grep -q '^kind,ref,mission,date,sources,' && ok "csv: one header, common fields first" \
	|| fail "csv header" "$(head -c 80 rec.csv)"
grep -q '"amount":"10800000.00"' rec.jsonl && grep -q ',10800000.00,' rec.csv && ok "money stays exact text" \
	|| fail "money text" "missing"

# Corrections, retractions, tricky text and a restricted record.
$S add strength --country KEN --personnel 12 --date 2025-02-01 --sources wikipedia-mss-2025-01 \
	--visibility restricted --note 'vetting detail' > /dev/null
# A vetting of a unit is public and travels; a complaint is always restricted and never does.
$S add vetting --country KEN --scheme leahy --subject_type unit --subject "Kenya formed police unit 1" \
	--result cleared --date 2024-06-01 --sources wikipedia-mss-2025-01 > /dev/null
id=$($S add strength --country KEN --personnel 13 --date 2025-02-02 --sources wikipedia-mss-2025-01 \
	--note 'a, "quoted"
two lines')
$S correct "$id" --personnel 14 --note "fixed; 0012" > /dev/null
id2=$($S add strength --country KEN --personnel 15 --date 2025-02-03 --sources wikipedia-mss-2025-01 --verbatim 0012)
$S retract "$id2" --reason "withdrawn, really" > /dev/null
# The two kinds the bundled record lacks.
$S add departure --country JAM --personnel 4 --date 2025-03-01 --sources wikipedia-mss-2025-01 > /dev/null
$S add exchange_rate --base CAD --quote USD --rate 0.7352 --date 2024-03-01 --sources wikipedia-mss-2025-01 > /dev/null
# A grant of a signing key (unsigned here: it grants nothing, but travels as any record).
$S add key --action grant --user ed --key 3fa2000000000000000000000000000000000000000000000000000000e91c0b --role editor > /dev/null
ALL_KINDS="arrival authorization budget commitment departure exchange_rate fulfilment funding incident key operation place place_status pledge requirement resolution retraction source strength target vetting vote"
for f in jsonl csv; do
	$S export --format $f > all.$f
	rm -f n.db
	$M --db n.db init > /dev/null
	$M --db n.db import all.$f > /dev/null 2> err.txt || fail "import $f with corrections" "$(cat err.txt)"
	if same_ids n.db h.db; then ok "$f: corrections, retractions, quotes, digits-as-text keep their ids"
	else fail "$f corrections round trip" "ids differ"; fi
	grep -q 'vetting detail' all.$f && fail "$f: restricted record exported" "found" || ok "$f: restricted record not exported"
	kinds=$(sqlite3 n.db "SELECT group_concat(k, ' ') FROM (SELECT DISTINCT json_extract(body, '\$.kind') k FROM log ORDER BY 1)")
	[ "$kinds" = "$ALL_KINDS" ] && ok "$f round trip: every public kind of record (22), mandate and places kinds included" \
		|| fail "$f every kind" "$kinds"
done
# That list is every kind the registry knows (an unknown kind's error lists them).
known=$($S add qqqqqqqqqqqq 2>&1 | sed -n 's/.*(kinds: \(.*\))$/\1/p' | tr -d ',' | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$known" = "$(echo $ALL_KINDS complaint | tr ' ' '\n' | sort | tr '\n' ' ')" ] && ok "the round trip checks every kind the registry knows but complaint (always restricted)" || fail "registry kinds" "$known"

# One kind; bad options.
n=$($S export --format jsonl --kind source | wc -l)
[ "$n" = 80 ] && ok "export --kind source: 80 records" || fail "export --kind source" "$n"
n=$($S export --format csv --kind funding | wc -l)
[ "$n" = 54 ] && ok "export --kind funding as csv: header and 53 rows" || fail "export --kind funding" "$n"
expect_err "bad: export --kind typo" h.db 2 "--kind fundng: not a kind of record (did you mean funding?)" \
	$S export --format csv --kind fundng
expect_err "bad: export --as-of with csv" h.db 2 \
	"muster export: --as-of is for --format geojson; csv, jsonl and hxl write every record, whatever its date" \
	$S export --format csv --as-of 2025-01-01
expect_err "bad: export unknown option" h.db 2 "muster export: unknown option --knd (did you mean --kind?)" \
	$S export --format jsonl --knd source
expect_out "export geojson still works" '"FeatureCollection"' $S export --format geojson --as-of 2024-11-19

# 2. The UN monthly contributions table (IPI layout), February 2014.
SAMPLE="$FX/contributions-2014-02-sample.csv"
$M --db u.db init > /dev/null
$M --db u.db import --format un-contributions "$SAMPLE" > out.txt 2> err.txt || fail "un-contributions import" "$(cat err.txt)"
grep -q "572 rows, 122 contributors, 98350 personnel on 2014-02-28" out.txt && ok "un-contributions: 572 rows, 122 contributors, 98,350 personnel" \
	|| fail "un-contributions summary" "$(cat out.txt)"
[ -s err.txt ] && fail "un-contributions: quiet stderr" "$(cat err.txt)" || ok "un-contributions: nothing on stderr (every row adds up; not a terminal)"
U="$M --db u.db"
expect_json "MINUSTAH on 2014-02-28: 8,207 from 53 countries" '(d["answer"]["total"], d["answer"]["countries"])' \
	"(8207, 53)" $U strength --mission MINUSTAH --as-of 2014-02-28 --by country --json
expect_json "MINUSTAH: Brazil 1,443, cited to the file" \
	'[(r["personnel"], r["sources"]) for r in d["rows"] if r["country"] == "BRA"]' \
	"[(1443, ['un-contrib-contributions-2014-02-sample'])]" $U strength --mission MINUSTAH --as-of 2014-02-28 --json
expect_json "the source: grade A, UN statistics as cleaned by IPI" \
	'[(s["grade"], s["publisher"]) for s in d["sources"]]' \
	"[('A', 'UN peacekeeping statistics as cleaned by IPI')]" $U strength --mission MINUSTAH --as-of 2014-02-28 --json
expect_json "MINUSTAH by personnel type adds up to 8,207" \
	'(sum(r["personnel"] for r in d["rows"]), " ".join("%s=%d" % (r["personnel_type"], r["personnel"]) for r in d["rows"]))' \
	"(8207, 'individual_police=838 formed_police_units=1575 troops=5794')" \
	$U strength --mission MINUSTAH --as-of 2014-02-28 --by personnel-type --json
expect_json "MINUSTAH by gender adds up to 8,207" \
	'(sum(r["personnel"] for r in d["rows"]), " ".join("%s=%d" % (r["gender"], r["personnel"]) for r in d["rows"]))' \
	"(8207, 'male=7790 female=417')" $U strength --mission MINUSTAH --as-of 2014-02-28 --by gender --json
expect_json "MINUSTAH by category: police and military" \
	'" ".join("%s=%d" % (r["category"], r["personnel"]) for r in d["rows"])' "police=2413 military=5794" \
	$U strength --mission MINUSTAH --as-of 2014-02-28 --by category --json
expect_json "MINUSTAH on 2014-02-27: nothing reported yet" 'd["answer"]["total"]' 0 \
	$U strength --mission MINUSTAH --as-of 2014-02-27 --json
expect_out "strength --by personnel-type as text" "formed_police_units      1,575" \
	$U strength --mission MINUSTAH --as-of 2014-02-28 --by personnel-type
expect_err "bad: --by typo" u.db 2 \
	"--by gendr: strength can be broken down by country, category, unit, personnel-type or gender (did you mean gender?)" \
	$U strength --mission MINUSTAH --as-of 2014-02-28 --by gendr
# Kenya in every mission: strength answers one mission, so sum Kenya's figure over the missions it serves in.
ken=0
for m in $(python3 -c "import csv,sys; print(' '.join(sorted({r['Mission'] for r in csv.DictReader(open(sys.argv[1])) if r['Contributor ISO-3'] == 'KEN'})))" "$SAMPLE"); do
	n=$($U strength --mission "$m" --as-of 2014-02-28 --json | python3 -c "import json,sys; print(sum(r['personnel'] for r in json.load(sys.stdin)['rows'] if r['country'] == 'KEN'))")
	ken=$((ken + n))
done
[ "$ken" = 876 ] && ok "Kenya across its missions on 2014-02-28: 876" || fail "Kenya across missions" "$ken"
expect_out "verify after the UN import" "derived tables match the log" $U verify

# The UN import round-trips through the export too (personnel_type and gender fields).
$U export --format csv > un.csv
rm -f n.db
$M --db n.db init > /dev/null
$M --db n.db import un.csv > /dev/null 2> err.txt || fail "re-import of the UN export" "$(cat err.txt)"
if same_ids n.db u.db; then ok "csv round trip of 1,790 UN records: identical ids"; else fail "UN csv round trip" "ids differ"; fi

# Rows whose parts do not add up: imported, with a warning naming the row; the answer shows the disagreement.
$M --db w.db init > /dev/null
$M --db w.db import --format un-contributions "$FX/not-adding.csv" > out.txt 2> err.txt
want="muster: warning: $FX/not-adding.csv:5 (row \"28547\"): ARG in MINUSTAH on 2014-02-28: the parts add up to 576 (535 male, 41 female) but the row's totals say 577 (535 male, 41 female); imported as they are, the total is used"
[ "$(cat err.txt)" = "$want" ] && ok "parts that do not add up: a warning naming the row" || fail "not-adding warning" "$(cat err.txt)"
grep -q "5 rows, 3 contributors, 852 personnel" out.txt && ok "parts that do not add up: still imported; NA read as 0" \
	|| fail "not-adding import" "$(cat out.txt)"
expect_json "parts that do not add up: the total is used, the parts disagree" \
	'(d["answer"]["total"], [(x["kind"], [c["value"] for c in x["claims"]]) for x in d["disagreements"]])' \
	"(577, [('parts_vs_total', [577, 576])])" $M --db w.db strength --mission MINUSTAH --as-of 2014-02-28 --json

expect_json "NA is 0: Argentina in UNFICYP has troops only" \
	'[(r["personnel_type"], r["personnel"]) for r in d["rows"]]' "[('troops', 266)]" \
	$M --db w.db strength --mission UNFICYP --as-of 2014-02-28 --by personnel-type --json

# Published monthly totals beside the detail: every month where the two disagree is listed.
python3 - "$SAMPLE" > three.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(rows[0])
n = 0
for day in ("2013-12-31", "2014-01-31", "2014-02-28"):
    for r in rows[1:]:
        n += 1
        out.writerow([n, day] + r[2:])
PY
$M --db t.db init > /dev/null
expect_out "three month-ends of detail" "1716 rows over 3 days; on 2014-02-28: 122 contributors, 98350 personnel" \
	$M --db t.db import --format un-contributions three.csv
expect_out "the published totals beside them" "4 records imported" $M --db t.db import "$FX/minustah-totals.csv"
expect_json "conflicts: the two months whose published total differs from the detail, and only those" \
	'[(r["about"], r["used"]) for r in d["rows"]]' \
	"[('mission strength on 2014-01-31: reported 8,262 against the sum of the countries', 8262), ('mission strength on 2014-02-28: reported 8,197 against the sum of the countries', 8197)]" \
	$M --db t.db conflicts --mission MINUSTAH --json
expect_json "strength on a month that disagrees: the published total used, the sum of the detail beside it" \
	'(d["answer"]["total"], d["answer"]["detail_total"], [[(c["value"], c["as"]) for c in x["claims"]] for x in d["disagreements"]])' \
	"(8262, 8207, [[(8262, 'reported mission total'), (8207, 'sum of the countries')]])" \
	$M --db t.db strength --mission MINUSTAH --as-of 2014-01-31 --json
expect_json "strength on the month that agrees: no disagreement" '(d["answer"]["total"], d["disagreements"])' "(8207, [])" \
	$M --db t.db strength --mission MINUSTAH --as-of 2013-12-31 --json

# 4. HXL: the CSV with a row of hashtags under the header.
$S export --format hxl --kind funding > fund.hxl.csv 2> err.txt || fail "export hxl" "$(cat err.txt)"
check=$(python3 - fund.hxl.csv <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head, tags = rows[0], rows[1]
tag = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
bad = [t for t in tags if not tag.match(t)]
t = dict(zip(head, tags))
print("bad" if bad or len(tags) != len(head) else "valid", len(rows) - 2,
      t["donor_country"], t["donor_org"], t["amount"], t["currency"], t["stage"], t["date"])
PY
)
[ "$check" = "valid 53 #country+code+funder #org+name+funder #value+funding #currency #status+stage #date" ] \
	&& ok "hxl: every column tagged (#country+code+funder, #value+funding, …), 53 funding rows" \
	|| fail "hxl tags" "$check"
n=$($S export --format hxl | sed -n 2p | tr ',' '\n' | grep -c '^#')
m=$($S export --format csv | head -1 | tr ',' '\n' | wc -l)
[ "$n" = "$m" ] && ok "hxl: all kinds, one tag per column ($n)" || fail "hxl all kinds" "$n tags for $m columns"
