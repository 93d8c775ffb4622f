# figures.sh: figures as people read them (core/figure.c), on the command line
# and on the pages in each language: money grouped with its currency and its
# qualifier (an estimate in millions, a lower bound in millions when no digit
# is lost, an exact amount with its cents), sources once per line, no empty
# brackets, one decimal style per page; the JSON keeps the raw decimals.
# Talks only to 127.0.0.1.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "figures: init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# ---- the command line
$S budget --as-of 2025-09-30 > budget.txt
$S funding --as-of 2025-09-30 > funding.txt
$S promises > promises.txt
$S timeline > timeline.txt
# line NAME FILE TEXT…: some line of FILE holds every TEXT, in order.
line() {
	name=$1 file=$2
	shift 2
	pat=""
	for t in "$@"; do pat="$pat$(printf '%s' "$t" | sed 's/[][\.*^$/]/\\&/g').*"; done
	grep -q -- "$pat" "$file" && ok "$name" || fail "$name" "no line with [$*] in $file: $(head -5 "$file")"
}
line "cli: an estimate in millions, no cents" budget.txt "Budget (first year)" "about 600 million USD" "2025-09-30 (efe-2025-09-30)"
line "cli: an exact amount grouped with its cents" budget.txt "Raised (deposited, reported total)" "115,000,000.00 USD"
line "cli: the gap of an estimated budget is an estimate" budget.txt "Gap: about 485 million USD; raised 19.2 % of the budget"
line "cli: a lower bound in millions" funding.txt "United States committed" "at least 835 million USD" "2025-08 (afp-2025)"
line "cli: an upper bound in millions" funding.txt "committed" "at most 625 million USD" "(afp-2025)"
line "cli: an estimate of a donor" funding.txt "pledged" "about 120 million USD" "2024-07 (yahoo-miamiherald-2024-07"
line "cli: exact amounts of another currency" funding.txt "committed" "75,833,135.00 CAD" "2024-02-28"
line "cli: the channel sums grouped" funding.txt "unspecified  USD" "430,400,000.00" "380,000,000.00"
grep -q '[~]\|>=\|<=' budget.txt funding.txt promises.txt && fail "cli: no ~ or >= before an amount" "$(grep -h '[~]\|>=' budget.txt funding.txt promises.txt | head -3)" \
	|| ok "cli: no ~ or >= before an amount"
grep -v 'https\?://' budget.txt promises.txt | grep -q '[0-9]\{7\}' && fail "cli: no ungrouped amount" "$(grep -h '[0-9]\{7\}' budget.txt promises.txt | head -3)" \
	|| ok "cli: no ungrouped amount"
line "cli promises: a money promise's figure with its qualifier" promises.txt \
	"largest figure at least 835 million USD against 200,000,000 USD, gap 0.00 USD, reached on 2024-09-30 (afp-2025)"
line "cli promises: each source once on a line" promises.txt \
	"807 present on 2025-01-31 against 2,500, gap 1,693 (trinidad-guardian-2025-01-04, 254ke-guatemalan-salvadoran-troops, kahawatungu-2025-01-18-217)"
grep -q '()' promises.txt && fail "cli promises: no empty brackets" "$(grep '()' promises.txt | head -2)" \
	|| ok "cli promises: no empty brackets"
line "cli promises: without a source, no brackets" promises.txt "0 present on 2026-11-23 against 800, gap 800"
line "cli promises: a promise without its day says only its deadline" promises.txt "Chad: 800 police officers" "(deadline 2026)"
grep -q 'promised -' promises.txt && fail "cli promises: no 'promised -'" "$(grep 'promised -' promises.txt | head -1)" \
	|| ok "cli promises: no 'promised -'"
line "cli timeline: money grouped" timeline.txt "2024-02-23 funding" "CAN pledged 80,500,000.00 CAD [wikipedia-mss-2025-01]"
# "Up to 200 million dollars" is a ceiling, not an exact pledge.
line "cli timeline: a ceiling says so" timeline.txt "2023-10-02 funding" "USA pledged at most 200 million USD [wikipedia-mss-2025-01, wikipedia-res-2699-2023-10]"
line "cli timeline: an estimate says so" timeline.txt "2024-07    funding" "(Rio de Janeiro) pledged about 120 million USD [yahoo-miamiherald-2024-07]"
line "cli timeline: bounds say so" timeline.txt "2025-08    funding" "USA committed (bilateral) at most 625 million USD [afp-2025]"
# The sentences answers build (a check, a disagreement and its parts) say
# their amounts grouped with their currency, written from their parts.
$S funding --as-of 2024-05-01 > funding-parts.txt
$S conflicts > conflicts.txt
line "cli funding: the check grouped, with its currency" funding.txt \
	"Check USA trust_fund on 2025-02-04: committed 15,000,000.00 USD = spent 1,700,000.00 USD + frozen 13,300,000.00 USD: holds"
