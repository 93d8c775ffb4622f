# xlsx.sh: muster export --format xlsx, read back as what it is — a zip of
# XML — with python3's zipfile and xml.etree: the sheets, each cell's type
# (number, date with its format, text) and value, the sources sheet, the
# answer sheets of --question, and the refusals.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
S="$M --db h.db"
$S add strength --country KEN --personnel 12 --date 2025-02-01 --sources wikipedia-mss-2025-01 \
	--visibility restricted --note 'vetting detail' > /dev/null

# read.py FILE: prints one Python dict {sheet: {cell: (type, number format, value)}},
# the sheets in workbook order under the key "" as a list.
cat > read.py <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
wb = ET.fromstring(z.read('xl/workbook.xml'))
target = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
st = ET.fromstring(z.read('xl/styles.xml'))
fmts = {f.get('numFmtId'): f.get('formatCode') for f in st.find(M + 'numFmts')}
xfs = [fmts.get(x.get('numFmtId'), 'general') for x in st.find(M + 'cellXfs')]
out = {'': []}
for s in wb.find(M + 'sheets'):
    x = ET.fromstring(z.read('xl/' + target[s.get(R + 'id')]))
    cells = {}
    for c in x.iter(M + 'c'):
        t = c.get('t', 'n')
        v = ''.join(c.find(M + 'is').itertext()) if t == 'inlineStr' else c.find(M + 'v').text
        cells[c.get('r')] = (t, xfs[int(c.get('s', '0'))], v)
    out[s.get('name')] = cells
    out[''].append(s.get('name'))
print(repr(out))
PY
# cell SHEET FILE PY_EXPR: evaluates PY_EXPR over the workbook `w` and the helpers
# row(sheet, col, value) (the row number of the first cell of a column with a value),
# col(sheet, header) (the letter of a header), serial(day) (Excel's day number),
# line(sheet, label) (the value beside a label of an answer's figures).
xl() {
	f=$1 expr=$2
	python3 -c "
import ast, datetime, re, sys
w = ast.literal_eval(open('$f.txt').read())
def line(sh, label):
    return w[sh]['B%d' % row(sh, 'A', label)]
def col(sh, name):
    return [k[:-1] for k, v in w[sh].items() if k[-1:] == '1' and k[:-1].isalpha() and v[2] == name][0]
def row(sh, c, value):
    return min(int(k[len(c):]) for k, v in w[sh].items() if k[:len(c)] == c and k[len(c):].isdigit() and v[2] == value)
def cell(sh, header, key_header, key):
    return w[sh]['%s%d' % (col(sh, header), row(sh, col(sh, key_header), key))]
def serial(day):
    return (datetime.date.fromisoformat(day) - datetime.date(1899, 12, 30)).days
print($expr)"
}
check() {
	name=$1 f=$2 expr=$3 want=$4
	got=$(xl "$f" "$expr" 2>&1)
	[ "$got" = "$want" ] && ok "$name" || fail "$name" "got [$got], want [$want]"
}

# 1. Every kind on its sheet, then the sources.
$S export --format xlsx -o all.xlsx > out.txt 2> err.txt || fail "export xlsx" "$(cat err.txt)"
[ ! -s out.txt ] && [ ! -s err.txt ] && ok "xlsx -o: nothing on standard output or error" || fail "xlsx -o output" "$(cat out.txt err.txt)"
python3 read.py all.xlsx > all.txt || fail "read the workbook" "not a zip of XML"
check "xlsx: one sheet per kind in the registry's order, sources last" all 'w[""]' \
	"['pledge', 'arrival', 'departure', 'strength', 'target', 'funding', 'budget', 'place', 'place_status', 'operation', 'incident', 'resolution', 'vote', 'authorization', 'requirement', 'fulfilment', 'commitment', 'sources']"
check "xlsx: the sources sheet holds the 80 sources under a header" all \
	'(w["sources"]["A1"], sum(1 for k in w["sources"] if k[0] == "A") - 1)' "(('inlineStr', 'general', 'kind'), 80)"
check "xlsx: a count is a number" all 'cell("pledge", "personnel", "ref", "pl-ken-2023-07-29-1000")' "('n', 'general', '1000')"
check "xlsx: a day is a date with a date format" all \
	'cell("pledge", "date", "ref", "pl-ken-2023-07-29-1000") == ("n", "yyyy-mm-dd", str(serial("2023-07-29")))' True
