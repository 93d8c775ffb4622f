# record.sh: the bundled record brought up to the GSF era (issue 18): corrections
# that keep every shipped record, Kenya's strength through the December 2025
# rotation, the GSF's pledges and their disagreements, the mandate, 2793's
# requirements, the GSF's money, and the new places.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db b.db init --bundled > /dev/null || fail "init --bundled" "failed"
S="$M --db b.db"

# The bundle only grows: every record shipped before the corrections keeps its id.
sqlite3 b.db "SELECT id FROM log" | sort > now.ids
missing=$(comm -23 "$ROOT/tests/fixtures/record/bundled-ids-before-corrections.txt" now.ids | wc -l)
[ "$missing" = 0 ] && ok "the 250 records shipped before keep their ids" || fail "shipped ids" "$missing missing"
[ "$(wc -l < now.ids)" = 348 ] && ok "the bundle holds 348 records" || fail "bundle size" "$(wc -l < now.ids)"
expect_out "verify: the bundle with its corrections" "derived tables match the log" $S verify

# Corrections name the shipped record; the shipped record stays, marked corrected.
expect_out "show arr-ken-230: corrected, not edited" "(#94, corrected)" $S show arr-ken-230
expect_json "the 230 are dated 8 December 2025 under the GSF" \
	'[(r["date"], r["mission"], r["what"]) for r in d["rows"] if r["kind"] == "arrival"]' \
	"[('2025-12-08', 'GSF-HTI', '230 arrived from KEN (Kenya Police)')]" $S timeline --from 2025-09-01 --to 2026-12-01 --json
expect_json "the AFP source is dated August 2025" \
	'[s["date"] for s in d["sources"] if s["id"] == "afp-2025"]' "['2025-08']" \
	$S strength --as-of 2025-09-01 --json

# Kenya through 2025: the third contingent (217, 18 January), the fourth
# (6 February: AP 200 against K24's 144 and 140), then the GSF rotation.
expect_json "Kenya on 2025-01-31: 400 + 217" \
	'[r["personnel"] for r in d["rows"] if r["country"] == "KEN"]' "[617]" $S strength --as-of 2025-01-31 --json
expect_json "Kenya on 2025-02-06: EFE's 700 of 4 February + AP's 200" \
	'[r["personnel"] for r in d["rows"] if r["country"] == "KEN"]' "[900]" $S strength --as-of 2025-02-06 --json
expect_json "El Salvador on 2025-02-06: 8 + 70" \
	'[r["personnel"] for r in d["rows"] if r["country"] == "SLV"]' "[78]" $S strength --as-of 2025-02-06 --json
expect_json "the fourth contingent: 200 against 140 and 144, 200 used" \
	'[([c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"] if x["about"] == "arrival of KEN Kenya Police on 2025-02-06"]' \
	"[([200, 140, 144], 200)]" $S conflicts --json
expect_json "GSF on 2025-12-08: the 230 who arrived" \
	'(d["answer"]["total"], d["answer"]["reported_total"]["personnel"])' "(230, 980)" \
	$S strength --mission GSF-HTI --as-of 2025-12-08 --json
expect_json "GSF on 2026-01-15: Kenya's about 700 of 9 December" \
	'[(r["country"], r["personnel"], r["basis"], r["snapshot_date"]) for r in d["rows"]]' \
	"[('KEN', 700, 'snapshot', '2025-12-09')]" $S strength --mission GSF-HTI --as-of 2026-01-15 --json
expect_json "the first departures: 230 against 100, 230 used" \
	'[([c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"] if x["about"].startswith("departure of KEN")]' \
	"[([230, 100], 230)]" $S conflicts --mission GSF-HTI --json

# GSF pledges of the 9 December 2025 conference, and Chad's later 800.
P="$S pledges --mission GSF-HTI --json"
expect_json "GSF pledges: 7 countries, 3,000 with a number" \
	'(d["answer"]["countries_pledged"], d["answer"]["pledged_personnel"])' "(7, 3000)" $P
expect_json "GSF pledges: Chad 1,500 soldiers against 800 police and gendarmes" \
	'[([c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"] if "TCD" in x["about"]]' \
	"[([1500, 800], 1500)]" $P
expect_json "GSF pledges: Bangladesh 1,500" '[r["pledged"] for r in d["rows"] if r["country"] == "BGD"]' "[1500]" $P

