# interchange_bad.sh: bad files for the interchange formats — a wrong
# layout, a truncated file, a mission code with a stray quote, total rows mixed
# with the detail they sum, HXL without a hashtag row, HXL values that do not
# fit their fields — each a named error (file, line, column, field, fix), exit
# 2, and nothing imported, not even the good files given with it.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# Every command and error path here runs with LeakSanitizer (tests/check.sh).
[ -n "$MUSTER_LEAK_ASAN_OPTIONS" ] && export ASAN_OPTIONS="$MUSTER_LEAK_ASAN_OPTIONS"
FX="$MUSTER_ROOT/tests/fixtures/interchange"
HX="$MUSTER_ROOT/tests/fixtures/hxl"
BAD="$MUSTER_ROOT/tests/fixtures/bad"
SAMPLE="$FX/contributions-2014-02-sample.csv"

$M --db e.db init > /dev/null
$M --db e.db add source --ref fts-test --publisher "Test publisher" --title "Test flows" --grade E > /dev/null
E="$M --db e.db"

# 1. The UN contributions table.
expect_err "un: not this table (a missing column)" e.db 2 \
	"$FX/wrong-layout.csv:1: not the UN contributions table in the IPI layout: no column \"Troops Female\" (the header names Date, Contributor, Contributor ISO-3, Mission, then Male, Female and Total for Individual Police, Formed Police Units, Experts on Mission, Troops and Total)" \
	$E import --format un-contributions "$FX/wrong-layout.csv"
expect_err "un: a truncated file" e.db 2 \
	"$FX/truncated.csv:11: 6 fields, but the header has 20 (a row cut short: is the file truncated?)" \
	$E import --format un-contributions "$FX/truncated.csv"
expect_err "un: a stray quote in a mission code" e.db 2 \
	"$FX/stray-quote.csv:5 (row \"28547\"): field \"Mission\": \"MINUSTAH'\" is not a mission code (capital letters and digits, e.g. MINUSTAH)" \
	$E import --format un-contributions "$FX/stray-quote.csv"
expect_err "un: a repeated row" e.db 2 \
	"$FX/duplicate.csv:9 (row \"28547\"): duplicate: repeats row \"28547\", line 5 (ARG in MINUSTAH on 2014-02-28); remove one" \
	$E import --format un-contributions "$FX/duplicate.csv"
expect_err "un: a total row among the countries would count the mission twice" e.db 2 \
	"$FX/total-row.csv:6 (row \"28600\"): field \"Contributor\": \"Total\" is a total row, not a contributor: importing it beside the detail rows would count the personnel of MINUSTAH twice; remove the total rows (muster adds up the countries) and import published totals as whole-mission strength records (docs/formats.md)" \
	$E import --format un-contributions "$FX/total-row.csv"
expect_err "un: a total over missions would count the country twice" e.db 2 \
	"$FX/mission-total.csv:4 (row \"28601\"): field \"Mission\": \"Total\" is a total over missions, not a mission: importing it beside the detail rows would count KEN's personnel twice; remove the total rows (muster adds up the missions)" \
	$E import --format un-contributions "$FX/mission-total.csv"
$M --db u.db init > /dev/null
$M --db u.db import --format un-contributions "$SAMPLE" > /dev/null
expect_err "un: the same file twice" u.db 2 \
	"$SAMPLE: the source \"un-contrib-contributions-2014-02-sample\" is already in u.db: this file was imported before (importing it again would repeat every row)" \
	$M --db u.db import --format un-contributions "$SAMPLE"
expect_err "un: a good file then a bad one: nothing of either" e.db 2 \
	"$FX/stray-quote.csv:5 (row \"28547\"): field \"Mission\": \"MINUSTAH'\" is not a mission code (capital letters and digits, e.g. MINUSTAH)" \
	$E import --format un-contributions "$SAMPLE" "$FX/stray-quote.csv"

# 2. Muster's own CSV: truncated and malformed files, and all or nothing across files.
head -c 150 "$BAD/good.csv" > cut.csv
expect_err "csv: a file cut in the middle of a row" e.db 2 \
	"cut.csv:2: 4 fields, but the header has 13 (check for an unquoted comma, or quote the field)" \
	$E import cut.csv
printf 'kind,country,personnel,date,sources\narrival,KEN,"200,2024-06-25,fts-test\n' > open.csv
expect_err "csv: a quote left open at the end" e.db 2 \
	"open.csv:2: the file ends inside a quoted field (close the quote)" $E import open.csv
expect_err "csv: a good file and a bad one: nothing of either" e.db 2 \
	"$BAD/multi_second_bad.csv:3: field \"personnel\": \"sixty\" is not a whole number (write digits only, e.g. 400; leave it empty if the source gives no number)" \
	$E import "$BAD/good.csv" "$BAD/multi_second_bad.csv"

# 3. HXL.
expect_err "hxl: no hashtag row is an error naming the file" e.db 2 \
	"$HX/test_io/input-invalid.csv: no HXL hashtag row in its 7 rows (HXL puts a row of hashtags such as #country+code or #date under the headers; tag the columns, or import the file as --format csv)" \
	$E import --format hxl "$HX/test_io/input-invalid.csv"
: > empty.hxl
expect_err "hxl: an empty file" e.db 2 \
	"empty.hxl: the file is empty (an HXL table has a row of hashtags such as #country+code over its data)" \
	$E import empty.hxl
