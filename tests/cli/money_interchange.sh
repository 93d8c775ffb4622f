# money_interchange.sh: OCHA FTS flow pages and IATI activity files. The FTS
# totals muster computes equal those FTS publishes for the same search, to
# the cent; shared flows are left out as FTS leaves them out, parents counted
# beside their parts as FTS counts them (tests/cli/fts.sh: the real search);
# the IATI export is valid against the IATI 2.03 schema (checked by xmllint,
# not only by muster) and a round trip gives the same funding answer; bad
# files are refused with exit 2, the exact message and nothing changed.
. "$MUSTER_ROOT/tests/cli/lib.sh"

F="$ROOT/tests/fixtures/fts"
I="$ROOT/tests/fixtures/iati"
XSD="$ROOT/data/iati/schema-2.03/iati-activities-schema.xsd"

# --- FTS: one page, FTS's own totals --------------------------------------
$M --db a.db init > /dev/null
expect_out "fts: the import sets FTS's published funding against the flows" \
	"FTS incoming funding (commitments + paid): FTS publishes 99,088,910.00 USD (data.incoming.fundingTotal); the counted flows add up to 99,088,910.00 USD: equal" \
	$M --db a.db import --format fts --mission AFG-HRP-2021 "$F/afg-2021.json"
[ "$(sqlite3 a.db 'SELECT count(*) FROM log')" = 38 ] && ok "fts: 37 flows and the file's source are 38 records" \
	|| fail "fts: records" "$(sqlite3 a.db 'SELECT count(*) FROM log')"

# FTS's own figures, read from the fixture (data.incoming), to the cent.
fts=$(python3 -c "import json; d=json.load(open('$F/afg-2021.json'))['data']['incoming']; print('%d.00 %d.00' % (d['fundingTotal'], d['pledgeTotal']))")
fts_funding=${fts% *}
expect_json "fts: the funding answer's FTS funding and pledges equal FTS's totals" \
	'" ".join([(b["funding"] + " " + b["pledges"]) for b in d["answer"]["fts"]["boundaries"] if b["boundary"] == "incoming"])' \
	"$fts" $M --db a.db funding --mission AFG-HRP-2021 --json
expect_json "fts: the channel totals, committed + deposited, equal FTS's funding" \
	'"%.2f" % sum(__import__("decimal").Decimal(t[s] or "0") for t in d["answer"]["totals"] for s in ("committed", "deposited"))' \
	"$fts_funding" $M --db a.db funding --mission AFG-HRP-2021 --json
expect_json "fts: 9 shared flows left out, as FTS leaves them out" \
	'[(x["reason"], x["flows"], x["amount"]) for x in d["answer"]["fts"]["left_out"]]' "[('shared', 9, '0.00')]" \
	$M --db a.db funding --mission AFG-HRP-2021 --json
expect_out "fts: the text says how many flows are left out and how to count them" \
	"Left out: 9 flows on a shared boundary, as FTS leaves them out (0.00 USD); --include-shared counts them" \
	$M --db a.db funding --mission AFG-HRP-2021
expect_json "fts: a donor's flows add up (the United Kingdom's 4 counted flows)" \
	'[(r["committed"]["amount"], r["committed"]["flows"], len(r["committed"]["records"])) for r in d["rows"] if r["donor"] == "GBR"]' \
	"[('23775475.00', 4, 4)]" $M --db a.db funding --mission AFG-HRP-2021 --json
expect_json "fts: paid is deposited (CERF's two paid flows)" \
	'[(r["name"], r["deposited"]["amount"]) for r in d["rows"] if r["deposited"]]' \
	"[('Central Emergency Response Fund', '15000000.00')]" $M --db a.db funding --mission AFG-HRP-2021 --json
