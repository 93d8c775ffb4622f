# charts.sh: the pages designed for their readers and the charts drawn on the
# server (issue 20, points 1 and 2), by exact content. On the bundled record:
# strength over time has one stacked column per month-end point and says its
# figures in its desc; pledged against deployed has a pair of bars per
# country; the budget bar and the trust fund over time say the budget, pledged,
# raised and the gap; the mandate draws one band per resolution; promises and
# obligations are grouped by status; funding has its sections and FTS beside
# Muster; no page shows "No rows" or a generic "Answer" dump where it has its
# own design; the JSON answers do not change. On a grown record (36 more
# months of strength, 80 more donors): the chart grows by exactly those
# months, and the funding page cuts its table at 40 donors with the full list
# one link away, under 40 KB.
. "$MUSTER_ROOT/tests/cli/lib.sh"

command -v curl > /dev/null || { fail "charts: curl" "curl is not installed"; exit 0; }
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "charts: init --bundled" "failed"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"
start_server h.db || { fail "charts: serve starts" "no port answered: $(cat serve.log)"; exit 0; }

# count NAME FILE PATTERN N: the page holds PATTERN exactly N times.
count() {
	n=$(grep -o -- "$3" "$2" | wc -l)
	[ "$n" = "$4" ] && ok "$1 ($4)" || fail "$1" "$n times, not $4"
}
# has NAME FILE TEXT…: every TEXT occurs in FILE.
# A no-break space: amounts keep their number, scale and currency together.
NB=$(printf '\302\240')
# lacks NAME FILE TEXT: TEXT does not occur in FILE.
lacks() {
	grep -qF -- "$3" "$2" && fail "$1" "has [$3]" || ok "$1"
}

# The timeline of 98 lines shows its latest 80: the earliest 18 are one link away.
$C -o tl.html "$U/timeline?as_of=2026-11-23"
has "timeline: the latest 80 lines, the 18 earlier ones one link away" tl.html \
	'18 earlier rows are not shown here: <a href="/api/v1/timeline?as_of=2026-11-23" hreflang="en">the full list</a>.' \
	'the GSF fully deployed by October 2026'
lacks "timeline: the mission's first day is among the earlier lines left out" tl.html '<td>2023-07-29</td>'

# ---- strength over time
$C -o st.html "$U/strength?as_of=2025-01-04"
# bars NAME FILE N: the first stack (the largest country) has N bars.
bars() {
	n=$(grep -o '<path class="stack"[^>]*>' "$2" | head -1 | grep -o 'M' | wc -l)
	[ "$n" = "$3" ] && ok "$1 ($3)" || fail "$1" "$n bars, not $3"
}
bars "strength over time: one bar per month-end point, 2024-06 to 2025-01-04" st.html 8
count "strength over time: one stack per country" st.html '<path class="stack"' 6
has "strength over time: its title and desc say the figures in words" st.html \
	'<title id="strength-time-t">Strength of MSS-HTI over time, 2024-06-30 to 2025-01-04</title>' \
	'<desc id="strength-time-d">Deployed on 2025-01-04: 590; the highest, 590, on 2025-01-04. Kenya 400, Guatemala 150, Jamaica 24, El Salvador 8, Bahamas 6, Belize 2.' \
	'8 month-end points. Resolution marked: S/RES/2751 (2024) (2024-10-03).</desc>'
has "strength over time: pledged, planned and ceiling lines, a resolution marked, the table equivalent" st.html \
	'<path class="pledged"' '<path class="target"' '<path class="resolution"' \
	'<summary>The figures of the chart</summary>' '<h2 id="over-time">Strength over time</h2>'
# The mission asked about is the chart's mission.
$C -o gsf.html "$U/strength?mission=GSF-HTI&as_of=2026-09-30"
bars "strength over time of GSF-HTI: one bar per month-end point, 2025-12 to 2026-09-30" gsf.html 10
has "strength over time of GSF-HTI: its title and desc" gsf.html \
	'<title id="strength-time-t">Strength of GSF-HTI over time, 2025-12-31 to 2026-09-30</title>' \
	'Deployed on 2026-09-30: 700; the highest, 700, on 2025-12-31. Kenya 700. Pledged: 3,000. Ceiling: 5,550. 10 month-end points.</desc>'
# The same day in French: the chart speaks French.
$C -o st.fr.html "$U/strength?as_of=2025-01-04&lang=fr"
has "strength over time in French" st.fr.html 'Effectifs de MSS-HTI dans le temps, du 2024-06-30 au 2025-01-04' \
	'<h2 id="over-time">Les effectifs dans le temps</h2>'

