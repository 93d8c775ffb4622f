# backup.sh: the file is private, writers that cannot wait say "busy", a hot
# journal left by an older muster is rolled back by a question, and
# `muster backup` / `muster restore` copy a file in use (docs/reliability.md).
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

# mode FILE: its permission bits in octal.
mode() { stat -c %a "$1"; }

# Private by default: the file, and its WAL and shared memory while in use.
$M --db p.db init > /dev/null
$M --db p.db add source --ref src --publisher Test --title "Synthetic movements" --grade E > /dev/null
expect_out "private: a new file is 0600" 600 mode p.db
start_server p.db || { fail "private: the server starts" "$(tail -3 serve.log)"; exit 0; }
$C -o /dev/null "$U/api/v1/sources"
[ -e p.db-wal ] && [ "$(mode p.db-wal) $(mode p.db-shm)" = "600 600" ] &&
	ok "private: its -wal and -shm are 0600 while in use" ||
	fail "private: -wal and -shm" "$(ls -l p.db* 2>&1)"
stop_server
got=$($M --db p.db sources 2>&1 > /dev/null)
[ -z "$got" ] && ok "private: no warning on a private file" || fail "private: no warning" "$got"
chmod 644 p.db
got=$($M --db p.db sources 2>&1 > /dev/null)
want="muster: warning: p.db can be read by other users (mode 0644), and it holds restricted records and password hashes; make it private: chmod 600 p.db"
[ "$got" = "$want" ] && ok "private: a question warns of a file others can read" || fail "private: warning" "[$got]"
got=$($M --db p.db add arrival --date 2025-01-01 --country KEN --personnel 1 --sources src 2>&1 > /dev/null)
[ "$got" = "$want" ] && ok "private: a write warns too, once" || fail "private: warning on a write" "[$got]"
chmod 600 p.db

# Busy: a writer that waits longer than MUSTER_WAIT fails with exit 5 and changes nothing.
{ echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;"; } | sqlite3 p.db &
lock=$!
sleep 0.5
t0=$(date +%s)
MUSTER_WAIT=1 expect_err "busy: a writer gives up after MUSTER_WAIT seconds" p.db 5 \
	"muster add: p.db: busy: another program has been writing to the file for 1 s (an import?); nothing was changed: try again when it is done, or wait longer with MUSTER_WAIT=SECONDS" \
	$M --db p.db add arrival --date 2025-01-02 --country KEN --personnel 1 --sources src
expect_out "busy: a question does not wait for the writer" "Test: Synthetic movements" $M --db p.db sources
$M --db p.db add arrival --date 2025-01-03 --country KEN --personnel 1 --sources src > /dev/null 2> add.err &&
	ok "busy: a writer within the wait gets its turn" || fail "busy: a writer within the wait" "$(cat add.err)"
wait $lock
# The same through a form: 503 and the same message, after MUSTER_WAIT.
printf 'editor pass 123\n' | $M --db p.db user add ed --role editor > /dev/null
export MUSTER_WAIT=1
start_server p.db || { fail "busy: the server starts" "$(tail -3 serve.log)"; exit 0; }
unset MUSTER_WAIT
[ "$(signin ed.jar ed 'editor pass 123')" = 303 ] || fail "busy: the editor signs in" "no 303"
tok=$(session_csrf ed.jar)
before=$(state p.db)
{ echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;"; } | sqlite3 p.db &
lock=$!
sleep 0.5
code=$($C -b ed.jar -o busy.html -w '%{http_code}' -d "csrf=$tok" -d country=JAM -d personnel=1 \
	-d date=2025-01-04 -d sources=src "$U/add/arrival")
wait $lock
[ "$code" = 503 ] && [ "$(alert busy.html)" = "the record file: busy: another program has been writing to the file for 1 s (an import?); nothing was changed: try again when it is done, or wait longer with MUSTER_WAIT=SECONDS" ] &&
	[ "$(state p.db)" = "$before" ] && ok "busy: a form gives up after MUSTER_WAIT seconds: 503, nothing changed" ||
	fail "busy: a form" "$code [$(alert busy.html)]"
stop_server

# A hot rollback journal (what a killed import of an older muster left, or
# any program writing in rollback-journal mode): the next question rolls it
# back and answers; no message says to copy the file.
cp p.db h.db
sqlite3 h.db "PRAGMA journal_mode=DELETE" > /dev/null
before=$(state h.db)
{ echo "PRAGMA cache_size=1; BEGIN; INSERT INTO meta VALUES('half', 'done');"
  echo "INSERT INTO log(seq, id, body, chain) SELECT seq + 1000, id || 'x', body, chain FROM log;"; sleep 5; } | sqlite3 h.db &
w=$!
sleep 1
kill -9 $w
wait $w 2>/dev/null
[ -s h.db-journal ] && ok "hot journal: made" || fail "hot journal: made" "$(ls -l h.db* 2>&1)"
expect_out "hot journal: a question answers" "Test: Synthetic movements" $M --db h.db sources
[ ! -e h.db-journal ] && [ "$(state h.db)" = "$before" ] && ok "hot journal: rolled back (the half write is gone)" ||
	fail "hot journal: rolled back" "$(ls h.db*) [$(state h.db)] vs [$before]"
expect_out "hot journal: back in WAL mode" wal sqlite3 h.db "PRAGMA journal_mode"
expect_out "hot journal: verify passes" "derived tables match the log" $M --db h.db verify

# Backup of a file in use: a bulk import runs meanwhile; the copy is the file
# before the import or after it, never between.
{
	echo "kind,mission,date,country,unit,category,personnel,event,sources,note"
	awk 'BEGIN { for (i = 1; i <= 12000; i++)
		printf "arrival,MSS-HTI,2025-01-02,HTI,bulk,police,1,b%d,src,a note to make the rows of this file weigh over a mebibyte and more\n", i }'
} > bulk.csv
before=$(state p.db)
$M --db p.db import bulk.csv > /dev/null &
imp=$!
sleep 0.2
out=$($M --db p.db backup b1.db 2>&1)
rc=$?
wait $imp
after=$(state p.db)
got=$(state b1.db)
[ $rc -eq 0 ] && { [ "$got" = "$before" ] || [ "$got" = "$after" ]; } &&
	ok "backup: during a bulk import, the copy is the file before or after it" ||
	fail "backup: during an import" "exit $rc: $out; copy [$got], before [$before], after [$after]"
case "$out" in
"backed up "*" records (head "*") from p.db into b1.db: "*" bytes, integrity checked") ok "backup: says what it copied" ;;
*) fail "backup: says what it copied" "$out" ;;
esac
expect_out "backup: the copy is 0600" 600 mode b1.db
expect_out "backup: verify passes on the copy" "derived tables match the log" $M --db b1.db verify
$M --db p.db backup b2.db > /dev/null
expect_out "backup: of a file at rest, the same log" "$(state p.db)" state b2.db
expect_err "backup: never overwrites" p.db 2 \
	"muster backup: b2.db: already exists; a backup never overwrites a file: name a new one (e.g. with the date: muster-\$(date +%F).db)" \
	$M --db p.db backup b2.db
