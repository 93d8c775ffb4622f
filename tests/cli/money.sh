# money.sh: the funding and budget answers on the bundled Haiti record, with
# the exact figures the issue asks for, conversions at a named rate, and bad
# money input refused with exit 2, the exact message and no change.
. "$MUSTER_ROOT/tests/cli/lib.sh"

if $M --db h.db init --bundled > /dev/null 2>&1; then
	ok "money: init --bundled"
else
	fail "money: init --bundled" "failed; checking the money files alone"
	rm -f h.db
	$M --db h.db init > /dev/null && $M --db h.db import "$ROOT/data/haiti/sources.csv" \
		"$ROOT/data/haiti/funding.csv" > /dev/null || { fail "money: import" "failed"; exit 0; }
fi
S="$M --db h.db"

# The US trust-fund money on 2025-02-04: 15.0 committed = 1.7 spent + 13.3 frozen.
expect_json "funding: US committed, spent, frozen on 2025-02-04" \
	'[(r["committed"]["amount"], r["spent"]["amount"], r["frozen"]["amount"]) for r in d["rows"] if r["donor"] == "USA" and r["channel"] == "trust_fund"]' \
	"[('15000000.00', '1700000.00', '13300000.00')]" $S funding --as-of 2025-02-04 --json
expect_json "funding: 15.0 = 1.7 + 13.3 is a check that holds" \
	'[(c["expression"], c["holds"]) for c in d["answer"]["checks"]]' \
	"[('committed 15,000,000.00 USD = spent 1,700,000.00 USD + frozen 13,300,000.00 USD', True)]" $S funding --as-of 2025-02-04 --json
expect_out "funding text shows the check" "committed 15,000,000.00 USD = spent 1,700,000.00 USD + frozen 13,300,000.00 USD: holds" \
	$S funding --as-of 2025-02-04

# 8.7 + 6.0 + 3.2 = 17.9 against a reported 18 M deposited: a difference of 0.1 M.
expect_json "funding: parts_vs_total 17.9 vs 18 M" \
	'[([c["value"] for c in x["claims"]], x["difference"]) for x in d["disagreements"] if x["kind"] == "parts_vs_total"]' \
	"[(['17900000.00', '18000000.00'], '100000.00')]" $S funding --as-of 2024-05-01 --json
expect_json "funding: trust-fund deposits summed from the donors' parts" \
	'[t["deposited"] for t in d["answer"]["totals"] if t["channel"] == "trust_fund" and t["currency"] == "USD"]' \
	"['17900000.00']" $S funding --as-of 2024-05-01 --json
expect_out "funding text shows the parts against the total" "17,900,000.00 USD (sum of the donors' parts: CAN 8,700,000.00 USD + USA 6,000,000.00 USD + FRA 3,200,000.00 USD: dominicantoday-225614) vs 18,000,000.00 USD (reported total: dominicantoday-225614, usafricaonline-2024-07-18); used 18,000,000.00 USD" $S funding --as-of 2024-05-01

# March 2024: 10.8 M deposited against 78 M pledged, the 10.8 with both its sources.
expect_json "funding: 10.8 M deposited by March 2024, with both sources" \
	'[(x["amount"], x["sources"]) for x in d["answer"]["reported_totals"] if x["stage"] == "deposited"]' \
	"[('10800000.00', ['freshnews-xinhua-2024-03-12', 'wikipedia-mss-2025-01'])]" $S funding --as-of 2024-03-20 --json
expect_json "funding: 78 M pledged to the trust fund by March 2024" \
	'[x["amount"] for x in d["answer"]["reported_totals"] if x["stage"] == "pledged"]' "['78000000.00']" \
	$S funding --as-of 2024-03-20 --json

# Stages and channels stay apart; totals that include bilateral support stay out.
expect_json "funding: stages are separate columns" 'd["answer"]["stages"]' \
	"['pledged', 'committed', 'deposited', 'disbursed', 'spent', 'frozen']" $S funding --json
expect_json "funding: US 380 M includes bilateral support, shown apart and labelled" \
	'[(x["amount"], "never added" in x["label"]) for x in d["answer"]["including_bilateral"] if x["donor"] == "USA"]' \
	"[('380000000.00', True)]" $S funding --as-of 2025-02-04 --json
