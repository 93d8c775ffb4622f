# guard.sh: the public connection is public by construction (issue 19, point
# 3). Careless queries — no visibility clause, no liveness rule — run on it
# through muster test-guard (the connection the web opens for an anonymous
# reader) and cannot return a restricted record: rec, the log's bodies, users,
# sessions and the restricted kinds' tables are refused outright, and the
# views it may read hold public records only. The same queries on the file
# itself (sqlite3) do return the restricted records: they are careless. The
# views encode the rule of restricted corrections, and a file of the previous
# schema gets them when migrated.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db g.db init --bundled > /dev/null 2>&1 || { fail "guard: init" "failed"; exit 0; }
S="$M --db g.db"
VET=zqvetperson7781 CMP=zqcomplaint5512 PLG=zqpledgeunit3309 SRC=zqsrctitle4471 SREF=zqsrcref4471
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
$S add source --ref "$SREF" --publisher "Oversight office" --title "Vetting file $SRC" --grade A \
	--visibility restricted > /dev/null
$S add vetting --country KEN --scheme leahy --subject_type person --subject "Officer $VET" --result refused \
	--date 2024-09-01 --visibility restricted --sources "$SREF" > /dev/null
$S add complaint --category use_of_force --status received --date 2025-02-01 --narrative "Narrative $CMP" \
	--visibility restricted > /dev/null
$S add pledge --country KEN --status formal --personnel 12 --unit "Unit $PLG" --visibility restricted \
	--sources "$SREF" > /dev/null
# A public pledge corrected by a restricted record stands for the public.
$S add pledge --country BRB --status formal --personnel 400 --date 2025-05-01 --sources wikipedia-mss-2025-01 > pub.id
$S correct "$(cat pub.id)" --personnel 200 --visibility restricted --note "note $PLG" --sources "$SREF" > rc.id
PUB=$(sqlite3 g.db "SELECT seq FROM log WHERE id = '$(cat pub.id)'")
RC=$(sqlite3 g.db "SELECT seq FROM log WHERE id = '$(cat rc.id)'")
RESTRICTED=$(sqlite3 g.db "SELECT group_concat(seq, ' ') FROM rec WHERE visibility = 'restricted'")
[ "$(echo $RESTRICTED | wc -w)" = 5 ] && ok "guard: five restricted records" || fail "guard: setup" "[$RESTRICTED]"

# careless NAME SQL WANT: on the file itself SQL returns a restricted record
# (a marker or a restricted seq); on the public connection it prints WANT.
careless() {
	name=$1 sql=$2 want=$3
	raw=$(sqlite3 g.db "$sql" 2>&1)
	hit=""
	case "$raw" in *zq*) hit=marker ;; esac
	for r in $RESTRICTED; do printf '%s\n' "$raw" | grep -qx "$r" && hit=seq; done
	[ -n "$hit" ] || { fail "guard: $name" "the query is not careless: [$(echo "$raw" | head -2)]"; return; }
	got=$($S test-guard "$sql" 2>&1)
	[ "$got" = "$want" ] && ok "guard: $name is refused on the public connection" ||
		fail "guard: $name" "got [$got], want [$want]"
}
careless "every record" "SELECT seq FROM rec" "refused: access to rec.seq is prohibited"
careless "the restricted ones, by name" "SELECT seq FROM rec WHERE visibility = 'restricted'" \
	"refused: access to rec.seq is prohibited"
careless "a record's rows, no column read" "SELECT p.seq FROM pledge p JOIN rec USING(seq)" \
	"refused: not authorized"
careless "a live rule without the visibility" \
	"SELECT seq FROM rec WHERE replaced_by IS NULL AND retracted_by IS NULL" \
	"refused: access to rec.seq is prohibited"
careless "the log's bodies" "SELECT body FROM log" "refused: access to log.body is prohibited"
careless "a kind's bodies through the log" "SELECT l.body FROM pledge p JOIN log l USING(seq)" \
	"refused: access to log.body is prohibited"
careless "the vetted person" "SELECT subject FROM vetting" "refused: access to vetting.subject is prohibited"
careless "the vetting of persons" "SELECT seq FROM vetting WHERE subject_type = 'person'" \
	"refused: access to vetting.seq is prohibited"
careless "the restricted source's title" "SELECT title FROM source" "refused: access to source.title is prohibited"
careless "the complaint's narrative" "SELECT narrative FROM complaint" \
	"refused: access to complaint.narrative is prohibited"
careless "the restricted search index" "SELECT subject FROM search_restricted WHERE search_restricted MATCH 'zq*'" \
	"refused: vtable constructor failed: search_restricted"
careless "the readers' view of restricted records" "SELECT seq FROM live_rec" \
	"refused: access to rec.seq is prohibited"
careless "the restricted correction, by its column" "SELECT restricted_replaced_by FROM rec WHERE seq = $PUB" \
	"refused: access to rec.restricted_replaced_by is prohibited"
