# force.sh: the force-generation answers on the bundled Haiti record, with the
# exact figures the issue asks for, and the record's life cycle.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
ok "init --bundled"
S="$M --db h.db"

# Strength on 2025-01-04 by country: 590 = 400 + 150 + 24 + 8 + 6 + 2.
expect_json "strength 2025-01-04 total" 'd["answer"]["total"]' 590 $S strength --as-of 2025-01-04 --json
expect_json "strength 2025-01-04 by country" \
	'" ".join("%s=%d" % (r["country"], r["personnel"]) for r in d["rows"])' \
	"KEN=400 GTM=150 JAM=24 SLV=8 BHS=6 BLZ=2" $S strength --as-of 2025-01-04 --json
expect_json "strength 2025-01-04 every row cites a listed source" \
	'all(r["sources"] and set(r["sources"]) <= {s["id"] for s in d["sources"]} for r in d["rows"])' \
	True $S strength --as-of 2025-01-04 --json
expect_json "strength frame" 'sorted(d.keys())' \
	"['answer', 'as_of', 'disagreements', 'generated', 'mission', 'question', 'rows', 'sources']" \
	$S strength --as-of 2025-01-04 --json

# 2025-01-03: the encyclopedia's table says Guatemala 150; the arrivals give 75.
expect_json "strength 2025-01-03 Guatemala uses the snapshot" \
	'[r["personnel"] for r in d["rows"] if r["country"] == "GTM"][0]' 150 $S strength --as-of 2025-01-03 --json
expect_json "strength 2025-01-03 names the rule" \
	'"latest reported snapshot on or before the date" in d["answer"]["rule"]' True \
	$S strength --as-of 2025-01-03 --json
expect_json "strength 2025-01-03 lists the Guatemala disagreement" \
	'[(x["kind"], [c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"] if x["about"].startswith("GTM on 2025-01-03")]' \
	"[('snapshot_vs_movements', [150, 75], 150)]" $S strength --as-of 2025-01-03 --json

# Boundaries around the first arrival.
expect_json "strength 2024-06-24 is 0" 'd["answer"]["total"]' 0 $S strength --as-of 2024-06-24 --json
expect_json "strength 2024-06-25 is Kenya's first contingent" \
	'(d["answer"]["total"], [r["country"] for r in d["rows"]])' "(400, ['KEN'])" $S strength --as-of 2024-06-25 --json

# The plan: 2,500 against 590 leaves 1,910, 23.6 % of plan.
expect_json "planned strength gap" \
	'(d["answer"]["target"]["personnel"], d["answer"]["target"]["gap"], d["answer"]["target"]["share_pct"])' \
	"(2500, 1910, '23.6')" $S strength --as-of 2025-01-04 --json
expect_out "strength text shows the gap" "gap 1,910, 23.6 % of it" $S strength --as-of 2025-01-04

# Breakdowns.
expect_json "strength by category" '" ".join("%s=%d" % (r["category"], r["personnel"]) for r in d["rows"])' \
	"police=404 military=186" $S strength --as-of 2025-01-04 --by category --json
expect_json "strength by unit: Jamaica's two services" \
	'sorted((r["unit"], r["personnel"]) for r in d["rows"] if r["country"] == "JAM")' \
	"[('Jamaica Constabulary Force', 4), ('Jamaica Defence Force', 20)]" $S strength --as-of 2025-01-04 --by unit --json

# Conflicts: the first Kenyan contingent (400 vs 200) and 400 on the ground vs 600 arrived.
expect_json "conflicts: first Kenyan contingent 400 vs 200" \
	'[(sorted(c["value"] for c in x["claims"]), x["used"]) for x in d["disagreements"] if x["about"].startswith("arrival of KEN") and "2024-06-25" in x["about"]]' \
	"[([200, 400], 400)]" $S conflicts --json
expect_json "conflicts: Kenya on 2024-07-16, 400 reported vs 600 arrived" \
	'[[c["value"] for c in x["claims"]] for x in d["disagreements"] if x["about"].startswith("KEN on 2024-07-16")]' \
	"[[400, 600]]" $S conflicts --json
expect_json "conflicts: each claim cites sources" \
	'all(c.get("sources") or c.get("as") for x in d["disagreements"] for c in x["claims"])' True $S conflicts --json

# Pledges: who pledged and had no one deployed by 2025-01-03.
expect_json "pledges 2025-01-03 never deployed" '", ".join(d["answer"]["never_deployed_names"])' \
	"Antigua and Barbuda, Bangladesh, Barbados, Benin, Chad, Guinea, Guyana" $S pledges --as-of 2025-01-03 --json
expect_json "pledges: Guatemala pledged 150, deployed 150" \
	'[(r["pledged"], r["deployed"], r["gap"]) for r in d["rows"] if r["country"] == "GTM"]' "[(150, 150, 0)]" \
	$S pledges --as-of 2025-01-04 --json
expect_json "pledges: Bahamas pledged 150, deployed 6" \
	'[(r["pledged"], r["deployed"]) for r in d["rows"] if r["country"] == "BHS"]' "[(150, 6)]" \
	$S pledges --as-of 2025-01-04 --json

expect_json "pledges: Kenya 1,000 plus an additional 600, formal" \
	'[(r["pledged"], r["status"]) for r in d["rows"] if r["country"] == "KEN"]' "[(1600, 'formal')]" \
	$S pledges --as-of 2025-01-03 --json
expect_json "pledges: Benin's 1,500 and 2,000 disagree" \
	'[sorted(c["value"] for c in x["claims"]) for x in d["disagreements"] if "BEN" in x["about"]]' "[[1500, 2000]]" \
	$S pledges --as-of 2025-01-03 --json