# ---- pledged against deployed
$C -o pl.html "$U/pledges?as_of=2026-11-23"
count "pledges: a pair of bars per country that pledged or deployed a number" pl.html '<g class="country">' 7
has "pledges: the headline and the chart's desc in words" pl.html \
	'<span class="big">3,728</span> pledged by 13 countries; <b>1,159</b> deployed.' \
	'Never deployed: Antigua and Barbuda, Bangladesh, Barbados, Benin, Chad, Guinea, Guyana.' \
	'3,728 pledged, 1,159 deployed. Kenya: 900 of 1,600. Benin: 0 of 1,500.'

# ---- budget: the bar, the words, the trust fund over time
$C -o bu.html "$U/budget?as_of=2026-11-23"
has "budget: the budget, raised, the gap and pledged in words" bu.html \
	"The budget of <b>MSS-HTI</b> is about 600${NB}million${NB}USD" \
	'115,000,000.00' '19.2' "a gap of about 485${NB}million${NB}USD" '110,300,000.00'
count "budget: one bar with the raised part and the pledged mark" bu.html '<rect class="raised"' 1
has "budget: the trust fund over time, with its figures in words" bu.html \
	'<title id="tf-chart-t">The trust fund of MSS-HTI against its budget, 2024-10-31 to 2026-11-23</title>' \
	'26 month-end points.</desc>' '<path class="budget"' '<path class="raised"'
count "budget: the table of the chart lists the months where a figure changed" bu.html '<tr><td>20[0-9-]*</td><td class="n" data-label="Budget">' 6
lacks "budget: no empty table" bu.html "No rows"

# ---- mandate: one band per resolution, the succession
$C -o ma.html "$U/mandate?as_of=2026-11-23"
count "mandate: one band per authorising resolution" ma.html '<rect class="band"' 3
count "mandate: the succession drawn" ma.html '<path class="succession"' 1
has "mandate: the headline and the bands' desc in words" ma.html \
	'No mission is authorised on 2026-11-23. The last authorisation, of GSF-HTI, ended on 2026-09-30.' \
	'S/RES/2793 (2025) (GSF-HTI) from 2025-09-30 until 2026-09-30, succeeding MSS-HTI.'

# ---- promises and obligations grouped by status
$C -o pr.html "$U/promises?as_of=2026-11-23"
has "promises: grouped by status, missed first, with the chosen columns" pr.html \
	'<h2 id="missed">Missed (7)</h2>' '<h2 id="pending">Pending (1)</h2>' '<h2 id="kept">Kept (4)</h2>' \
	'<h2 id="unknown">Unknown (2)</h2>' '<th scope="col">What was promised</th>' \
	'<th scope="col">What the record shows</th>' '<th scope="col">Deadline</th>'
$C -o ob.html "$U/obligations?as_of=2026-11-23"
has "obligations: grouped by status, overdue first" ob.html '<h2 id="overdue">Overdue (6)</h2>' \
	'<h2 id="met">Met (2)</h2>' '<h2 id="unknown">Unknown (7)</h2>' '<th scope="col">What is required</th>'
lacks "obligations: no empty group" ob.html '<h2 id="pending">'

# ---- funding: sections, FTS beside Muster
$C -o fu.html "$U/funding?as_of=2026-11-23"
has "funding: trust fund, bilateral and unstated in sections, FTS beside Muster" fu.html \
	'<h2 id="trust-fund">Trust fund</h2>' '<h2 id="bilateral">Bilateral and in kind</h2>' \
	'<h2 id="unstated">Channel not stated</h2>' '<h2 id="fts">FTS&#39;s figures beside Muster&#39;s</h2>'
# FTS's figures beside Muster's, on a real three-page FTS search (tests/cli/fts.sh has its figures).
F="$ROOT/tests/fixtures/fts"
$M --db h.db import --format fts --mission PSE-HRP-2020 "$F/pse-2020-page1.json" "$F/pse-2020-page2.json" \
	"$F/pse-2020-page3.json" > fts.log 2>&1 || fail "charts: FTS import" "$(cat fts.log)"
$C -o fts.html "$U/funding?mission=PSE-HRP-2020&as_of=2026-11-23"
has "funding: FTS publishes, its flows as FTS counts them and Muster's own count side by side" fts.html \
	'<th class="n" scope="col">FTS publishes</th><th class="n" scope="col">Its flows, as FTS counts them</th><th class="n" scope="col">Muster, each amount once</th>' \
	'<td>Funding (commitments and paid)</td><td class="n">381,508,179.00' \
	'A search of 424 flows on 3 pages, of which 424 imported. It was imported whole: FTS&#39;s figure is FTS&#39;s own.'