check "xlsx: a month stays text, so that its precision shows" all \
	'cell("sources", "date", "ref", "wikipedia-mss-2025-01")' "('inlineStr', 'general', '2025-01')"
check "xlsx: the entry time is a date and time" all \
	'cell("pledge", "entered_at", "ref", "pl-ken-2023-07-29-1000") == ("n", "yyyy-mm-dd hh:mm:ss", str(serial("2026-11-23")))' True
check "xlsx: text is text" all 'cell("pledge", "status", "ref", "pl-ken-2023-07-29-1000")' "('inlineStr', 'general', 'announced')"
check "xlsx: sources joined with ;" all 'cell("funding", "sources", "verbatim", "The United States has pledged $200 million to the mission")[2]' \
	"wikipedia-res-2699-2023-10;wikipedia-mss-2025-01"
check "xlsx: an amount is a number in its currency's decimals" all \
	'cell("funding", "amount", "verbatim", "The United States has pledged $200 million to the mission")' "('n', '#,##0.00', '200000000')"
check "xlsx: 53 funding rows, 29 pledges" all \
	'[sum(1 for k in w[s] if k[0] == "A") - 1 for s in ("funding", "pledge")]' "[53, 29]"
grep -q "vetting detail" all.txt && fail "xlsx: restricted record written" "found" || ok "xlsx: restricted records are not written"
check "xlsx: the record's every public record, 348 rows over all sheets" all \
	'sum(sum(1 for k in w[s] if k[0] == "A") - 1 for s in w[""])' 348

# 2. The answers of --question, each on its own sheet.
$S export --format xlsx --question strength,funding --as-of 2025-01-04 -o q.xlsx 2> err.txt || fail "xlsx --question" "$(cat err.txt)"
python3 read.py q.xlsx > q.txt
check "xlsx --question: the answer sheets first" q 'w[""][:3]' "['strength (answer)', 'funding (answer)', 'pledge']"
check "xlsx --question strength: the countries as on the command line" q \
	'[(w["strength (answer)"]["A%d" % r][2], w["strength (answer)"]["C%d" % r][2]) for r in range(2, 8)]' \
	"[('KEN', '400'), ('GTM', '150'), ('JAM', '24'), ('SLV', '8'), ('BHS', '6'), ('BLZ', '2')]"
check "xlsx --question strength: the figures under the rows (total 590 on 2025-01-04)" q \
	'(cell("strength (answer)", "name", "country", "total"), cell("strength (answer)", "name", "country", "as_of") == ("n", "yyyy-mm-dd", str(serial("2025-01-04"))))' \
	"(('n', 'general', '590'), True)"
n=$($S strength --as-of 2025-01-04 --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['rows']))")
check "xlsx --question: as many rows as the answer document" q \
	'sum(1 for k in w["strength (answer)"] if k[0] == "A" and w["strength (answer)"]["A" + k[1:]][2].isupper() and int(k[1:]) > 1)' "$n"

# 3. Answer sheets people can use: every figure a typed cell, nested figures
# in named columns, lists of objects as tables of their own; each sheet prints
# (print area, header row on every page, A4, landscape where wide, fit to the
# page width). tests/cli/figures.sh has the command line's figures.
$S export --format xlsx --question funding,budget,promises,conflicts --as-of 2025-09-30 -o p.xlsx 2> err.txt \
	|| fail "xlsx --question for print" "$(cat err.txt)"
python3 read.py p.xlsx > p.txt
check "xlsx answers: no cell holds JSON, no decimal is text" p \
	'[(s, k, v[2][:40]) for s in w[""] if "(answer)" in s for k, v in w[s].items() if v[0] == "inlineStr" and (re.match(r"^[{\[][{\x22]", v[2]) or re.match(r"^-?[0-9]+[.][0-9]+$", v[2]))]' "[]"
check "xlsx answers: an estimate is a number, its qualifier in a column of its own" p \
	'(line("budget (answer)", "budget.amount"), line("budget (answer)", "budget.qualifier"))' \
	"(('n', '#,##0.00', '600000000'), ('inlineStr', 'general', 'about'))"
check "xlsx answers: a day of a nested figure is a date" p \
	'line("budget (answer)", "raised.date") == ("n", "yyyy-mm-dd", str(serial("2025-09-30")))' True
