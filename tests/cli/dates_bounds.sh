# dates_bounds.sh: bounds about one country checked against its figure, and
# claims dated only to a month or a year that never displace a more precise
# one just because their range ends later (issue 16, point 5).
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "dates_bounds: init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# The bundled record: the trust fund's raised figure never falls at New Year
# (AFP's 112.5 M of August 2025, then EFE's 115 M of 2025-09-30).
for d in 2025-09-30 2025-12-31 2026-01-01 2026-12-07; do
	expect_json "budget raised on $d is EFE's report of 2025-09-30" \
		'(d["answer"]["raised"]["amount"], d["answer"]["raised"]["date"])' "('115000000.00', '2025-09-30')" \
		$S budget --as-of $d --json
done
expect_json "budget raised at the end of August 2025 is AFP's" '(d["answer"]["raised"]["amount"], d["answer"]["raised"]["date"])' \
	"('112500000.00', '2025-08')" $S budget --as-of 2025-08-31 --json
# "More than 700 from Kenya" (AFP, August 2025) beside Kenya's figure, which keeps it.
for d in 2025-08-01 2025-08-31; do
	expect_json "KEN on $d shows AFP's 'more than 700' beside its figure" \
		'[(r["personnel"], [(b["value"], b["qualifier"], b["date"], b["holds"], b["sources"]) for b in r["bounds"]]) for r in d["rows"] if r["country"] == "KEN"]' \
		"[(900, [(700, 'at_least', '2025-08', True, ['afp-2025'])])]" $S strength --as-of $d --json
done
expect_json "KEN in July 2025 shows no August bound" \
	'[r.get("bounds") for r in d["rows"] if r["country"] == "KEN"]' "[None]" $S strength --as-of 2025-07-31 --json

