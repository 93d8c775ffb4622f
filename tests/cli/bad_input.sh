# bad_input.sh: bad input is refused with exit 2 and one exact message that
# names the file, line and field and says how to fix it, and the database is
# left as it was. The fixtures are in tests/fixtures/bad/, one bad input each;
# good.csv is the small valid record the cases run against.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# Every command and error path here runs with LeakSanitizer (tests/check.sh).
[ -n "$MUSTER_LEAK_ASAN_OPTIONS" ] && export ASAN_OPTIONS="$MUSTER_LEAK_ASAN_OPTIONS"

F="$ROOT/tests/fixtures/bad"
S="$M --db t.db"

$S init > /dev/null 2>&1 || { fail "init" "muster init failed"; exit 0; }
$S import "$F/good.csv" > /dev/null 2>&1 || { fail "import good.csv" "the valid fixture was refused"; exit 0; }
expect_out "good.csv: two sources, two pledges, two arrivals" "Records: arrival 2 pledge 2 source 2" $S summary

# bad_import NAME FILE MESSAGE: importing FILE alone is refused with
# "muster: $F/FILE:MESSAGE" and t.db is unchanged.
bad_import() {
	expect_err "$1" t.db 2 "$F/$2$3" $S import "$F/$2"
}

# expect_refused NAME DB PREFIX CMD…: like expect_err, but stderr need only
# begin with "muster: PREFIX" (for cases whose message is not yet settled).
expect_refused() {
	name=$1 db=$2 want=$(said "$3")
	shift 3
	before=$(state "$db")
	got=$("$@" 2>&1 >/dev/null)
	rc=$?
	after=$(state "$db")
	if [ $rc -ne 2 ]; then fail "$name" "exit $rc, want 2; stderr: $got"; return; fi
	case "$got" in
	"$want"*) ;;
	*) fail "$name" "stderr [$got], want it to begin [$want]"; return ;;
	esac
	if [ "$before" != "$after" ]; then fail "$name" "database changed: [$before] -> [$after]"; return; fi
	ok "$name"
}

# --- Countries --------------------------------------------------------------
bad_import "country KNY suggests KEN" country_unknown.csv \
	':2: field "country": "KNY" is not an ISO 3166-1 alpha-3 code (did you mean KEN?)'
bad_import "country as a 2-letter code" country_alpha2.csv \
	':2: field "country": "KE" is not an ISO 3166-1 alpha-3 code: codes have three letters (did you mean KEN?)'

# --- Dates ------------------------------------------------------------------
bad_import "date 2024-02-30" date_feb30.csv \
	':2: field "date": "2024-02-30" is not a date: 2024-02 has 29 days (write a real day, or the month 2024-02 if the day is not known)'
bad_import "date 2023-02-29 (not a leap year)" date_feb29_nonleap.csv \
	':2: field "date": "2023-02-29" is not a date: 2023-02 has 28 days (write a real day, or the month 2023-02 if the day is not known)'
bad_import "date 2024-13-01" date_month13.csv \
	':2: field "date": "2024-13-01" is not a date: there is no month 13 (months are 01 to 12)'
bad_import "date 03/01/2025" date_slashes.csv \
	':2: field "date": "03/01/2025" is not a date (write YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty when unknown)'

# --- Numbers ----------------------------------------------------------------
bad_import "personnel -5" personnel_negative.csv \
	':2: field "personnel": "-5" is negative (a count of people is 0 or more)'
bad_import "personnel 'four hundred'" personnel_words.csv \
	':2: field "personnel": "four hundred" is not a whole number (write digits only, e.g. 400; leave it empty if the source gives no number)'
bad_import "personnel '1,000'" personnel_thousands.csv \
	':2: field "personnel": "1,000" is not a whole number (write digits only, e.g. 400, without separators)'
bad_import "personnel too big" personnel_too_big.csv \
	':2: field "personnel": "99999999999" is too large (at most 100000000)'
bad_import "jsonl personnel -3" personnel_negative.jsonl \
	':1: field "personnel": -3 is negative (a count of people is 0 or more)'
bad_import "jsonl personnel 10.5" personnel_fraction.jsonl \
	':1: field "personnel": 10.5 is not a whole number (write digits only, e.g. 400)'

