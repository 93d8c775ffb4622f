# dates_bounds.sh: bounds about one country checked against its figure, and
# claims dated only to a month or a year that never displace a more precise
# one just because their range ends later (issue 16, point 5).
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "dates_bounds: init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# The trust fund's raised figure: 115 M on 2025-09-30 (EFE) stays after New
# Year; the AFP's 112.5 M dated only "2025" is listed beside it, not used.
for d in 2025-09-30 2025-12-31 2026-01-01 2026-12-07; do
	expect_json "budget raised on $d is the 2025-09-30 report" \
		'(d["answer"]["raised"]["amount"], d["answer"]["raised"]["date"])' "('115000000.00', '2025-09-30')" \
		$S budget --as-of $d --json
done
expect_json "budget raised the day before EFE's report" 'd["answer"]["raised"]["amount"]' "110000000.00" \
	$S budget --as-of 2025-09-29 --json
expect_json "budget lists the reports whose order cannot be known" \
	'[(x["kind"], [(c["value"], c["date"]) for c in x["claims"]], x["used"]) for x in d["disagreements"]]' \
	"[('order_unknown', [('115000000.00', '2025-09-30'), ('112500000.00', '2025')], '115000000.00')]" \
	$S budget --as-of 2026-01-01 --json

# The mission total: EFE's about 970 of 2025-09-30, not the AFP's "2025" figures.
expect_json "latest reported mission total on 2026-12-07 is the exact-day report" \
	'(d["answer"]["reported_total"]["personnel"], d["answer"]["reported_total"]["date"])' "(970, '2025-09-30')" \
	$S strength --as-of 2026-12-07 --json
expect_json "the year-dated totals are listed beside it" \
	'[[c["value"] for c in x["claims"]] for x in d["disagreements"] if x["kind"] == "order_unknown"]' \
	"[[970, 1000, 800]]" $S strength --as-of 2026-12-07 --json

# "More than 700 from Kenya" (AFP, 2025) beside Kenya's figure on 2025 dates.
for d in 2025-01-01 2025-06-30 2025-12-31; do
	expect_json "KEN on $d shows the 700 bound, broken" \
		'[(b["value"], b["qualifier"], b["date"], b["holds"]) for r in d["rows"] if r["country"] == "KEN" for b in r["bounds"] if b["date"] == "2025"]' \
		"[(700, 'at_least', '2025', False)]" $S strength --as-of $d --json
	expect_json "KEN on $d lists the broken bound" \
		'[[c["value"] for c in x["claims"]] for x in d["disagreements"] if x["about"] == "KEN on 2025: reported at least 700 against the figure used"]' \
		"[[700, $([ $d = 2025-01-01 ] && echo 400 || echo 544)]]" $S strength --as-of $d --json
done
expect_json "KEN in 2024 shows no 2025 bound" \
	'[r.get("bounds") for r in d["rows"] if r["country"] == "KEN"]' "[None]" $S strength --as-of 2024-12-31 --json
expect_json "conflicts lists both Kenyan bounds" \
	'sorted(x["about"] for x in d["disagreements"] if x["kind"] == "bound")' \
	"['KEN on 2025-01: reported at least 600 against the figure used', 'KEN on 2025: reported at least 700 against the figure used']" \
	$S conflicts --json

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
