# search.sh: muster search, /search and /api/v1/search on the bundled record:
# exact hits for places, prefixes, fields, phrases and the four languages'
# words; bad input named, exit 2 / 400; restricted records found by oversight
# and admin only, the public's answer untouched by them; the index a derived
# table that verify checks and rebuild restores.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db s.db init --bundled > /dev/null 2>&1 || { fail "search: init" "failed"; exit 0; }
S="$M --db s.db"
# hits NAME WANT ARGS…: "matches; kind ref [paragraph] of the first three rows".
hits() {
	name=$1 want=$2
	shift 2
	expect_json "$name" "str(d['answer']['matches']) + '; ' + ', '.join(r['kind'] + ' ' + (r['ref'] or '-') + (' p' + r['paragraph'] if r['paragraph'] else '') for r in d['rows'][:3])" "$want" $S search "$@" --json
}

# ---- places, words, prefixes, phrases, fields ----
hits "Pont-Sondé: the place first, then what happened there" \
	"12; place HT-PONT-SONDE, incident inc-cas2-pulselive, operation op-gsf-pont-sonde-road-2025-10-17" "Pont-Sondé"
hits "Pont Sonde (two words, no accent) finds the same records" \
	"12; place HT-PONT-SONDE, place_status st-ht-pont-sonde-2025-10-17, place_status st-ht-pont-sonde-2024-11-19" Pont Sonde
hits "Petionville finds Pétion-Ville" "2; place HT-PETION-VILLE, incident inc-nzuve-thestar-identity" Petionville
hits "Pétion-Ville finds Petionville and PETION-VILLE" \
	"3; place HT-PETION-VILLE, incident inc-nzuve-thestar-identity, incident inc-nzuve-thestar-singoei" "Pétion-Ville"
hits "Riviere finds Rivière" \
	"10; place HT-PETITE-RIVIERE, place_status st-ht-petite-riviere-2025-10-17, place_status st-ht-petite-riviere-2024-11-19" Riviere
hits "Guatem* (a prefix) finds Guatemalan, Guatemala and GTM" \
	"12; pledge pl-gtm-2024-09-150, strength str-2025-01-04-gtm, arrival arr-gtm-2025-01-04-75" "Guatem*"
expect_json "a prefix of a few words is read as those words (and the countries it starts)" "d['answer']['expression']" \
	'("guatemala" OR "guatemalan" OR "guatemalas" OR country : "GTM")' $S search 'Guatem*' --json
hits "a prefix after a hyphen" "3; place HT-PETION-VILLE, incident inc-nzuve-thestar-identity, incident inc-nzuve-thestar-singoei" 'Pétion-V*'
hits "source:reuters: the records citing a Reuters source" "17; funding -, funding -, commitment cm-slv-78" source:reuters
hits "country:GTM" "7; strength str-2025-06-gtm-150, commitment cm-gtm-150, strength str-2025-01-04-gtm" country:GTM
hits "country:Guatemala is country:GTM" "7; strength str-2025-06-gtm-150, commitment cm-gtm-150, strength str-2025-01-04-gtm" country:Guatemala
hits "a phrase: \"Le Nouvelliste\"" \
	"3; arrival arr-slv-2025-01-03-8, arrival arr-bhs-2024-10-18-6, arrival arr-gtm-2025-01-03-75" '"Le Nouvelliste"'
hits "the words of a phrase, unquoted: Guatemalan military police" \
	"4; arrival arr-gtm-2025-01-04-75, arrival arr-gtm-2025-01-03-75, strength str-2025-01-03-gtm" Guatemalan military police
hits "a phrase not in the record finds nothing" "0; " '"Guatemalan military police"'
hits "resolutions' paragraphs, one hit each" "23; resolution res-2699 p15, resolution res-2699 p10, resolution res-2699 p4" \
	multinational security support --kind resolution
hits "kind:incident in the words is --kind incident" "1; incident inc-cas1-eaglenews" kind:incident Artibonite
hits "--from and --to (a record dated to June 2024 may fall in it)" "3; arrival arr-ken-230, arrival arr-ken-2024-06-25-200, arrival arr-ken-2024-06-25-400" Kenya --kind arrival --from 2024-06-01 --to 2024-06-30
hits "--mission" "4; arrival arr-ken-2025-12-08-230, strength str-gsf-2025-12-09-ken-700, departure dep-ken-2025-12-09-230" Kenya --mission GSF-HTI

