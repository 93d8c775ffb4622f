# verify.sh: muster verify on an untouched file, then on files tampered with
# directly (bypassing muster): each tampering is caught, named, exit 4.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# The schema of a new file (every migration applied).
LATEST=$($M --db latest.db init > /dev/null && sqlite3 latest.db 'PRAGMA user_version')

$M --db v.db init --bundled > /dev/null 2>&1 || { fail "verify: init" "failed"; exit 0; }
n=$(sqlite3 v.db "SELECT count(*) FROM log")
head=$(sqlite3 v.db "SELECT chain FROM log ORDER BY seq DESC LIMIT 1")
expect_out "verify: an untouched file" "verified: $n records, chain head $head" $M --db v.db verify

# tamper NAME SQL EXPECTED: applies SQL to a copy and expects verify to fail naming it.
tamper() {
	cp v.db t.db
	sqlite3 t.db "DROP TRIGGER log_no_update; DROP TRIGGER log_no_delete; $2" || { fail "$1" "sqlite3 failed"; return; }
	got=$($M --db t.db verify 2>&1)
	rc=$?
	case "$got" in
	*"$3"*) [ $rc -eq 4 ] && ok "$1" || fail "$1" "exit $rc" ;;
	*) fail "$1" "verify said: $got" ;;
	esac
}
tamper "verify: a changed byte in a body" \
	"UPDATE log SET body = replace(body, '\"personnel\":400', '\"personnel\":401') WHERE seq = (SELECT min(seq) FROM log WHERE body LIKE '%\"personnel\":400%');" \
	"its body does not hash to its id (the body was changed)"
tamper "verify: a deleted record" "DELETE FROM log WHERE seq = 10;" \
	"record 10 is missing: the log jumps from 9 to 11 (a record was deleted)"
tamper "verify: a reordered pair" \
	"UPDATE log SET seq = -1 WHERE seq = 20; UPDATE log SET seq = 20 WHERE seq = 21; UPDATE log SET seq = 21 WHERE seq = -1;" \
	"record 20 ("
tamper "verify: a reordered pair breaks the chain" \
	"UPDATE log SET seq = -1 WHERE seq = 20; UPDATE log SET seq = 20 WHERE seq = 21; UPDATE log SET seq = 21 WHERE seq = -1;" \
	"the chain breaks here"
tamper "verify: an edited derived table" "UPDATE movement SET personnel = personnel + 1 WHERE seq = (SELECT min(seq) FROM movement);" \
	"derived table movement differs from the log: 1 rows missing, 1 rows not from the log"
# Two rows' values swapped: every column holds the same values as before, only
# the rows differ (verify sums each row's hash, not each column's).
tamper "verify: two derived rows' values swapped" \
	"CREATE TEMP TABLE p AS SELECT seq, personnel FROM movement WHERE seq = (SELECT min(seq) FROM movement)
	 UNION ALL SELECT seq, personnel FROM movement WHERE seq = (SELECT min(seq) FROM movement
	   WHERE personnel <> (SELECT personnel FROM movement ORDER BY seq LIMIT 1));
	 UPDATE movement SET personnel = (SELECT personnel FROM p WHERE p.seq <> movement.seq) WHERE seq IN (SELECT seq FROM p);" \
	"derived table movement differs from the log: 2 rows missing, 2 rows not from the log"
# The rebuild keeps the search rows without FTS5's index: a row's words are compared.
tamper "verify: a search row's words changed" \
	"UPDATE search SET body = body || ' forged' WHERE rowid = (SELECT min(rowid) FROM search);" \
	"derived table search differs from the log: 1 rows missing, 1 rows not from the log"
tamper "verify: an edited running total" "UPDATE mv_span SET cum = cum + 100 WHERE day > 0;" "derived table mv_span differs from the log"
tamper "verify: the guards removed" "SELECT 1;" "the log's guards against updates and deletes were removed"
cp v.db r.db
sqlite3 r.db "UPDATE movement SET personnel = 0" && $M --db r.db rebuild > /dev/null && $M --db r.db verify > /dev/null \
	&& ok "verify: rebuild repairs a derived table" || fail "verify: rebuild repairs" "still failing"

# The migration path: a file of schema 1 is refused for reading, migrated by
# the first write (derived tables rebuilt, log untouched), then answers again.
cp v.db old.db
sqlite3 old.db "PRAGMA user_version = 1"
expect_err "migration: an old file is not read before it is migrated" old.db 2 \
	"old.db: schema 1 is older than $LATEST; open it once for writing (e.g. muster rebuild) to migrate" \
	$M --db old.db strength --as-of 2025-01-04
$M --db old.db rebuild > /dev/null && [ "$(sqlite3 old.db 'PRAGMA user_version')" = "$LATEST" ] \
	&& [ "$(state old.db)" = "$(state v.db)" ] && ok "migration: rebuild migrates, the log is unchanged" \
	|| fail "migration" "version $(sqlite3 old.db 'PRAGMA user_version')"
expect_out "migration: the migrated file verifies" "verified: $n records" $M --db old.db verify

# Schema 6 kept the log's ids unique by a column constraint; 7 by the index
# log_id, which bulk imports build once at the end. The records are copied
# unchanged, byte for byte, and the guards come back.
cp v.db v6.db
# (A file of schema 6 had none of the readers' views, three of which read the log.)
sqlite3 v6.db "DROP VIEW pub_log; DROP VIEW log_walk; DROP VIEW pub_sig; DROP INDEX log_id; DROP TRIGGER log_no_update; DROP TRIGGER log_no_delete;
	CREATE TABLE log6(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL, chain TEXT NOT NULL);
	INSERT INTO log6 SELECT * FROM log; DROP TABLE log; ALTER TABLE log6 RENAME TO log;
	CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
	CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
	PRAGMA user_version = 6"
logsum() { sqlite3 "$1" "SELECT count(*), sum(length(body)), group_concat(seq || id || chain, '') FROM log" | sha256sum; }
want=$(logsum v.db)
[ "$(logsum v6.db)" = "$want" ] || fail "migration 6: the schema-6 copy" "differs before the migration"
$M --db v6.db rebuild > /dev/null
expect_out "migration 6 to 7: the log's records unchanged" "$want" logsum v6.db
expect_out "migration 6 to 7: ids unique through log_id, no column constraint" "unique 1, constraints 0" \
	sqlite3 v6.db "SELECT 'unique ' || (SELECT \"unique\" FROM pragma_index_list('log') WHERE name = 'log_id')
		|| ', constraints ' || (SELECT count(*) FROM pragma_index_list('log') WHERE origin = 'u')"
expect_out "migration 6 to 7: the guards are back" "verified: $n records" $M --db v6.db verify
if sqlite3 v6.db "UPDATE log SET body = body WHERE seq = 1" 2>/dev/null; then
	fail "migration 6 to 7: the log refuses updates" "an UPDATE went through"
else
	ok "migration 6 to 7: the log refuses updates"
fi
