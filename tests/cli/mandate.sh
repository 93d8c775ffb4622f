# mandate.sh: resolutions read from Akoma Ntoso XML, authorisations, obligations,
# promises and the timeline on the bundled Haiti record; bad input names the
# place and the fix, exits 2 and changes nothing.
. "$MUSTER_ROOT/tests/cli/lib.sh"
F="$MUSTER_ROOT/tests/fixtures/mandate"
X="$MUSTER_ROOT/data/haiti/resolutions"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# Authorisation on both sides of the first day, a renewal, and the successor.
# The resolution is not yet adopted on 2023-10-01, so no authorisation is known.
expect_json "mandate 2023-10-01 not authorised" '(d["answer"]["authorised"], d["answer"]["mission"], d["rows"])' \
	"(False, None, [])" $S mandate --as-of 2023-10-01 --json
expect_json "mandate 2023-10-02 under 2699" '(d["answer"]["authorised"], d["answer"]["resolution"], d["answer"]["mission"], d["answer"]["until"])' \
	"(True, 2699, 'MSS-HTI', '2024-10-02')" $S mandate --as-of 2023-10-02 --json
expect_json "mandate 2699 vote and review" '(d["answer"]["vote"]["in_favour"], d["answer"]["vote"]["abstainers"], d["answer"]["review"])' \
	"(13, 'China; Russian Federation', '2024-07-02')" $S mandate --as-of 2023-10-02 --json
expect_json "mandate 2025-09-01 under 2751, 31 days left" \
	'(d["answer"]["resolution"], d["answer"]["until"], d["answer"]["days_left"])' "(2751, '2025-10-02', 31)" \
	$S mandate --as-of 2025-09-01 --json
expect_json "mandate 2025-10-03 is the Gang Suppression Force under 2793" \
	'(d["answer"]["mission"], d["answer"]["resolution"], d["answer"]["successor_of"], d["answer"]["ceiling"])' \
	"('GSF-HTI', 2793, 'MSS-HTI', {'total': 5550, 'uniformed': 5500, 'civilian': 50})" $S mandate --as-of 2025-10-03 --json
expect_json "mandate 2025-10-01: transition overlap lists MSS too" '[x["mission"] for x in d["answer"]["also_in_force"]]' \
	"['MSS-HTI']" $S mandate --as-of 2025-10-01 --json
expect_json "mandate strength against the ceiling" \
	'(d["answer"]["strength"]["personnel"], d["answer"]["strength"]["gap"], d["answer"]["predecessor_strength"]["mission"])' \
	"(0, 5550, 'MSS-HTI')" $S mandate --as-of 2025-10-03 --json
expect_json "mandate frame and sources" \
	'sorted(d.keys()) == ["answer", "as_of", "disagreements", "generated", "question", "rows", "sources"] and "un-s-res-2793-2025" in [s["id"] for s in d["sources"]]' \
	True $S mandate --as-of 2025-10-03 --json
expect_out "mandate text" "MSS-HTI is authorised under S/RES/2751 (2024) (resolution 2751) until 2025-10-02: 31 days left." \
	$S mandate --as-of 2025-09-01

# Resolutions from the XML: paragraphs with their numbers.
expect_json "obligations quote the paragraph from the XML" \
	'[r["paragraph_text"][:40] for r in d["rows"] if r["paragraph"] == 16][0]' \
	"16. Requests the Secretary-General to es" $S obligations --as-of 2024-12-31 --json
expect_json "obligations on 2024-12-31" '(d["answer"]["met"], d["answer"]["overdue"], d["answer"]["pending"], d["answer"]["unknown"])' \
	"(1, 2, 0, 4)" $S obligations --as-of 2024-12-31 --json
expect_json "obligations: review is pending before its due day" \
	'[r["status"] for r in d["rows"] if r["paragraph"] == 1][0]' "pending" $S obligations --as-of 2024-07-02 --json