expect_json "funding: no trust-fund total contains the 380 M" \
	'any(t.get(s) and float(t[s]) >= 380e6 for t in d["answer"]["totals"] if t["channel"] == "trust_fund" for s in d["answer"]["stages"])' \
	False $S funding --as-of 2025-02-04 --json
expect_json "funding: a donor's figure is its latest report, not a sum over time" \
	'[r["pledged"]["amount"] for r in d["rows"] if r["donor"] == "USA" and r["channel"] == "unspecified" and not r["component"]]' \
	"['300000000.00']" $S funding --as-of 2024-06-01 --json
expect_json "funding --by channel" '[(r["channel"], r["currency"]) for r in d["rows"]]' \
	"[('trust_fund', 'CAD'), ('trust_fund', 'USD'), ('unspecified', 'CAD'), ('unspecified', 'USD')]" \
	$S funding --as-of 2024-05-01 --by channel --json
expect_json "funding --by stage" '[(r["stage"], r["channel"], r["amount"]) for r in d["rows"] if r["channel"] == "trust_fund" and r["currency"] == "USD"]' \
	"[('deposited', 'trust_fund', '17900000.00')]" $S funding --as-of 2024-05-01 --by stage --json
expect_json "funding frame" 'sorted(d.keys())' \
	"['answer', 'as_of', 'disagreements', 'generated', 'mission', 'question', 'rows', 'sources']" $S funding --json

# The budget: 600 M against 115 M raised on 2025-09-30 leaves 485 M, 19.2 % raised.
expect_json "budget 2025-09-30: gap and share" \
	'(d["answer"]["budget"]["amount"], d["answer"]["raised"]["amount"], d["answer"]["gap"], d["answer"]["raised_pct"])' \
	"('600000000.00', '115000000.00', '485000000.00', '19.2')" $S budget --as-of 2025-09-30 --json
expect_out "budget text: the gap of an estimated budget is an estimate" "Gap: about 485 million USD; raised 19.2 % of the budget" $S budget --as-of 2025-09-30
expect_json "budget 2024-12-31: 85 M of 600 M" '(d["answer"]["gap"], d["answer"]["raised_pct"])' \
	"('515000000.00', '14.2')" $S budget --as-of 2024-12-31 --json

# Conversion at a named rate, and claims that disagree (a fixture on a copy).
cp h.db r.db
R="$M --db r.db"
$R import "$ROOT/tests/fixtures/money/rates.csv" > /dev/null || fail "money: import rates fixture" "failed"
expect_json "funding --currency USD converts CAD at the named rate" \
	'([r["pledged"]["amount"] for r in d["rows"] if r["donor"] == "CAN" and r["channel"] == "unspecified"], [(x["base"], x["quote"], x["rate"], x["sources"]) for x in d["answer"]["rates"]])' \
	"(['59570000.00'], [('CAD', 'USD', '0.74', ['test-rates'])])" $R funding --as-of 2024-12-31 --currency USD --json
expect_json "funding --currency CAD uses the same rate inverted" \
	'[r["deposited"]["amount"] for r in d["rows"] if r["donor"] == "FRA"]' "['4324324.32']" \
	$R funding --as-of 2024-12-31 --currency CAD --json
expect_json "funding: conflicting claims about one pledge on one date" \
	'[([c["value"] for c in x["claims"]], x["used"]) for x in d["disagreements"] if x["kind"] == "conflicting_claims"]' \
	"[(['10400000.00', '10000000.00'], '10400000.00')]" $R funding --as-of 2024-12-31 --json
expect_json "amounts are stored as normalised strings" \
	"d['answer']['record']['amount']" 10000000.00 \
	$R show "$(sqlite3 r.db "SELECT substr(l.id,1,12) FROM log l JOIN funding f USING(seq) WHERE f.donor='DEU' ORDER BY seq DESC LIMIT 1")" --json

# Bad input: exit 2, the exact message, nothing written.
A="$M --db h.db add funding --donor_country USA --channel trust_fund --stage pledged --date 2025-01-01 --sources afp-2025"
expect_err "money: unknown currency" h.db 2 \
	'muster add: field "currency": "USDX" is not an ISO 4217 currency code (see /usr/share/iso-codes/json)' \
	$A --amount 100 --currency USDX
expect_err "money: negative pledge" h.db 2 \
	'muster add: field "amount": "-5" is negative (an amount is 0 or more; to withdraw money record a later figure, or retract the record)' \
	$A --amount -5 --currency USD