by2019=$(python3 -c "import json; print('%d.00' % sum(f['amountUSD'] for f in json.load(open('$F/afg-2021.json'))['data']['flows'] if f['onBoundary'] == 'single' and f['date'][:10] <= '2019-12-31'))")
expect_json "fts: as of a date, only the flows dated by then" \
	'[b["funding"] for b in d["answer"]["fts"]["boundaries"]]' "['$by2019']" \
	$M --db a.db funding --mission AFG-HRP-2021 --as-of 2019-12-31 --json
expect_json "fts: a government's flow is its country's (Korea, Republic of, Government of)" \
	'[r["committed"]["amount"] for r in d["rows"] if r["donor"] == "KOR"]' "['600000.00']" \
	$M --db a.db funding --mission AFG-HRP-2021 --json
expect_json "fts: the original amount, currency and rate are kept beside amountUSD" \
	'[d["answer"]["record"][k] for k in ("amount", "currency", "original_amount", "original_currency", "exchange_rate", "fts_flow", "fts_version", "stage", "basis")]' \
	"['16130400.00', 'USD', '12984972.00', 'GBP', '0.805', '197284', 2, 'committed', 'flow']" \
	$M --db a.db show fts-flow-197284 --json
expect_json "fts: the file is the source, graded A" \
	'[(s["id"], s["grade"], s["publisher"]) for s in d["sources"]]' \
	"[('fts-afg-2021', 'A', 'OCHA Financial Tracking Service (FTS)')]" $M --db a.db show fts-flow-197284 --json

# --- FTS: two pages of one search --------------------------------------------
$M --db p.db init > /dev/null
expect_out "fts: two pages of one search are one import" "FTS: 37 flows on 2 pages (the search has 37: meta.count): 37 incoming, 0 outgoing, 0 internal; 9 on a shared boundary left out of FTS's totals, as FTS leaves them out" \
	$M --db p.db import --format fts --mission AFG-HRP-2021 "$F/afg-2021-page1.json" "$F/afg-2021-page2.json"
expect_json "fts: two pages give FTS's totals too" \
	'[b["funding"] for b in d["answer"]["fts"]["boundaries"]]' "['$fts_funding']" \
	$M --db p.db funding --mission AFG-HRP-2021 --json
$M --db q.db init > /dev/null
got=$($M --db q.db import --format fts --mission AFG-HRP-2021 "$F/afg-2021-page1.json" 2>&1 >/dev/null)
[ "$got" = "muster: warning: FTS lists 37 flows for this search (meta.count) and this page holds 20: the totals cannot be set against FTS's until every page is imported (the next page is meta.nextLink of $F/afg-2021-page1.json: https://api.hpc.tools/v1/public/fts/flow?locationid=1&year=2021&limit=20&page=2)" ] \
	&& ok "fts: a missing page is a warning naming meta.nextLink" || fail "fts: missing page" "$got"
expect_out "fts: totals are not compared while pages are missing" "add up to 0.00 USD (not comparable: pages missing)" \
	$M --db q.db import --format fts --mission AFG-HRP-2021 "$F/afg-2021-page2.json"
expect_json "fts: the second page, imported later, completes the search" \
	'[b["funding"] for b in d["answer"]["fts"]["boundaries"]]' "['$fts_funding']" \
	$M --db q.db funding --mission AFG-HRP-2021 --json

# --- FTS: shared flows, parents and parts (the real PSE sample) ------------
$M --db s.db init > /dev/null
$M --db s.db import --format fts --mission PSE-HRP-2020 "$F/pse-2020-page1-first20.json" > /dev/null 2>&1
expect_json "fts: shared flows left out by default (PSE: 10 flows, 4,436,249 USD)" \
	'([(b["commitments"], b["paid"], b["flows"]) for b in d["answer"]["fts"]["boundaries"]], [(x["reason"], x["flows"], x["amount"]) for x in d["answer"]["fts"]["left_out"]])' \
	"([('9107381.00', '29114775.00', 10)], [('shared', 10, '4436249.00')])" \
	$M --db s.db funding --mission PSE-HRP-2020 --json