# ---- the four languages ----
hits "French: opérations en cours is operations_under_way" \
	"25; place_status st-ht-cazeau-2024-11-19, place_status st-ht-solino-2024-11-19, place_status st-ht-delmas-2024-11-19" "opérations en cours"
hits "Creole: \"operasyon ap fèt\"" \
	"25; place_status st-ht-cazeau-2024-11-19, place_status st-ht-solino-2024-11-19, place_status st-ht-delmas-2024-11-19" '"operasyon ap fèt"'
hits "Spanish: operaciones en curso" \
	"25; place_status st-ht-cazeau-2024-11-19, place_status st-ht-solino-2024-11-19, place_status st-ht-delmas-2024-11-19" operaciones en curso
hits "French: rouvert is reopened" "2; place_status st-airport-reopened-2024-05-20, source ap-2024-05-21-airport-reopens" rouvert
hits "Creole: vil is a town" "9; place HT-CROIX-DES-BOUQUETS, place HT-PETION-VILLE, place HT-KENSCOFF" vil
hits "Creole country name: Gwatemala" "7; strength str-2025-06-gtm-150, commitment cm-gtm-150, strength str-2025-01-04-gtm" Gwatemala
hits "French country name: Jamaïque" "9; strength str-2025-06-jam-23, pledge pl-jam-2023-08-04-200, strength str-2025-01-04-jam" Jamaïque
hits "Spanish country name: Kenia" "33; strength str-2025-01-04-ken, strength str-2025-ken-700-afp, strength str-2025-01-03-ken" Kenia
hits "a country of two words, unquoted: El Salvador" "10; commitment cm-slv-78, arrival arr-slv-2025-02-04-70, strength str-2025-06-slv-78" El Salvador

# ---- what a hit says ----
expect_json "a hit: its words matched in context and its page" \
	"[d['rows'][0][k] for k in ('kind', 'status', 'context', 'matched', 'link')]" \
	"['place', 'live', '[Pétionville]; Petion-Ville; Petyonvil · 18.5125 · -72.28528 · Pétion-Ville · Point: gazetteer row HT-CITY-PV…', ['Pétionville'], '/record/$($S search Petionville --json | python3 -c "import json,sys; print(json.load(sys.stdin)['rows'][0]['record'])")']" \
	$S search Petionville --json
expect_out "the text: count, kind, date, id, context" "Search Riviere: 10 matches" $S search Riviere
expect_out "the text marks the words matched" "    Petite [Rivière]; Petite [Riviere]; Ti Rivyè Latibonit" $S search Riviere

# ---- bad input: exit 2, a message that names the fix ----
expect_err "an unbalanced quote" s.db 2 \
	'search: unbalanced quote at character 6 (close the phrase with " or remove the quote)' $S search 'Pont "Sondé'
expect_err "an unknown field" s.db 2 \
	'search: unknown field "foo:" (the fields are source:, country:, kind: and mission:; put a word with a colon between quotes)' $S search foo:bar
expect_err "a misspelt field" s.db 2 'search: unknown field "sorce:" (did you mean source:?)' $S search sorce:reuters
expect_err "a field without a value" s.db 2 'search: country: has no value (write e.g. country:GTM)' $S search country:
expect_err "an unknown kind" s.db 2 'search: kind:incidnet is not a kind of record (muster add --help lists them)' $S search kind:incidnet Kenya
expect_err "--kind unknown" s.db 2 '--kind: "pledges" is not a kind of record (muster add --help lists them)' $S search Kenya --kind pledges
expect_err "a country that is none" s.db 2 \
	'search: country:Narnia names no country (write an ISO 3166-1 code, e.g. country:GTM, or a name in English, French, Creole or Spanish)' \
	$S search country:Narnia
expect_err "a prefix too short" s.db 2 'search: the prefix "G*" is too short (give at least two letters before *)' $S search 'G*'
expect_err "no words" s.db 2 'search: no words to search for (e.g. muster search "Pont-Sondé")' $S search '""'
expect_err "no argument" s.db 2 'muster search: give the words to search for (muster search "Pont-Sondé")' $S search
expect_err "a 10,000-word query" s.db 2 'search: the query is 19999 bytes long (at most 1000: search for fewer words)' \
	$S search "$(python3 -c "print(' '.join(['a'] * 10000))")"