expect_err "money: 1,5 million" h.db 2 \
	'muster add: field "amount": "1,5 million" is not a plain amount (write digits with an optional decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)' \
	$A --amount "1,5 million" --currency USD
expect_err "money: thousands separators" h.db 2 \
	'muster add: field "amount": "1,500,000" is not a plain amount (write digits with an optional decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)' \
	$A --amount 1,500,000 --currency USD
expect_err "money: three decimals in USD" h.db 2 \
	'muster add: field "amount": "10.123" has 3 decimals but USD has 2 (write at most 2, e.g. 10.12)' \
	$A --amount 10.123 --currency USD
expect_err "money: JPY with decimals" h.db 2 \
	'muster add: field "amount": "100.5" has decimals but JPY has no minor units (write a whole number, e.g. 100)' \
	$A --amount 100.5 --currency JPY
expect_err "money: exponent" h.db 2 \
	'muster add: field "amount": "8.7e6" is not a plain amount (write digits with an optional decimal point, e.g. 8700000 or 8700000.00 for 8.7 million; no words, signs or exponents)' \
	$A --amount 8.7e6 --currency USD
expect_err "money: missing currency" h.db 2 \
	'muster add: field "currency": missing (a funding needs currency: ISO 4217 code, e.g. USD)' $A --amount 100
expect_err "money: unknown stage" h.db 2 \
	'muster add: field "stage": "pleged" is not one of pledged, committed, deposited, disbursed, spent, frozen (did you mean pledged?)' \
	$A --amount 100 --currency USD --stage pleged
expect_err "money: unknown channel" h.db 2 \
	'muster add: field "channel": "trustfund" is not one of trust_fund, bilateral, in_kind (did you mean trust_fund?)' \
	$A --amount 100 --currency USD --channel trustfund
expect_err "money: no donor" h.db 2 \
	'muster add: field "donor_country": missing (a funding needs its donor: donor_country as an ISO 3166-1 alpha-3 code, or donor_org; only a scope=total record may leave both empty)' \
	$M --db h.db add funding --channel trust_fund --stage pledged --amount 5 --currency USD --sources afp-2025
expect_err "money: two donors" h.db 2 \
	'muster add: field "donor_org": give the donor once, as donor_country (a country) or donor_org (an organisation), not both' \
	$A --amount 5 --currency USD --donor_org X
expect_err "money: exchange rate of 0" h.db 2 \
	'muster add: field "rate": "0" must be more than 0 (units of the quote currency for one unit of the base, e.g. 0.74)' \
	$M --db h.db add exchange_rate --base USD --quote EUR --rate 0 --date 2025-01-01 --sources afp-2025
expect_err "money: a rate from a currency to itself" h.db 2 \
	'muster add: field "quote": the same currency as base (USD); a rate links two currencies' \
	$M --db h.db add exchange_rate --base USD --quote USD --rate 1 --date 2025-01-01 --sources afp-2025
expect_err "money: budget without a period" h.db 2 \
	'muster add: field "period": missing (a budget needs period: the period it covers, e.g. first year, annual)' \
	$M --db h.db add budget --amount 5 --currency USD --date 2024 --sources afp-2025
expect_err "money: --currency EUR with no rate" h.db 2 \
	'--currency EUR: no exchange rate between USD and EUR on or before 2025-02-04 (add one with muster add exchange_rate --base USD --quote EUR --rate R --date YYYY-MM-DD --sources REF, or leave out --currency to see each figure in its own currency)' \
	$S funding --currency EUR --as-of 2025-02-04
expect_err "money: --currency that is no currency" h.db 2 \
	'--currency: "EUX" is not an ISO 4217 currency code (did you mean EUR?)' $S funding --currency EUX
expect_err "money: --by planet" h.db 2 '--by planet: funding can be broken down by donor, stage or channel' \
	$S funding --by planet
expect_err "money: misspelt option" h.db 2 'muster funding: unknown option --curency (did you mean --currency?)' \
	$S funding --curency USD
expect_err "money: bad --as-of" h.db 2 '--as-of: "2024-13-01" is not a date: there is no month 13 (months are 01 to 12)' \
	$S budget --as-of 2024-13-01
expect_err "money: no budget yet is no answer" h.db 1 'no budget of MSS-HTI is recorded on or before 2023-01-01' \
	$S budget --as-of 2023-01-01

for c in funding budget; do
	expect_out "$c --help" "usage: muster $c" $M $c --help
done