check "xlsx answers: a share is a number, yes/no a boolean" p \
	'(line("budget (answer)", "raised_pct"), line("budget (answer)", "budget.stale"), line("budget (answer)", "pledged.stale"))' \
	"(('n', '0.0##', '19.2'), ('b', 'general', '0'), ('b', 'general', '1'))"
check "xlsx answers: a donor's figures flattened into named columns" p \
	'[cell("funding (answer)", h, "name", "donors at the G20 ministers\x27 Haiti pledging session (Rio de Janeiro)") for h in ("pledged.amount", "pledged.qualifier", "pledged.date")]' \
	"[('n', '#,##0.00', '120000000'), ('inlineStr', 'general', 'about'), ('inlineStr', 'general', '2024-07')]"
check "xlsx answers: a promise's deadline is a date, its figure a number" p \
	'(cell("promises (answer)", "deadline", "what", "deploy 1,000 police officers") == ("n", "yyyy-mm-dd", str(serial("2025-10-02"))), cell("promises (answer)", "figure.personnel", "what", "deploy 1,000 police officers"))' \
	"(True, ('n', 'general', '900'))"
check "xlsx answers: a disagreement's amount is a number" p \
	'sorted(v for k, v in w["conflicts (answer)"].items() if v[2] in ("18000000", "18000000.00"))' \
	"[('n', '#,##0.00', '18000000')]"
check "xlsx answers: a row's list of objects is a table under the sheet, each line with its row" p \
	'(cell("promises (answer)", "funding", "what", "up to 200 million dollars for the mission")[2], w["promises (answer)"]["A%d" % (row("promises (answer)", "A", "funding") + 1)][2], [w["promises (answer)"]["%s%d" % (c, row("promises (answer)", "A", "funding") + 2)] for c in "AD"])' \
	"('16, in the table funding below', 'row', [('n', 'general', '7'), ('n', '#,##0.00', '100000000')])"
# print.py FILE: {sheet: (print area, print titles, orientation, fitToWidth, fitToHeight, paper, fitToPage, footer)}
cat > print.py <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
wb = ET.fromstring(z.read('xl/workbook.xml'))
target = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
names = {(d.get('name'), int(d.get('localSheetId', -1))): d.text for d in wb.iter(M + 'definedName')}
out = {}
for i, s in enumerate(wb.find(M + 'sheets')):
    x = ET.fromstring(z.read('xl/' + target[s.get(R + 'id')]))
    ps = x.find(M + 'pageSetup')
    pr = x.find(M + 'sheetPr/' + M + 'pageSetUpPr')
    ft = x.find(M + 'headerFooter/' + M + 'oddFooter')
    out[s.get('name')] = (names.get(('_xlnm.Print_Area', i)), names.get(('_xlnm.Print_Titles', i)),
                          ps.get('orientation', 'portrait'), ps.get('fitToWidth', '1'), ps.get('fitToHeight'),
                          ps.get('paperSize'), pr is not None and pr.get('fitToPage'), ft is not None and ft.text)
print(repr(out))
PY
python3 print.py p.xlsx > pp.txt || fail "xlsx print: read" "$(cat pp.txt)"
check "xlsx print: every sheet has a print area, the header row on every page, A4, fit to the width" pp \
	'[s for s, v in w.items() if not (v[0] and v[0].startswith("\x27" + s + "\x27!$A$1:" if " " in s else s + "!$A$1:") and v[1] and v[1].endswith("!$1:$1") and v[4] == "0" and v[5] == "9" and v[6] == "1" and v[7] == "&L&A&RPage &P of &N")]' "[]"
check "xlsx print: 4 answer sheets, 17 kinds and the sources" pp 'len(w)' 22
check "xlsx print: the budget answer's area covers its figures, landscape" pp 'w["budget (answer)"][:4]' \
	"(\"'budget (answer)'!\$A\$1:\$G\$38\", \"'budget (answer)'!\$1:\$1\", 'landscape', '1')"
check "xlsx print: a sheet wider than a page at 60 % spreads over pages side by side, its first column on each" pp \
	'w["funding (answer)"][1:4]' "(\"'funding (answer)'!\$A:\$A,'funding (answer)'!\$1:\$1\", 'landscape', '5')"
