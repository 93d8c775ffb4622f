# missions.sh: every mission of a file — `muster missions` (records, first and
# last dated fact, authorisation on the day, predecessor and successor),
# `--mission all` on strength and conflicts (each mission as when asked
# alone, then added), and an unknown mission refused by every question with
# the nearest known ones named (CLI exit 2, API 400), nothing changed. The
# file holds the bundled Haiti record (MSS-HTI, GSF-HTI) and the UN's
# contributions table of 2014-02-28 (tests/fixtures/interchange), whose
# figures the tests add up themselves from the CSV.
. "$MUSTER_ROOT/tests/cli/lib.sh"

SAMPLE="$ROOT/tests/fixtures/interchange/contributions-2014-02-sample.csv"
FX="$ROOT/tests/fixtures/missions"
S="$M --db m.db"
$S init --bundled > /dev/null 2>&1 || { fail "missions: init --bundled" "failed"; exit 0; }
$S import --format un-contributions "$SAMPLE" > /dev/null 2>&1 || { fail "missions: UN import" "failed"; exit 0; }

# The CSV's own figures, computed here: missions, rows per mission, the total, by gender.
csv() { python3 - "$SAMPLE" "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
what = sys.argv[2]
if what == "missions": print(" ".join(sorted({r["Mission"] for r in rows})))
elif what == "rows": print(sum(1 for r in rows if r["Mission"] == sys.argv[3]))
elif what == "total": print(sum(int(r["Total Total"]) for r in rows))
elif what == "gender": print("male=%d female=%d" % (sum(int(r["Total Male"]) for r in rows), sum(int(r["Total Female"]) for r in rows)))
elif what == "country": print(sum(int(r["Total Total"]) for r in rows if r["Contributor ISO-3"] == sys.argv[3]))
PY
}
UN=$(csv missions)
n_un=$(echo $UN | wc -w)
csv_total=$(csv total)
all_missions=$(echo GSF-HTI MSS-HTI $UN | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')

# ---- muster missions

expect_json "missions: the two Haiti missions and the $n_un of the UN table, by name" \
	'" ".join(r["mission"] for r in d["rows"])' "$all_missions" $S missions --json
expect_json "missions: MSS-HTI, the default, from 2023-07-29 to 2025-09-30; on 2025-10-01 under S/RES/2751 (2024) to 2025-10-02; its successor GSF-HTI" \
	'[(r["default_mission"], r["first"], r["last"], r["last_kind"], r["authorised"], r["symbol"], r["end"], r["predecessor"], r["successor"]) for r in d["rows"] if r["mission"] == "MSS-HTI"]' \
	"[(True, '2023-07-29', '2025-09-30', 'vote', 'in force', 'S/RES/2751 (2024)', '2025-10-02', None, 'GSF-HTI')]" \
	$S missions --as-of 2025-10-01 --json
expect_json "missions: GSF-HTI under S/RES/2793 (2025) from 2025-09-30; its predecessor MSS-HTI; record up to 2026-03-21" \
	'[(r["authorised"], r["symbol"], r["start"], r["end"], r["predecessor"], r["successor"], r["last"], r["sources"]) for r in d["rows"] if r["mission"] == "GSF-HTI"]' \
	"[('in force', 'S/RES/2793 (2025)', '2025-09-30', '2026-09-30', 'MSS-HTI', None, '2026-03-21', ['un-press-sc16185-2025-09-30', 'un-s-res-2793-2025'])]" \
	$S missions --as-of 2025-10-01 --json
expect_json "missions: both authorised on 2025-10-01 (the three days of overlap), neither on 2026-11-23" \
	'(d["answer"]["authorised"])' "['GSF-HTI', 'MSS-HTI']" $S missions --as-of 2025-10-01 --json
expect_json "missions: on 2026-11-23 GSF-HTI's authorisation has ended; before 2699 MSS-HTI's was not known" \
	'[(r["mission"], r["authorised"]) for r in d["rows"] if r["mission"].endswith("-HTI")]' \
	"[('GSF-HTI', 'ended'), ('MSS-HTI', 'ended')]" $S missions --as-of 2026-11-23 --json
expect_json "missions: on 2023-09-01 no resolution is known yet" \
	'[(r["mission"], r["authorised"], r["resolution"]) for r in d["rows"] if r["mission"].endswith("-HTI")]' \
	"[('GSF-HTI', 'no resolution in the record', None), ('MSS-HTI', 'no resolution in the record', None)]" \
	$S missions --as-of 2023-09-01 --json
# The import makes a snapshot of each row's total and of each of its parts: count them in the file.
n_minustah=$(sqlite3 m.db "SELECT count(*) FROM rec WHERE mission = 'MINUSTAH' AND kind <> 'source'")
expect_json "missions: MINUSTAH from the UN table alone ($(csv rows MINUSTAH) rows): $n_minustah records, one dated fact, no resolution in the record" \
	'[(r["records"], r["first"], r["last"], r["last_kind"], r["authorised"], r["resolution"], r["predecessor"], r["successor"]) for r in d["rows"] if r["mission"] == "MINUSTAH"]' \
	"[($n_minustah, '2014-02-28', '2014-02-28', 'strength', 'no resolution in the record', None, None, None)]" \
	$S missions --json
expect_out "missions: the text names how far each record reaches" \
	"MSS-HTI *            203  2023-07-29 2025-09-30 vote          in force: S/RES/2751 (2024), 2024-10-03 to 2025-10-02" \
	$S missions --as-of 2025-10-01
expect_err "missions: a bad --as-of" m.db 2 \
	'--as-of: "2025-02-30" is not a date: 2025-02 has 28 days (write a real day, or the month 2025-02 if the day is not known)' \
	$S missions --as-of 2025-02-30

# ---- strength --mission all: each mission as alone, then added

per_total=0
per_rows=""
for m in $all_missions; do
	t=$($S strength --mission "$m" --as-of 2014-02-28 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['total'])")
	per_total=$((per_total + t))
	[ "$t" -gt 0 ] && per_rows="$per_rows $m=$t"
done
[ "$per_total" = "$csv_total" ] && ok "strength per mission on 2014-02-28 adds up to the CSV's $csv_total" ||
	fail "per-mission totals" "$per_total, the CSV $csv_total"
expect_json "strength --mission all on 2014-02-28: $csv_total, the CSV's total and the sum of the missions" \
	'(d["mission"], d["answer"]["total"], sum(r["personnel"] for r in d["rows"]))' "('all', $csv_total, $csv_total)" \
	$S strength --mission all --as-of 2014-02-28 --json
expect_json "strength --mission all --by mission: one row per mission with personnel, each its own figure" \
	'" " + " ".join("%s=%d" % (r["mission"], r["personnel"]) for r in d["rows"])' "$per_rows" \
	$S strength --mission all --as-of 2014-02-28 --by mission --json
expect_json "strength --mission all --by country: Kenya across its missions, as the CSV adds it" \
	'[(r["personnel"], len(r["missions"])) for r in d["rows"] if r["country"] == "KEN"][0][0]' "$(csv country KEN)" \
	$S strength --mission all --as-of 2014-02-28 --by country --json
expect_json "strength --mission all --by gender: male and female as the CSV adds them" \
	'"male=%d female=%d" % tuple(r["personnel"] for r in d["rows"] if r["gender"] in ("male", "female"))' "$(csv gender)" \
	$S strength --mission all --as-of 2014-02-28 --by gender --json
expect_json "strength --mission all --by personnel-type: the parts add up to the total" \
	'sum(r["personnel"] for r in d["rows"])' "$csv_total" $S strength --mission all --as-of 2014-02-28 --by personnel-type --json
# On 2025-01-04 the Haiti figure (590) is one part of the sum.
all25=0
for m in $all_missions; do
	t=$($S strength --mission "$m" --as-of 2025-01-04 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['total'])")
	all25=$((all25 + t))
done
expect_json "strength --mission all on 2025-01-04: the sum of the missions ($all25), MSS-HTI's 590 among them, its disagreements naming it" \
	'(d["answer"]["total"], [m["total"] for m in d["answer"]["missions"] if m["mission"] == "MSS-HTI"], sorted({x["mission"] for x in d["disagreements"]}), all(x["about"].startswith(x["mission"] + ": ") for x in d["disagreements"]))' \
	"($all25, [590], ['MSS-HTI'], True)" $S strength --mission all --as-of 2025-01-04 --json
expect_out "strength --mission all: the text says all missions" "Strength of all missions on 2014-02-28: " \
	$S strength --mission all --as-of 2014-02-28 --by mission

# ---- conflicts --mission all

n_all=0
for m in $all_missions; do
	t=$($S conflicts --mission "$m" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['disagreements'])")
	n_all=$((n_all + t))
done
expect_json "conflicts --mission all: every mission's $n_all disagreements, each naming its mission" \
	'(d["answer"]["disagreements"], len(d["disagreements"]), all(x["mission"] and x["about"].startswith(x["mission"] + ": ") for x in d["disagreements"]), sum(d["answer"]["by_mission"].values()))' \
	"($n_all, $n_all, True, $n_all)" $S conflicts --mission all --json

# ---- an unknown mission: refused by every question, the nearest named, nothing changed

HIT='--mission "MSS-HIT" is not a mission in this file (did you mean MSS-HTI?); `muster missions` lists them'
for q in strength pledges conflicts summary funding budget places incidents vetting complaints; do
	expect_err "$q --mission MSS-HIT: refused, MSS-HTI suggested" m.db 2 "$HIT" $S $q --mission MSS-HIT
done
expect_err "export --mission MSS-HIT: refused" m.db 2 "$HIT" $S export --format csv --mission MSS-HIT
expect_err "export --question strength --mission MSS-HIT: refused" m.db 2 "$HIT" \
	$S export --format xlsx --question strength --mission MSS-HIT -o x.xlsx
[ ! -e x.xlsx ] && ok "export refused: no file written" || fail "export refused" "x.xlsx was written"
expect_err "--mission UNMI: the nearest three named" m.db 2 \
	'--mission "UNMI" is not a mission in this file (did you mean UNAMI, UNMIK or UNMIL?); `muster missions` lists them' \
	$S strength --mission UNMI
expect_err "--mission mss-hti: codes are exact; the right case suggested first" m.db 2 \
	'--mission "mss-hti" is not a mission in this file (did you mean MSS-HTI or GSF-HTI?); `muster missions` lists them' \
	$S pledges --mission mss-hti
expect_err "--mission far from every mission: muster missions named" m.db 2 \
	'--mission "ZZZZZZZZZZ" is not a mission in this file; `muster missions` lists them' $S strength --mission ZZZZZZZZZZ
for q in pledges summary funding budget places incidents vetting complaints; do
	expect_err "$q --mission all: one mission at a time" m.db 2 \
		"--mission all: $q answers for one mission at a time; name one (\`muster missions\` lists them)" $S $q --mission all
done
expect_err "strength --mission all --by a word that is no breakdown" m.db 2 \
	"--by mision: strength across missions can be broken down by mission, country, category, unit, personnel-type or gender (did you mean mission?)" \
	$S strength --mission all --by mision
expect_err "strength --by mission of one mission: refused" m.db 2 \
	"--by mission: strength can be broken down by country, category, unit, personnel-type or gender" \
	$S strength --by mission
expect_err "a record of mission \"all\": refused, the word is reserved" m.db 2 \
	"$FX/mission-all.csv:2: field \"mission\": \"all\" is reserved (--mission all asks across missions; only a strength figure may be a total over all missions); name the mission by its code, e.g. MSS-HTI" \
	$S import "$FX/mission-all.csv"

# ---- an empty file: the default mission is still a mission

$M --db e.db init > /dev/null 2>&1
expect_out "empty file: strength of the default mission" "Strength of MSS-HTI on 2025-01-04: 0 personnel" \
	$M --db e.db strength --mission MSS-HTI --as-of 2025-01-04
expect_json "empty file: missions lists the default mission, no records, no resolution in the record" \
	'[(r["mission"], r["records"], r["first"], r["authorised"]) for r in d["rows"]]' \
	"[('MSS-HTI', 0, None, 'no resolution in the record')]" $M --db e.db missions --json
expect_json "empty file: strength --mission all is the default mission's 0" '(d["answer"]["total"], d["rows"])' "(0, [])" \
	$M --db e.db strength --mission all --by mission --json
expect_err "empty file: a mission near the default is refused, the default suggested" e.db 2 \
	'--mission "GSF-HTI" is not a mission in this file (did you mean MSS-HTI?); `muster missions` lists them' \
	$M --db e.db strength --mission GSF-HTI
expect_err "empty file: a mission far from it: the one mission it holds named" e.db 2 \
	'--mission "MINUSTAH" is not a mission in this file (it holds MSS-HTI); `muster missions` lists them' \
	$M --db e.db conflicts --mission MINUSTAH

# ---- the web: the same answers, the same errors as 400

command -v curl > /dev/null || { fail "missions: curl" "curl is not installed"; exit 0; }
. "$ROOT/tests/cli/helpers/serve.sh"
start_server m.db || { fail "missions: serve starts" "$(cat serve.log)"; exit 0; }
$C "$U/api/v1/missions?as_of=2025-10-01" > api.json
$S missions --as-of 2025-10-01 --json > cli.json
cmp -s api.json cli.json && ok "/api/v1/missions is muster missions --json" || fail "/api/v1/missions" "differs from the CLI"
$C "$U/api/v1/strength?mission=all&as_of=2014-02-28&by=mission" > api.json
$S strength --mission all --as-of 2014-02-28 --by mission --json > cli.json
cmp -s api.json cli.json && ok "/api/v1/strength?mission=all is the CLI's answer" || fail "strength all on the API" "differs"
$C "$U/api/v1/conflicts?mission=all" > api.json
$S conflicts --mission all --json > cli.json
cmp -s api.json cli.json && ok "/api/v1/conflicts?mission=all is the CLI's answer" || fail "conflicts all on the API" "differs"
for q in strength pledges conflicts funding budget places incidents vetting complaints; do
	code=$($C -o err.json -w '%{http_code}' "$U/api/v1/$q?mission=MSS-HIT")
	msg=$(python3 -c "import json; print(json.load(open('err.json'))['error'])" 2>&1)
	[ "$code" = 400 ] && [ "$msg" = "$HIT" ] && ok "/api/v1/$q?mission=MSS-HIT: 400, the CLI's message" ||
		fail "/api/v1/$q?mission=MSS-HIT" "$code $msg"
done
code=$($C -o err.json -w '%{http_code}' "$U/api/v1/pledges?mission=all")
[ "$code" = 400 ] && grep -qF 'pledges answers for one mission at a time' err.json && ok "/api/v1/pledges?mission=all: 400" ||
	fail "/api/v1/pledges?mission=all" "$code $(cat err.json)"
code=$($C -o page.html -w '%{http_code}' "$U/strength?mission=MSS-HIT")
[ "$code" = 400 ] && grep -qF 'did you mean MSS-HTI?' page.html && ok "/strength?mission=MSS-HIT: a 400 page naming MSS-HTI" ||
	fail "/strength?mission=MSS-HIT" "$code"
code=$($C -o page.html -w '%{http_code}' "$U/missions?as_of=2025-10-01")
[ "$code" = 200 ] && grep -qF 'S/RES/2793 (2025)' page.html && grep -qF '<h1>Missions</h1>' page.html &&
	ok "/missions: the page, with GSF-HTI's resolution" || fail "/missions" "$code"
$C "$U/api/v1/openapi.json" | grep -qF '"/api/v1/missions"' && ok "the OpenAPI document describes /api/v1/missions" ||
	fail "openapi" "no /api/v1/missions"
stop_server