expect_json "fts: --include-shared counts them all in FTS's view, a parent (184438) beside its part (188589) as FTS counts it" \
	'([(b["commitments"], b["paid"], b["flows"]) for b in d["answer"]["fts"]["boundaries"]], [(x["reason"], x["flows"], x["amount"]) for x in d["answer"]["fts"]["left_out"]], d["answer"]["fts"]["include_shared"])' \
	"([('13456218.00', '29202187.00', 20)], [], True)" \
	$M --db s.db funding --mission PSE-HRP-2020 --include-shared --json
expect_json "fts: Spain's paid part (14,569) counts, its shared parent (87,412) does not" \
	'[r["deposited"]["amount"] for r in d["rows"] if r["donor"] == "ESP"]' "['14569.00']" \
	$M --db s.db funding --mission PSE-HRP-2020 --include-shared --json

# --- FTS: an amount that does not match its rate ---------------------------
cat > rate.json <<'EOF'
{"data": {"flows": [{"id": "900001", "amountUSD": 1000, "originalAmount": 900, "originalCurrency": "EUR",
 "exchangeRate": 0.8, "status": "paid", "boundary": "incoming", "onBoundary": "single", "date": "2021-05-01T00:00:00Z",
 "versionId": 1, "sourceObjects": [{"type": "Organization", "name": "Ireland, Government of",
 "organizationTypes": ["Government"]}, {"type": "Location", "name": "Ireland"}]},
 {"id": "900002", "amountUSD": 1124, "originalAmount": 900, "originalCurrency": "EUR",
 "exchangeRate": 0.8, "status": "pledge", "boundary": "incoming", "onBoundary": "single", "date": "2021-05-02T00:00:00Z",
 "versionId": 1, "sourceObjects": [{"type": "Organization", "name": "Ireland, Government of",
 "organizationTypes": ["Government"]}]}]}, "meta": {"count": 2}}
EOF
$M --db r.db init > /dev/null
got=$($M --db r.db import --format fts rate.json 2>&1 >/dev/null)
[ "$got" = "muster: warning: rate.json: flow 900001: amountUSD 1000.00 is not originalAmount / exchangeRate = 900 EUR / 0.8 = 1125.00 USD (off by more than 1 USD); imported with FTS's amountUSD, the original amount and rate kept beside it" ] \
	&& ok "fts: amountUSD off its rate by more than 1 USD: a warning naming file, flow and both figures" \
	|| fail "fts: rate warning" "$got"
expect_json "fts: the flow off its rate is imported, with a note; one within 1 USD is not flagged" \
	'[(r["amount"], r.get("note")) for r in [d["answer"]["record"]]]' \
	"[('1000.00', 'amountUSD does not match originalAmount / exchangeRate (1125.00 USD)')]" $M --db r.db show fts-flow-900001 --json
expect_json "fts: within 1 USD of its rate: no note" '"note" in d["answer"]["record"]' False $M --db r.db show fts-flow-900002 --json

# --- FTS: a flow seen again --------------------------------------------------
expect_err "fts: a flow already imported is a duplicate" a.db 2 \
	"$F/afg-2021-page1.json: flow 168511: duplicate: FTS flow 168511 (version 1) is already in a.db as record $(sqlite3 a.db "SELECT substr(l.id,1,16) FROM log l JOIN rec r USING(seq) WHERE r.ref = 'fts-flow-168511'") (from fts-afg-2021); a flow is imported once, and a later version (a higher versionId) revises it" \
	$M --db a.db import --format fts --mission AFG-HRP-2021 "$F/afg-2021-page1.json"