# A record sheet reads across, a record a row: one page wide, its prose
# wrapped in columns at most 18 characters wide (19 with the cell's margin).
check "xlsx print: every record sheet prints one page wide, landscape, no column repeated" pp \
	'sorted(set((v[2], v[3], v[1].count("$A:$A")) for s, v in w.items() if "(answer)" not in s))' "[('landscape', '1', 0)]"
python3 -c '
import sys, re, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = {}
for n in z.namelist():
    if n.startswith("xl/worksheets/sheet"):
        ws = [float(w) for w in re.findall(r"<col [^>]*width=\"([0-9.]+)\"", z.read(n).decode())]
        out[n] = (len(ws), max(ws), round(sum(ws)))
print(repr(out))' p.xlsx > widths.txt
check "xlsx print: the funding record sheet, 22 columns, none wider than 19, 338 wide in all" widths \
	'w["xl/worksheets/sheet10.xml"]' "(22, 18.7109375, 338)"

# 4. To standard output, when it is not a terminal: the same bytes ($MUSTER_NOW dates the file).
$S export --format xlsx > piped.xlsx 2> err.txt || fail "xlsx to a pipe" "$(cat err.txt)"
cmp -s piped.xlsx all.xlsx && ok "xlsx to standard output: the same bytes as -o" || fail "xlsx stdout" "differs"
ls -la all.xlsx | grep -q '^-rw-r--r--\|^-rw-rw-r--' && ok "xlsx -o: an ordinary file's permissions" || fail "xlsx mode" "$(ls -la all.xlsx)"
$S export --format xlsx --kind funding -o f.xlsx && python3 read.py f.xlsx > f.txt
check "xlsx --kind funding: the funding sheet and the sources" f 'w[""]' "['funding', 'sources']"

# 5. Refusals: a terminal, bad options; nothing left behind.
if command -v script > /dev/null; then
	script -qec "$S export --format xlsx" /dev/null > tty.txt 2>&1
	rc=$?
	[ $rc = 2 ] && grep -q "muster export: --format xlsx writes a binary workbook, not text for a terminal; name the file with -o FILE.xlsx (or redirect standard output to a file)" tty.txt \
		&& ! grep -q "PK" tty.txt && ok "xlsx: refused on a terminal, exit 2, no bytes" || fail "xlsx terminal" "exit $rc: $(head -c 300 tty.txt)"
fi
expect_err "xlsx: --question misspelt" h.db 2 "--question strenght: not a question (did you mean strength?)" \
	$S export --format xlsx --question strenght -o x.xlsx
expect_err "xlsx: --as-of without --question" h.db 2 \
	"muster export: --as-of is for the answers of --question Q; the record sheets hold every record, whatever its date" \
	$S export --format xlsx --as-of 2025-01-01 -o x.xlsx
expect_err "xlsx: --by without --question" h.db 2 "muster export: --by is for the answers of --question Q (with --format xlsx)" \
	$S export --format xlsx --by country -o x.xlsx
expect_err "xlsx: --question with csv" h.db 2 "muster export: --question is for --format xlsx (the answers it adds as sheets)" \
	$S export --format csv --question strength
expect_err "xlsx: a bad --as-of for the answers" h.db 2 "--question strength: --as-of: \"2025-13-01\" is not a date: there is no month 13 (months are 01 to 12)" \
	$S export --format xlsx --question strength --as-of 2025-13-01 -o x.xlsx
expect_err "xlsx: -o into a missing folder" h.db 2 "nosuch/x.xlsx: cannot create the file beside it (check the folder exists and is writable)" \
	$S export --format xlsx -o nosuch/x.xlsx
expect_err "export: -o without a name" h.db 2 "muster export: -o needs a file name (-o FILE)" $S export --format csv -o
[ ! -e x.xlsx ] && [ -z "$(ls | grep 'xlsx\.')" ] && ok "xlsx: no file and no temporary left by a refused export" \
	|| fail "xlsx leftovers" "$(ls)"
# -o works for the text formats too.
$S export --format csv -o rec.csv && $S export --format csv | cmp -s - rec.csv && ok "export -o FILE: csv into the file" \
	|| fail "export -o csv" "differs"
expect_err "export: geojson takes no --by" h.db 2 "muster export: --format geojson takes no --by (see muster export --help)" \
	$S export --format geojson --by country
