# errors.sh: issue 19, point 2. Errors are coded: one table (src/core/err.c)
# gives each code word its exit status and its HTTP status; the API's error
# carries the word; the command's name is the command line's alone, never in
# the message. A row step that fails is an internal error (exit 3, 500), never
# the end of the rows: MUSTER_FAULT=row:N makes the Nth row step of a store
# fail as an I/O error, and even the last row of an answer failing gives no
# answer rather than a short one.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/cli/helpers/serve.sh"

$M --db e.db init --bundled > /dev/null 2>&1 || { fail "errors: init" "failed"; exit 0; }
S="$M --db e.db"
FAULT="a read failed (disk I/O error): no answer is given rather than an incomplete one, and nothing was changed"

# ---- The command line: exit statuses by code, the command named by the renderer ----
expect_err "errors: bad input exits 2" e.db 2 \
	"--by colour: strength can be broken down by country, category, unit, personnel-type or gender" $S strength --by colour
expect_err "errors: no answer exits 1" e.db 1 "no budget of MSS-HTI is recorded on or before 2020-01-01" \
	$S budget --as-of 2020-01-01
expect_err "errors: an unknown record is named by the command (exit 2)" e.db 2 \
	"muster show: \"ffffff00\" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer's --json, or a record's ref)" \
	$S show ffffff00
expect_err "errors: a subcommand is named with its command" e.db 2 "muster user list: takes no names" $S user list ed

# ---- A failing row step: exit 3, nothing on standard output ----
# rows Q: how many row steps `muster Q` reads (the least N at which
# MUSTER_FAULT=row:N no longer fails it, less one), by bisection.
rows() {
	lo=1 hi=1000000
	while [ $lo -lt $hi ]; do
		mid=$(((lo + hi) / 2))
		if MUSTER_FAULT=row:$mid $S "$1" > /dev/null 2>&1; then hi=$mid; else lo=$((mid + 1)); fi
	done
	echo $((lo - 1))
}
for q in strength pledges funding conflicts; do
	n=$(rows $q)
	[ "$n" -gt 2 ] && ok "errors: $q reads $n rows" || fail "errors: $q rows" "$n"
	eval "rows_$q=$n"
	for at in 1 $((n / 2)) $n; do
		expect_err "errors: $q, row $at of $n fails: exit 3" e.db 3 "e.db: $FAULT" env MUSTER_FAULT=row:$at $S $q
		out=$(MUSTER_FAULT=row:$at $S $q --json 2> /dev/null)
		[ -z "$out" ] && ok "errors: $q --json, row $at of $n fails: no answer printed" ||
			fail "errors: $q --json row $at" "printed $(echo "$out" | head -3)"
	done
	# One row more than it reads: the fault never comes, the answer is whole.
	[ "$(MUSTER_FAULT=row:$((n + 1)) $S $q --json)" = "$($S $q --json)" ] &&
		ok "errors: $q with the fault after its last row: the same answer" || fail "errors: $q whole" "differs"
done
# A write whose reads fail changes nothing: a rebuild whose 5th log row fails
# used to re-derive the tables from 4 records and commit them.
recs=$(sqlite3 e.db "SELECT count(*) FROM rec")
expect_err "errors: a rebuild whose 5th row step fails: exit 3" e.db 3 "e.db: $FAULT" env MUSTER_FAULT=row:5 $S rebuild
[ "$(sqlite3 e.db "SELECT count(*) FROM rec")" = "$recs" ] && ok "errors: the failed rebuild left the derived tables whole" ||
	fail "errors: failed rebuild" "rec rows $(sqlite3 e.db "SELECT count(*) FROM rec"), were $recs"
# An export to a file whose reads fail leaves no file (not a short one).
expect_err "errors: an export whose 50th row step fails: exit 3" e.db 3 "e.db: $FAULT" \
	env MUSTER_FAULT=row:50 $S export --format csv -o out.csv
[ ! -e out.csv ] && ok "errors: the failed export left no file" || fail "errors: failed export" "out.csv is there"

# ---- The API and the pages: the status and the code word from the same table ----
start_server e.db || { fail "errors: the server starts" "$(tail -3 serve.log)"; exit 0; }
# api CODE WORD MESSAGE PATH [CURL OPTIONS…]: the API answers the status with
# exactly {"error": MESSAGE, "code": WORD}.
api() {
	want=$1 word=$2 msg=$3 path=$4
	shift 4
	code=$($C -o err.json -w '%{http_code}' "$@" "$U$path")
	got=$(python3 -c 'import json; d = json.load(open("err.json")); print(sorted(d) == ["code", "error"], d["code"], d["error"])' 2>&1)
	[ "$code" = "$want" ] && [ "$got" = "True $word $msg" ] && ok "errors: $path: $want $word" ||
		fail "errors: $path" "status $code (want $want), [$got], want [True $word $msg]"
}
api 400 bad_input "--by colour: strength can be broken down by country, category, unit, personnel-type or gender" \
	"/api/v1/strength?by=colour"
api 404 no_answer "no budget of MSS-HTI is recorded on or before 2020-01-01" "/api/v1/budget?as_of=2020-01-01"
# The command's name stays on the command line: it was "muster show: …" here.
api 404 not_found "\"ffffff00\" is not the id or ref of any record (give at least 6 hex digits of an id shown in an answer's --json, or a record's ref)" \
	"/api/v1/record/ffffff00"
api 404 not_found "no such API route: /api/v1/nope" "/api/v1/nope"
api 405 method_not_allowed "this page only reads: use GET or HEAD" "/api/v1/strength" -X POST -d x=1
for q in strength pledges funding conflicts; do
	[ "$($C "$U/api/v1/$q")" = "$($S $q --json)" ] && ok "errors: /api/v1/$q without a fault: the command's answer" ||
		fail "errors: /api/v1/$q" "differs from the command's"
done
stop_server
# One server per question, its last row failing, then its first: 500 on the
# API and on the page, the message on the server's log.
for q in strength pledges funding conflicts; do
	eval "n=\$rows_$q"
	for at in $n 1; do
		: > serve.log
		MUSTER_FAULT=row:$at start_server e.db || { fail "errors: the server starts ($q)" "$(tail -3 serve.log)"; continue; }
		api 500 internal "the record file: $FAULT" "/api/v1/$q"
		code=$($C -o page.html -w '%{http_code}' "$U/$q")
		[ "$code" = 500 ] && grep -q "the record file: $FAULT" page.html && ok "errors: /$q, row $at fails: a 500 page" ||
			fail "errors: /$q page" "status $code"
		grep -q "^muster: serve: the record file: $FAULT" serve.log && ok "errors: the fault is on the server's log" ||
			fail "errors: fault logged" "$(tail -2 serve.log)"
		stop_server
	done
done
