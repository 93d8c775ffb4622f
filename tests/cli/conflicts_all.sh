# conflicts_all.sh: `muster conflicts` lists every disagreement that any answer
# shows (issue 16, point 6): on the bundled record, on FTS pages and on a UN
# contributions table, every answer on every day the record changes is
# checked by helpers/contained.py.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

# contained NAME DB: serves DB and checks every answer against conflicts.
contained() {
	name=$1 db=$2
	start_server "$db" || { fail "$name" "the server did not start: $(tail -3 serve.log)"; return; }
	out=$(python3 "$ROOT/tests/cli/helpers/contained.py" "$db" "$U" 2>&1)
	rc=$?
	stop_server
	if [ $rc -eq 0 ]; then ok "$name: $(echo "$out" | tail -1)"; else fail "$name" "$(echo "$out" | tail -6)"; fi
}

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "conflicts_all: init --bundled" "failed"; exit 0; }
contained "every answer's disagreements are in conflicts (bundled record)" h.db

# The bundled record's disagreements by area: force, pledges, funding, incidents.
expect_json "conflicts counts every area (bundled record)" \
	'(d["answer"]["disagreements"], sorted(d["answer"]["by_area"].items()))' \
	"(24, [('force', 15), ('funding', 2), ('incidents', 5), ('pledges', 2)])" $M --db h.db conflicts --json
# Each disagreement carries its parts and its date; its English "about" is
# the sentence its parts say (counts grouped), so no renderer reads the text.
cat > said.py <<'PY'
import json, re, sys
def hole(h):
    if "count" in h: return "{:,}".format(h["count"])
    if "dates" in h: return " and ".join(h["dates"])
    if "said" in h: return say(h["said"])
    for k in ("date", "words", "name"):
        if k in h: return h[k]
    raise ValueError(h)
def say(s):
    return re.sub(r"\{(\d)\}", lambda m: hole(s["holes"][int(m.group(1)) - 1]), s["template"])
d = json.load(sys.stdin)
bad = [x["about"] for x in d["disagreements"] if "said" not in x or "date" not in x or say(x["said"]) != x["about"]]
print(len(d["disagreements"]), len([x for x in d["disagreements"] if x["date"]]), bad)
PY
for db in h.db; do
	got=$($M --db $db conflicts --json | python3 said.py 2>&1)
	[ "$got" = "24 24 []" ] && ok "conflicts: every disagreement says its about from its parts and has its date ($got)" ||
		fail "conflicts: parts" "$got"
done
expect_json "conflicts lists funding's parts against the total" \
	'[(x["area"], x["kind"], x["difference"]) for x in d["disagreements"] if x["kind"] == "parts_vs_total"]' \
	"[('funding', 'parts_vs_total', '100000.00')]" $M --db h.db conflicts --json
expect_json "conflicts lists the incidents' conflicting reports" \
	'[x["about"] for x in d["disagreements"] if x["area"] == "incidents"]' \
	"['incident ken-fatality-2025-02-23: persons', 'incident ken-ambush-2025-03-25: place', 'incident ken-road-accident-2025-08-31: fatalities_low', 'incident ken-road-accident-2025-08-31: fatalities_best', 'incident ken-road-accident-2025-08-31: fatalities_high']" \
	$M --db h.db conflicts --json
expect_json "every conflict row names its area" 'all(r["area"] for r in d["rows"])' True \
	$M --db h.db conflicts --json
# The strength answer names a reported total's disagreement as conflicts does.
expect_json "strength's reported-total disagreement is named as in conflicts" \
	'[x["about"] for x in d["disagreements"] if x["kind"] == "reported_total"]' \
	"['mission strength on 2024-09-30: reported about 410 against the sum of the countries']" \
	$M --db h.db strength --as-of 2024-09-30 --json
expect_out "summary counts every area's disagreements" "disagreements 24" $M --db h.db summary --as-of 2025-06-30