# --- Required fields, sources, kinds, fields, enums -------------------------
bad_import "pledge without status" pledge_no_status.csv \
	':2: field "status": missing (a pledge needs status: announced, formal or withdrawn)'
bad_import "arrival without personnel" arrival_no_personnel.csv \
	':2: field "personnel": missing (an arrival needs personnel: how many people)'
bad_import "unknown source ref" source_unknown_ref.csv \
	':2: field "sources": "reuters-2099-01-01" is not a source in t.db or earlier in this import (add it first: muster add source --ref reuters-2099-01-01 --publisher … --title … --grade …)'
bad_import "missing sources" sources_missing.csv \
	':2: field "sources": missing (every arrival cites at least one source ref; add the source first with muster add source)'
bad_import "unknown kind arival suggests arrival" kind_unknown.csv \
	':2: field "kind": "arival" is not a kind of record (did you mean arrival?)'
bad_import "no kind column" kind_missing.csv \
	':2: field "kind": missing (every record names its kind, e.g. pledge)'
bad_import "unknown field personel suggests personnel" field_unknown.csv \
	':2: field "personel": an arrival has no such field (did you mean personnel?)'
bad_import "category polce suggests police" category_typo.csv \
	':2: field "category": "polce" is not one of police, military, civilian, mixed (did you mean police?)'

# --- CSV structure ----------------------------------------------------------
bad_import "unquoted comma: wrong column count" column_count.csv \
	':2: 9 fields, but the header has 8 (check for an unquoted comma, or quote the field)'
bad_import "unterminated quote" quote_unterminated.csv \
	':2: the file ends inside a quoted field (close the quote)'
bad_import "bad UTF-8 byte" bad_utf8.csv \
	':2: field "unit": the value is not valid UTF-8 (save the file as UTF-8)'
bad_import "empty file" empty.csv \
	': the file is empty (a CSV file starts with a header row naming the fields)'
bad_import "header with an empty column" header_empty_column.csv \
	':1: column 3 of the header is empty (every column needs a field name)'
bad_import "header with a byte that is not UTF-8 (Latin-1, once dropped in silence)" header_bad_utf8.csv \
	':1: column 6 of the header is not valid UTF-8 (save the file as UTF-8)'
bad_import "header with a column twice" header_duplicate.csv \
	':1: field "country" appears twice in the header (columns 3 and 5); rename or remove one'

# --- JSON lines -------------------------------------------------------------
bad_import "jsonl line that is an array" not_object.jsonl \
	':2: not a JSON object; each line holds one record as a JSON object'
bad_import "jsonl line cut short" malformed.jsonl \
	":2: not a complete JSON object (string or '}' expected near end of file); each line holds one whole record as a JSON object"
bad_import "jsonl object with a key twice" duplicate_key.jsonl \
	":1: not a complete JSON object (duplicate object key near '\"kind\"'); each line holds one whole record as a JSON object"

# --- Duplicates -------------------------------------------------------------
bad_import "a row already in the database" duplicate_row.csv \
	':2: duplicate: t.db already holds the same record as 33e654b88a8ea479 (remove the row, or correct that record if something changed)'
bad_import "a row twice in one file" duplicate_in_file.csv \
	':3: duplicate: repeats record 02b2dd68d7065c7a earlier in this import (remove the repeated row)'
bad_import "a source ref already taken" source_duplicate.csv \
	':2: field "ref": "ap-2024-06-25" is already the ref of record 7b9a50b34278ea63; pick another ref, or use muster correct ap-2024-06-25 to change that record'
expect_err "good.csv imported twice" t.db 2 \
	"$F/good.csv:2: duplicate: t.db already holds the same record as 7b9a50b34278ea63 (remove the row, or correct that record if something changed)" \
	$S import "$F/good.csv"
# The same row imported again on a later day (a different entered_at) is
# still the same report. Known bug: it is accepted as a new record. Run on a
# copy so that the bug does not shift the counts below.
$M --db t.db backup later.db > /dev/null
expect_refused "BUG: a row already in the database, re-imported a day later" later.db \
	"$F/duplicate_row.csv:2: duplicate" \
	env MUSTER_NOW=2026-11-24T12:00:00Z $M --db later.db import "$F/duplicate_row.csv"

# --- Files and import options -----------------------------------------------
expect_err "a file that does not exist" t.db 2 \
	"$F/nosuch.csv: cannot open: No such file or directory (check the path)" $S import "$F/nosuch.csv"
