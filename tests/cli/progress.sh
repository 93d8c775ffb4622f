# progress.sh: every import and export path draws its progress line (what,
# how many, the rate, the time left when the size is known) on stderr when it
# is a terminal (script(1) gives one), and prints nothing when stderr is a
# pipe or a file; a quick job prints nothing even on a terminal.
# MUSTER_PROGRESS_AFTER=0 makes the line show at once, so small files do.
. "$MUSTER_ROOT/tests/cli/lib.sh"
FX="$MUSTER_ROOT/tests/fixtures"

$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
$M --db h.db export --format csv > rec.csv
$M --db h.db export --format jsonl > rec.jsonl
$M --db h.db export --format hxl > rec.hxl
$M --db h.db export --format geojson --as-of 2024-11-19 > places.geojson
$M --db h.db export --format csv --kind source > sources.csv

# Each case: a name, the line it must draw, the command (run against a fresh file i.db).
cases() {
	cat <<EOF
csv import|importing rec.csv: [0-9]* records, [0-9]* records/s, [0-9]*%, [0-9]* s left|import rec.csv
jsonl import|importing rec.jsonl: [0-9]* records, [0-9]* records/s, [0-9]*%, [0-9]* s left|import rec.jsonl
hxl import|importing rec.hxl: [0-9]* records, [0-9]* records/s, [0-9]*%, [0-9]* s left|import rec.hxl
un-contributions import|importing $FX/interchange/contributions-2014-02-sample.csv: [0-9]* rows, [0-9]* rows/s, [0-9]*%, [0-9]* s left|import --format un-contributions $FX/interchange/contributions-2014-02-sample.csv
akn import|importing resolutions: [0-9]* files, [0-9]* files/s|import --format akn $FX/mandate/good.xml
geojson import|importing places.geojson: [0-9]* features, [0-9]* features/s, [0-9]*%, [0-9]* s left|import --format geojson places.geojson
csv export|exporting: [0-9]* records, [0-9]* records/s, [0-9]*%, [0-9]* s left|export --format csv -o out.csv
jsonl export|exporting: [0-9]* records, [0-9]* records/s|export --format jsonl -o out.jsonl
hxl export|exporting: [0-9]* records, [0-9]* records/s|export --format hxl -o out.hxl
xlsx export|exporting: [0-9]* records, [0-9]* records/s|export --format xlsx -o out.xlsx
EOF
}

# The database a case runs against: the bundled record to export, an empty file to import into.
fresh() {
	rm -f i.db
	case "$1" in
	*export) cp h.db i.db ;;
	geojson*) $M --db i.db init > /dev/null; $M --db i.db import sources.csv > /dev/null ;;
	*) $M --db i.db init > /dev/null ;;
	esac
}

cases > cases.txt
while IFS='|' read -r name line cmd; do
	fresh "$name"
	MUSTER_PROGRESS_AFTER=0 $M --db i.db $cmd > out.txt 2> err.txt < /dev/null
	rc=$?
	[ $rc = 0 ] && [ ! -s err.txt ] && ok "$name: nothing on stderr when it is a file" \
		|| fail "$name quiet" "exit $rc: $(head -c 300 err.txt)"
	if command -v script > /dev/null; then
		fresh "$name"
		MUSTER_PROGRESS_AFTER=0 script -qec "$M --db i.db $cmd" /dev/null > tty.txt 2>&1 < /dev/null
		tr '\r' '\n' < tty.txt | grep -q "^$line" && ok "$name: the progress line on a terminal" \
			|| fail "$name on a terminal" "$(tr '\r' '\n' < tty.txt | head -3)"
	fi
done < cases.txt

# Nothing for a job shorter than the wait (half a second unless
# $MUSTER_PROGRESS_AFTER says otherwise), even on a terminal. The wait is set
# long here: under the sanitizers on a busy machine this import can take more
# than the default half second, and then drawing is right.
if command -v script > /dev/null; then
	$M --db j.db init > /dev/null
	MUSTER_PROGRESS_AFTER=60 script -qec "$M --db j.db import rec.jsonl" /dev/null > tty.txt 2>&1 < /dev/null
	grep -q "records imported" tty.txt && ! grep -q "importing" tty.txt \
		&& ok "progress: a quick import draws nothing, terminal or not" || fail "quick import" "$(tr '\r\033' '\n~' < tty.txt | head -3)"
	# The line is cleared when the job ends: the last thing before the summary is an erase.
	$M --db k.db init > /dev/null
	MUSTER_PROGRESS_AFTER=0 script -qec "$M --db k.db import rec.jsonl" /dev/null > tty.txt 2>&1 < /dev/null
	python3 -c "import sys; t=open(sys.argv[1], 'rb').read(); i=t.rfind(b'\r\x1b[K'); print('cleared' if i >= 0 and t[i+4:].lstrip(b'\r\n').startswith(b'348 records imported') else repr(t[-200:]))" tty.txt > got.txt
	[ "$(cat got.txt)" = cleared ] && ok "progress: the line is erased before the summary" || fail "progress erased" "$(cat got.txt)"
	# The commit, which takes seconds after a long read, has its own line.
	tr '\r' '\n' < tty.txt | grep -q "^importing: writing the indexes and running totals" \
		&& ok "progress: the commit says what it does" || fail "progress: the commit" "$(tr '\r' '\n' < tty.txt | tail -3)"
fi
