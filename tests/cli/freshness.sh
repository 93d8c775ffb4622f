# freshness.sh: answers say how fresh their figures are and how far the record
# reaches (issue 16, point 7): stale figures flagged on the CLI, the API and
# the pages; the mandate after the last resolution; the dashboard once the
# default mission has ended.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "freshness: init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# On 2026-12-07 every MSS figure is carried forward from 2025: all stale.
expect_json "strength 2026-12-07: every row's latest report, age and stale flag" \
	'[(r["country"], r["latest_report"], r["age_days"], r["stale"]) for r in d["rows"]]' \
	"[('KEN', '2025-02-06', 669, True), ('GTM', '2025-06-30', 525, True), ('SLV', '2025-06-30', 525, True), ('JAM', '2025-06-30', 525, True), ('BHS', '2025-01-04', 702, True), ('BLZ', '2025-01-04', 702, True)]" \
	$S strength --as-of 2026-12-07 --json
expect_json "strength 2026-12-07: the oldest figure carried forward" \
	'(d["answer"]["freshness"]["oldest_report"], d["answer"]["freshness"]["oldest_country"], d["answer"]["freshness"]["oldest_age_days"], d["answer"]["freshness"]["stale_figures"], d["answer"]["freshness"]["figures"])' \
	"('2025-01-04', 'BHS', 702, 6, 6)" $S strength --as-of 2026-12-07 --json
expect_out "strength text flags stale figures" \
	"Stale: 6 of 6 figures rest on reports older than 90 days; the oldest carried forward is BHS's of 2025-01-04, 702 days before this date" \
	$S strength --as-of 2026-12-07
expect_out "strength text marks a stale row" "snapshot 2025-01-04 (stale)" $S strength --as-of 2026-12-07
# On the day of the table nothing is stale; 90 days later still not, 91 days later yes.
expect_json "strength 2025-01-04: nothing stale" 'd["answer"]["freshness"]["stale_figures"]' 0 \
	$S strength --as-of 2025-01-04 --json
expect_json "BHS 90 days after its report is not stale" \
	'[r["stale"] for r in d["rows"] if r["country"] == "BHS"]' "[False]" $S strength --as-of 2025-04-04 --json
expect_json "BHS 91 days after its report is stale" \
	'[r["stale"] for r in d["rows"] if r["country"] == "BHS"]' "[True]" $S strength --as-of 2025-04-05 --json
expect_json "MUSTER_STALE_DAYS sets the threshold" \
	'(d["answer"]["freshness"]["stale_after_days"], d["answer"]["freshness"]["stale_figures"])' "(1000, 0)" \
	env MUSTER_STALE_DAYS=1000 $S strength --as-of 2026-12-07 --json
out=$(MUSTER_STALE_DAYS=ninety $S strength --as-of 2026-12-07 2>&1)
rc=$?
if [ $rc -eq 2 ] && [ "$out" = 'muster: MUSTER_STALE_DAYS="ninety": not a number of days (give a whole number from 1 to 36500, such as 90, or unset it for 90)' ]; then
	ok "a bad MUSTER_STALE_DAYS is a named error"
else
	fail "a bad MUSTER_STALE_DAYS is a named error" "exit $rc: $out"
fi

# The mandate after the last resolution in the record says what the record holds.
expect_out "mandate after the record's last resolution" \
	"The record holds no resolution after 2026-01-29 (S/RES/2814 (2026)); the last authorisation, of GSF-HTI, ended on 2026-09-30." \
	$S mandate --as-of 2026-12-07
expect_json "mandate JSON names the last resolution and the last authorisation ended" \
	'(d["answer"]["last_resolution"]["symbol"], d["answer"]["last_ended"]["mission"], d["answer"]["last_ended"]["end"])' \
	"('S/RES/2814 (2026)', 'GSF-HTI', '2026-09-30')" $S mandate --as-of 2026-12-07 --json