expect_json "obligations: review is overdue the day after" \
	'[r["status"] for r in d["rows"] if r["paragraph"] == 1][0]' "overdue" $S obligations --as-of 2024-07-03 --json
expect_json "obligations: trust fund met with its evidence" \
	'[(r["status"], r["evidence"][0]["sources"]) for r in d["rows"] if r["paragraph"] == 16][0]' \
	"('met', ['freshnews-xinhua-2024-03-12'])" $S obligations --as-of 2024-12-31 --json
expect_json "obligations: trust fund unknown before the evidence" \
	'[r["status"] for r in d["rows"] if r["paragraph"] == 16][0]' "unknown" $S obligations --as-of 2024-03-10 --json

# Promises.
expect_json "promises: the Bahamas promised 150, had 6 (missed)" \
	'[(r["status"], r["figure"]["personnel"], r["gap"]) for r in d["rows"] if r.get("country") == "BHS"][0]' \
	"('missed', 6, 144)" $S promises --json
expect_json "promises: Guatemala's 150 kept" \
	'[(r["status"], r["figure"]["personnel"], r["gap"]) for r in d["rows"] if r.get("country") == "GTM"][0]' \
	"('kept', 150, 0)" $S promises --json
expect_json "promises: 2,500 by January 2025 judged on 2025-01-31" \
	'[(r["status"], r["judged_on"], r["scope"]) for r in d["rows"] if r.get("target_personnel") == 2500][0]' \
	"('missed', '2025-01-31', 'mission')" $S promises --json
expect_json "promises: 2,500 by January is pending on 2025-01-15" \
	'[r["status"] for r in d["rows"] if r.get("target_personnel") == 2500][0]' "pending" $S promises --as-of 2025-01-15 --json
expect_json "promises: Kenya's additional 600 counts from the day it was made" \
	'[(r["status"], r["baseline"]["personnel"], r["target_personnel"]) for r in d["rows"] if r["basis"] == "additional"][0]' \
	"('missed', 400, 1000)" $S promises --json
expect_json "promises --status kept" 'sorted(r["country"] for r in d["rows"])' "['GTM', 'SLV', 'USA', 'USA']" \
	$S promises --status kept --json
expect_json "promises: the US 200 million kept by a committed figure, not by a pledge" \
	'[(r["status"], r["figure"]["amount"], r["reached_on"], r["gap"]["amount"]) for r in d["rows"] if r.get("country") == "USA"]' \
	"[('kept', '835000000.00', '2024-09-30', '0.00'), ('kept', '835000000.00', '2024-09-30', '0.00')]" $S promises --json
expect_json "promises: on 2024-06-01 the US 200 million is pending, 6 million deposited" \
	'[(r["status"], r["figure"]["amount"], r["gap"]["amount"], r["deadline"]) for r in d["rows"] if r.get("country") == "USA"][0]' \
	"('pending', '6000000.00', '194000000.00', '2024-10-02')" $S promises --as-of 2024-06-01 --json
expect_json "promises: the donor's funding figures are listed as evidence" \
	'[len(r["funding"]) for r in d["rows"] if r.get("country") == "USA"]' "[16, 16]" $S promises --json
expect_out "promises text: the money line names the figure and the gap" \
	"largest figure 6,000,000.00 USD against 200,000,000 USD, gap 194,000,000.00 USD (dominicantoday-225614)" \
	$S promises --as-of 2024-06-01

# Timeline.
expect_json "timeline January 2025" '[(r["date"], r["kind"]) for r in d["rows"] if r["kind"] in ("arrival", "promise_deadline")]' \
	"[('2025-01', 'promise_deadline'), ('2025-01', 'promise_deadline'), ('2025-01', 'promise_deadline'), ('2025-01-03', 'arrival'), ('2025-01-03', 'arrival'), ('2025-01-04', 'arrival'), ('2025-01-18', 'arrival')]" \
	$S timeline --from 2025-01-01 --to 2025-01-31 --json