# FTS pages (funding flows; the real three-page search has parents counted
# beside their parts) and UN contributions tables with the publisher's totals.
F="$ROOT/tests/fixtures/fts"
$M --db f.db init > /dev/null && $M --db f.db import --format fts --mission AFG-HRP-2021 \
	"$F/afg-2021-page1.json" "$F/afg-2021-page2.json" > /dev/null 2>&1 &&
	$M --db f.db import --format fts --mission PSE-2020 \
	"$F/pse-2020-page1.json" "$F/pse-2020-page2.json" "$F/pse-2020-page3.json" > /dev/null 2>&1 ||
	fail "conflicts_all: import FTS pages" "failed"
contained "every answer's disagreements are in conflicts (FTS pages)" f.db
I="$ROOT/tests/fixtures/complete/ipi"
$M --db u.db init > /dev/null && $M --db u.db import --format un-contributions \
	"$ROOT/tests/fixtures/interchange/contributions-2014-02-sample.csv" "$I/detail-2012-05-to-07.csv" \
	"$I/published-monthly-totals-2012-05-to-07.csv" "$I/published-mission-totals-2012-05-to-07.csv" > /dev/null 2>&1 ||
	fail "conflicts_all: import UN tables" "$($M --db u.db import --format un-contributions "$I/published-monthly-totals-2012-05-to-07.csv" 2>&1 | head -2)"
contained "every answer's disagreements are in conflicts (UN tables and published totals)" u.db
for c in "f.db AFG-HRP-2021" "f.db PSE-2020" "u.db all"; do
	db=${c% *} mi=${c#* }
	got=$($M --db $db conflicts --mission $mi --json | python3 said.py 2>&1)
	case "$got" in
	*" []") ok "conflicts --mission $mi: every about said from its parts ($got)" ;;
	*) fail "conflicts --mission $mi: parts" "$got" ;;
	esac
done

# The timeline marks a claim that lost to another, with the figure used.
expect_json "timeline marks the 200-officer arrival that lost to the 400" \
	'[(r["what"], r["parts"].get("used")) for r in d["rows"] if r["kind"] == "arrival" and r["date"] == "2024-06-25"]' \
	"[('400 arrived from KEN (Kenya Police)', None), ('200 arrived from KEN (Kenya Police): a claim that lost to another, 400 is used', 400)]" \
	$M --db h.db timeline --from 2024-06-25 --to 2024-06-25 --json

# strength --mission all shows each publisher's total over every mission beside
# the sum, with the disagreement conflicts --mission all lists.
I="$ROOT/tests/fixtures/complete/ipi"
$M --db p.db init > /dev/null && $M --db p.db import --format un-contributions "$I/ppp-detail-with-totals-2012-06.csv" > /dev/null 2>&1 ||
	fail "conflicts_all: import PPP detail" "failed"
expect_json "strength --mission all: the publisher's total over all missions is the total, the sum beside it" \
	'(d["answer"]["total"], d["answer"]["detail_total"], d["answer"]["total_basis"], [(t["personnel"], t["date"], t["missions"], t["detail_total"]) for t in d["answer"]["published_totals"]], [x["about"] for x in d["disagreements"]])' \
	"(97857, 97716, 'reported total', [(97857, '2012-06-30', 19, 97716)], ['all missions on 2012-06-30: published total 97,857 against the sum of the detail'])" \
	$M --db p.db strength --mission all --as-of 2012-06-30 --json
expect_json "conflicts --mission all lists the same" '[x["about"] for x in d["disagreements"]]' \
	"['all missions on 2012-06-30: published total 97,857 against the sum of the detail']" \
	$M --db p.db conflicts --mission all --json
# With the bundled MSS beside the UN table, the UN's total does not cover every mission: the sum is the total.
$M --db p.db import "$ROOT/data/haiti/sources.csv" "$ROOT/data/haiti/movements.csv" > /dev/null 2>&1 || fail "conflicts_all: add MSS arrivals" "failed"
expect_json "strength --mission all: a publisher's total that does not cover every mission is shown, not used" \
	'(d["answer"]["total"] == d["answer"]["detail_total"], d["answer"]["total_basis"], [t["personnel"] for t in d["answer"]["published_totals"]])' \
	"(True, 'sum of the missions', [97857])" $M --db p.db strength --mission all --as-of 2025-01-04 --json

# conflicts' memo against answers read afresh (lib.sh), on records with
# claims, complete tables and publishers' totals.
memo_same h.db u.db p.db f.db