python3 - "$F/afg-2021.json" <<'EOF' > revised.json
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["data"]["flows"] if f["id"] == "188009"][0]
f["versionId"], f["amountUSD"], f["originalAmount"], f["status"] = 2, 1200000, 1200000, "paid"
d["data"]["flows"] = [f]
d["meta"]["count"] = 1
d["data"]["incoming"] = {"fundingTotal": 1200000, "pledgeTotal": 0}
del d["data"]["outgoing"]
json.dump(d, sys.stdout)
EOF
expect_out "fts: a later version of a flow is recorded as a correction" \
	"FTS: 1 flow revised (a later versionId): recorded as correction" \
	$M --db a.db import --format fts --mission AFG-HRP-2021 revised.json
expect_json "fts: the revised flow replaces the first version in the totals" \
	'[(b["commitments"], b["paid"], b["flows"]) for b in d["answer"]["fts"]["boundaries"]]' \
	"[('83088910.00', '16200000.00', 28)]" $M --db a.db funding --mission AFG-HRP-2021 --json

# --- FTS: bad pages ----------------------------------------------------------
printf '{"data": {"flows": [' > broken.json
echo '{"data": {"flow": []}}' > noflows.json
python3 - "$F/afg-2021.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
def page(name, **change):
    f = dict(d["data"]["flows"][4])  # flow 188009, 1000000 USD from Switzerland
    for k, v in change.items():
        if v is None:
            f.pop(k, None)
        else:
            f[k] = v
    json.dump({"data": {"flows": [f]}, "meta": {"count": 1}}, open(name, "w"))
page("no-usd.json", amountUSD=None)
page("negative.json", amountUSD=-5)
page("decimals.json", amountUSD=10.123)
page("words.json", amountUSD="1,5 million")
page("currency.json", originalCurrency="EUX")
page("status.json", status="paied")
page("noid.json", id=None)
EOF
expect_err "fts bad: not JSON" a.db 2 \
	"broken.json:1: not JSON (']' expected near end of file at column 20); an FTS page is the JSON that the FTS API returns for a flow search" \
	$M --db a.db import --format fts broken.json
expect_err "fts bad: JSON that is not an FTS page" a.db 2 \
	"noflows.json: not an FTS flow page: no data.flows array (muster reads the JSON of the FTS API's flow searches, e.g. /v1/public/fts/flow?locationid=…&year=…, one file per page)" \
	$M --db a.db import --format fts noflows.json
expect_err "fts bad: a flow without amountUSD" a.db 2 \
	'no-usd.json: flow 188009: field "amountUSD": missing (every FTS flow carries its amount in US dollars; muster does not work it out from originalAmount)' \
	$M --db a.db import --format fts no-usd.json
expect_err "fts bad: a negative amount" a.db 2 \
	'negative.json: flow 188009: field "amountUSD": "-5" is negative (an amount is 0 or more; to withdraw money record a later figure, or retract the record)' \
	$M --db a.db import --format fts negative.json
expect_err "fts bad: more decimals than US dollars have" a.db 2 \
	'decimals.json: flow 188009: field "amountUSD": "10.123" has 3 decimals but USD has 2 (write at most 2, e.g. 10.12)' \
	$M --db a.db import --format fts decimals.json
expect_err "fts bad: 1,5 million" a.db 2 \
	'words.json: flow 188009: field "amountUSD": "1,5 million" is not a plain amount (write digits with an optional decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)' \
	$M --db a.db import --format fts words.json
expect_err "fts bad: an unknown original currency" a.db 2 \
	'currency.json: flow 188009: field "originalCurrency": "EUX" is not an ISO 4217 currency code (did you mean EUR?)' \
	$M --db a.db import --format fts currency.json
expect_err "fts bad: an unknown status" a.db 2 \
	'status.json: flow 188009: field "status": "paied" is not pledge, commitment or paid' \
	$M --db a.db import --format fts status.json
expect_err "fts bad: a flow without an id" a.db 2 \
	'noid.json: data.flows[0]: field "id": missing (every FTS flow has a numeric id)' \
	$M --db a.db import --format fts noid.json