expect_json "timeline: resolutions and authorisation ends" \
	'[r["what"] for r in d["rows"] if r["kind"] in ("resolution", "authorization_end")]' \
	"['S/RES/2751 (2024) adopted at the 9735th meeting', 'last day of the MSS-HTI authorisation (resolution 2699)']" \
	$S timeline --from 2024-09-30 --to 2024-10-02 --json
expect_json "timeline: every line cites a source" 'all(r["sources"] for r in d["rows"])' True $S timeline --json
expect_json "timeline: a funding line with no donor named starts with its stage" \
	'sorted({r["what"] for r in d["rows"] if r["kind"] == "funding" and "donor" not in r["parts"]})[:2]' \
	"['deposited (trust_fund) 10,800,000.00 USD', 'deposited (trust_fund) 110,000,000.00 USD']" $S timeline --json

# import-akn: the bundled rows are what the XML gives (the same records).
$M --db e.db init > /dev/null 2>&1
expect_out "import-akn three resolutions" "6 records imported from 3 files" \
	$M --db e.db import-akn "$X/S_RES_2699-2318982E.xml" "$X/S_RES_2751-2417748E.xml" "$X/S_RES_2793-2515632E.xml"
$M --db e2.db init > /dev/null 2>&1
expect_out "import --format akn is the same reader" "6 records imported" \
	$M --db e2.db import --format akn "$X/S_RES_2699-2318982E.xml" "$X/S_RES_2751-2417748E.xml" "$X/S_RES_2793-2515632E.xml"
[ "$(sqlite3 e2.db 'SELECT id FROM log ORDER BY seq')" = "$(sqlite3 e.db 'SELECT id FROM log ORDER BY seq')" ] \
	&& ok "import --format akn gives the same records as import-akn" || fail "import --format akn" "records differ"
expect_json "import-akn: 2699 has 23 numbered paragraphs" \
	'[(r["what"]) for r in d["rows"] if r["kind"] == "resolution"][0]' "S/RES/2699 (2023) adopted at the 9430th meeting" \
	$M --db e.db timeline --to 2023-12-31 --json
expect_err "import-akn: bundled resolution is a duplicate" h.db 2 \
	"$X/S_RES_2699-2318982E.xml: resolution S/RES/2699 (2023): duplicate: h.db already holds the same record as 62a99f2e4dccf37f (remove the row, or correct that record if something changed)" \
	$S import-akn "$X/S_RES_2699-2318982E.xml"

# Bad input: exit 2, named place and fix, nothing changed.
expect_err "bad XML" e.db 2 \
	"$F/broken.xml:4: not well-formed XML (Premature end of data in tag statement line 1); give a resolution in Akoma Ntoso XML" \
	$M --db e.db import-akn "$F/broken.xml"
expect_err "all or nothing: a good file then a bad one" e.db 2 \
	"$F/broken.xml:4: not well-formed XML (Premature end of data in tag statement line 1); give a resolution in Akoma Ntoso XML" \
	$M --db e.db import-akn "$F/good.xml" "$F/broken.xml"
expect_err "resolution names no date" e.db 2 \
	"$F/nodate.xml: element <FRBRdate name=\"adoption\">: missing, so the resolution names no adoption date (add it under <FRBRWork>, or enter the resolution with muster add resolution --date YYYY-MM-DD)" \
	$M --db e.db import-akn "$F/nodate.xml"
expect_err "adoption date is not a day" e.db 2 \
	"$F/baddate.xml:3: element <FRBRdate>: the date \"2030-13\" is not a day (write date=\"YYYY-MM-DD\")" \
	$M --db e.db import-akn "$F/baddate.xml"
expect_err "no symbol" e.db 2 \
	"$F/nosymbol.xml: element <docNumber>: missing, so the resolution has no symbol (the cover page gives it as S/RES/NNNN (YYYY))" \
	$M --db e.db import-akn "$F/nosymbol.xml"