line "cli funding: a disagreement's amounts and its parts grouped" funding-parts.txt \
	"- trust_fund deposited on 2024-04: the donors' parts against the reported total: 17,900,000.00 USD (sum of the donors' parts: CAN 8,700,000.00 USD + USA 6,000,000.00 USD + FRA 3,200,000.00 USD: dominicantoday-225614) vs 18,000,000.00 USD (reported total: dominicantoday-225614, usafricaonline-2024-07-18); used 18,000,000.00 USD"
line "cli conflicts: a reported count grouped" conflicts.txt "mission strength on 2025-06: reported at most 1,000 against the sum of the countries: 1,000 (at_most: nycaribnews-2025-06) vs 1,159"
# (p014129001 is a source's id: Global Affairs Canada's project number.)
grep -v 'https\?://\|p014129001' funding.txt funding-parts.txt timeline.txt conflicts.txt | grep -q '[0-9]\{7\}' &&
	fail "cli: no ungrouped amount in funding, its disagreements, the timeline and conflicts" \
	"$(grep -v 'https\?://\|p014129001' funding.txt funding-parts.txt timeline.txt conflicts.txt | grep '[0-9]\{7\}' | head -3)" ||
	ok "cli: no ungrouped amount in funding, its disagreements, the timeline and conflicts"
expect_json "json: the disagreement keeps its raw figures and gives its parts and date" \
	'[(x["date"], x["said"], x["claims"][0]["value"], x["claims"][0]["as_said"]["holes"][0]["sum"][0]) for x in d["disagreements"]]' \
	"[('2024-04', {'template': \"{1} on {2}: the donors' parts against the reported total\", 'holes': [{'words': 'trust_fund deposited'}, {'date': '2024-04'}]}, '17900000.00', {'name': 'CAN', 'amount': '8700000.00', 'currency': 'USD'})]" \
	$S funding --as-of 2024-05-01 --json
expect_json "json: the check keeps its parts raw" \
	'[h["amount"] for c in d["answer"]["checks"] for h in c["expression_said"]["holes"]]' \
	"['15000000.00', '1700000.00', '13300000.00']" $S funding --as-of 2025-09-30 --json
expect_json "json: a timeline row of money keeps its raw amount and its qualifier" \
	'[(r["what"][-29:], r["parts"]["qualifier"], r["parts"]["amount"]) for r in d["rows"] if r["kind"] == "funding" and r["date"] == "2024-07"]' \
	"[('pledged about 120 million USD', 'about', '120000000.00')]" \
	$S timeline --json
# The answer documents keep the raw values.
expect_json "json: the budget keeps its decimal and its qualifier" \
	'(d["answer"]["budget"]["amount"], d["answer"]["budget"]["qualifier"], d["answer"]["gap"])' \
	"('600000000.00', 'about', '485000000.00')" $S budget --as-of 2025-09-30 --json
expect_json "json: a promise keeps its raw figure" \
	'[(r["figure"]["amount"], r["target"]["amount"]) for r in d["rows"] if r["what"].startswith("up to 200")]' \
	"[('835000000.00', '200000000')]" $S promises --json
expect_json "json: a figure summed from several records keeps every citation" \
	'[len(r["figure"]["sources"]) for r in d["rows"] if r["what"].startswith("the entire force")]' "[8]" $S promises --json

