# lib.sh: helpers for shell tests. Each check prints "ok - NAME" or
# "not ok - NAME: why". $MUSTER_BIN is the binary under test; tests run in a
# fresh empty folder.
M="$MUSTER_BIN"
ROOT="$MUSTER_ROOT"

ok() { echo "ok - $1"; }
fail() { echo "not ok - $1: $2"; }

# state DB: record count and head of the chain, read with the sqlite3 shell.
state() {
	sqlite3 "$1" "SELECT count(*) || ' ' || coalesce((SELECT chain FROM log ORDER BY seq DESC LIMIT 1), '-') FROM log" 2>/dev/null
}

# expect_out NAME EXPECTED_TEXT CMD…: CMD exits 0 and its stdout contains the text.
expect_out() {
	name=$1 want=$2
	shift 2
	got=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then fail "$name" "exit $rc: $(echo "$got" | head -3)"; return; fi
	case "$got" in
	*"$want"*) ok "$name" ;;
	*) fail "$name" "output lacks [$want]; got: $(echo "$got" | head -5)" ;;
	esac
}

# expect_json NAME JQ_LIKE_PY_EXPR EXPECTED CMD…: runs CMD (which prints JSON),
# evaluates a python expression over it as `d`, compares its str() with EXPECTED.
expect_json() {
	name=$1 expr=$2 want=$3
	shift 3
	got=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then fail "$name" "exit $rc: $(echo "$got" | head -3)"; return; fi
	val=$(printf '%s' "$got" | python3 -c "import json,sys; d=json.load(sys.stdin); print($expr)" 2>&1)
	if [ "$val" = "$want" ]; then ok "$name"; else fail "$name" "got [$val], want [$want]"; fi
}

# expect_err NAME DB CODE MESSAGE CMD…: CMD exits CODE, stderr is exactly
# "muster: MESSAGE" (or MESSAGE itself when it names the command, "muster
# show: …"), and the database DB (if not -) is unchanged.
expect_err() {
	name=$1 db=$2 code=$3 want=$(said "$4")
	shift 4
	before=$( [ "$db" = - ] || state "$db")
	got=$("$@" 2>&1 >/dev/null)
	rc=$?
	after=$( [ "$db" = - ] || state "$db")
	if [ $rc -ne "$code" ]; then fail "$name" "exit $rc, want $code; stderr: $got"; return; fi
	if [ "$got" != "$want" ]; then fail "$name" "stderr [$got], want [$want]"; return; fi
	if [ "$before" != "$after" ]; then fail "$name" "database changed: [$before] -> [$after]"; return; fi
	ok "$name"
}

# sanitized: $M was built with AddressSanitizer (statically linked: ldd
# does not show it), where every command is several times slower.
sanitized() {
	grep -q __asan_init "$M" 2>/dev/null
}

# said MESSAGE: the line the command line prints for MESSAGE: as it is when it
# names the command ("muster show: …"), after "muster: " otherwise.
said() {
	case "$1" in
	"muster "[a-z]*": "*) printf '%s' "$1" ;;
	*) printf 'muster: %s' "$1" ;;
	esac
}

# has NAME FILE TEXT…: every TEXT occurs in FILE (fixed strings).
has() {
	name=$1 file=$2
	shift 2
	for t in "$@"; do
		grep -qF -- "$t" "$file" || { fail "$name" "lacks [$t]"; return; }
	done
	ok "$name"
}

# memo_same DB…: conflicts keeps each mission's snapshots and bounds while it
# asks strength on every day (src/core/store.h's memo); on every mission of
# each DB, its answer is byte for byte the one read afresh (MUSTER_MEMO=0).
memo_same() {
	for db in "$@"; do
		$M --db "$db" missions --json > memo-missions.json
		same=1
		# Under the sanitizers (the same code, checked for memory errors),
		# "all" and the first mission; every mission at -O2.
		ms=$(python3 -c 'import json, sys; print(" ".join(r["mission"] for r in json.load(sys.stdin)["rows"]))' \
			< memo-missions.json)
		sanitized && ms=${ms%% *}
		for m in all $ms; do
			$M --db "$db" conflicts --mission "$m" --json > memo.json 2>&1
			MUSTER_MEMO=0 $M --db "$db" conflicts --mission "$m" --json > fresh.json 2>&1
			if ! cmp -s memo.json fresh.json; then
				fail "conflicts with its memo ($db, $m)" "$(diff memo.json fresh.json | head -5)"
				same=0
				break
			fi
		done
		[ $same = 1 ] && ok "conflicts with its memo answers as read afresh ($db, every mission)"
	done
}