expect_out "guard: users are unreadable" "refused: access to users.name is prohibited" \
	$S test-guard "SELECT name, pwhash FROM users"
expect_out "guard: sessions are unreadable" "refused: access to sessions.token_hash is prohibited" \
	$S test-guard "SELECT token_hash FROM sessions"
expect_out "guard: nothing is written" "refused: not authorized" $S test-guard "DELETE FROM cite"

# What the public connection may read holds no restricted record.
nothing_restricted() {
	name=$1 sql=$2
	got=$($S test-guard "$sql" 2>&1)
	case "$got" in refused:*|failed:*) fail "guard: $name" "$got"; return ;; esac
	case "$got" in *zq*) fail "guard: $name" "a marker: $(echo "$got" | grep zq | head -1)"; return ;; esac
	for r in $RESTRICTED; do
		printf '%s\n' "$got" | grep -qx "$r" && { fail "guard: $name" "restricted record $r"; return; }
	done
	ok "guard: $name holds no restricted record ($(echo "$got" | tail -1))"
}
nothing_restricted "pub_rec" "SELECT seq FROM pub_rec"
nothing_restricted "pub_any_rec" "SELECT seq FROM pub_any_rec"
nothing_restricted "pub_log" "SELECT seq FROM pub_log"
nothing_restricted "pub_source" "SELECT seq, publisher, title FROM pub_source"
nothing_restricted "pub_log's bodies" "SELECT body FROM pub_log"
nothing_restricted "the public search index" "SELECT * FROM search WHERE search MATCH 'zq*'"
nothing_restricted "the aggregate view of vetting (what it counts: country, result, scheme)" \
	"SELECT country, result, scheme, visibility FROM vetting_tally"
expect_out "guard: the aggregate view of vetting has no subject" "refused: no such column: subject" \
	$S test-guard "SELECT subject FROM vetting_tally"
expect_out "guard: the aggregate view of complaints has no narrative" "refused: no such column: narrative" \
	$S test-guard "SELECT narrative FROM complaint_tally"

# The views encode the rule of restricted corrections (derive.h): the public
# pledge stands for the public; a reader of restricted records sees its
# restricted correction instead.
expect_out "guard: pub_rec holds the public pledge, not its restricted correction" "1|0" \
	sqlite3 g.db "SELECT (SELECT count(*) FROM pub_rec WHERE seq = $PUB) || '|' || (SELECT count(*) FROM pub_rec WHERE seq = $RC)"
expect_out "guard: live_rec holds the restricted correction, not the public pledge" "0|1" \
	sqlite3 g.db "SELECT (SELECT count(*) FROM live_rec WHERE seq = $PUB) || '|' || (SELECT count(*) FROM live_rec WHERE seq = $RC)"
expect_json "guard: the public pledges count the public figure" \
	'[r["pledged"] for r in d["rows"] if r["country"] == "BRB"]' "[400]" $S pledges --as-of 2025-06-30 --json

# The guard trusts a view's name: no statement of ours names a common table
# expression or a subquery after one of the views it allows.
bad=$(grep -rnE '(pub_rec|pub_any_rec|pub_source|pub_log|log_walk|vetting_tally|complaint_tally)"? AS \(|\) (AS )?"?(pub_rec|pub_any_rec|pub_source|pub_log|log_walk|vetting_tally|complaint_tally)\b' \
	"$MUSTER_ROOT/src" | grep -v "CREATE VIEW")
[ -z "$bad" ] && ok "guard: no statement names a CTE or subquery after a public view" || fail "guard: a view's name taken" "$bad"

# A file of the previous schema (12) has no views: refused for reading until
# it is migrated, then answers as before.
$S strength --json > strength.before
cp g.db old.db
sqlite3 old.db "DROP VIEW live_rec; DROP VIEW pub_rec; DROP VIEW pub_any_rec; DROP VIEW pub_log; DROP VIEW log_walk;
	DROP VIEW vetting_tally; DROP VIEW complaint_tally; DROP VIEW pub_source; PRAGMA user_version = 12"
expect_err "guard: a schema-12 file is refused for reading" old.db 2 \
	"old.db: schema 12 is older than 15; open it once for writing (e.g. muster rebuild) to migrate" \
	$M --db old.db test-guard "SELECT seq FROM pub_rec"
$M --db old.db rebuild > /dev/null
expect_out "guard: migrated to 15, with its eight views" "15|8" \
	sqlite3 old.db "SELECT (SELECT user_version FROM pragma_user_version) || '|' || (SELECT count(*) FROM sqlite_master WHERE type = 'view')"
$M --db old.db strength --json > strength.after
cmp -s strength.before strength.after && ok "guard: the migrated file answers as before" ||
	fail "guard: the migrated file's answer" "$(diff strength.before strength.after | head -4)"
expect_out "guard: the migrated file verifies" "derived tables match the log" $M --db old.db verify