# Mandate: the transition day and the GSF era.
expect_json "mandate on 2025-10-01: GSF under 2793, MSS's 2751 still in force" \
	'(d["answer"]["mission"], d["answer"]["days_left"], [(r["mission"], r["resolution"], r["status"]) for r in d["rows"]])' \
	"('GSF-HTI', 364, [('MSS-HTI', 2699, 'ended'), ('MSS-HTI', 2751, 'in force'), ('GSF-HTI', 2793, 'in force')])" \
	$S mandate --as-of 2025-10-01 --json
expect_json "mandate on 2026-03-01: GSF under 2793, 213 days left" \
	'(d["answer"]["mission"], d["answer"]["resolution"], d["answer"]["days_left"])' "('GSF-HTI', 2793, 213)" \
	$S mandate --as-of 2026-03-01 --json

# 2793's requirements with their due dates.
O="$S obligations --json"
expect_json "UNSOH to take over the GSF's logistics by 2026-03-30" \
	'[(r["due"], r["rule"]) for r in d["rows"] if r["ref"] == "req-2793-10"]' \
	"[('2026-03-30', 'within six months of adoption')]" $O
expect_json "2793's dated requirements" \
	'[(r["ref"], r["due"]) for r in d["rows"] if r["resolution"] == 2793 and r["due"]]' \
	"[('req-2793-10', '2026-03-30'), ('req-2793-10e', '2026-02-01'), ('req-2793-15', '2026-06-30'), ('req-2793-24', '2025-12-30')]" $O
expect_json "the Special Representative: met on 2025-12-02" \
	'[(r["status"], [e["date"] for e in r["evidence"]]) for r in d["rows"] if r["ref"] == "req-2793-8"]' \
	"[('met', ['2025-12-02'])]" $O
expect_json "the BINUH resolutions are recorded" \
	'sorted(r["what"] for r in d["rows"] if r["kind"] == "resolution")' \
	"['S/RES/2743 (2024) adopted at the 9684th meeting', 'S/RES/2751 (2024) adopted at the 9735th meeting', 'S/RES/2785 (2025) adopted at the 9956th meeting', 'S/RES/2793 (2025) adopted at the 10009th meeting', 'S/RES/2814 (2026) adopted at the 10099th meeting']" \
	$S timeline --from 2024-07-01 --to 2026-02-28 --json

# Money of the GSF era.
F="$S funding --mission GSF-HTI --json"
expect_json "GSF trust fund: 113 million reported on 2025-12-08" \
	'[(t["amount"], t["date"]) for t in d["answer"]["reported_totals"] if t["stage"] == "deposited"]' \
	"[('113000000.00', '2025-12-08')]" $F
expect_json "GSF pledges of money: Canada, the Dominican Republic, Haiti" \
	'sorted((r["donor"], r["channel"], r["pledged"]["amount"], r["pledged"]["currency"]) for r in d["rows"] if r["pledged"])' \
	"[('CAN', 'unspecified', '40000000.00', 'CAD'), ('DOM', 'trust_fund', '10000000.00', 'USD'), ('HTI', 'unspecified', '50000000.00', 'USD')]" $F

# Places and operations of the GSF era.
ops=$($S export --format jsonl --kind operation --mission GSF-HTI | python3 -c '
import json, sys
print([(r["date"], r["places"]) for r in map(json.loads, sys.stdin)])')
[ "$ops" = "[('2025-10-17', 'HT-PETITE-RIVIERE;HT-LIANCOURT;HT-PONT-SONDE'), ('2025-10', 'HT-KENSCOFF;HT-DOWNTOWN-PAP;HT-PAP-AIRPORT;HT-POLICE-COLLEGE'), ('2025-11', 'HT-TABARRE;HT-CROIX-DES-BOUQUETS'), ('2025-12', 'HT-PORT-DE-PAIX'), ('2026-01-14', 'HT-DELMAS')]" ] \
	&& ok "GSF operations: Pont-Sondé road, patrols, 400 Mawozo, Port-de-Paix, Delmas 6" || fail "GSF operations" "$ops"
expect_json "Croix-des-Bouquets has its sourced point" \
	'[(r["lat"], r["lon"]) for r in d["rows"]]' "[('18.57677', '-72.22625')]" $S places --place croix-des-bouquets --json
expect_json "Cpl Nzuve's accident: one event, deaths 2 against 3" \
	'[sorted(c["value"] for c in x["claims"]) for x in d["disagreements"] if x["about"] == "incident ken-road-accident-2025-08-31: fatalities_best"]' \
	"[[2, 3]]" $S incidents --json