expect_err "import with no file" t.db 2 \
	"muster import: name at least one file (or - for standard input)" $S import
expect_err "import --format xml" t.db 2 \
	"--format xml: muster import reads csv, jsonl, un-contributions, fts, iati, hxl, akn or geojson" $S import --format xml "$F/good.csv"

# A bad row in the middle of a multi-file import: the first file is good, the
# second is bad at line 3: nothing from either file is imported.
expect_err "multi-file import, second file bad at line 3" t.db 2 \
	"$F/multi_second_bad.csv:3: field \"personnel\": \"sixty\" is not a whole number (write digits only, e.g. 400; leave it empty if the source gives no number)" \
	$S import "$F/multi_first_good.csv" "$F/multi_second_bad.csv"
expect_json "multi-file import left strength at 600" 'd["answer"]["total"]' 600 \
	$S strength --as-of 2024-12-31 --json
expect_out "multi-file import left 6 records" "Records: arrival 2 pledge 2 source 2" $S summary

# --- Records from the command line ------------------------------------------
expect_err "add arrival without sources" t.db 2 \
	'muster add: field "sources": missing (every arrival cites at least one source ref; add the source first with muster add source)' \
	$S add arrival --country KEN --personnel 10 --date 2024-08-01
expect_err "add pledge without status" t.db 2 \
	'muster add: field "status": missing (a pledge needs status: announced, formal or withdrawn)' \
	$S add pledge --country KEN --sources un-2024-07-01
expect_err "add source with a ref already taken" t.db 2 \
	'muster add: field "ref": "ap-2024-06-25" is already the ref of record 7b9a50b34278ea63; pick another ref, or use muster correct ap-2024-06-25 to change that record' \
	$S add source --ref ap-2024-06-25 --publisher X --title Y --grade B
expect_err "add source with grade F" t.db 2 \
	'muster add: field "grade": "F" is not one of A, B, C, D, E (A official primary document, B major wire or outlet, C national or regional outlet, D encyclopedia or secondary relay, E unverified or automated summary)' \
	$S add source --ref new-1 --publisher X --title Y --grade F

# --- Retractions and corrections --------------------------------------------
expect_err "retract an unknown id" t.db 2 \
	'muster retract: field "retracts": "deadbeef00" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer'"'"'s --json, or a record'"'"'s ref)' \
	$S retract deadbeef00 --reason x
bad_import "import a retraction of an unknown id" retraction_unknown.csv \
	':2: field "retracts": "deadbeef00" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer'"'"'s --json, or a record'"'"'s ref)'
expect_err "retract without --reason" t.db 2 \
	"muster retract: say why with --reason TEXT" $S retract kenya-1
expect_err "retract with --reason and no value" t.db 2 \
	"muster retract: --reason needs a value" $S retract kenya-1 --reason
expect_err "retract with an empty reason" t.db 2 \
	"muster retract: say why with --reason TEXT" $S retract kenya-1 --reason ''
expect_err "correct an unknown record" t.db 2 \
	'muster correct: "deadbeef00" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer'"'"'s --json, or a record'"'"'s ref)' \
	$S correct deadbeef00 --personnel 5
expect_err "correct with no field" t.db 2 \
	"muster correct: say which fields change (e.g. --personnel 150); an empty value removes a field" \
	$S correct kenya-1
expect_err "correct a source to grade Z" t.db 2 \
	'muster correct: field "grade": "Z" is not one of A, B, C, D, E (A official primary document, B major wire or outlet, C national or regional outlet, D encyclopedia or secondary relay, E unverified or automated summary)' \
	$S correct un-2024-07-01 --grade Z
expect_err "show an unknown record" t.db 2 \
	'muster show: "deadbe" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer'"'"'s --json, or a record'"'"'s ref)' \
	$S show deadbe

if $S retract kenya-1 --reason "test: the first contingent was double-counted" > /dev/null 2>&1; then
	ok "retract kenya-1"
	expect_err "correct a retracted record" t.db 2 \
		'muster correct: field "corrects": record 6fee3fbe7030c951 is retracted; nothing more can be said of it' \
		$S correct kenya-1 --personnel 300
	expect_err "retract a retracted record" t.db 2 \
		'muster retract: field "retracts": record 6fee3fbe7030c951 is retracted; nothing more can be said of it' \
		$S retract kenya-1 --reason again