# Made-up reports: a total dated only "2025" against more precise ones.
$M --db i.db init > /dev/null
cat > i.jsonl <<'JSONL'
{"kind":"source","ref":"src-a","publisher":"Test A","title":"a","date":"2025-01-01","grade":"B"}
{"kind":"source","ref":"src-b","publisher":"Test B","title":"b","date":"2025-01-01","grade":"B"}
{"kind":"budget","mission":"MSS-HTI","date":"2025-01-01","amount":"1000000","currency":"USD","period":"annual","sources":["src-a"]}
{"kind":"funding","mission":"MSS-HTI","date":"2025-03-31","channel":"trust_fund","stage":"deposited","scope":"total","amount":"500000","currency":"USD","sources":["src-a"]}
{"kind":"funding","mission":"MSS-HTI","date":"2025","channel":"trust_fund","stage":"deposited","scope":"total","amount":"450000","currency":"USD","sources":["src-b"]}
{"kind":"funding","mission":"MSS-HTI","date":"2025-06-30","channel":"trust_fund","stage":"deposited","scope":"total","amount":"600000","currency":"USD","sources":["src-a"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-09-30","country":"KEN","personnel":900,"qualifier":"exact","sources":["src-a"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-09-30","personnel":900,"qualifier":"exact","sources":["src-a"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025","personnel":1000,"qualifier":"about","sources":["src-b"]}
JSONL
if $M --db i.db import i.jsonl > /dev/null 2>&1; then
	expect_json "raised on 2025-06-30: the report of that day" 'd["answer"]["raised"]["amount"]' "600000.00" \
		$M --db i.db budget --as-of 2025-06-30 --json
	for d in 2025-12-31 2026-01-01; do
		expect_json "raised on $d: the year-dated report does not displace the day-dated one" \
			'(d["answer"]["raised"]["amount"], [(x["kind"], [(c["value"], c["date"]) for c in x["claims"]], x["used"]) for x in d["disagreements"]])' \
			"('600000.00', [('order_unknown', [('600000.00', '2025-06-30'), ('450000.00', '2025')], '600000.00')])" \
			$M --db i.db budget --as-of $d --json
	done
	expect_json "the latest reported total on 2026-01-01 is the day-dated one, the year-dated listed" \
		'(d["answer"]["reported_total"]["personnel"], [[c["value"] for c in x["claims"]] for x in d["disagreements"] if x["kind"] == "order_unknown"])' \
		"(900, [[900, 1000]])" $M --db i.db strength --as-of 2026-01-01 --json
	expect_json "conflicts lists both reports whose order cannot be known" \
		'sorted((x["area"], x["about"]) for x in d["disagreements"] if x["kind"] == "order_unknown")' \
		"[('funding', 'all donors trust_fund deposited total: reports of 2025-06-30 and 2025, whose order cannot be known'), ('strength', 'mission strength total: reports of 2025-09-30 and 2025, whose order cannot be known')]" \
		$M --db i.db conflicts --json
else
	fail "dates_bounds: import made-up dated reports" "$($M --db i.db import i.jsonl 2>&1 | head -3)"
fi

# A bound that holds is shown and not listed: a made-up file.
$M --db b.db init > /dev/null
cat > b.jsonl <<'JSONL'
{"kind":"source","ref":"src-x","publisher":"Test","title":"t","date":"2025-01-01","grade":"B"}
{"kind":"arrival","mission":"MSS-HTI","date":"2025-02-01","country":"KEN","personnel":300,"sources":["src-x"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-03","country":"KEN","personnel":250,"qualifier":"at_least","sources":["src-x"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-03","country":"KEN","personnel":280,"qualifier":"at_most","sources":["src-x"]}
{"kind":"departure","mission":"MSS-HTI","date":"2025-03-20","country":"KEN","personnel":100,"sources":["src-x"]}
JSONL
if $M --db b.db import b.jsonl > /dev/null 2>&1; then
	expect_json "a bound that holds is shown, one that is broken is listed (2025-03-10)" \
		'([(b["qualifier"], b["holds"]) for r in d["rows"] for b in r.get("bounds", [])], [x["kind"] for x in d["disagreements"]])' \
		"([('at_least', True), ('at_most', False)], ['bound'])" $M --db b.db strength --as-of 2025-03-10 --json
	# After the departure, 200 breaks "at least 250" within March: conflicts finds it.
	expect_json "conflicts checks a bound on each day of its range" \
		'sorted((x["about"], x["used"]) for x in d["disagreements"] if x["kind"] == "bound")' \
		"[('KEN on 2025-03: reported at least 250 against the figure used', 200), ('KEN on 2025-03: reported at most 280 against the figure used', 300)]" \
		$M --db b.db conflicts --json
else
	fail "dates_bounds: import made-up bounds" "$($M --db b.db import b.jsonl 2>&1 | head -3)"
fi

# A country's snapshots: one dated only to a month or a year never displaces a
# more precise one whose date falls within it; the pair is listed.
$M --db k.db init > /dev/null
cat > k.jsonl <<'JSONL'
{"kind":"source","ref":"src-a","publisher":"Test A","title":"a","date":"2025-01-01","grade":"B"}
{"kind":"source","ref":"src-b","publisher":"Test B","title":"b","date":"2025-01-01","grade":"B"}
{"kind":"strength","mission":"MSS-HTI","date":"2025-03-31","country":"KEN","personnel":800,"qualifier":"exact","sources":["src-a"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-06-30","country":"KEN","personnel":900,"qualifier":"exact","sources":["src-a"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025","country":"KEN","personnel":1000,"qualifier":"about","sources":["src-b"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-06","country":"JAM","personnel":20,"qualifier":"exact","sources":["src-b"]}
{"kind":"strength","mission":"MSS-HTI","date":"2025-06-15","country":"JAM","personnel":24,"qualifier":"exact","sources":["src-a"]}
JSONL
if $M --db k.db import k.jsonl > /dev/null 2>&1; then
	expect_json "snapshots on 2025-06-29: KEN's March report, JAM's of the 15th" \
		'[(r["country"], r["personnel"]) for r in d["rows"]]' "[('KEN', 800), ('JAM', 24)]" $M --db k.db strength --as-of 2025-06-29 --json
	for d in 2025-06-30 2025-12-31 2026-02-01; do
		expect_json "snapshots on $d: the day-dated reports, not the month's or the year's" \
			'([(r["country"], r["personnel"], r["snapshot_date"]) for r in d["rows"]], len([x for x in d["disagreements"] if x["kind"] == "order_unknown"]))' \
			"([('KEN', 900, '2025-06-30'), ('JAM', 24, '2025-06-15')], $([ $d = 2025-06-30 ] && echo 1 || echo 2))" \
			$M --db k.db strength --as-of $d --json
	done
	expect_json "conflicts lists both pairs whose order cannot be known" \
		'[(x["about"], [c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"]]' \
		"[('strength of JAM: reports of 2025-06-15 and 2025-06, whose order cannot be known', [24, 20], 24), ('strength of KEN: reports of 2025-06-30 and 2025, whose order cannot be known', [900, 1000], 900)]" \
		$M --db k.db conflicts --json
else
	fail "dates_bounds: import made-up snapshots" "$($M --db k.db import k.jsonl 2>&1 | head -3)"
fi

# A donor's reports and a place's statuses follow the same rule.
$M --db d.db init > /dev/null
cat > d.jsonl <<'JSONL'
{"kind":"source","ref":"src-a","publisher":"Test A","title":"a","date":"2025-01-01","grade":"B"}
{"kind":"funding","mission":"MSS-HTI","date":"2025-05-20","donor_country":"CAN","channel":"trust_fund","stage":"deposited","amount":"70","currency":"USD","sources":["src-a"]}
{"kind":"funding","mission":"MSS-HTI","date":"2025","donor_country":"CAN","channel":"trust_fund","stage":"deposited","amount":"60","currency":"USD","sources":["src-a"]}
{"kind":"place","ref":"P-X","name":"Place X","place_type":"neighbourhood","sources":["src-a"]}
{"kind":"place_status","mission":"MSS-HTI","date":"2025-05-20","place":"P-X","status":"secured","sources":["src-a"]}
{"kind":"place_status","mission":"MSS-HTI","date":"2025-05","place":"P-X","status":"contested","sources":["src-a"]}
JSONL
if $M --db d.db import d.jsonl > /dev/null 2>&1; then
	expect_json "a donor's day-dated report stays the latest after the year ends" \
		'[(r["name"], r["deposited"]["amount"], r["deposited"]["date"]) for r in d["rows"]]' "[('Canada', '70.00', '2025-05-20')]" \
		$M --db d.db funding --as-of 2026-01-01 --json
	expect_json "a place's day-dated status stays the latest after the month ends" \
		'[(r["status"]["status"], r["status"]["date"]) for r in d["rows"]]' "[('secured', '2025-05-20')]" \
		$M --db d.db places --as-of 2025-06-01 --json
	# … and the pair whose order cannot be known is listed beside the figure used,
	# in the answer and in conflicts (not before the month- or year-dated one exists).
	expect_json "a donor's year-dated report is listed beside the day-dated one used" \
		'[(x["about"], x["kind"], [(c["value"], c["date"]) for c in x["claims"]], x["used"]) for x in d["disagreements"]]' \
		"[('CAN trust_fund deposited: reports of 2025-05-20 and 2025, whose order cannot be known', 'order_unknown', [('70.00', '2025-05-20'), ('60.00', '2025')], '70.00')]" \
		$M --db d.db funding --as-of 2026-01-01 --json
	expect_json "before the year ends, the donor's reports are not yet both in" \
		'len(d["disagreements"])' "0" $M --db d.db funding --as-of 2025-12-30 --json
	expect_json "a place's month-dated status is listed beside the day-dated one used" \
		'[(x["about"], x["kind"], [(c["value"], c["date"]) for c in x["claims"]], x["used"]) for x in d["disagreements"]]' \
		"[('status of Place X (P-X): reports of 2025-05-20 and 2025-05, whose order cannot be known', 'order_unknown', [('secured', '2025-05-20'), ('contested', '2025-05')], 'secured')]" \
		$M --db d.db places --as-of 2025-06-01 --json
	expect_json "conflicts lists both pairs" \
		'sorted(x["about"] for x in d["disagreements"] if x["kind"] == "order_unknown")' \
		"['CAN trust_fund deposited: reports of 2025-05-20 and 2025, whose order cannot be known', 'status of Place X (P-X): reports of 2025-05-20 and 2025-05, whose order cannot be known']" \
		$M --db d.db conflicts --json
else
	fail "dates_bounds: import made-up donor reports and statuses" "$($M --db d.db import d.jsonl 2>&1 | head -3)"
fi

# conflicts' memo against answers read afresh (lib.sh), on snapshots, bounds
# and reports of imprecise dates.
memo_same i.db b.db k.db d.db
