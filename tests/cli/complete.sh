# complete.sh: complete strength tables (whoever a complete table leaves out
# has 0 from its date; a partial snapshot still carries forward) and the UN's
# published totals beside its detail: every month where they differ is listed,
# the publisher's total used for the total, the detail for the breakdown; bad
# tables are named errors that change nothing.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# The schema of a new file (every migration applied).
LATEST=$($M --db latest.db init > /dev/null && sqlite3 latest.db 'PRAGMA user_version')
F="$MUSTER_ROOT/tests/fixtures/complete"
IPI="$MUSTER_ROOT/tests/fixtures/complete/ipi"   # IPI's files, copied unchanged (ipi/SOURCE.md)
J='[(r["country"], r["personnel"], r["basis"]) for r in d["rows"]]'

# 1. Hand-made monthly tables: one leaves, one comes back, a mission closes, a partial table carries forward.
$M --db t.db init > /dev/null
expect_out "tables made for the test" "20 records imported" $M --db t.db import "$F/table.csv" "$F/moves.csv"
T="$M --db t.db"
expect_json "January: everyone listed; an arrival the table leaves out counts 0" "$J" \
	"[('KEN', 100, 'snapshot'), ('JAM', 50, 'snapshot'), ('BHS', 10, 'snapshot'), ('BLZ', 0, 'left out of the complete table')]" \
	$T strength --mission TEST --as-of 2025-01-31 --json
expect_json "February: JAM left, 0 with its basis, the marker cited" \
	'[(r["personnel"], r["basis"], r["snapshot_date"], r["sources"]) for r in d["rows"] if r["country"] == "JAM"] + [d["answer"]["total"], d["answer"]["complete_table"]]' \
	"[(0, 'left out of the complete table', '2025-02-28', ['test-tables']), 112, '2025-02-28']" \
	$T strength --mission TEST --as-of 2025-02-28 --json
expect_json "mid-March: still the February table" 'd["answer"]["total"]' 112 $T strength --mission TEST --as-of 2025-03-15 --json
expect_json "March: JAM came back, BHS left" "$J" \
	"[('KEN', 90, 'snapshot'), ('JAM', 40, 'snapshot'), ('BHS', 0, 'left out of the complete table'), ('BLZ', 0, 'left out of the complete table')]" \
	$T strength --mission TEST --as-of 2025-03-31 --json
expect_json "April 15: a partial report of KEN; JAM carried; BHS 0 plus its arrival after the table" "$J" \
	"[('KEN', 95, 'snapshot'), ('JAM', 40, 'snapshot'), ('BHS', 5, 'left out of the complete table, and later movements'), ('BLZ', 0, 'left out of the complete table')]" \
	$T strength --mission TEST --as-of 2025-04-15 --json
expect_json "a mission that closed: nobody from its empty complete table on" \
	'(d["answer"]["total"], [(r["country"], r["personnel"]) for r in d["rows"]])' "(0, [('KEN', 0)])" \
	$T strength --mission CLOSED --as-of 2025-06-30 --json
expect_json "a partial (not complete) table: JAM still carried forward" \
	'(d["answer"]["total"], [(r["country"], r["personnel"], r["snapshot_date"]) for r in d["rows"]])' \
	"(11, [('KEN', 8, '2025-02-28'), ('JAM', 3, '2025-01-31')])" $T strength --mission PARTIAL --as-of 2025-03-01 --json
expect_out "verify with complete markers" "derived tables match the log" $T verify
$T export --format csv > t.csv
$M --db t2.db init > /dev/null
$M --db t2.db import t.csv > /dev/null 2> err.txt || fail "re-import of complete markers" "$(cat err.txt)"
[ "$(sqlite3 t.db 'SELECT group_concat(id) FROM (SELECT id FROM log ORDER BY id)')" = \
  "$(sqlite3 t2.db 'SELECT group_concat(id) FROM (SELECT id FROM log ORDER BY id)')" ] \
	&& ok "complete markers round-trip through the CSV export: same ids" || fail "complete round trip" "ids differ"

# A hand-entered table, the encyclopedia's of 3 January 2025, marked complete: the same 590, nobody left out.
$M --db h.db init --bundled > /dev/null
$M --db h.db add strength --date 2025-01-03 --complete yes --sources wikipedia-mss-2025-01 \
	--cite "personnel table: everyone deployed" > /dev/null 2> err.txt || fail "add a complete marker" "$(cat err.txt)"