expect_err "hxl: a Latin-1 file read as UTF-8" e.db 2 \
	"$HX/test_io/input-valid-latin1.csv:1: not UTF-8 text (save the file as UTF-8, or pass --encoding latin1 for a Latin-1 file)" \
	$E import --format hxl "$HX/test_io/input-valid-latin1.csv"
expect_err "hxl: an amount with thousands separators" e.db 2 \
	"$HX/muster/bad-amount.csv:3: column 2 (#value+funding+usd): field \"amount\": \"1,500,000\" is not a plain amount (write digits with an optional decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)" \
	$E import --format hxl --sources fts-test "$HX/muster/bad-amount.csv"
expect_err "hxl: a date in words, after a good row (nothing imported)" e.db 2 \
	"$HX/muster/bad-date.csv:4: column 5 (#date+reported): field \"date\": \"1 March 2015\" is not a date (write YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty when unknown)" \
	$E import --format hxl --sources fts-test "$HX/muster/bad-date.csv"
expect_err "hxl: a country name where the code goes" e.db 2 \
	"$HX/muster/bad-country.csv:3: column 2 (#country+code): field \"country\": \"KENYA\" is not an ISO 3166-1 alpha-3 code (see /usr/share/iso-codes/json)" \
	$E import --format hxl --sources fts-test "$HX/muster/bad-country.csv"
expect_err "hxl: a row cut short" e.db 2 \
	"$HX/muster/truncated.csv:3: 3 fields, but the hashtag row has 5 (a row cut short: is the file truncated?)" \
	$E import --format hxl --sources fts-test "$HX/muster/truncated.csv"
expect_err "hxl: a quote left open at the end" e.db 2 \
	"$HX/muster/open-quote.csv:2: the file ends inside a quoted field (is the file truncated? close the quote)" \
	$E import --format hxl --sources fts-test "$HX/muster/open-quote.csv"
expect_err "hxl: a kind that is not one" e.db 2 \
	"$HX/muster/unknown-kind.csv:3: column 1 (#meta+kind): field \"kind\": \"pleadge\" is not a kind of record (did you mean pledge?)" \
	$E import --format hxl --sources fts-test "$HX/muster/unknown-kind.csv"
expect_err "hxl: two columns give one field" e.db 2 \
	"$HX/muster/twice.csv:4: columns 4 (#status+stage) and 5 (#status) both give stage; leave one empty" \
	$E import --format hxl --sources fts-test "$HX/muster/twice.csv"
expect_err "hxl: an amount column in USD, a currency column saying EUR" e.db 2 \
	"$HX/muster/currency.csv:4: column 2 (#value+funding+usd) is in USD but the currency given is \"EUR\"; correct one of them" \
	$E import --format hxl --sources fts-test "$HX/muster/currency.csv"
expect_err "hxl: a value in a column the row's kind does not have" e.db 2 \
	"$HX/muster/not-in-kind.csv:3: column 6 (#value+funding): a pledge has no field amount (leave the cell empty for this kind)" \
	$E import --format hxl --sources fts-test "$HX/muster/not-in-kind.csv"
expect_err "hxl: no kind column and no --kind" e.db 2 \
	"$HX/muster/no-kind.csv:2: cannot tell which kind of record the rows are: add a #meta+kind column, or pass --kind KIND (e.g. --kind pledge)" \
	$E import --format hxl "$HX/muster/no-kind.csv"
expect_err "hxl: --kind misspelt" e.db 2 "--kind strenght: not a kind of record (did you mean strength?)" \
	$E import --format hxl --kind strenght "$HX/muster/no-kind.csv"
expect_err "hxl: rows without sources" e.db 2 \
	"$HX/muster/no-kind.csv:3: field \"sources\": missing (every strength cites at least one source ref; add the source first with muster add source); or name the source of every row with --sources REF" \
	$E import --format hxl --kind strength "$HX/muster/no-kind.csv"
expect_err "hxl: --sources naming no source" e.db 2 \
	"$HX/muster/no-kind.csv:3: field \"sources\": \"nosuch\" is not a source in e.db or earlier in this import (add it first: muster add source --ref nosuch --publisher … --title … --grade …)" \
	$E import --format hxl --kind strength --sources nosuch "$HX/muster/no-kind.csv"
expect_err "hxl: a good file, then a bad one: nothing of either" e.db 2 \
	"$HX/muster/bad-amount.csv:3: column 2 (#value+funding+usd): field \"amount\": \"1,500,000\" is not a plain amount (write digits with an optional decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)" \
	$E import --format hxl --sources fts-test "$HX/muster/flows.csv" "$HX/muster/bad-amount.csv"
expect_err "hxl: --kind is for hxl only" e.db 2 \
	"muster import: --kind is for --format hxl (the other formats name the kind and sources in every record)" \
	$E import --kind pledge "$BAD/good.csv"
expect_err "hxl: --encoding of another name" e.db 2 \
	"--encoding cp1252: muster reads utf-8 or latin1 (convert other encodings with iconv)" \
	$E import --format hxl --encoding cp1252 "$HX/muster/flows.csv"
expect_err "import: an option misspelt" e.db 2 "muster import: unknown option --sorces (did you mean --sources?)" \
	$E import --format hxl --sorces fts-test "$HX/muster/flows.csv"