# ---- the pages, in each language's style
command -v curl > /dev/null || { fail "figures: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"
start_server h.db || { fail "figures: serve starts" "no port answered: $(cat serve.log)"; exit 0; }
NB=$(printf '\302\240')
NN=$(printf '\342\200\257')
# LANG|estimate|exact|gap|percent on the dashboard of 2025-09-30.
for c in "en|about 600${NB}million${NB}USD|115,000,000.00${NB}USD|about 485${NB}million${NB}USD|19.2${NB}%" \
	"fr|environ 600${NB}millions${NB}USD|115${NN}000${NN}000,00${NB}USD|environ 485${NB}millions${NB}USD|19,2${NB}%" \
	"ht|anviwon 600${NB}milyon${NB}USD|115${NN}000${NN}000,00${NB}USD|anviwon 485${NB}milyon${NB}USD|19,2${NB}%" \
	"es|unos 600${NB}millones${NB}USD|115${NN}000${NN}000.00${NB}USD|unos 485${NB}millones${NB}USD|19.2${NB}%"; do
	l=${c%%|*} r=${c#*|}
	est=${r%%|*} r=${r#*|}
	exact=${r%%|*} r=${r#*|}
	gap=${r%%|*} pct=${r#*|}
	$C -o "dash-$l.html" "$U/?as_of=2025-09-30&lang=$l"
	has "page $l: the estimate, the exact amount, the gap and the share in $l's style" "dash-$l.html" "$est" "$exact" "$gap" "$pct"
done
# The sentences on the pages, from their parts in each language's style.
for c in "en|trust_fund deposited on 2024-04: the donors&#39; parts against the reported total|sum of the donors&#39; parts: CAN 8,700,000.00${NB}USD + USA 6,000,000.00${NB}USD + FRA 3,200,000.00${NB}USD|committed 15,000,000.00${NB}USD = spent 1,700,000.00${NB}USD + frozen 13,300,000.00${NB}USD" \
	"fr|fonds d&#39;affectation spéciale des Nations unies versé au 2024-04${NB}: les parts des donateurs face au total déclaré|CAN 8${NN}700${NN}000,00${NB}USD + USA 6${NN}000${NN}000,00${NB}USD|engagé 15${NN}000${NN}000,00${NB}USD = dépensé 1${NN}700${NN}000,00${NB}USD + gelé 13${NN}300${NN}000,00${NB}USD" \
	"es|fondo fiduciario de las Naciones Unidas depositado al 2024-04: las partes de los donantes frente al total declarado|CAN 8${NN}700${NN}000.00${NB}USD + USA 6${NN}000${NN}000.00${NB}USD|comprometido 15${NN}000${NN}000.00${NB}USD = gastado 1${NN}700${NN}000.00${NB}USD + congelado 13${NN}300${NN}000.00${NB}USD"; do
	l=${c%%|*} r=${c#*|}
	about=${r%%|*} r=${r#*|}
	sum=${r%%|*} check=${r#*|}
	$C -o "fparts-$l.html" "$U/funding?as_of=2025-09-30&lang=$l"
	has "page $l: a disagreement and its parts, and the check, said from their parts" "fparts-$l.html" "$about" "$sum" "$check"
done
# A bound on a page: the funding answer's donors.
$C -o fund-fr.html "$U/funding?as_of=2025-09-30&lang=fr"
has "page fr: a lower bound in millions" fund-fr.html "au moins 835${NB}millions${NB}USD"
$C -o fund-es.html "$U/funding?as_of=2025-09-30&lang=es"
has "page es: a lower bound in millions" fund-es.html "al menos 835${NB}millones${NB}USD"
# One decimal style per page: the figures Muster writes (quoted source text,
# dates, refs and links aside) use the page's decimal mark only.
for l in en fr ht es; do
	for p in "" budget strength pledges promises; do
		$C -o "one-$l-$p.html" "$U/$p?as_of=2025-09-30&lang=$l"
	done
done
python3 - one-*.html > mixed.txt <<'PY'
import html, re, sys
# The other language's decimal: a decimal comma (never followed by three
# digits, as a group is) in English and Spanish, a decimal point in French
# and Creole.
other = {'en': r'\d,\d{1,2}(?!\d)', 'es': r'\d,\d', 'fr': r'\d\.\d', 'ht': r'\d\.\d'}
for f in sys.argv[1:]:
    lang = f.split('-')[1]
    t = open(f, encoding='utf-8').read()
    t = re.sub(r'<(style|script|blockquote|q)\b.*?</\1>', ' ', t, flags=re.S)
    t = re.sub(r'<a\b[^>]*>.*?</a>', ' ', t, flags=re.S)     # refs, record ids
    t = html.unescape(re.sub(r'<[^>]+>', ' ', t))
    # A promise's own words are quoted text of the record.
    t = re.sub(r'\d[\d,.]* (police|soldiers|officers|personnel|military)', ' ', t)
    for m in re.finditer(r'(?<![\w/-])' + other[lang] + r'(?![\w/-])', t):
        print(f, repr(t[max(0, m.start() - 30):m.end() + 10]))
PY
[ ! -s mixed.txt ] && ok "pages: one decimal style per page (dashboard, budget, strength, pledges, promises in 4 languages)" \
	|| fail "pages: one decimal style per page" "$(head -5 mixed.txt)"
# Sources once per figure on the pages too (the promise of 2,500 rests on eight records, five of one source).
$C -o prom.html "$U/promises?lang=en"
python3 - prom.html > dup.txt <<'PY'
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
for cell in re.findall(r'<span class="src">(.*?)</span>', t, flags=re.S):
    refs = re.findall(r'href="/source/([^"?]+)', cell)
    if len(refs) != len(set(refs)):
        print(refs)
print('trinidad cited in %d figures' % sum('trinidad-guardian-2025-01-04' in c for c in re.findall(r'<span class="src">(.*?)</span>', t, flags=re.S)))
PY
[ "$(cat dup.txt)" = "trinidad cited in 4 figures" ] && ok "page promises: each source once per figure" || fail "page sources once" "$(head -3 dup.txt)"
# The API keeps raw values.
$C -H 'Accept-Language: fr' -o api.json "$U/api/v1/budget?as_of=2025-09-30"
python3 -c "import json; d=json.load(open('api.json')); print(d['answer']['budget']['amount'], d['answer']['raised_pct'])" > api.txt
[ "$(cat api.txt)" = "600000000.00 19.2" ] && ok "api: raw decimals whatever the page language" || fail "api raw" "$(cat api.txt)"
stop_server