expect_json "the encyclopedia's table marked complete: 590, nobody left out" \
	'(d["answer"]["total"], d["answer"]["complete_table"], [r["country"] for r in d["rows"] if r["basis"].startswith("left out")])' \
	"(590, '2025-01-03', [])" $M --db h.db strength --as-of 2025-01-03 --json

# Bad: a complete table that contradicts itself, whichever comes first; a country row with no figure.
expect_err "a complete table giving KEN twice (marker first)" t.db 2 \
	"$F/contradict.csv:5: field \"personnel\": KEN in TEST on 2025-01-31 is 410 here but 400 in record 4906bbf641b21479 of the same complete table (source \"test-contradict\"); a complete table gives each one figure: remove one, or correct the other" \
	$T import "$F/contradict.csv"
expect_err "a complete table giving KEN twice (marker last)" t.db 2 \
	"$F/contradict-late.csv:5: field \"complete\": the complete table of TEST on 2025-01-31 (source \"test-contradict\") gives KEN twice, 400 (record 4906bbf641b21479) and 410 (record 186f733aa206a33a); a complete table gives each one figure: correct one of them, or leave \"complete\" empty" \
	$T import "$F/contradict-late.csv"
expect_err "a country's snapshot without a figure" t.db 2 \
	"muster add: field \"personnel\": missing (only a whole-mission complete marker, with an empty country and complete=yes, may leave it empty)" \
	$T add strength --mission TEST --country KEN --date 2025-05-31 --complete yes --sources test-tables

# 2. The UN's detail for 2012-05, -06 and -07 (IPI, TCC-DataScraper layout): each (mission, month) is complete.
$M --db u.db init > /dev/null
expect_out "three months of UN detail" "1825 rows over 3 days; on 2012-07-31: 119 contributors, 96939 personnel" \
	$M --db u.db import --format un-contributions "$IPI/detail-2012-05-to-07.csv"
U="$M --db u.db"
# Who is in UNIFIL in May and not in June, and back in July? Asked of the CSV, not of muster.
left=$(python3 - "$IPI/detail-2012-05-to-07.csv" <<'PY'
import csv, sys
by = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["Mission"] == "UNIFIL":
        by.setdefault(r["Contributor ISO-3"], {})[r["Date"]] = int(r["Total Total"])
print(" ".join("%s:%s:%s" % (c, v["2012-05-31"], v.get("2012-07-31", 0)) for c, v in sorted(by.items())
               if "2012-05-31" in v and "2012-06-30" not in v))
PY
)
[ "$left" = "FRA:1061:971 TLS:11:0" ] && ok "the CSV: FRA and TLS in UNIFIL in May, not in June (FRA back in July)" \
	|| fail "UNIFIL leavers in the CSV" "$left"
P='[(r["personnel"], r["basis"]) for r in d["rows"] if r["country"] in ("FRA", "TLS")]'
expect_json "UNIFIL on 2012-05-31: FRA 1,061, TLS 11" "$P" "[(1061, 'snapshot'), (11, 'snapshot')]" \
	$U strength --mission UNIFIL --as-of 2012-05-31 --json
expect_json "UNIFIL on 2012-06-30: FRA and TLS 0, left out of the June table" "$P" \
	"[(0, 'left out of the complete table'), (0, 'left out of the complete table')]" \
	$U strength --mission UNIFIL --as-of 2012-06-30 --json
expect_json "UNIFIL on 2012-07-15: still 0 (the June table is the latest)" "$P" \
	"[(0, 'left out of the complete table'), (0, 'left out of the complete table')]" \
	$U strength --mission UNIFIL --as-of 2012-07-15 --json
expect_json "UNIFIL on 2012-07-31: FRA back with 971, TLS 0" "$P" "[(971, 'snapshot'), (0, 'left out of the complete table')]" \
	$U strength --mission UNIFIL --as-of 2012-07-31 --json