expect_json "pledges on 2023-07-28: only undated ones, each flagged" \
	'sorted((r["country"], r["date_uncertain"]) for r in d["rows"])' \
	"[('BLZ', True), ('BRB', True), ('GUY', True), ('JAM', True)]" $S pledges --as-of 2023-07-28 --json
expect_json "pledges on 2023-07-29: Kenya's 1,000 counts from that day" \
	'[(r["pledged"], r["date_uncertain"]) for r in d["rows"] if r["country"] == "KEN"]' "[(1000, False)]" \
	$S pledges --as-of 2023-07-29 --json

# Sources and show.
expect_json "sources are graded" 'all(r["grade"] in "ABCDE" for r in d["rows"]) and len(d["rows"]) > 10' True \
	$S sources --json
id=$($S strength --as-of 2025-01-04 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["records"][0])')
expect_json "show a record by id prefix" 'd["answer"]["record"]["kind"]' strength $S show "$(echo "$id" | cut -c1-8)" --json

# The life cycle: correct, retract, rebuild, with the log only growing.
cp h.db w.db
W="$M --db w.db"
before=$(state w.db)
new=$($W correct "$id" --personnel 401 --note "test correction") || fail "correct" "failed"
expect_json "a correction replaces the record" \
	'[r["personnel"] for r in d["rows"] if r["country"] == "KEN"][0]' 401 $W strength --as-of 2025-01-04 --json
expect_json "the old record shows it was corrected" '(d["answer"]["status"], d["answer"]["replaced_by"])' \
	"('corrected', '$(echo "$new" | cut -c1-16)')" $W show "$id" --json
$W retract "$new" --reason "test retraction" > /dev/null || fail "retract" "failed"
expect_json "a retraction withdraws the correction" 'd["answer"]["status"]' retracted $W show "$new" --json
expect_json "history: original, correction, retraction, each with who and when" \
	'[(r["action"], r["entered_by"], sorted(r["changed"])) for r in d["rows"]]' \
	"[('original', 'muster (bundled Haiti record, data/haiti)', []), ('correction', 'tester', ['note', 'personnel']), ('retraction', 'tester', [])]" \
	$W history "$id" --json
$W add pledge --country BEN --status withdrawn --date 2024-12 --sources wikipedia-mss-2025-01 > /dev/null \
	|| fail "add a withdrawal" "failed"
expect_json "a withdrawn pledge leaves the never-deployed list" \
	'([r["status"] for r in d["rows"] if r["country"] == "BEN"], "BEN" in d["answer"]["never_deployed"])' \
	"(['withdrawn'], False)" $W pledges --as-of 2025-01-03 --json
after=$(state w.db)
n0=${before%% *}; n1=${after%% *}
[ "$n1" -eq $((n0 + 3)) ] && ok "correct, retract and add append three records" || fail "append count" "$before -> $after"
h1=$($W strength --as-of 2025-01-03 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["answer"]["total"], len(d["disagreements"]))')
$W rebuild > /dev/null || fail "rebuild" "failed"
h2=$($W strength --as-of 2025-01-03 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["answer"]["total"], len(d["disagreements"]))')
[ "$h1" = "$h2" ] && [ "$(state w.db)" = "$after" ] && ok "rebuild gives the same answers and log" || fail "rebuild" "$h1 vs $h2"
sqlite3 w.db "UPDATE log SET body = body WHERE seq = 1" 2>/dev/null && fail "the log refuses updates" "update succeeded" \
	|| ok "the log refuses updates"

# The bundled record has the same ids on every machine.
$M --db h2.db init --bundled > /dev/null
[ "$(state h.db)" = "$(state h2.db)" ] && ok "bundled record is reproducible" || fail "bundled reproducible" "heads differ"

# Help everywhere, and the man page matches the command table.
for c in init summary strength pledges conflicts sources show add import correct retract rebuild verify history; do
	expect_out "$c --help" "usage: muster $c" $M $c --help
done
expect_out "add KIND --help lists fields" "--personnel" $M add arrival --help
$M test-man | cmp -s - "$ROOT/docs/muster.1" && ok "docs/muster.1 matches the command table" \
	|| fail "man page" "docs/muster.1 differs from muster test-man (regenerate it)"
expect_out "summary names the mandate in force" "mandate       MSS-HTI under S/RES/2751 (2024) until 2025-10-02, 271 days left" \
	$S summary --as-of 2025-01-04
expect_out "summary gives the strength" "strength      590 personnel from 6 countries" $S summary --as-of 2025-01-04

# Country names come from the iso-codes list, read by a fast scan of its usual
# shape and by jansson otherwise: the same names either way.
mkdir -p iso-esc iso-bad
sed 's/"name": "Kenya"/"name": "K\\u0065nya"/' /usr/share/iso-codes/json/iso_3166-1.json > iso-esc/iso_3166-1.json
cp /usr/share/iso-codes/json/iso_4217.json iso-esc/
names='" ".join(r["name"] for r in d["rows"])'
want="Kenya Guatemala Jamaica El Salvador Bahamas Belize"
expect_json "country names from the iso-codes list" "$names" "$want" $S strength --as-of 2025-01-04 --json
expect_json "country names from a list with escapes" "$names" "$want" \
	env MUSTER_ISO_CODES="$PWD/iso-esc" $S strength --as-of 2025-01-04 --json
printf '{"3166-1": [{"alpha_3": "KEN", "name": "Ken\303"}]}' > iso-bad/iso_3166-1.json
cp /usr/share/iso-codes/json/iso_4217.json iso-bad/
expect_json "a list jansson cannot read gives codes, not names" "$names" "KEN GTM JAM SLV BHS BLZ" \
	env MUSTER_ISO_CODES="$PWD/iso-bad" $S strength --as-of 2025-01-04 --json