expect_err "fts bad: pages of two searches" a.db 2 \
	"$F/pse-2020-page1-first20.json: field \"meta.count\": 424 here but 37 on $F/afg-2021-page1.json: the pages of one FTS search all carry the same summary, so these are pages of two searches or were fetched at different times; fetch every page of one search at once and import them in one command" \
	$M --db a.db import --format fts "$F/afg-2021-page1.json" "$F/pse-2020-page1-first20.json"
$M --db twice.db init > /dev/null
expect_err "fts bad: one page twice in one import" twice.db 2 \
	"$F/afg-2021-page1.json: named twice in this import (or two files of the same name); give each file once" \
	$M --db twice.db import --format fts "$F/afg-2021-page1.json" "$F/afg-2021-page1.json"
expect_err "fts bad: a file imported before" q.db 2 \
	"$F/afg-2021-page2.json: the source \"fts-afg-2021-page2\" is already in q.db: this file was imported before (importing it again would repeat every record)" \
	$M --db q.db import --format fts "$F/afg-2021-page2.json"
expect_err "fts bad: --mission is for fts and iati" a.db 2 \
	"muster import: --mission is for --format fts and iati (the records of csv and jsonl files name their own mission)" \
	$M --db a.db import --mission AFG x.csv
expect_err "fts bad: a flow is never a total" a.db 2 \
	'muster add: field "scope": a flow is one donor'"'"'s transfer, not a total (a reported total is a report: leave out basis=flow)' \
	$M --db a.db add funding --basis flow --scope total --channel trust_fund --stage deposited --amount 5 --currency USD --sources fts-afg-2021

# --- IATI: export, schema, round trip -------------------------------------
$M --db h.db init --bundled > /dev/null
$M --db h.db export --format iati > mss.xml && ok "iati: export" || fail "iati: export" "exit $?"
if xmllint --noout --schema "$XSD" mss.xml > xmllint.out 2>&1; then ok "iati: the export validates against the IATI 2.03 schema (xmllint)"
else fail "iati: xmllint" "$(head -3 xmllint.out)"; fi
expect_out "iati: the export validates (muster's own check, libxml2 via dlopen)" "mss.xml: valid IATI 2.03 activity XML" $M test-iati mss.xml
python3 - mss.xml > shape.txt <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for a in root.findall("iati-activity"):
    ident = a.find("iati-identifier").text
    donors = [p.find("narrative").text for p in a.findall("participating-org") if p.get("role") == "1"]
    types = sorted({t.find("transaction-type").get("code") for t in a.findall("transaction")}, key=int)
    print(ident, "|", ", ".join(donors), "|", " ".join(types))
EOF
grep -qx "XX-MUSTER-MSS-HTI-trust_fund | Canada, France, United States | 1 4 11" shape.txt \
	&& ok "iati: the trust fund is an activity, its donors funding organisations, their money transactions" \
	|| fail "iati: shape" "$(cat shape.txt)"
$M --db r2.db init > /dev/null
expect_out "iati: the export imports into a fresh file" "IATI 2.03: 6 activities; 21 transactions read" \
	$M --db r2.db import --format iati mss.xml
same=0 all=0
for day in 2023-12-01 2024-03-20 2024-05-01 2024-12-31 2025-02-04 2025-09-30 2026-11-23; do
	for mission in MSS-HTI GSF-HTI; do
		for db in h r2; do
			$M --db $db.db funding --as-of $day --mission $mission --json | python3 -c '
import json, sys
d = json.load(sys.stdin); a = d["answer"]
fig = lambda f: (f["amount"], f["currency"], f.get("qualifier"), f["date"]) if isinstance(f, dict) else None
print(json.dumps([a["totals"], [(r["donor"], r["channel"], r["component"], [fig(r[s]) for s in a["stages"]]) for r in d["rows"]],
    [(x["amount"], x["currency"], x["stage"], x["channel"], x.get("qualifier"), x["date"]) for x in a["reported_totals"]],
    [(x["amount"], x["donor"], x["stage"], x["date"]) for x in a["including_bilateral"]], a["checks"],
    [(x["kind"], x["about"], x["used"], [c["value"] for c in x["claims"]]) for x in d["disagreements"]]], sort_keys=True))' > $db.$day.$mission
		done
		all=$((all + 1))
		cmp -s h.$day.$mission r2.$day.$mission && same=$((same + 1))
	done
