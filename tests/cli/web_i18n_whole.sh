# web_i18n_whole.sh: whole translations. Every page — each question's page,
# the dashboard, a search, a record page and a source page, signed out and
# signed in for oversight, and the strength across missions — rendered in French, Haitian Creole and Spanish
# holds no English string of its catalogue in its visible text (codes, names,
# quoted source text and the record's own statements excepted: they are
# marked lang="en"), and none of the answers' own English texts (rules,
# disagreements, what a claim is) even marked lang="en": each is said in the
# page's language. A failure lists what is left, page by page.
# Talks only to 127.0.0.1.
. "$MUSTER_ROOT/tests/cli/lib.sh"

command -v curl > /dev/null || { fail "web_i18n_whole: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "web_i18n_whole: init --bundled" "failed"; exit 0; }
printf 'correct horse battery\n' | $M --db h.db user add olive --role oversight > /dev/null 2>&1 ||
	{ fail "web_i18n_whole: user add" "failed"; exit 0; }

. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"
start_server h.db || { fail "web_i18n_whole: serve starts" "no port answered: $(cat serve.log)"; exit 0; }
LEFT="python3 $MUSTER_ROOT/tests/cli/helpers/english_left.py"

QUESTIONS="strength pledges conflicts sources funding budget missions mandate obligations promises timeline places incidents vetting complaints"
$C -o conflicts.json "$U/api/v1/conflicts"
REC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["disagreements"][0]["claims"][0]["record"])' conflicts.json)
[ -n "$REC" ] || { fail "web_i18n_whole: a record to show" "none in the conflicts answer"; exit 0; }

# fetch PREFIX COOKIE-OPTIONS: every page in every language into PREFIX-LANG-NAME.html.
fetch() {
	prefix=$1
	shift
	for l in fr ht es; do
		for p in $QUESTIONS; do
			$C "$@" -o "$prefix-$l-$p.html" "$U/$p?lang=$l"
		done
		$C "$@" -o "$prefix-$l-dashboard.html" "$U/?lang=$l"
		$C "$@" -o "$prefix-$l-dashboard-2025.html" "$U/?as_of=2025-01-04&lang=$l"
		$C "$@" -o "$prefix-$l-strength-all.html" "$U/strength?mission=all&lang=$l"
		$C "$@" -o "$prefix-$l-search.html" "$U/search?q=police&lang=$l"
		$C "$@" -o "$prefix-$l-record.html" "$U/record/$REC?lang=$l"
		$C "$@" -o "$prefix-$l-source.html" "$U/source/wikipedia-mss-2025-01?lang=$l"
		$C "$@" -o "$prefix-$l-report.html" "$U/report?from=2025-01-01&to=2025-06-30&lang=$l"
	done
}
fetch pub
[ "$(signin jar olive 'correct horse battery')" = 303 ] || { fail "web_i18n_whole: oversight signs in" "$(cat signin.out)"; exit 0; }
fetch ov -b jar

n=$(ls pub-*.html ov-*.html | wc -l)
[ "$n" = 132 ] && ok "every page fetched in three languages, signed out and for oversight (132)" ||
	fail "pages fetched" "$n, not 132"
grep -l '<h1[ >]' pub-*.html ov-*.html | wc -l | grep -qx 132 && ok "every page has its heading" ||
	fail "pages" "some have no <h1>: $(grep -L '<h1[ >]' pub-*.html ov-*.html | head -3)"
grep -qF '<h2 id="records">Les plaintes (supervision)</h2>' ov-fr-complaints.html &&
	! grep -qF '<h2 id="records">' pub-fr-complaints.html &&
	ok "the oversight pages show the records, the public ones do not" || fail "signed in" "no records section for oversight"

for l in fr ht es; do
	$LEFT "$MUSTER_ROOT/po/$l.po" pub-$l-*.html ov-$l-*.html > left-$l.txt
	if [ -s left-$l.txt ]; then
		fail "?lang=$l: no English catalogue string left on any page" \
			"$(wc -l < left-$l.txt) left (page, msgid, where):
$(cut -c1-200 left-$l.txt)"
	else
		ok "?lang=$l: no English catalogue string left on any page (22 pages, twice)"
	fi
done

# The answers' own texts: every rule, disagreement and claim of every answer,
# looked for in its question's page (lang="en" parts too) and on the dashboard.
for q in $QUESTIONS; do
	$C -b jar -o "api-$q.json" "$U/api/v1/$q"
	for l in fr ht es; do
		$LEFT --api "api-$q.json" "ov-$l-$q.html" "ov-$l-dashboard.html" >> answers-left.txt
	done
done
$C -o api-strength-all.json "$U/api/v1/strength?mission=all"
for l in fr ht es; do
	$LEFT --api api-strength-all.json "ov-$l-strength-all.html" >> answers-left.txt
done
[ -s answers-left.txt ] && fail "every rule, disagreement and claim said in fr, ht and es" \
	"$(sort -u answers-left.txt | wc -l) left:
$(sort -u answers-left.txt | cut -c1-200)" ||
	ok "every rule, disagreement and claim of the 15 answers said in fr, ht and es"
grep -qF '"rule": "A country'"'"'s figure is its latest reported snapshot' api-strength.json &&
	ok "the API's rule stays English" || fail "the API's rule" "$(grep -o '"rule": "[^"]\{0,60\}' api-strength.json)"

# What the test sees: the French strength page says its rule in French and
# no longer marks it English; the English page is unchanged.
$C -o en-strength.html "$U/strength"
grep -qF '<b>Règle' pub-fr-strength.html && grep -qF 'Le chiffre d&#39;un pays est son dernier état des effectifs déclaré' pub-fr-strength.html &&
	ok "the French rule in French" || fail "the French rule" "$(grep -o 'Règle.\{0,120\}' pub-fr-strength.html)"
grep -qF '<b>Rule:</b> <span>A country&#39;s figure is its latest reported snapshot' en-strength.html &&
	ok "the English rule unchanged" || fail "the English rule" "$(grep -o 'Rule:.\{0,120\}' en-strength.html)"
grep -qF '<b>llegada de KEN Kenya Police el 2024-06-25</b>' pub-es-conflicts.html &&
	ok "a disagreement said by its template (es)" ||
	fail "a disagreement in Spanish" "$(grep -o '<li><b>[^/]*</b>' pub-es-conflicts.html | head -2)"

# The helper itself: an English page is all English strings (it finds them).
sed 's/<html lang="en">/<html>/' en-strength.html > en-strength-unmarked.html
$LEFT "$MUSTER_ROOT/po/fr.po" en-strength-unmarked.html > en-left.txt
[ "$(wc -l < en-left.txt)" -ge 10 ] && ok "the scan finds English strings in an English page ($(wc -l < en-left.txt))" ||
	fail "the scan" "finds only $(wc -l < en-left.txt) English strings in the English page"

stop_server
