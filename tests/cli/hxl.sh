# hxl.sh: HXL tables read as the reference library libhxl-python reads them
# (its own test files and expected outputs, tests/fixtures/hxl/SOURCE.md), and
# imported into records: muster's HXL export back into the same records, and a
# funding table in another tool's layout.
. "$MUSTER_ROOT/tests/cli/lib.sh"
FX="$MUSTER_ROOT/tests/fixtures/hxl"
IO="$FX/test_io"

# hxl_check NAME PY_EXPR EXPECTED FILE [OPTIONS]: test-hxl FILE, evaluated as `d`.
hxl_check() {
	name=$1 expr=$2 want=$3
	shift 3
	expect_json "$name" "$expr" "$want" $M test-hxl "$@"
}

# 1. libhxl's TestParser expectations for test_io/input-valid.csv (tests/test_input.py).
V="$IO/input-valid.csv"
hxl_check "libhxl: 4 data rows below 2 header rows and the hashtag row" \
	'(d["hashtag_row"], d["hashtag_line"], len(d["values"]))' "(2, 3, 4)" "$V"
hxl_check "libhxl: EXPECTED_HEADERS (the row above the hashtags; none past its end)" 'd["headers"]' \
	"['Registro', 'Sector/Cluster', 'Subsector', 'Organización', 'Hombres', 'Mujeres', 'País', 'Departamento/Provincia/Estado', None]" "$V"
hxl_check "libhxl: EXPECTED_TAGS (an empty hashtag cell is an untagged column)" 'd["tags"]' \
	"[None, '#sector', '#subsector', '#org', '#targeted', '#targeted', '#country', '#adm1', '#date']" "$V"
hxl_check "libhxl: EXPECTED_ATTRIBUTES" '[set(a) for a in d["attributes"]]' \
	"[set(), {'es'}, {'es'}, {'es'}, {'f'}, {'m'}, set(), set(), {'reported'}]" "$V"
hxl_check "libhxl: EXPECTED_CONTENT, 9 values a row" 'd["values"]' \
	"[['001', 'WASH', 'Higiene', 'ACNUR', '100', '100', 'Panamá', 'Los Santos', '1 March 2015'], ['002', 'Salud', 'Vacunación', 'OMS', '', '', 'Colombia', 'Cauca', ''], ['003', 'Educación', 'Formación de enseñadores', 'UNICEF', '250', '300', 'Colombia', 'Chocó', ''], ['004', 'WASH', 'Urbano', 'OMS', '80', '95', 'Venezuela', 'Amazonas', '']]" "$V"
# libhxl's write_json output (output-valid.json): headers, display tags, values.
table=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])))" "$IO/output-valid.json")
hxl_check "libhxl: output-valid.json is headers, display tags and values as read" \
	'[d["headers"], d["display_tags"]] + d["values"]' "$table" "$V"
# The same table as TSV, SSV, .hxl and Latin-1 reads the same; the delimiter is guessed.
for f in input-valid.tsv input-valid.ssv input-valid.hxl; do
	got=$($M test-hxl "$IO/$f" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['delimiter'], [d['headers'], d['display_tags']] + d['values'] == $table)")
	case $f in *.tsv) d='	' ;; *.ssv) d=';' ;; *) d=',' ;; esac
	[ "$got" = "$d True" ] && ok "libhxl: $f reads as input-valid.csv (delimiter \"$d\")" || fail "libhxl: $f" "$got"
done
hxl_check "libhxl: the Latin-1 file with --encoding latin1" '[d["headers"], d["display_tags"]] + d["values"] == '"$table" True \
	"$IO/input-valid-latin1.csv" --encoding latin1
expect_err "libhxl: the Latin-1 file read as UTF-8 is refused" - 2 \
	"$IO/input-valid-latin1.csv:1: not UTF-8 text (save the file as UTF-8, or pass --encoding latin1 for a Latin-1 file)" \
	$M test-hxl "$IO/input-valid-latin1.csv"
# libhxl's own written output (output-valid.csv, a header row then the hashtags) reads back the same.
hxl_check "libhxl: its written output-valid.csv reads back to the same tags and values" \
	'(d["hashtag_row"], [d["display_tags"]] + d["values"] == '"$table"'[1:])' "(1, True)" "$IO/output-valid.csv"

# 2. The other reading rules libhxl's tests pin.
hxl_check "libhxl test_fuzzy: a hashtag row half of whose cells are hashtags still counts" \
	'(d["display_tags"], d["malformed"])' \
	"(['', '#sector+es', '#subsector+es', '#org+es', '#targeted+f', '#targeted+f', '', ''], ['country', 'adm1'])" \
	"$IO/input-fuzzy.csv"