done
[ $same = $all ] && ok "iati: round trip: the funding answer is the same on 7 dates in both missions ($all of $all)" \
	|| fail "iati: round trip" "$same of $all answers the same"
expect_json "iati: round trip keeps 17.9 against the reported 18 M" \
	'[([c["value"] for c in x["claims"]], x["difference"]) for x in d["disagreements"] if x["kind"] == "parts_vs_total"]' \
	"[(['17900000.00', '18000000.00'], '100000.00')]" $M --db r2.db funding --as-of 2024-05-01 --json
expect_json "iati: round trip: the budget answer too" '(d["answer"]["gap"], d["answer"]["raised_pct"])' \
	"('485000000.00', '19.2')" $M --db r2.db budget --as-of 2025-09-30 --json

# Every stage IATI has a type for, in one activity: 13, 11, 1, 3, 4.
$M --db t.db init > /dev/null
cat > stages.csv <<'EOF'
kind,ref,publisher,title,grade,date,donor_country,channel,stage,amount,currency,sources
source,t1,Test,Stages,A,2025-01-01,,,,,,
funding,,,,,2025-01-01,CAN,trust_fund,pledged,100,USD,t1
funding,,,,,2025-01-02,CAN,trust_fund,committed,90,USD,t1
funding,,,,,2025-01-03,CAN,trust_fund,deposited,80,USD,t1
funding,,,,,2025-01-04,CAN,trust_fund,disbursed,70,USD,t1
funding,,,,,2025-01-05,CAN,trust_fund,spent,60,USD,t1
funding,,,,,2025-02-01,CAN,trust_fund,deposited,85.5,USD,t1
EOF
$M --db t.db import stages.csv > /dev/null
$M --db t.db export --format iati --reporting-org XM-DAC-41304 > t.xml
python3 -c '
import xml.etree.ElementTree as ET
d = ET.parse("t.xml")
print([(t.find("transaction-type").get("code"), t.find("value").text) for t in d.iter("transaction")])
print(d.find(".//reporting-org").get("ref"), d.find(".//iati-identifier").text)' > t.txt
[ "$(sed -n 1p t.txt)" = "[('13', '100.00'), ('11', '90.00'), ('1', '80.00'), ('3', '70.00'), ('4', '60.00'), ('1', '5.50')]" ] \
	&& ok "iati: transactions typed 13, 11, 1, 3, 4; a later report is the rise (5.50)" || fail "iati: types" "$(cat t.txt)"
[ "$(sed -n 2p t.txt)" = "XM-DAC-41304 XM-DAC-41304-MSS-HTI-trust_fund" ] && ok "iati: --reporting-org names the publisher" \
	|| fail "iati: reporting org" "$(cat t.txt)"
xmllint --noout --schema "$XSD" t.xml > /dev/null 2>&1 && ok "iati: every type validates (xmllint)" || fail "iati: xmllint t.xml" "invalid"

# A file of another publisher: the IATI worked example.
$M --db e.db init > /dev/null
expect_out "iati: the official 2.03 example: one incoming-funds transaction" \
	"IATI 2.03: 1 activity; 1 transactions read (0 incoming pledge, 0 incoming commitment, 1 incoming funds, 0 disbursement, 0 expenditure)" \
	$M --db e.db import --format iati --mission EXAMPLE "$I/activity-standard-example-annotated-2.03.xml"
expect_json "iati: its EUR 1000 from Agency B, deposited on 2012-01-01" \
	'[(r["name"], r["deposited"]["amount"], r["deposited"]["currency"], r["deposited"]["date"]) for r in d["rows"]]' \
	"[('Agency B', '1000.00', 'EUR', '2012-01-01')]" $M --db e.db funding --mission EXAMPLE --json