# The dashboard on 2026-12-07: the successor, said to have ended; MSS as dated history.
if start_server h.db; then
	page=$($C "$U/?as_of=2026-12-07")
	for want in "GSF-HTI&#39;s authorisation ended on 2026-09-30, and the record holds no renewal" \
		"personnel from 1 country on 2026-09-30" \
		"History: <b>MSS-HTI</b> ended on 2025-10-02, with 1,159 personnel on its last day." \
		"The record holds no resolution after 2026-01-29 (S/RES/2814 (2026))."; do
		case "$page" in
		*"$want"*) ok "dashboard 2026-12-07: $want" ;;
		*) fail "dashboard 2026-12-07" "lacks [$want]" ;;
		esac
	done
	stop_server
	$M --db empty.db init > /dev/null
	if start_server empty.db; then
		page=$($C "$U/?as_of=2026-12-07")
		case "$page" in
		*"The record holds no strength figure for <b>MSS-HTI</b> on or before 2026-12-07."*)
			ok "dashboard of an empty file: no strength figure, not 0 personnel" ;;
		*) fail "dashboard of an empty file" "$(echo "$page" | grep -o '[^>]*personnel[^<]*' | head -2)" ;;
		esac
		stop_server
	fi
	start_server h.db || fail "freshness: server" "did not start again"
	page=$($C "$U/?as_of=2025-01-04")
	case "$page" in
	*"History:"*|*"authorisation ended"*) fail "dashboard 2025-01-04 shows MSS as today's" "history shown" ;;
	*) ok "dashboard 2025-01-04 shows MSS as today's" ;;
	esac
	page=$($C "$U/promises?as_of=2026-12-07")
	case "$page" in
	*"the deadline passed without the figure reaching the target; but stale: it rests on a report of 2025-12-09, 326 days before 2026-10-31 (more than 90), and later"*)
		ok "promises page says a judgement is stale" ;;
	*) fail "promises page says a judgement is stale" "$(echo "$page" | grep -o 'but stale[^<]*' | head -2)" ;;
	esac
	api=$($C "$U/api/v1/promises?as_of=2026-12-07" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["answer"]["stale"], [r["stale"] for r in d["rows"]].count(True))')
	[ "$api" = "4 4" ] && ok "promises API: 4 stale judgements" || fail "promises API stale" "$api"
	page=$($C "$U/strength?as_of=2026-12-07&lang=fr")
	case "$page" in
	*"Périmé : 6 chiffres sur 6 reposent sur des rapports de plus de 90 jours"*) ok "strength page flags stale figures (fr)" ;;
	*) fail "strength page flags stale figures (fr)" "$(echo "$page" | grep -o 'Périmé[^<]*' | head -2)" ;;
	esac
	stop_server
else
	fail "freshness: server" "did not start"
fi

# summary: the mission of record once the default mission has ended.
expect_out "summary 2026-12-07: the MSS as dated history" \
	"history       MSS-HTI ended on 2025-10-02, with 1,159 personnel on its last day" $S summary --as-of 2026-12-07
expect_out "summary 2026-12-07: the GSF's own end, with no renewal" \
	"ended         GSF-HTI's authorisation ended on 2026-09-30 and the record holds no renewal" $S summary --as-of 2026-12-07
expect_out "summary 2026-12-07: the GSF figure of its last day, flagged stale" \
	"strength      700 personnel from 1 country on 2026-09-30 (stale: the oldest figure is of 2025-12-09)" $S summary --as-of 2026-12-07
expect_json "summary 2026-01-10 JSON: GSF of record, MSS history" \
	'(d["answer"]["mission_of_record"], d["answer"]["ended"], d["answer"]["history"])' \
	"('GSF-HTI', None, [{'mission': 'MSS-HTI', 'ended': '2025-10-02', 'strength': 1159}])" \
	$S summary --as-of 2026-01-10 --json
expect_out "summary 2025-06-30: MSS, its figure dated and flagged stale" \
	"strength      1,159 personnel from 6 countries on 2025-06-30 (stale: the oldest figure is of 2025-01-04)" \
	$S summary --as-of 2025-06-30
expect_out "summary --mission MSS-HTI keeps the mission asked for" "Mission MSS-HTI on 2026-12-07:" \
	$S summary --as-of 2026-12-07 --mission MSS-HTI