expect_err "libhxl test_invalid: no hashtag row is an error naming the file" - 2 \
	"$IO/input-invalid.csv: no HXL hashtag row in its 7 rows (HXL puts a row of hashtags such as #country+code or #date under the headers; tag the columns, or import the file as --format csv)" \
	$M test-hxl "$IO/input-invalid.csv"
expect_err "libhxl: an untagged table is an error" - 2 \
	"$IO/input-untagged.csv: no HXL hashtag row in its 6 rows (HXL puts a row of hashtags such as #country+code or #date under the headers; tag the columns, or import the file as --format csv)" \
	$M test-hxl "$IO/input-untagged.csv"
hxl_check "libhxl test_multiline: a quoted value over three lines" 'd["values"]' "[['Line 1\nLine 2\nLine 3']]" \
	"$IO/input-multiline.csv"
hxl_check "libhxl test_multiple_header_row_number: source_row_number is row_number + 3" \
	'([n - i for i, n in enumerate(d["source_row_numbers"])], d["tags"], d["values"][0][3])' \
	"([3, 3], ['#org', None, '#adm1', '#affected'], ' 100')" "$IO/input-multiple-headers.csv"
hxl_check "libhxl: spaces around tags and a repeated +list attribute; values kept as written" \
	'(d["display_tags"], d["values"][0])' \
	"(['#org', '#targeted', '#sector+list', '#sector+list'], ['NGO A', ' 200', ' WASH', ' '])" "$FX/mock/append-source-1.csv"
hxl_check "libhxl: a hashtag row with no text header above it" '(d["hashtag_row"], d["headers"])' \
	"(0, [None, None])" "$FX/mock/taxonomy.csv"
hxl_check "libhxl: input-simple.csv, 7 columns and 8 rows" '(d["display_tags"], len(d["values"]))' \
	"(['#sector', '#subsector', '#org', '#population+sex', '#targeted', '#country', '#adm1'], 8)" \
	"$FX/test_scripts/input-simple.csv"
hxl_check "libhxl: count output's +total attribute" 'd["display_tags"]' "['#org', '#adm1', '#targeted+total']" \
	"$FX/test_scripts/count-output-aggregated.csv"
hxl_check "libhxl: whitespace in values is kept (clean is a filter, not the reader)" 'd["values"][1][1]' " Higiene" \
	"$FX/test_scripts/input-whitespace.csv"
# Hashtags in upper case and with spaces before '+' are read as libhxl's Column.parse reads them.
printf 'Where,How many\n #ADM1 , #Affected +F +Children\nCoast,3\n' > case.csv
hxl_check "libhxl: tags and attributes lower-cased, spaces before + allowed" '(d["display_tags"], d["values"])' \
	"(['#adm1', '#affected+f+children'], [['Coast', '3']])" case.csv
printf 'a,b,c\n#org,#adm1,#+x\nX,Y,Z\n' > broken.csv
hxl_check "libhxl: '#+x' is not a hashtag; 2 of 3 still make the row" '(d["tags"], d["malformed"])' \
	"(['#org', '#adm1', None], ['#+x'])" broken.csv

