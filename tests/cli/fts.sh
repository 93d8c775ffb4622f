# fts.sh: FTS as FTS counts it, on a real three-page search (the occupied
# Palestinian territory, 2020: 424 flows). The figure the funding answer gives
# as FTS's equals FTS's own published totals to the cent; FTS's published
# figures are kept beside the computed ones; a parent flow counted beside its
# parts is a disagreement (funding answer and conflicts), FTS's figure kept as
# FTS's; a search not imported whole is said so and FTS's total not claimed;
# pages of two searches, contradicting summaries and too many flows are
# refused with exit 2, the exact message and nothing changed.
. "$MUSTER_ROOT/tests/cli/lib.sh"

F="$ROOT/tests/fixtures/fts"
P1="$F/pse-2020-page1.json" P2="$F/pse-2020-page2.json" P3="$F/pse-2020-page3.json"
PSE="--mission PSE-HRP-2020"

# FTS's own published figures, read from the real pages (every page carries them).
pub=$(python3 -c "import json; d=json.load(open('$P1'))['data']; print('%d.00 %d.00 %d' % (d['incoming']['fundingTotal'], d['incoming']['pledgeTotal'], d['incoming']['flowCount']))")
[ "$pub" = "381508179.00 29621.00 338" ] && ok "fts: FTS publishes 381508179 USD funding, 29621 USD pledges, 338 incoming flows" \
	|| fail "fts: fixture summary" "$pub"

# --- the whole search, three pages ------------------------------------------
$M --db w.db init > /dev/null
$M --db w.db import --format fts $PSE "$P1" "$P2" "$P3" > import.out 2> import.err
[ $? = 0 ] && [ ! -s import.err ] && ok "fts: three pages of one search import without a warning" \
	|| fail "fts: import" "$(cat import.err)"
for line in \
	"FTS: 424 flows on 3 pages (the search has 424: meta.count): 338 incoming, 1 outgoing, 85 internal; 31 on a shared boundary left out of FTS's totals, as FTS leaves them out" \
	"FTS: 2 parent flows counted beside their parts, as FTS counts them (flows 204307, 214861: 5,407,598.00 USD); muster's own funding totals count that money once, and the funding answer shows both" \
	"FTS incoming funding (commitments + paid): FTS publishes 381,508,179.00 USD (data.incoming.fundingTotal); the counted flows add up to 381,508,179.00 USD: equal" \
	"FTS incoming pledges: FTS publishes 29,621.00 USD (data.incoming.pledgeTotal); the counted flows add up to 29,621.00 USD: equal" \
	"FTS incoming flows: FTS lists 338 (data.incoming.flowCount); the pages hold 338: equal" \
	"FTS internal flows: FTS lists 85 (data.internal.flowCount); the pages hold 85: equal"; do
	grep -qxF "$line" import.out && ok "fts: the import says: $(echo "$line" | cut -c 1-70)…" \
		|| fail "fts: import line" "lacks [$line]; got $(cat import.out)"
done

$M --db w.db funding $PSE --json > w.json
expect_json "fts: the figure given as FTS's count equals FTS's published totals, to the cent" \
	'(d["answer"]["fts"]["searches"][0]["fts_count"]["funding"] + " " + d["answer"]["fts"]["searches"][0]["fts_count"]["pledges"] + " " + str(d["answer"]["fts"]["searches"][0]["published"]["incoming"]["flows"]))' \
	"$pub" cat w.json
expect_json "fts: FTS's published figures are kept in the answer beside the computed ones, which equal them" \
	'[(k, s["published"][k], s["counted"][k]) for s in d["answer"]["fts"]["searches"] for k in ("incoming", "outgoing", "internal")]' \
	"[('incoming', {'funding': '381508179.00', 'pledges': '29621.00', 'flows': 338}, {'funding': '381508179.00', 'pledges': '29621.00', 'flows': 338}), ('outgoing', {'funding': '0.00', 'pledges': '0.00', 'flows': 1}, {'funding': '0.00', 'pledges': '0.00', 'flows': 1}), ('internal', {'flows': 85}, {'flows': 85})]" \
	cat w.json
expect_json "fts: the search is whole, its pages named, and FTS's figures agree with its flows" \
	'[(s["pages"], s["flows"], s["whole"], s["agrees"]) for s in d["answer"]["fts"]["searches"]]' \
	"[(['fts-pse-2020-page1', 'fts-pse-2020-page2', 'fts-pse-2020-page3'], {'listed': 424, 'imported': 424, 'dated_by_as_of': 424}, True, True)]" \
	cat w.json