expect_err "backup: into a missing folder" p.db 2 \
	"muster backup: cannot create no/such/b.db.partial-PID (No such file or directory); check that its folder exists and can be written" \
	sh -c "$M --db p.db backup no/such/b.db 2>&1 >/dev/null | sed 's/partial-[0-9]*/partial-PID/' >&2; exit 2"
[ -z "$(ls b2.db.partial* 2>/dev/null)" ] && ok "backup: leaves no partial file" || fail "backup: partial file" "$(ls b2.db.partial*)"

# Restore: the copy replaces what a file holds; what it held is kept beside it.
$M --db r.db init > /dev/null
$M --db r.db add source --ref other --publisher Other --title "Other" --grade E > /dev/null
held=$(state r.db)
start_server r.db || { fail "restore: the server starts" "$(tail -3 serve.log)"; exit 0; }
n=$(sqlite3 b2.db "SELECT count(*) FROM log")
head=$(sqlite3 b2.db "SELECT substr(chain, 1, 16) FROM log ORDER BY seq DESC LIMIT 1")
expect_out "restore: into a file being served" \
	"restored $n records (head $head) from b2.db into r.db, integrity checked; what it held (1 record) is kept in r.db.before-restore-20261123T120000Z" \
	$M --db r.db restore b2.db
expect_out "restore: the file holds the copy's log" "$(state b2.db)" state r.db
expect_out "restore: what it held is kept" "$held" state r.db.before-restore-20261123T120000Z
expect_out "restore: the server answers from the copy" "Synthetic movements" $C "$U/api/v1/sources"
stop_server
expect_out "restore: verify passes" "derived tables match the log" $M --db r.db verify
expect_err "restore: a kept file is never overwritten" r.db 2 \
	"muster restore: r.db.before-restore-20261123T120000Z already exists (kept by an earlier restore); move it away and restore again" \
	$M --db r.db restore b1.db
echo "not a database" > junk.db
expect_err "restore: a file that is not a copy changes nothing" r.db 2 \
	"muster restore: junk.db: not a Muster database (file is not a database)" \
	sh -c "mv r.db.before-restore-20261123T120000Z kept.db; $M --db r.db restore junk.db"
$M --db new.db restore b2.db > /dev/null
expect_out "restore: into a new file" "$(state b2.db)" state new.db
expect_out "restore: the new file is 0600" 600 mode new.db

# A copy with pages of another size (a file from before 16 KiB pages) is
# restored only while the file is alone; otherwise nothing changes.
$M --db old.db init > /dev/null
$M --db old.db add source --ref old --publisher Old --title "Old pages" --grade E > /dev/null
sqlite3 old.db "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL" > /dev/null
$M --db old.db backup old-copy.db > /dev/null
start_server new.db || { fail "restore: the server starts" "$(tail -3 serve.log)"; exit 0; }
$C -o /dev/null "$U/api/v1/sources"
expect_err "restore: pages of another size, the file in use: busy, nothing changed" new.db 5 \
	"muster restore: new.db: the copy's pages are of another size, and the file can take them only while no other program has it open; nothing was changed: stop them (muster serve) and restore again" \
	$M --db new.db restore old-copy.db
[ -z "$(ls new.db.before-restore* 2>/dev/null)" ] && ok "restore: a failed restore keeps no copy" ||
	fail "restore: a failed restore keeps no copy" "$(ls new.db.before-restore*)"
stop_server
expect_out "restore: pages of another size, the file alone" "restored 1 records" $M --db new.db restore old-copy.db
expect_out "restore: the file is back in WAL mode, with the copy's pages" "wal 4096" \
	sh -c "echo \$(sqlite3 new.db 'PRAGMA journal_mode') \$(sqlite3 new.db 'PRAGMA page_size')"
expect_out "restore: verify passes" "derived tables match the log" $M --db new.db verify