# Budget figures and place statuses carried forward say their age.
expect_json "budget 2026-12-07: each figure's age and stale flag" \
	'[(k, d["answer"][k]["date"], d["answer"][k]["age_days"], d["answer"][k]["stale"]) for k in ("budget", "pledged", "raised")]' \
	"[('budget', '2025-09-30', 433, True), ('pledged', '2024-12-31', 706, True), ('raised', '2025-09-30', 433, True)]" \
	$S budget --as-of 2026-12-07 --json
expect_out "budget text flags a stale figure" "2025-09-30 (efe-2025-09-30; stale, 433 days old)" $S budget --as-of 2026-12-07
expect_json "budget 2025-10-01: a fresh figure is not stale" '(d["answer"]["raised"]["age_days"], d["answer"]["raised"]["stale"])' \
	"(1, False)" $S budget --as-of 2025-10-01 --json
expect_json "places: a status carried forward says its age" \
	'[(r["status"]["date"], r["status"]["age_days"], r["status"]["stale"]) for r in d["rows"] if r["ref"] == "HT-BOURDON"]' \
	"[('2024-11-19', 748, True)]" $S places --as-of 2026-12-07 --json
expect_json "funding: each donor's figure says its age" \
	'[(r["name"], r["pledged"]["date"], r["pledged"]["age_days"], r["pledged"]["stale"]) for r in d["rows"] if r["name"].startswith("donors at the G20")]' \
	"[(\"donors at the G20 ministers' Haiti pledging session (Rio de Janeiro)\", '2024-07', 859, True)]" \
	$S funding --as-of 2026-12-07 --json

# Promises judged on figures older than the threshold say so (issue 18, point 5):
# the GSF at 5,500 by October 2026 judged on Kenya's figure of December 2025.
expect_json "promises 2026-12-07: the stale judgements, with the report they rest on and its age" \
	'[(r["status"], r["judged_on"], r["oldest_report"], r["age_days"]) for r in d["rows"] if r["stale"]]' \
	"[('missed', '2025-10-02', '2025-02-06', 238), ('missed', '2025-10-02', '2025-01-04', 271), ('missed', '2026-10-31', '2025-12-09', 326), ('missed', '2026-10-31', '2025-12-09', 326)]" \
	$S promises --as-of 2026-12-07 --json
expect_json "promises: a kept promise is never stale, whatever the age of its figures" \
	'[(r["status"], r["age_days"], r["stale"]) for r in d["rows"] if r["what"] == "78 soldiers"]' \
	"[('kept', 94, False)]" $S promises --as-of 2026-12-07 --json
expect_json "promises: the count of stale judgements and the threshold" \
	'(d["answer"]["stale"], d["answer"]["stale_after_days"], d["answer"]["missed"])' "(4, 90, 7)" \
	$S promises --as-of 2026-12-07 --json
expect_json "promises: MUSTER_STALE_DAYS=400 leaves none stale" 'd["answer"]["stale"]' 0 \
	env MUSTER_STALE_DAYS=400 $S promises --as-of 2026-12-07 --json
expect_out "promises text: the count of stale judgements" \
	"Promises as of 2026-12-07: 4 kept, 7 missed, 1 pending, 2 unknown; 4 judged on stale figures (reports older than 90 days)" \
	$S promises --as-of 2026-12-07
expect_out "promises text: a stale judgement marked and explained" \
	"missed   Jack Christofides: the GSF fully deployed by October 2026 (promised 2026-01, deadline 2026-10) [stale]
         700 present on 2026-10-31 against 5,500, gap 4,800 (latintimes-2025-12-new-countries, miamiherald-arcamax-2025-12-troop-offers)
         the deadline passed without the figure reaching the target; but stale: it rests on a report of 2025-12-09, 326 days before 2026-10-31 (more than 90), and later reports may be missing from the record; promise cited to today24-cmc-gsf-april" \
	$S promises --as-of 2026-12-07
expect_json "promises before the deadline: pending on a fresh figure, not stale" \
	'[(r["status"], r["age_days"], r["stale"]) for r in d["rows"] if r["what"].startswith("the GSF fully deployed")]' \
	"[('pending', 68, False)]" $S promises --as-of 2026-02-15 --json