else
	fail "retract kenya-1" "refused"
fi

# --- Commands and options ---------------------------------------------------
expect_err "unknown command strenght suggests strength" t.db 2 \
	'"strenght" is not a command (did you mean `strength`?)' $S strenght
expect_err "unknown option of a command" t.db 2 \
	"muster strength: unknown option --frobnicate (see muster strength --help)" $S strength --frobnicate
expect_err "unknown option before the command" t.db 2 \
	'unknown option --frobnicate (options come after the command: muster COMMAND --help)' $S --frobnicate summary
expect_err "--as-of 2025-13-01" t.db 2 \
	'--as-of: "2025-13-01" is not a date: there is no month 13 (months are 01 to 12)' \
	$S strength --as-of 2025-13-01
expect_err "--as-of 2025-01 is a month, not a day" t.db 2 \
	'--as-of: "2025-01" is not a day (write YYYY-MM-DD, e.g. 2025-01-04)' $S strength --as-of 2025-01
expect_err "--by planet" t.db 2 \
	"--by planet: strength can be broken down by country, category, unit, personnel-type or gender" $S strength --by planet

# --- Database files ---------------------------------------------------------
expect_err "init over an existing database" t.db 2 \
	"t.db: already exists; remove it first, or name a new file with --db" $S init
mkdir d.db
expect_err "database path is a directory" - 2 "d.db is a directory, not a database file (name a file with --db)" $M --db d.db summary
echo "this is not a database" > x.db
expect_err "database file that is not SQLite" - 2 \
	"x.db: not a Muster database (file is not a database); pass the right file with --db" $M --db x.db summary
if [ "$(cat x.db)" = "this is not a database" ]; then ok "the non-SQLite file is untouched"; else fail "the non-SQLite file is untouched" "it changed"; fi
expect_err "init in a folder that does not exist" - 2 \
	"cannot create nodir/x.db: the folder nodir does not exist" $M --db nodir/x.db init
if [ ! -e nodir ]; then ok "init did not create the folder"; else fail "init did not create the folder" "nodir exists"; fi
expect_err "query a database that does not exist" - 2 \
	'none.db: no such file (create it with `muster init --bundled`, or name another with --db FILE)' \
	$M --db none.db strength --as-of 2025-01-01
if [ ! -e none.db ]; then ok "the query did not create none.db"; else fail "the query did not create none.db" "it exists"; fi
if [ "$(id -u)" != 0 ]; then
	# Permissions bind only when not root.
	$M --db t.db backup noread.db > /dev/null && chmod 000 noread.db
	expect_err "unreadable database (chmod 000)" - 2 \
		"noread.db: cannot read the file (Permission denied); check its permissions" $M --db noread.db summary
	$M --db t.db backup ro.db > /dev/null && chmod 400 ro.db
	expect_err "read-only database (chmod 400)" ro.db 2 \
		"ro.db: cannot write: the file is read-only; check its permissions" \
		$M --db ro.db import "$F/bom_ok.csv"
fi

# --- After the errors, the file still works ---------------------------------
expect_out "a BOM-prefixed file imports" "1 records imported; 8 in the file" $S import "$F/bom_ok.csv"
expect_out "a valid import after the errors" "2 records imported; 10 in the file" $S import "$F/after_errors.csv"
# Kenya: 400 retracted, so 200 + 12 (BOM file) + 217 = 429.
expect_json "strength counts the new arrivals" 'd["answer"]["total"]' 429 $S strength --as-of 2024-12-31 --json
expect_out "the first file of the failed multi-file import imports alone" "2 records imported; 12 in the file" \
	$S import "$F/multi_first_good.csv"
# Lower-case country codes are taken and stored upper-case (record.c uppercases
# them before the check): pinned here; see the report.
expect_out "lower-case country jam is accepted" "1 records imported; 13 in the file" $S import "$F/country_lower.csv"
expect_json "lower-case jam is stored as JAM" \
	'" ".join("%s=%d" % (r["country"], r["personnel"]) for r in d["rows"])' "KEN=499 JAM=5" \
	$S strength --as-of 2024-12-31 --json
expect_out "verify after the errors" "verified: 13 records" $S verify