expect_json "fts: the incoming boundary as FTS counts it is FTS's funding" \
	'[(b["boundary"], b["funding"], b["pledges"]) for b in d["answer"]["fts"]["boundaries"]]' \
	"[('incoming', '381508179.00', '29621.00'), ('internal', '33606486.00', '0.00')]" cat w.json
expect_json "fts: a parent counted beside its parts is a disagreement; FTS's figure is kept as FTS's" \
	'[(x["kind"], x["used"], [c["value"] for c in x["claims"]]) for x in d["disagreements"] if x["kind"] == "fts_parent_and_parts"]' \
	"[('fts_parent_and_parts', '381508179.00', ['381508179.00', '376100581.00'])]" cat w.json
expect_json "fts: the disagreement names the parents and their records" \
	'[(c["as"], len(c.get("records", []))) for x in d["disagreements"] for c in x["claims"]][1]' \
	"('each amount once: without the parent flows 204307, 214861 (5,407,598.00 USD), whose parts are counted', 2)" \
	cat w.json
expect_json "fts: muster's own totals count each amount once (committed + deposited = FTS's figure less the parents)" \
	'[(t["committed"], t["deposited"]) for t in d["answer"]["totals"]]' "[('146280331.00', '229820250.00')]" cat w.json
expect_json "fts: muster conflicts lists the same disagreement" \
	'[(x["kind"], x["about"], x["used"], [c["value"] for c in x["claims"]]) for x in d["disagreements"]]' \
	"[('fts_parent_and_parts', 'FTS incoming funding (commitments + paid) of the search in fts-pse-2020-page1, fts-pse-2020-page2, fts-pse-2020-page3: parent flows counted beside their parts', '381508179.00', ['381508179.00', '376100581.00'])]" \
	$M --db w.db conflicts $PSE --json
expect_out "fts: the funding text gives FTS's count as FTS's, its flows beside it" \
	"    incoming funding  FTS's count   381,508,179.00 USD (FTS publishes it: data.incoming.fundingTotal); its flows add up to 381,508,179.00 USD" \
	$M --db w.db funding $PSE
expect_out "fts: the funding text says the search was imported whole" \
	"Search in fts-pse-2020-page1, fts-pse-2020-page2, fts-pse-2020-page3: 424 of 424 flows (meta.count): imported whole" \
	$M --db w.db funding $PSE
expect_json "fts: --include-shared changes muster's view, never FTS's count" \
	'[s["fts_count"]["funding"] for s in d["answer"]["fts"]["searches"]] + [b["funding"] for b in d["answer"]["fts"]["boundaries"] if b["boundary"] == "incoming"]' \
	"['381508179.00', '405952522.00']" $M --db w.db funding $PSE --include-shared --json
expect_json "fts: as of a day before its last flows, the search is not whole and FTS's total is not claimed" \
	'[(s["whole"], s["fts_count"], s["flows"]["dated_by_as_of"], s["published"]["incoming"]["funding"], s["note"]) for s in d["answer"]["fts"]["searches"]]' \
	"[(False, None, 393, '381508179.00', \"as of this day 393 of its 424 flows are dated: FTS's published totals (for the whole search) are kept as FTS's, and the sum of these flows is not FTS's total\")]" \
	$M --db w.db funding $PSE --as-of 2020-12-31 --json

# --- a search not imported whole --------------------------------------------
$M --db part.db init > /dev/null
got=$($M --db part.db import --format fts $PSE "$P1" "$P2" 2>&1 >/dev/null)
[ "$got" = "muster: warning: FTS lists 424 flows for this search (meta.count) and these pages hold 400: the totals cannot be set against FTS's until every page is imported (the next page is meta.nextLink of $P2: https://github.com/OCHA-DAP/hdx-scraper-fts/raw/master/tests/fixtures/input/custom-search-locationid-171-year-2020-page-3.json)" ] \
	&& ok "fts: two of three pages: a warning naming the next page" || fail "fts: partial warning" "$got"
expect_json "fts: a search not imported whole is said so, FTS's total kept as FTS's and not claimed" \
	'[(s["whole"], s["fts_count"], s["agrees"], s["published"]["incoming"]["funding"], s["counted"]["incoming"]["funding"], s["note"]) for s in d["answer"]["fts"]["searches"]]' \
	"[(False, None, None, '381508179.00', '350791309.00', \"not imported whole: 400 of the 424 flows FTS lists (meta.count); FTS's published totals are kept as FTS's, and the sum of these flows is not FTS's total\")]" \
	$M --db part.db funding $PSE --json
expect_out "fts: the funding text says so too" \
	"    incoming funding  FTS publishes   381,508,179.00 USD (data.incoming.fundingTotal), not set against these flows; these flows add up to 350,791,309.00 USD, not FTS's total" \
	$M --db part.db funding $PSE