cat > other.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.02">
 <iati-activity default-currency="CAD">
  <iati-identifier>CA-3-P014129001</iati-identifier>
  <reporting-org ref="CA-3" type="10"><narrative>Global Affairs Canada</narrative></reporting-org>
  <title><narrative>Trust fund in support of the MSS mission</narrative></title>
  <description><narrative>Test</narrative></description>
  <participating-org role="1" ref="CA-3"><narrative>Canada</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2024-02-28"/>
  <transaction><transaction-type code="11"/><transaction-date iso-date="2024-02-28"/>
   <value value-date="2024-02-28">+75833135.000</value><provider-org ref="CA-3"><narrative>Canada</narrative></provider-org></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-03-01"/>
   <value value-date="2024-03-01">5000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-02"/>
   <value value-date="2024-03-02">5000</value><receiver-org><narrative>UN</narrative></receiver-org></transaction>
 </iati-activity>
</iati-activities>
EOF
$M --db o.db init > /dev/null
expect_out "iati: other transaction types are skipped and counted" \
	"IATI: 1 transactions of other types skipped (muster reads 13, 11, 1, 3 and 4); 1 disbursements and expenditures without a provider-org skipped" \
	$M --db o.db import --format iati other.xml
expect_json "iati: a 2.02 file, the activity's currency, a decimal written +75833135.000" \
	'[(r["donor"], r["committed"]["amount"], r["committed"]["currency"]) for r in d["rows"]]' \
	"[('CAN', '75833135.00', 'CAD')]" $M --db o.db funding --json
expect_json "iati: a primary publisher's file is a grade A source" \
	'[(s["id"], s["publisher"], s["grade"]) for s in d["sources"]]' "[('iati-other', 'Global Affairs Canada', 'A')]" \
	$M --db o.db funding --json

# --- IATI: bad files ---------------------------------------------------------
expect_err "iati bad: IATI 1.x" h.db 2 \
	"$I/legacy-v1-dfid_out.xml: IATI version 1.0 is not supported; muster reads IATI 2.01 to 2.03" \
	$M --db h.db import --format iati "$I/legacy-v1-dfid_out.xml"
sed 's/version="2.02"/version="1.05"/' other.xml > v105.xml
expect_err "iati bad: IATI 1.05" h.db 2 "v105.xml: IATI version 1.05 is not supported; muster reads IATI 2.01 to 2.03" \
	$M --db h.db import --format iati v105.xml
expect_err "iati bad: a file failing the schema" h.db 2 \
	"$I/invalid-budget-value.xml:22: not valid IATI 2.03 activity XML: Element 'value': 'eryr' is not a valid value of the atomic type 'xs:decimal' (fix the element; the IATI 2.03 schema says what it may hold)" \
	$M --db h.db import --format iati "$I/invalid-budget-value.xml"
xmllint --noout --schema "$XSD" "$I/invalid-budget-value.xml" > /dev/null 2>&1 && fail "iati: xmllint agrees" "xmllint accepts it" \
	|| ok "iati: xmllint agrees the file fails the schema"
expect_err "iati bad: two reporting organisations" h.db 2 \
	"$I/invalid-two-reporting-orgs.xml:9: not valid IATI 2.03 activity XML: Element 'reporting-org': This element is not expected. Expected is ( title ) (fix the element; the IATI 2.03 schema says what it may hold)" \
	$M --db h.db import --format iati "$I/invalid-two-reporting-orgs.xml"
printf '<iati-activities version="2.03"><iati-activity>' > cut.xml
expect_err "iati bad: not XML" h.db 2 \
	"cut.xml:1: not XML (Premature end of data in tag iati-activity line 1); an IATI file is XML whose root is iati-activities" \
	$M --db h.db import --format iati cut.xml