expect_err "40 words" s.db 2 'search: the query has 40 words (at most 32: search for fewer words)' \
	$S search $(seq 1 40)
expect_err "--from after --to" s.db 2 '--from is after --to (give the earlier day first)' $S search Kenya --from 2025-01-01 --to 2024-01-01
expect_err "an unknown option" s.db 2 'muster search: unknown option --kinds (did you mean --kind?)' $S search Kenya --kinds pledge
expect_out "FTS5 syntax typed is taken as words" "Search Kenya AND ( NEAR: 0 matches" $S search 'Kenya AND ( NEAR'

# ---- the index is a derived table ----
expect_out "verify compares the index with the log" "derived tables match the log" $S verify
sqlite3 s.db "INSERT INTO search(rowid, body) VALUES((1 << 32) | (1 << 22) | 1, 'zqforged')"
expect_out "a row not from the log is found by verify" "derived table search differs from the log: 0 rows missing, 1 rows not from the log" \
	sh -c "$S verify; true"
$S rebuild > /dev/null
expect_out "rebuild restores it" "derived tables match the log" $S verify
hits "and the hits are the same" "2; place HT-PETION-VILLE, incident inc-nzuve-thestar-identity" Petionville

# ---- ranking: FTS5's bm25, read from the index alone ----
# Each row's rowid holds its length in tokens, or search_len a long row's
# (search.h): the same as FTS5's count of the row's tokens (its instances).
cat > ranks.py <<'PY'
import json, os, shlex, sqlite3, subprocess, sys
db = sqlite3.connect("file:s.db?mode=ro", uri=True)
db.execute("CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, 'search', 'instance')")
true = dict(db.execute("SELECT doc, count(*) FROM temp.inst GROUP BY doc"))
long = dict(db.execute("SELECT id, len FROM search_len"))
rows = [r for (r,) in db.execute("SELECT rowid FROM search")]
bad = [r for r in rows if (r & 63 if r & 63 < 63 else long.get(r)) != true.get(r, 0)]
print("lengths", len(rows), "rows", len(long), "long", len(bad), "differ")
for q in sys.argv[1:]:
    d = json.loads(subprocess.run(shlex.split(os.environ["S"]) + ["search", q, "--json"], capture_output=True,
                                  text=True).stdout)
    want = db.execute("SELECT substr(l.id, 1, 16), f.para FROM search f JOIN log l ON l.seq = f.seq WHERE search MATCH ? "
                      "ORDER BY bm25(search), f.rowid LIMIT 50", (d["answer"]["expression"],)).fetchall()
    n = db.execute("SELECT count(*) FROM search WHERE search MATCH ?", (d["answer"]["expression"],)).fetchone()[0]
    got = [(r["record"], r["paragraph"]) for r in d["rows"]]
    print(q, "same" if got == want and n == d["answer"]["matches"] else "differs", n)
PY
expect_out "ranking: every row's length in its rowid is FTS5's" "lengths 450 rows 119 long 0 differ" env S="$S" python3 ranks.py
for q in police mission Kenya haiti 'Guatem*' 'security support' source:reuters '"Le Nouvelliste"'; do
	expect_out "ranking: $q, as ORDER BY bm25(search), rowid, every match counted" "$q same" env S="$S" python3 ranks.py "$q"
done

# ---- restricted records: found by oversight and admin only ----
$S search Leahy --json > pub_before.json
$S search Kenya --json > ken_before.json
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
printf 'admin pass 1234\n' | $S user add ada --role admin > /dev/null
$S add source --ref zqsecret-src --publisher "Zqhidden Office" --title "Leahy file zqsrctitle" --grade A \
	--visibility restricted > /dev/null || fail "search: add a restricted source" "refused"
$S add vetting --country KEN --scheme leahy --subject_type person --subject "Officer Zqvetperson Kenya" --result refused \
	--date 2024-09-01 --visibility restricted --sources zqsecret-src > /dev/null || fail "search: add a restricted vetting" "refused"
