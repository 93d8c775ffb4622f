# sync_sign.sh: who sent what is provable (issue 21, point 2; docs/sync.md).
# Records entered by a user with a key are signed; grants and revocations of
# keys are records signed by an admin's key. Three files: hq, and bases b1
# and b2 that trust hq's admin. A signed push is taken; a grant travels b1 ->
# hq -> b2; a record signed by an unknown key, a revoked key, with a flipped
# byte in its signature, or unsigned, is refused by name while the rest of
# the same sync completes, as is a grant signed by a key that is not an
# admin's; a disabled user's push is refused; verify fails
# on a tampered signature. The server is always stopped.
. "$MUSTER_ROOT/tests/cli/lib.sh"
command -v curl > /dev/null || { fail "sync_sign: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

digest() {
	$M --db "$1" verify --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['digest'])"
}
# id DB REF: the first 16 digits of the name of the record with ref REF.
id() {
	sqlite3 "$1" "SELECT substr(l.id, 1, 16) FROM log l JOIN rec r USING(seq) WHERE r.ref = '$2'"
}
# as USER PASSWORD DB ARGS…: a command entered by USER, who signs with their key.
as() {
	u=$1 p=$2 db=$3
	shift 3
	MUSTER_USER=$u MUSTER_PASSWORD=$p $M --db "$db" "$@"
}
src() { as "$1" "$2" "$3" add source --ref "$4" --publisher P --title "Reports of $4" --grade C; }
adduser() { printf '%s\n' "$4" | $M --db "$1" user add "$2" --role "$3" > /dev/null; }
PA='admin pass 1234' PB='bob pass 12345' PE='editor pass 123' PC='cy pass 123456'
sync_ada() {
	db=$1
	shift
	printf '%s\n' "$PA" | $M --db "$db" sync "$U" --user ada "$@"
}

for db in hq.db b1.db b2.db; do $M --db $db init > /dev/null; done
adduser hq.db ada admin "$PA"
adduser hq.db gone editor 'gone pass 1234'
$M --db hq.db user disable gone > /dev/null
adduser b1.db bob admin "$PB"
for u in ed mal rev; do adduser b1.db $u editor "$PE"; done
adduser b2.db cy admin "$PC"
ADA=$($M --db hq.db key show ada | cut -d' ' -f1)
BOB=$($M --db b1.db key show bob | cut -d' ' -f1)
ED=$($M --db b1.db key show ed | cut -d' ' -f1)
MAL=$($M --db b1.db key show mal | cut -d' ' -f1)
REV=$($M --db b1.db key show rev | cut -d' ' -f1)