grep -o '<td>Funding (commitments and paid)</td>.*</tr>' fts.html | grep -q '381,508,179.00.USD</td><td class="n">381,508,179.00.USD</td><td class="n">376,100,581.00.USD' &&
	ok "funding: FTS's 381,508,179.00 beside Muster's 376,100,581.00 (each amount once)" ||
	fail "funding FTS row" "$(grep -o '<td>Funding (commitments and paid)</td>.\{0,300\}' fts.html)"
size=$(wc -c < fts.html)
[ "$size" -lt 40960 ] && ok "funding of 424 FTS flows stays under 40 KB ($size bytes)" || fail "FTS funding size" "$size bytes"

# No page dumps its answer as "Answer" and key-value pairs, nor shows an empty table.
for p in /strength /pledges /conflicts /sources /funding /budget /missions /mandate /obligations /promises /timeline \
	/places /incidents /vetting /complaints; do
	$C -o any.html "$U$p?as_of=2026-11-23"
	[ "$p" = /conflicts ] || [ "$p" = /sources ] && $C -o any.html "$U$p"
	if grep -qF '<h2>Answer</h2>' any.html || grep -qF 'No rows' any.html || ! grep -qE 'class="(lead|big)"' any.html; then
		fail "$p: designed" "a dump of the answer, an empty table or no headline in words"
	else ok "$p: a headline in words, no dump of the answer, no empty table"; fi
done

# ---- the dashboard draws the three charts
$C -o da.html "$U/?as_of=2025-01-04"
has "dashboard: strength over time, pledged against deployed, the budget bar and the trust fund" da.html \
	'id="strength-time-t"' 'id="pledges-chart-t"' 'id="budget-bar-t"' 'id="tf-chart-t"'

# ---- the JSON answers are the CLI's, unchanged
for q in funding budget mandate promises obligations pledges strength; do
	$C -o api.json "$U/api/v1/$q?as_of=2025-06-01"
	$M --db h.db $q --as-of 2025-06-01 --json > cli.json
	cmp -s api.json cli.json && ok "/api/v1/$q is the CLI's --json" || fail "/api/v1/$q" "differs from the CLI"
done

# ---- a grown record: 36 more months of strength, 80 more donors
{
	echo "kind,mission,date,country,unit,category,personnel,qualifier,sources"
	for y in 2027 2028 2029; do
		for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
			echo "strength,MSS-HTI,$y-$m-15,KEN,Kenya Police Service,police,$((1000 + ${m#0})),exact,wikipedia-mss-2025-01"
		done
	done
} > grow-strength.csv
{
	echo "kind,mission,date,donor_org,channel,stage,amount,currency,sources"
	for i in $(seq 1 80); do
		echo "funding,MSS-HTI,2027-01-$(printf %02d $((i % 28 + 1))),Donor $i,trust_fund,deposited,$((i * 1000)),USD,wikipedia-mss-2025-01"
	done
} > grow-funding.csv
$M --db h.db import grow-strength.csv grow-funding.csv > import.log 2>&1 || fail "charts: grown record import" "$(cat import.log)"
$C -o st2.html "$U/strength?as_of=2029-12-31"
# 2024-06-30 to 2029-12-31: 67 month ends (the last is the day asked about).
bars "grown record: the strength chart has one bar per month, 2024-06 to 2029-12" st2.html 67
has "grown record: the desc says the last figure" st2.html 'Deployed on 2029-12-31: 1,271;' '67 month-end points.'
$C -o fu2.html "$U/funding?as_of=2029-12-31"
size=$(wc -c < fu2.html)
[ "$size" -lt 40960 ] && ok "grown record: /funding stays under 40 KB ($size bytes)" || fail "grown /funding" "$size bytes"
count "grown record: the trust fund's donors cut at 40 rows" \
	fu2.html '<tr><td>Donor [0-9]*</td>' 40
has "grown record: the full list one link away" fu2.html \
	'43 more rows are not shown here: <a href="/api/v1/funding?as_of=2029-12-31" hreflang="en">the full list</a>.'
for p in / /strength /budget /pledges /mandate /promises /obligations; do
	$C -o page.html "$U$p?as_of=2029-12-31"
	size=$(wc -c < page.html)
	[ "$size" -lt 40960 ] && ok "grown record: $p stays under 40 KB ($size bytes)" || fail "grown $p" "$size bytes"
done