$S add complaint --category use_of_force --status received --date 2025-02-01 --narrative "Kenya zqnarrative" \
	--visibility restricted > /dev/null || fail "search: add a restricted complaint" "refused"
norm() { python3 -c "import json,sys; d=json.load(sys.stdin); d.pop('generated'); print(json.dumps(d, sort_keys=True))"; }
a=$($S search Kenya --json | norm) b=$(norm < ken_before.json)
[ "$a" = "$b" ] && ok "the public's answer (count, ranks, contexts) is the same with restricted records in the file" ||
	fail "public answer changed by restricted records" "$(echo "$a" | head -c 200)"
a=$($S search Leahy --json | norm) b=$(norm < pub_before.json)
[ "$a" = "$b" ] && ok "a word found only in restricted records: the public finds nothing" || fail "Leahy for the public" "$a"
expect_json "public: a prefix is never read as a restricted record's words" "d['answer']['expression']" '"zq"*' \
	$S search 'zq*' --json
expect_json "oversight: it is" "d['answer']['expression']" \
	'("zqhidden" OR "zqnarrative" OR "zqsecret" OR "zqsecretsrc" OR "zqsrctitle" OR "zqvetperson")' \
	sh -c "printf 'oversight pass 1\n' | $S search 'zq*' --user olive --json"
for q in 'zq*' Zqvetperson zqnarrative 'source:zqsecret' 'source:zqhidden' '"Leahy file"'; do
	expect_json "public: $q finds nothing" "d['answer']['matches'], len(d['rows'])" "0 0" $S search "$q" --json
	expect_json "editor: $q finds nothing" "d['answer']['matches'], len(d['rows'])" "0 0" \
		sh -c "printf 'editor pass 123\n' | $S search '$q' --user ed --json"