# 3. muster's HXL export imports back into the same records, every kind.
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
S="$M --db h.db"
id=$($S add strength --country KEN --personnel 13 --date 2025-02-02 --sources wikipedia-mss-2025-01 --note 'a, "quoted"
two lines')
cid=$($S correct "$id" --personnel 14 --note "fixed; 0012")
$S retract "$cid" --reason "withdrawn, really" > /dev/null
$S add departure --country KEN --personnel 5 --date 2025-03-01 --sources wikipedia-mss-2025-01 > /dev/null
$S add exchange_rate --base CAD --quote USD --rate 0.7352 --date 2024-03-01 --sources wikipedia-mss-2025-01 > /dev/null
$S export --format hxl > all.hxl 2> err.txt || fail "export hxl" "$(cat err.txt)"
$M --db n.db init > /dev/null
expect_out "hxl round trip: every record imported" "353 records imported" $M --db n.db import all.hxl
sqlite3 h.db "SELECT id FROM log ORDER BY seq" > old.ids
sqlite3 n.db "SELECT id FROM log ORDER BY seq" > new.ids
cmp -s old.ids new.ids && ok "hxl round trip: identical ids, in order, 353 records" || fail "hxl round trip" "ids differ"
kinds=$(sqlite3 n.db "SELECT count(DISTINCT json_extract(body, '\$.kind')) FROM log")
[ "$kinds" = 20 ] && ok "hxl round trip: all 20 kinds" || fail "hxl round trip kinds" "$kinds"
[ "$(state n.db)" = "$(state h.db)" ] && ok "hxl round trip: same chain head" || fail "hxl chain" "differs"
$M --db n2.db init > /dev/null
expect_out "hxl: the format also by --format" "353 records imported" $M --db n2.db import --format hxl - < all.hxl

# 4. A funding table in another tool's layout: free-text rows above the hashtags.
F="$FX/muster/flows.csv"
$M --db f.db init > /dev/null
$M --db f.db add source --ref fts-test --publisher "Test publisher" --title "Test flows" --grade E > /dev/null
$M --db f.db import --format hxl --sources fts-test "$F" > out.txt 2> err.txt || fail "import flows" "$(cat err.txt)"
grep -q "^3 records imported" out.txt && ok "hxl: 3 funding rows imported" || fail "hxl flows" "$(cat out.txt)"
want="muster: warning: $F:4: columns ignored: hashtags muster does not read: #sector (column 7); not fields of a funding: #country+code (column 6); not hashtags: \"Remarks\" (column 8)"
[ "$(cat err.txt)" = "$want" ] && ok "hxl: one warning lists the columns ignored" || fail "hxl warning" "$(cat err.txt)"
$M --db f.db export --format jsonl --kind funding > got.jsonl
cat > want.jsonl <<'EOF'
{"amount":"10800000.00","currency":"USD","date":"2024-03-01","donor_country":"CAN","entered_at":"2026-11-23T12:00:00Z","entered_by":"tester","kind":"funding","mission":"MSS-HTI","sources":["fts-test"],"stage":"deposited"}
{"amount":"250000.50","currency":"USD","date":"2024-05","donor_org":"Example Foundation","entered_at":"2026-11-23T12:00:00Z","entered_by":"tester","kind":"funding","mission":"MSS-HTI","sources":["fts-test"],"stage":"pledged"}
{"amount":"15000000.00","currency":"USD","date":"2024","donor_country":"USA","entered_at":"2026-11-23T12:00:00Z","entered_by":"tester","kind":"funding","mission":"MSS-HTI","sources":["fts-test"],"stage":"committed"}
EOF
cmp -s got.jsonl want.jsonl && ok "hxl: #org+name+funder, #country+code+funder, #value+funding+usd (USD), #status as stage, #date" \
	|| fail "hxl flows records" "$(diff want.jsonl got.jsonl | head -5)"
# The same table tab-separated gives the same records.
python3 -c "import csv,sys; csv.writer(sys.stdout, delimiter='\t', lineterminator='\n').writerows(csv.reader(open(sys.argv[1])))" "$F" > flows.tsv.hxl
$M --db t.db init > /dev/null
$M --db t.db add source --ref fts-test --publisher "Test publisher" --title "Test flows" --grade E > /dev/null
$M --db t.db import --sources fts-test flows.tsv.hxl > /dev/null 2>&1
[ "$(state t.db)" = "$(state f.db)" ] && ok "hxl: the tab-separated table (.hxl) gives the same records" || fail "hxl tsv" "$(state t.db)"
expect_json "hxl: the funding answer counts the imported money" \
	'[(r["donor"], r["committed"] and r["committed"]["amount"], r["pledged"] and r["pledged"]["amount"]) for r in d["rows"] if r["donor"] in ("USA", "Example Foundation")]' \
	"[('Example Foundation', None, '250000.50'), ('USA', '15000000.00', None)]" $M --db f.db funding --as-of 2025-01-01 --json
# --kind gives the kind of a table without a #meta+kind column.
printf 'Country,Personnel,Date,Source\n#country+code,#indicator+num+personnel,#date,#meta+source\nKEN,400,2025-01-04,fts-test\n' > snap.csv
expect_out "hxl --kind strength" "1 records imported" $M --db f.db import --format hxl --kind strength snap.csv
expect_json "hxl --kind: the snapshot counts" 'd["answer"]["total"]' 400 $M --db f.db strength --as-of 2025-01-04 --json
# Rows may stop before trailing untagged columns (a spreadsheet's empty cells), not before a tagged one.
printf 'Country,Personnel,Date,Source,,\n#country+code,#indicator+num+personnel,#date,#meta+source,,\nJAM,24,2025-01-04,fts-test\n' > trail.csv
expect_out "hxl: a row shorter than the hashtag row by untagged columns only" "1 records imported" \
	$M --db f.db import --format hxl --kind strength trail.csv