$M --db part.db import --format fts $PSE "$P3" > /dev/null 2>&1
expect_json "fts: the last page, imported later, makes the search whole: FTS's count is FTS's total" \
	'[(s["whole"], s["fts_count"]["funding"], s["agrees"]) for s in d["answer"]["fts"]["searches"]]' \
	"[(True, '381508179.00', True)]" $M --db part.db funding $PSE --json

# --- published totals the flows do not add up to ------------------------------
python3 - "$P1" "$P2" "$P3" <<'EOF'
import json, sys
for i, p in enumerate(sys.argv[1:], 1):
    d = json.load(open(p))
    d["data"]["incoming"]["fundingTotal"] += 100
    json.dump(d, open("plus100-page%d.json" % i, "w"))
EOF
$M --db plus.db init > /dev/null
got=$($M --db plus.db import --format fts $PSE plus100-page1.json plus100-page2.json plus100-page3.json 2>&1 >/dev/null)
[ "$got" = "muster: warning: FTS incoming funding (commitments + paid): the counted flows add up to 381,508,179.00 USD but FTS publishes 381,508,279.00 USD for the search (data.incoming.fundingTotal); check the flows against FTS" ] \
	&& ok "fts: a published total its flows do not give: a warning" || fail "fts: plus warning" "$got"
expect_json "fts: FTS's figure stays FTS's, the flows' sum beside it as a disagreement" \
	'([(s["fts_count"]["funding"], s["counted"]["incoming"]["funding"], s["agrees"]) for s in d["answer"]["fts"]["searches"]], [(x["kind"], x["used"], [c["value"] for c in x["claims"]]) for x in d["disagreements"] if x["kind"] == "fts_published_vs_flows"])' \
	"([('381508279.00', '381508179.00', False)], [('fts_published_vs_flows', '381508279.00', ['381508279.00', '381508179.00'])])" \
	$M --db plus.db funding $PSE --json

# --- bad pages: exit 2, named, nothing changed ------------------------------
python3 - "$P2" "$P3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["data"]["incoming"]["fundingTotal"] = 381000000
json.dump(d, open("contradicts.json", "w"))
d = json.load(open(sys.argv[1]))
del d["data"]["incoming"]
json.dump(d, open("nosummary.json", "w"))
d = json.load(open(sys.argv[2]))
d["meta"]["count"] = 20
json.dump(d, open("toomany.json", "w"))
EOF
$M --db bad.db init > /dev/null
expect_err "fts bad: a page whose published summary contradicts another page's" bad.db 2 \
	"contradicts.json: field \"data.incoming.fundingTotal\": 381000000 here but 381508179 on $P1: the pages of one FTS search all carry the same summary, so these are pages of two searches or were fetched at different times; fetch every page of one search at once and import them in one command" \
	$M --db bad.db import --format fts $PSE "$P1" contradicts.json "$P3"
expect_err "fts bad: pages of two different searches mixed" bad.db 2 \
	"$F/afg-2021-page2.json: field \"meta.count\": 37 here but 424 on $P1: the pages of one FTS search all carry the same summary, so these are pages of two searches or were fetched at different times; fetch every page of one search at once and import them in one command" \
	$M --db bad.db import --format fts $PSE "$P1" "$F/afg-2021-page2.json"
expect_err "fts bad: a page without the summary its search's other pages carry" bad.db 2 \
	"nosummary.json: field \"data.incoming.fundingTotal\": missing here but 381508179 on $P1: the pages of one FTS search all carry the same summary, so these are pages of two searches or were fetched at different times; fetch every page of one search at once and import them in one command" \
	$M --db bad.db import --format fts $PSE "$P1" nosummary.json
expect_err "fts bad: a page holding more flows than FTS lists for its search" bad.db 2 \
	"toomany.json: the 1 page given holds 24 flows but FTS lists 20 for the search (meta.count): a page is given twice or a page of another search is mixed in; give each page of one search once" \
	$M --db bad.db import --format fts $PSE toomany.json
expect_err "fts bad: a page of the search given twice under two names" bad.db 2 \
	"p3copy.json: flow 227702: duplicate: flow 227702 is also on page fts-pse-2020-page3 (record $(cp "$P3" p3copy.json; $M --db dup.db init >/dev/null; $M --db dup.db import --format fts $PSE "$P3" >/dev/null 2>&1; sqlite3 dup.db "SELECT substr(l.id,1,16) FROM log l JOIN rec r USING(seq) WHERE r.ref = 'fts-flow-227702'")); each flow is on one page of a search: is one file given twice?" \
	$M --db bad.db import --format fts $PSE "$P3" p3copy.json