# Every mission's total on each month-end against the CSV's own sums: nothing carried past a table.
sums=$(python3 - "$IPI/detail-2012-05-to-07.csv" <<'PY'
import csv, sys, collections
t = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    t[(r["Mission"], r["Date"])] += int(r["Total Total"])
print(" ".join("%s/%s/%d" % (m, d, n) for (m, d), n in sorted(t.items())))
PY
)
got=""
for md in $sums; do
	m=${md%%/*}; rest=${md#*/}; d=${rest%%/*}
	n=$($U strength --mission "$m" --as-of "$d" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['total'])")
	got="$got $m/$d/$n"
done
[ "$got" = " $sums" ] && ok "every mission on every month-end: the sum of that month's rows ($(echo $sums | wc -w) figures)" \
	|| fail "missions against the CSV" "got$got"

# 3. The published totals (TCC-DataScraper's and PPP_Loader's layouts) beside the detail.
expect_out "TCC's monthly totals" "3 published totals, the latest on 2012-07-31" \
	$U import --format un-contributions "$IPI/published-monthly-totals-2012-05-to-07.csv"
expect_out "TCC's mission totals" "57 published totals, the latest on 2012-07-31" \
	$U import --format un-contributions "$IPI/published-mission-totals-2012-05-to-07.csv"
expect_out "PPP's monthly and mission totals" "60 published totals, the latest on 2012-07-31" \
	$U import --format un-contributions "$IPI/ppp-published-monthly-totals-2012-05-to-07.csv" \
	"$IPI/ppp-published-mission-totals-2012-05-to-07.csv"
# The months where a published total and the sum of the detail differ, computed from the CSVs.
want=$(python3 - "$IPI" <<'PY'
import csv, sys, collections
d = sys.argv[1]
det, allm = collections.Counter(), collections.Counter()
for r in csv.DictReader(open(d + "/detail-2012-05-to-07.csv")):
    det[(r["Mission"], r["Date"])] += int(r["Total Total"])
    allm[r["Date"]] += int(r["Total Total"])
out = set()
for f, dc, mc, tc in (("published-mission-totals-2012-05-to-07.csv", "date", "mission", "total"),
                      ("ppp-published-mission-totals-2012-05-to-07.csv", "Date", "Mission", "Total")):
    for r in csv.DictReader(open(d + "/" + f)):
        if det[(r[mc], r[dc])] != int(r[tc]):
            out.add("%s %s %s %d" % (r[mc], r[dc], r[tc], det[(r[mc], r[dc])]))
for f, dc, tc in (("published-monthly-totals-2012-05-to-07.csv", "date", "total.sum"),
                  ("ppp-published-monthly-totals-2012-05-to-07.csv", "Date", "Total Contributions")):
    for r in csv.DictReader(open(d + "/" + f)):
        if allm[r[dc]] != int(r[tc]):
            out.add("all %s %s %d" % (r[dc], r[tc], allm[r[dc]]))
print("; ".join(sorted(out)))
PY
)
got=$(for m in all $(python3 -c "import csv,sys; print(' '.join(sorted({r['mission'] for r in csv.DictReader(open(sys.argv[1]))})))" "$IPI/published-mission-totals-2012-05-to-07.csv"); do
	$U conflicts --mission "$m" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
for x in d['disagreements']:
    c = x['claims']
    # --mission all lists every mission's disagreements too, each naming its mission: the totals over all missions here.
    if d['mission'] == 'all' and x.get('mission') != 'all':
        continue
    print('%s %s %d %d' % (d['mission'], x['about'].split(' on ')[1][:10], c[0]['value'], c[1]['value']))"
done | sort | paste -sd';' | sed 's/;/; /g')
[ "$want" = "UNIFIL 2012-06-30 11571 10560; all 2012-06-30 97857 96846" ] && ok "the CSVs: UNIFIL and all missions differ in 2012-06 only" \
	|| fail "published against detail, in python" "$want"
[ "$got" = "$want" ] && ok "conflicts lists exactly those months, with both figures: $got" || fail "conflicts against the CSVs" "got [$got], want [$want]"
expect_json "conflicts --mission all: the difference and the figure used" \
	'[(x["mission"], x["about"], x["used"], x["claims"][1]["difference"], x["rule"]) for x in d["disagreements"]]' \
	"[('UNIFIL', 'UNIFIL: mission strength on 2012-06-30: reported 11,571 against the sum of the countries', 11571, -1011, \"the publisher's total is used for the total; the countries give the breakdown\"), ('all', 'all missions on 2012-06-30: published total 97,857 against the sum of the detail', 97857, -1011, \"the publisher's total is used for the total; the detail gives the breakdown\")]" \
	$U conflicts --mission all --json
expect_json "strength of UNIFIL on 2012-06-30: the publisher's total, the detail beside it, the disagreement" \
	'(d["answer"]["total"], d["answer"]["detail_total"], d["answer"]["total_basis"], sum(r["personnel"] for r in d["rows"]), [(x["about"], [(c["value"], c["as"]) for c in x["claims"]], x["used"]) for x in d["disagreements"]])' \
	"(11571, 10560, 'reported total', 10560, [('mission strength on 2012-06-30: reported 11,571 against the sum of the countries', [(11571, 'reported mission total'), (10560, 'sum of the countries')], 11571)])" \
	$U strength --mission UNIFIL --as-of 2012-06-30 --json
expect_json "conflicts --mission UNIFIL shows the same month" '[(x["about"], x["used"], x["claims"][1]["difference"]) for x in d["disagreements"]]' \
	"[('mission strength on 2012-06-30: reported 11,571 against the sum of the countries', 11571, -1011)]" \
	$U conflicts --mission UNIFIL --json
expect_json "UNIFIL on 2012-05-31: the totals agree" '(d["answer"]["total"], d["answer"]["detail_total"], d["disagreements"])' \
	"(11845, 11845, [])" $U strength --mission UNIFIL --as-of 2012-05-31 --json
expect_out "strength as text: the sum of the countries under the reported total" "     Total (reported)          11,571" \
	$U strength --mission UNIFIL --as-of 2012-06-30
expect_out "verify after the totals" "derived tables match the log" $U verify

# 4. PPP_Loader's detail: underscores in the header, no index column, and "all" rows that are published totals.
$M --db p.db init > /dev/null
$M --db p.db import --format un-contributions "$IPI/ppp-detail-with-totals-2012-06.csv" > out.txt 2> err.txt
[ "$(cat out.txt | head -2 | paste -sd'|')" = "614 rows, 120 contributors, 97716 personnel on 2012-06-30|121 published totals beside the detail" ] \
	&& ok "PPP's detail: 614 rows of detail, 121 rows of 'all' read as published totals" || fail "PPP detail import" "$(cat out.txt err.txt)"
want=$(python3 - "$IPI/ppp-detail-with-totals-2012-06.csv" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
n = lambda v: 0 if v == "NA" else int(v)
det, byc, tot = collections.Counter(), collections.Counter(), 0
for r in rows:
    if "all" not in (r["Contributor"], r["Mission"]):
        det[r["Mission"]] += n(r["Total_Total"]); byc[r["Contributor_ISO-3"]] += n(r["Total_Total"]); tot += n(r["Total_Total"])
out = []
for r in rows:
    c, m, v = r["Contributor_ISO-3"], r["Mission"], n(r["Total_Total"])
    if c == "all" and m == "all" and v != tot: out.append("all missions %d %d" % (v, tot))
    elif c == "all" and m != "all" and v != det[m]: out.append("%s %d %d" % (m, v, det[m]))
    elif m == "all" and c != "all" and v != byc[c]: out.append("%s in all missions %d %d" % (c, v, byc[c]))
print("; ".join(sorted(out)))
PY
)
got=$(for m in all $(python3 -c "import csv,sys; print(' '.join(sorted({r['Mission'] for r in csv.DictReader(open(sys.argv[1])) if r['Mission'] != 'all'})))" "$IPI/ppp-detail-with-totals-2012-06.csv"); do
	$M --db p.db conflicts --mission "$m" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
for x in d['disagreements']:
    if x['kind'] == 'reported_total':
        c = x['claims']
        print('%s %d %d' % (x['about'].split(' on ')[0].replace('mission strength', d['mission']), c[0]['value'], c[1]['value']))"
done | sort | paste -sd';' | sed 's/;/; /g')
[ "$want" = "all missions 97857 97716" ] && ok "the CSV: only the system-wide 'all' row differs from its detail" || fail "PPP all rows in python" "$want"
[ "$got" = "$want" ] && ok "conflicts lists exactly that one: $got" || fail "PPP totals against the detail" "got [$got], want [$want]"
expect_json "PPP's UNIFIL: its 'all' row and its detail agree (11,571)" \
	'(d["answer"]["total"], d["answer"]["detail_total"], d["disagreements"])' "(11571, 11571, [])" \
	$M --db p.db strength --mission UNIFIL --as-of 2012-06-30 --json

# 5. Bad tables: a named error, exit 2, nothing imported.
$M --db e.db init > /dev/null
expect_err "a monthly-totals table without its total column" e.db 2 \
	"$F/wrong-totals.csv:1: a table of the UN's published totals in the layout of TCC-DataScraper's monthly totals (Data.Monthly.csv), but no column \"total.sum\"; the layouts read are TCC-DataScraper's Data.Monthly.csv (date, total.sum) and Data.Mission.csv (date, mission, total) and PPP_Loader's data_monthly.csv (Date, Total Contributions) and data_mission.csv (Date, Mission, Total): restore the column's name" \
	$M --db e.db import --format un-contributions "$F/wrong-totals.csv"
expect_err "PPP's mission totals without Total" e.db 2 \
	"$F/wrong-ppp-mission.csv:1: a table of the UN's published totals in the layout of PPP_Loader's mission totals (data_mission.csv), but no column \"Total\"; the layouts read are TCC-DataScraper's Data.Monthly.csv (date, total.sum) and Data.Mission.csv (date, mission, total) and PPP_Loader's data_monthly.csv (Date, Total Contributions) and data_mission.csv (Date, Mission, Total): restore the column's name" \
	$M --db e.db import --format un-contributions "$F/wrong-ppp-mission.csv"
expect_err "an 'all' contributor beside a country's code cannot be read" e.db 2 \
	"$F/all-mismatch.csv:3: field \"Contributor ISO-3\": \"ARG\" beside Contributor \"all\": a row of \"all\" contributors says all in both Contributor and Contributor ISO-3; correct the one that is wrong" \
	$M --db e.db import --format un-contributions "$F/all-mismatch.csv"
{ head -3 "$IPI/published-mission-totals-2012-05-to-07.csv"; sed -n 2p "$IPI/published-mission-totals-2012-05-to-07.csv"; } > dup.csv
expect_err "the same published total twice" e.db 2 \
	"dup.csv:4: duplicate: a second published total of MONUSCO on 2012-05-31 (the first is on line 2); remove one" \
	$M --db e.db import --format un-contributions dup.csv
expect_err "good detail then a bad totals table: nothing of either" e.db 2 \
	"$F/wrong-totals.csv:1: a table of the UN's published totals in the layout of TCC-DataScraper's monthly totals (Data.Monthly.csv), but no column \"total.sum\"; the layouts read are TCC-DataScraper's Data.Monthly.csv (date, total.sum) and Data.Mission.csv (date, mission, total) and PPP_Loader's data_monthly.csv (Date, Total Contributions) and data_mission.csv (Date, Mission, Total): restore the column's name" \
	$M --db e.db import --format un-contributions "$IPI/detail-2012-05-to-07.csv" "$F/wrong-totals.csv"

# 6. A file of schema 8 (strength rows without mission, day or complete) is migrated by its first write:
# the log unchanged, the derived tables rebuilt, the same answers.
cp u.db v8.db
sqlite3 v8.db "DROP TABLE strength; CREATE TABLE strength(seq INTEGER PRIMARY KEY, country TEXT NOT NULL,
	unit TEXT NOT NULL, category TEXT NOT NULL, personnel INT NOT NULL, qualifier TEXT NOT NULL,
	personnel_type TEXT NOT NULL, gender TEXT NOT NULL); PRAGMA user_version = 8"
$M --db v8.db rebuild > /dev/null
[ "$(sqlite3 v8.db 'PRAGMA user_version')" = "$LATEST" ] && [ "$(state v8.db)" = "$(state u.db)" ] \
	&& ok "schema 8 migrated to the latest, the log unchanged" || fail "migration to the latest" "$(sqlite3 v8.db 'PRAGMA user_version')"
[ "$($M --db v8.db strength --mission UNIFIL --as-of 2012-06-30 --json)" = "$($U strength --mission UNIFIL --as-of 2012-06-30 --json)" ] \
	&& ok "the migrated file answers the same" || fail "migrated answer" "differs"