done
for who in "olive:oversight pass 1" "ada:admin pass 1234"; do
	u=${who%%:*} p=${who#*:}
	expect_json "$u finds the restricted records by a prefix" \
		"d['answer']['matches'], sorted(r['kind'] for r in d['rows']), all(r['restricted'] for r in d['rows'])" \
		"3 ['complaint', 'source', 'vetting'] True" sh -c "printf '$p\n' | $S search 'zq*' --user $u --json"
	expect_json "$u finds the vetting by its Leahy scheme" "d['answer']['matches'], [r['kind'] for r in d['rows']]" \
		"2 ['vetting', 'source']" sh -c "printf '$p\n' | $S search Leahy --user $u --json"
	expect_out "$u's text marks restricted hits" "[restricted]" sh -c "printf '$p\n' | $S search Zqvetperson --user $u"
done

# ---- a public record corrected or retracted by a restricted one ----
# For the public it stands (live); for oversight and admin it is corrected or
# retracted (FULL_LIVE_SQL), and the restricted correction is found too.
$S add pledge --country BRB --status formal --personnel 400 --unit "Xqcorrunit" --date 2025-05-01 \
	--sources wikipedia-mss-2025-01 > pubpl.id || fail "search: add a public pledge" "refused"
$S add pledge --country BHS --status formal --personnel 150 --unit "Xqretrunit" --date 2025-05-02 \
	--sources wikipedia-mss-2025-01 > pubre.id || fail "search: add a public pledge" "refused"
$S search Xqcorrunit --json | norm > corr_before.json
$S correct "$(cat pubpl.id)" --personnel 200 --visibility restricted --note "secret" > rcorr.id ||
	fail "search: a restricted correction" "refused"
$S add retraction --retracts "$(cat pubre.id)" --reason "secret" --visibility restricted > /dev/null ||
	fail "search: a restricted retraction" "refused"
a=$($S search Xqcorrunit --json | norm) b=$(cat corr_before.json)
[ "$a" = "$b" ] && ok "public: the search is the same after a restricted correction" || fail "public corrected" "$a"
pid=$(cut -c1-16 pubpl.id) rid=$(cut -c1-16 rcorr.id) tid=$(cut -c1-16 pubre.id)
expect_json "public: a pledge corrected by a restricted record is live" "[(r['record'], r['status']) for r in d['rows']]" \
	"[('$pid', 'live')]" $S search Xqcorrunit --json
expect_json "public: a pledge retracted by a restricted record is live" "[(r['record'], r['status']) for r in d['rows']]" \
	"[('$tid', 'live')]" $S search Xqretrunit --json
expect_json "editor: the same" "[(r['record'], r['status']) for r in d['rows']]" "[('$tid', 'live')]" \
	sh -c "printf 'editor pass 123\n' | $S search Xqretrunit --user ed --json"
for who in "olive:oversight pass 1" "ada:admin pass 1234"; do
	u=${who%%:*} p=${who#*:}
	expect_json "$u: the pledge is corrected, its restricted correction live" \
		"sorted((r['record'], r['status'], r['restricted']) for r in d['rows'])" \
		"$(python3 -c "print(sorted([('$pid', 'corrected', False), ('$rid', 'live', True)]))")" \
		sh -c "printf '$p\n' | $S search Xqcorrunit --user $u --json"
	expect_json "$u: the pledge is retracted" "[(r['record'], r['status']) for r in d['rows']]" "[('$tid', 'retracted')]" \
		sh -c "printf '$p\n' | $S search Xqretrunit --user $u --json"
done
expect_out "oversight's text says so" "$tid (retracted)" sh -c "printf 'oversight pass 1\n' | $S search Xqretrunit --user olive"

# ---- the web: the same question, the same errors (400) ----
start_server s.db || { fail "search: serve" "$(cat serve.log)"; exit 0; }
[ "$($C "$U/api/v1/search?q=Petionville" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['answer']['matches'], d['rows'][0]['ref'])")" = "2 HT-PETION-VILLE" ] &&
	ok "/api/v1/search answers as muster search --json" || fail "/api/v1/search" "$($C "$U/api/v1/search?q=Petionville" | head -5)"
a=$($C "$U/api/v1/search?q=Kenya&kind=arrival&from=2024-06-01&to=2024-06-30" | norm) b=$($S search Kenya --kind arrival --from 2024-06-01 --to 2024-06-30 --json | norm)
[ "$a" = "$b" ] && ok "the API and the command print the same document" || fail "API vs CLI" "$a"
code=$($C -o err.json -w '%{http_code}' "$U/api/v1/search?q=%22Pont")
[ "$code" = 400 ] && grep -q '"error": "search: unbalanced quote at character 1' err.json && ok "an unbalanced quote: 400 with the message" ||
	fail "API bad query" "$code $(cat err.json)"
code=$($C -o err.json -w '%{http_code}' "$U/api/v1/search?q=foo:bar")
[ "$code" = 400 ] && grep -q 'unknown field' err.json && ok "an unknown field: 400" || fail "API unknown field" "$code $(cat err.json)"
code=$($C -o err.json -w '%{http_code}' "$U/api/v1/search?q=$(python3 -c "print('+'.join(['a'] * 10000))")")
[ "$code" = 400 ] && grep -q 'parameter q is too long (19999 bytes; at most 1000)' err.json && ok "a 10,000-word query: 400" ||
	fail "API long query" "$code $(head -c 200 err.json)"
code=$($C -o page.html -w '%{http_code}' "$U/search")
[ "$code" = 200 ] && grep -q 'name="q"' page.html && ok "/search without words is the form" || fail "/search form" "$code"
$C -o page.html "$U/search?q=Pont-Sond%C3%A9&lang=fr"
grep -q '<h2>12 enregistrements trouvés</h2>' page.html && grep -q '<mark>Pont-Sondé</mark>' page.html &&
	ok "/search in French: the count, the words marked" || fail "/search page" "$(grep -o '<h2>[^<]*' page.html | head -2)"
code=$($C -o page.html -w '%{http_code}' "$U/search?q=%22Pont")
[ "$code" = 400 ] && grep -q 'unbalanced quote' page.html && ok "/search with bad words: a 400 page" || fail "/search bad" "$code"
[ "$($C "$U/api/v1/search?q=zq*" | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['matches'])")" = 0 ] &&
	ok "anonymous: zq* finds nothing on the web" || fail "web anonymous" "restricted found"
signin olive.jar olive "oversight pass 1" > /dev/null
[ "$($C -b olive.jar "$U/api/v1/search?q=zq*" | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['matches'])")" = 3 ] &&
	ok "oversight's session finds the restricted records on the web" || fail "web oversight" "not found"
stop_server