printf '<iati-organisations version="2.03"/>\n' > org.xml
expect_err "iati bad: an organisation file" h.db 2 \
	"org.xml:1: not an IATI activity file: the root element is iati-organisations, not iati-activities (muster reads IATI activity files; organisation files hold no transactions)" \
	$M --db h.db import --format iati org.xml
sed 's/+75833135.000/-5/' other.xml > negative.xml
expect_err "iati bad: a negative incoming commitment" h.db 2 \
	'negative.xml:11: transaction 1 of activity CA-3-P014129001: field "value": "-5" is negative (an amount is 0 or more; to withdraw money record a later figure, or retract the record)' \
	$M --db h.db import --format iati negative.xml
sed 's/+75833135.000/10.125/' other.xml > decimals.xml
expect_err "iati bad: more decimals than the currency has" h.db 2 \
	'decimals.xml:11: transaction 1 of activity CA-3-P014129001: field "value": "10.125" has 3 decimals but CAD has 2 (write at most 2, e.g. 10.12)' \
	$M --db h.db import --format iati decimals.xml
sed 's/default-currency="CAD"/default-currency="CDN"/' other.xml > cdn.xml
expect_err "iati bad: an unknown currency" h.db 2 \
	'cdn.xml:11: transaction 1 of activity CA-3-P014129001: field "currency": "CDN" is not an ISO 4217 currency code (did you mean CAD?)' \
	$M --db h.db import --format iati cdn.xml
sed 's/ default-currency="CAD"//' other.xml > nocur.xml
expect_err "iati bad: a value without a currency" h.db 2 \
	'nocur.xml:11: transaction 1 of activity CA-3-P014129001: field "value": no currency (give value/@currency, or default-currency on the iati-activity)' \
	$M --db h.db import --format iati nocur.xml
sed 's|<provider-org ref="CA-3"><narrative>Canada</narrative></provider-org>||' other.xml > noprov.xml
expect_err "iati bad: an incoming transaction without its donor" h.db 2 \
	'noprov.xml:11: transaction 1 of activity CA-3-P014129001: transaction without a provider-org: muster records money by its donor (give provider-org with a narrative naming the donor, or its ref)' \
	$M --db h.db import --format iati noprov.xml
expect_err "iati bad: the same file twice" o.db 2 \
	"other.xml: the source \"iati-other\" is already in o.db: this file was imported before (importing it again would repeat every record)" \
	$M --db o.db import --format iati other.xml
sed 's|<muster:report stage="frozen"|<muster:report mission="GSF-HTI" stage="frozen"|' mss.xml > forged.xml
line=$(grep -n 'mission="GSF-HTI" stage="frozen"' forged.xml | cut -d: -f1)
expect_err "iati bad: an attribute cannot move a figure to another mission" h.db 2 \
	"forged.xml:$line: mission: muster does not take \"mission\" from an attribute (the IATI elements and the file say it)" \
	$M --db h.db import --format iati forged.xml
expect_err "iati bad: export --as-of" h.db 2 \
	"muster export: --as-of is for --format geojson; IATI transactions carry their own dates" \
	$M --db h.db export --format iati --as-of 2025-01-01
expect_err "iati bad: a reporting organisation that is no identifier" h.db 2 \
	'--reporting-org "Muster HQ": an IATI organisation identifier is an agency prefix and a number, e.g. XM-DAC-41304 (letters, digits, '"'"'-'"'"', '"'"'_'"'"', '"'"'.'"'"')' \
	$M --db h.db export --format iati --reporting-org "Muster HQ"
expect_err "iati bad: nothing to export" e.db 1 "no funding of MSS-HTI to export: IATI needs at least one activity" \
	$M --db e.db export --format iati --mission MSS-HTI
expect_err "iati bad: a mission the file does not hold" e.db 2 \
	'--mission "NOWHERE" is not a mission in this file (it holds EXAMPLE or MSS-HTI); `muster missions` lists them' \
	$M --db e.db export --format iati --mission NOWHERE