# Keys and signatures on the command line.
[ ${#ADA} = 64 ] && [ "$ADA" != "$BOB" ] && ok "sync_sign: user add makes a key (key show)" || fail "sync_sign: key show" "$ADA"
expect_err "sync_sign: a user with a key needs the password to enter" b1.db 2 \
	"muster add: user ed holds a signing key: give their password in MUSTER_PASSWORD, or run on a terminal to be asked (nothing was entered)" \
	sh -c "MUSTER_USER=ed $M --db b1.db add source --ref x --publisher P --title T --grade C < /dev/null"
expect_err "sync_sign: a wrong password signs nothing" b1.db 2 \
	"muster add: the password given for ed does not open their signing key (nothing was entered)" \
	src ed 'wrong pass 123' b1.db x
expect_err "sync_sign: an editor cannot grant" b1.db 2 \
	"ed's key is not an admin's here: only an admin (or a key granted as an admin's) grants and revokes keys" \
	as ed "$PE" b1.db key grant mal
expect_err "sync_sign: a grant needs a signer with a key" b1.db 2 \
	"a grant or revocation is signed by an admin's key, and tester holds none here (--user or MUSTER_USER names an admin: muster user add NAME --role admin)" \
	$M --db b1.db key grant ed

# b1: ed enters two records (before their grant: grants travel first); bob
# grants ed, rev and hq's ada (as an admin: b1 trusts what ada grants).
src ed "$PE" b1.db ed-src > /dev/null
as ed "$PE" b1.db add arrival --date 2025-01-02 --country KEN --category police --personnel 5 --unit b1 --sources ed-src > /dev/null
expect_out "sync_sign: an admin grants a local user's key" "granted key $(echo $ED | cut -c1-16) of ed (editor): record" \
	as bob "$PB" b1.db key grant ed
as bob "$PB" b1.db key grant rev > /dev/null
expect_out "sync_sign: an admin grants another file's admin key" "granted key $(echo $ADA | cut -c1-16) of ada (admin)" \
	as bob "$PB" b1.db key grant ada "$ADA" --role admin
# hq: ada enters a record and grants bob's key as an admin's.
src ada "$PA" hq.db hq-src > /dev/null
as ada "$PA" hq.db key grant bob "$BOB" --role admin > /dev/null
# b2: cy trusts hq's ada as an admin.
as cy "$PC" b2.db key grant ada "$ADA" --role admin > /dev/null
n=$(sqlite3 b1.db "SELECT count(*) FROM sigs")
[ "$n" = 5 ] && ok "sync_sign: every record entered by a user with a key is signed (5 at b1)" || fail "sync_sign: signed at b1" "$n"
expect_out "sync_sign: key list" "records arriving by sync must be signed by a trusted key" $M --db b1.db key list

start_server hq.db || { fail "sync_sign: serve" "$(tail -3 serve.log)"; exit 0; }
# A signed push is taken, both ways.
sync_ada b1.db > s1.txt 2>&1
has "sync_sign: signed records and grants are taken both ways" s1.txt \
	"synced with $U as admin ada: pulled 2 records, pushed 5" "both hold the same 7 records"
[ "$(sqlite3 hq.db 'SELECT count(*) FROM sigs')" = 7 ] && ok "sync_sign: the signatures travel with the records" ||
	fail "sync_sign: signatures at hq" "$(sqlite3 hq.db 'SELECT count(*) FROM sigs')"
# The grant of ed's key travels b1 -> hq -> b2: b2 takes ed's records.
printf '%s\n' "$PA" | $M --db b2.db sync "$U" --user ada --pull > s2.txt 2>&1
has "sync_sign: a grant travels base -> hq -> other base" s2.txt "pulled 7 records, pushed 0"
n=$(sqlite3 b2.db "SELECT count(*) FROM rec r WHERE r.ref = 'ed-src'")
[ "$n" = 1 ] && ok "sync_sign: b2 took ed's record through bob's grant, through ada's" || fail "sync_sign: b2 ed-src" "$n"

# ada revokes rev's key at hq; then at b1 a good record and four bad ones.
expect_out "sync_sign: an admin revokes a key" "revoked key $(echo $REV | cut -c1-16) of rev: record" \
	as ada "$PA" hq.db key revoke rev
src ed "$PE" b1.db ed-2 > /dev/null
src mal "$PE" b1.db mal-src > /dev/null
src rev "$PE" b1.db rev-src > /dev/null
src ed "$PE" b1.db flip-src > /dev/null
$M --db b1.db add source --ref bare-src --publisher P --title "Unsigned" --grade C > /dev/null
# A grant signed by ed, whose key is an editor's: it grants nothing anywhere.
as ed "$PE" b1.db add key --action grant --user x --key "$MAL" --role admin > /dev/null
xid=$(sqlite3 b1.db "SELECT substr(l.id, 1, 16) FROM log l JOIN key_grant k USING(seq) WHERE k.user = 'x'")
# A flipped byte in flip-src's signature (behind muster's back).
fid=$(sqlite3 b1.db "SELECT l.id FROM log l JOIN rec r USING(seq) WHERE r.ref = 'flip-src'")
sqlite3 b1.db "DROP TRIGGER sigs_no_update; UPDATE sigs SET sig = (CASE substr(sig, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(sig, 2) WHERE id = '$fid'"
$M --db b1.db verify > v.txt 2>&1
rc=$?
[ $rc = 4 ] && [ "$(cat v.txt)" = "muster: verify: record 11 ($(echo $fid | cut -c1-16)): its signature does not verify with key $(echo $ED | cut -c1-16) (the signature, the key or the record was changed)
muster: verify: 1 problem in b1.db (13 records): signatures that do not verify" ] &&
	ok "sync_sign: verify fails on a tampered signature, named" || fail "sync_sign: verify tampered" "exit $rc: $(cat v.txt)"
sync_ada b1.db > s3.txt 2> s3.err
rc=$?
[ $rc = 2 ] && ok "sync_sign: a sync with refused records exits 2" || fail "sync_sign: exit" "$rc $(cat s3.err)"
has "sync_sign: the rest of the sync completes (the revocation pulled, ed's record pushed)" s3.txt \
	"synced with $U as admin ada: pulled 1 record, pushed 1"
has "sync_sign: a record signed by an unknown key is refused by name" s3.txt \
	"refused there: unknown key: record $(id b1.db mal-src) (source) is signed by key $(echo $MAL | cut -c1-16), which no admin here granted (an admin here: muster key grant USER KEY)"
has "sync_sign: a record signed by a revoked key is refused by name" s3.txt \
	"refused there: revoked key: record $(id b1.db rev-src) (source) is signed by key $(echo $REV | cut -c1-16) of rev, revoked by record $(sqlite3 hq.db "SELECT substr(l.id, 1, 16) FROM log l JOIN key_grant k USING(seq) WHERE k.action = 'revoke'")"
has "sync_sign: a signature with a flipped byte is refused by name" s3.txt \
	"refused there: forged signature: record $(echo $fid | cut -c1-16) (source) is not signed by key $(echo $ED | cut -c1-16) (the record or its signature was altered, or it is another key's)"
has "sync_sign: an unsigned record is refused by name" s3.txt \
	"refused there: unsigned record: record $(id b1.db bare-src) (source) carries no signature, and this file takes only signed records once it holds a key grant (muster key unsigned accept takes them)"
has "sync_sign: a grant signed by a key that is not an admin's is refused by name" s3.txt \
	"refused there: not an admin's key: record $xid grants or revokes a key, and is signed by key $(echo $ED | cut -c1-16) of ed, which was not granted as an admin's here"
[ "$(cat s3.err)" = "muster: 5 records were refused (named above); the rest of the sync completed" ] &&
	ok "sync_sign: the count of refused records is the error" || fail "sync_sign: error line" "$(cat s3.err)"
n=$(sqlite3 hq.db "SELECT count(*) FROM rec WHERE ref IN ('mal-src', 'rev-src', 'flip-src', 'bare-src') OR kind = 'key' AND seq IN (SELECT seq FROM key_grant WHERE user = 'x')")
[ "$n" = 0 ] && [ "$(id hq.db ed-2)" = "$(id b1.db ed-2)" ] && ok "sync_sign: hq holds ed's record and none of the five" ||
	fail "sync_sign: hq holds" "$n"
$M --db hq.db verify > /dev/null && ok "sync_sign: verify passes at hq" || fail "sync_sign: verify hq" "$($M --db hq.db verify 2>&1 | tail -1)"

# A disabled user's push is refused.
expect_err "sync_sign: a disabled user's push is refused" b1.db 2 \
	"$U/sync/v1 answers: wrong user name or password, or the account is disabled" \
	sh -c "printf 'gone pass 1234\n' | $M --db b1.db sync $U --user gone --push"
# hq takes unsigned records once told to; b2 (which does not) refuses it when pulling.
expect_out "sync_sign: key unsigned accept" "unsigned records arriving by sync are taken" $M --db hq.db key unsigned accept
sync_ada b1.db --push > s4.txt 2>&1
has "sync_sign: the unsigned record is taken after key unsigned accept" s4.txt "pulled 0 records, pushed 1" \
	"refused there: unknown key: record $(id b1.db mal-src)"
printf '%s\n' "$PA" | $M --db b2.db sync "$U" --user ada --pull > s5.txt 2>&1
has "sync_sign: a pull refuses by name too, and takes the rest" s5.txt "pulled 2 records, pushed 0" \
	"refused here: unsigned record: record $(id b1.db bare-src) (source) carries no signature"

# A public pull carries the public records' signatures (not a restricted one's); verify checks them.
as ada "$PA" hq.db add source --ref hq-secret --publisher P --title "Restricted" --grade C --visibility restricted > /dev/null
$M --db j.db init > /dev/null
$M --db j.db sync "$U" --pull > j.txt 2>&1
has "sync_sign: a public pull" j.txt "as public: pulled 10 records"
expect_out "sync_sign: the public copy verifies its 9 signatures" "9 signatures verified" $M --db j.db verify
sid=$(sqlite3 hq.db "SELECT l.id FROM log l JOIN rec r USING(seq) JOIN sigs g ON g.id = l.id WHERE r.ref = 'hq-secret'")
n=$(sqlite3 j.db "SELECT count(*) FROM sigs WHERE id = '$sid'")
[ "$n" = 0 ] && [ ${#sid} = 64 ] &&
	ok "sync_sign: the restricted record's signature stays at hq" || fail "sync_sign: restricted signature" "$n"
stop_server

# A new password gives ada a new key; what her old key granted still stands.
printf 'admin pass 5678x\n' | $M --db hq.db user password ada > /dev/null
[ "$($M --db hq.db key show ada | cut -d' ' -f1)" != "$ADA" ] && ok "sync_sign: a new password makes a new key" ||
	fail "sync_sign: new key" "the same"
expect_json "sync_sign: what the admin's old key granted still stands" \
	'sorted((k["user"], k["state"]) for k in d["keys"])' "[('ada', 'trusted'), ('bob', 'trusted'), ('ed', 'trusted'), ('rev', 'revoked')]" \
	$M --db hq.db key list --json
$M --db hq.db verify > /dev/null && ok "sync_sign: verify replays the new key from the users log" ||
	fail "sync_sign: verify after a new key" "$($M --db hq.db verify 2>&1 | tail -1)"