expect_err "bad symbol" e.db 2 \
	"$F/badsymbol.xml:4: element <docNumber>: \"Resolution nine\" is not a resolution symbol (expected S/RES/NNNN (YYYY))" \
	$M --db e.db import-akn "$F/badsymbol.xml"
expect_err "no operative paragraphs" e.db 2 \
	"$F/nobody.xml: element <mainBody>: missing (a resolution's operative paragraphs are <paragraph> elements with a <num> such as \"1.\")" \
	$M --db e.db import-akn "$F/nobody.xml"
expect_err "not Akoma Ntoso" e.db 2 \
	"$F/html.xml: the root element is <html>, not <akomaNtoso> (give a UN resolution in Akoma Ntoso XML, e.g. from github.com/UNxml/SCresolutions)" \
	$M --db e.db import-akn "$F/html.xml"
expect_err "promise deadline is not a date" h.db 2 \
	"muster add: field \"by\": \"January\" is not a date (write YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty when unknown)" \
	$S add commitment --country BHS --what x --personnel 5 --by January --sources afp-2025
expect_err "authorization ends before it starts" h.db 2 \
	"muster add: field \"end\": 2024-10-01 is before \"start\" 2024-10-02 (an authorisation ends after it starts; check the two dates)" \
	$S add authorization --resolution 2699 --start 2024-10-02 --end 2024-10-01 --sources afp-2025
expect_err "ceiling parts do not add up" h.db 2 \
	"muster add: field \"ceiling\": 5500 is not ceiling_uniformed 5500 + ceiling_civilian 50 = 5550 (fix the total or a part)" \
	$S add authorization --resolution 2793 --start 2025-09-30 --end 2026-09-30 --ceiling 5500 --ceiling-uniformed 5500 --ceiling-civilian 50 --sources afp-2025
expect_err "more votes than members" h.db 2 \
	"muster add: fields \"in_favour\", \"against\", \"abstaining\": they add up to 17, more than the Council's 15 members (check the counts)" \
	$S add vote --resolution 2793 --in-favour 12 --against 2 --abstaining 3 --sources afp-2025
expect_err "resolution dated by month" h.db 2 \
	"muster add: field \"date\": \"2030-01\" is not a day (a resolution needs its adoption day, YYYY-MM-DD)" \
	$S add resolution --symbol "S/RES/1 (2030)" --number 1 --date 2030-01 --sources afp-2025
expect_err "fulfilment of an unknown requirement" h.db 2 \
	"muster add: field \"requirement\": no requirement has the ref \"req-nope\" (add the requirement first, or fix the ref; muster obligations --json lists them)" \
	$S add fulfilment --requirement req-nope --status met --sources afp-2025
expect_err "promise of people and money at once" h.db 2 \
	"muster add: fields \"personnel\" and \"amount\": both given (a promise measures people or money; record two promises)" \
	$S add commitment --country BHS --what x --personnel 5 --amount 10 --currency USD --sources afp-2025
expect_err "promises --status typo" h.db 2 "--status kep: not one of kept, missed, pending, unknown (did you mean kept?)" \
	$S promises --status kep
expect_err "timeline --to before --from" h.db 2 "--to 2025-01-01 is before --from 2025-02-01 (give the earlier day with --from)" \
	$S timeline --from 2025-02-01 --to 2025-01-01
expect_err "timeline --from month 13" h.db 2 "--from: \"2024-13\" is not a date: there is no month 13 (months are 01 to 12)" \
	$S timeline --from 2024-13
expect_err "timeline --from empty" h.db 2 "--from: missing date (write YYYY-MM-DD, YYYY-MM or YYYY)" \
	$S timeline --from ""
expect_json "timeline --from and --to take months: February to April 2024" \
	'(d["answer"]["from"], d["answer"]["to"], len(d["rows"]))' "('2024-02-01', '2024-04-30', 19)" \
	$S timeline --from 2024-02 --to 2024-04 --json
expect_err "promises unknown option" h.db 2 "muster promises: unknown option --colour (see muster promises --help)" \
	$S promises --colour red
