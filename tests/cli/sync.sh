# sync.sh: muster sync between files served by muster serve on 127.0.0.1:
# both ways until both hold the union (counts, digests equal, verify passes on
# both); the union keeps two bases' same statement and same ref; three files
# converge whatever the order of partitions and heals; one way (--pull,
# --push); a replayed push changes nothing; restricted records travel only
# to and from roles that read them, never in a public pull; a forged record,
# a disabled user and malformed messages are refused with named errors; over
# HTTPS with --cacert. The server is always stopped, by the test or the trap.
. "$MUSTER_ROOT/tests/cli/lib.sh"
command -v curl > /dev/null || { fail "sync: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

# digest DB [public]: the digest verify prints for the set (or the public set).
digest() {
	$M --db "$1" verify --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['${2:+public_}digest'])"
}
# base DB NAME N: a new file with a source NAME-src and N arrivals citing it.
base() {
	$M --db "$1" init > /dev/null
	$M --db "$1" add source --ref "$2-src" --publisher "$2" --title "Reports of $2" --grade C > /dev/null
	i=1
	while [ $i -le "$3" ]; do
		$M --db "$1" add arrival --date 2025-01-0$i --country KEN --category police --personnel $i --unit "$2" \
			--sources "$2-src" > /dev/null
		i=$((i + 1))
	done
}
# serve DB: (re)starts the one server on DB.
serve() {
	[ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null; pid=""; }
	start_server "$1" || { fail "sync: serve $1" "no port answered: $(tail -3 serve.log)"; exit 0; }
}
PW_ADA='admin pass 1234'
# as_ada DB [ARGS]: sync DB with the server as the admin ada.
as_ada() {
	db=$1
	shift
	printf '%s\n' "$PW_ADA" | $M --db "$db" sync "$U" --user ada "$@"
}

base hq.db hq 3
base b1.db b1 2
base b2.db b2 1
for db in hq.db b1.db b2.db; do
	printf '%s\n' "$PW_ADA" | $M --db $db user add ada --role admin > /dev/null
	printf 'editor pass 123\n' | $M --db $db user add ed --role editor > /dev/null
done
printf 'gone user pass\n' | $M --db hq.db user add gone --role admin > /dev/null
$M --db hq.db user disable gone > /dev/null
# The same statement entered at two bases, and the same ref: two records.
for db in b1.db b2.db; do
	MUSTER_USER=clerk-$db $M --db $db add source --ref shared-ref --publisher UN --title "Same title" --grade A > /dev/null
done
# A restricted record at hq and at b1.
$M --db hq.db add source --ref hq-secret --publisher P --title "Restricted at hq" --grade C --visibility restricted > /dev/null
$M --db b1.db add source --ref b1-secret --publisher P --title "Restricted at b1" --grade C --visibility restricted > /dev/null

serve hq.db
expect_err "sync: a URL that is not one" b1.db 2 \
	'muster sync: "ftp://x" is not a muster serve'"'"'s address: give http://HOST:PORT or https://HOST:PORT (e.g. https://hq.example.org)' \
	$M --db b1.db sync ftp://x
expect_err "sync: --pull and --push together" b1.db 2 \
	"muster sync: --pull and --push go one way each: give one of them, or neither to go both ways" \
	$M --db b1.db sync "$U" --pull --push
expect_err "sync: the public cannot push" b1.db 2 \
	"muster sync: --push needs --user NAME (an editor, oversight or admin of $U)" $M --db b1.db sync "$U" --push
expect_err "sync: a disabled user's sync is refused" b1.db 2 \
	"$U/sync/v1 answers: wrong user name or password, or the account is disabled" \
	sh -c "printf 'gone user pass\n' | $M --db b1.db sync $U --user gone"

# b1 <-> hq as admin: b1 gets hq's 5 (source, 3 arrivals, restricted source); hq gets b1's 5.
as_ada b1.db > out.txt 2>&1
has "sync b1<->hq: counts" out.txt "synced with $U as admin ada: pulled 5 records, pushed 5" "both hold the same 10 records: digest"
[ "$(digest b1.db)" = "$(digest hq.db)" ] && ok "sync b1<->hq: verify's digests are equal" || fail "sync b1<->hq: digests" "$(digest b1.db) $(digest hq.db)"
# Each file keeps its own order of arrival: the same records, two chains.
[ "$(state b1.db | cut -d' ' -f1)" = 10 ] && [ "$(state b1.db)" != "$(state hq.db)" ] &&
	ok "sync: each file keeps its own chain (10 records, heads differ, digests equal)" || fail "sync: chains" "$(state b1.db) / $(state hq.db)"
$M --db b1.db verify > /dev/null && $M --db hq.db verify > /dev/null && ok "sync b1<->hq: verify passes on both" ||
	fail "sync b1<->hq: verify" "$($M --db b1.db verify 2>&1 | tail -2)"
[ "$($M --db b1.db summary --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["answer"]["digest"])')" = "$(digest hq.db public)" ] &&
	ok "sync: summary's digest is the public set's, equal on both" || fail "sync: summary digest" "differs"
as_ada b1.db > again.txt 2>&1
has "sync: a second sync moves nothing" again.txt "pulled 0 records, pushed 0" "both hold the same 10 records"
b1_head=$(state b1.db)

# b2 as an editor: neither side's restricted record travels.
printf 'editor pass 123\n' | $M --db b2.db sync "$U" --user ed > ed.txt 2>&1
has "sync b2<->hq as editor: public records only" ed.txt "as editor ed: pulled 8 records, pushed 3" "both hold the same 11 public records"
n=$(sqlite3 b2.db "SELECT count(*) FROM rec WHERE visibility = 'restricted'")
[ "$n" = 0 ] && ok "sync: no restricted record reached the editor's file" || fail "sync: editor restricted" "$n"
# Both bases' "shared-ref" sources are held side by side at hq: the ref
# names one, the other is kept in ref_shadow (src/core/refs.c, ref_clash.sh).
n=$(sqlite3 hq.db "SELECT (SELECT count(*) FROM rec WHERE ref = 'shared-ref') || ' ' || (SELECT count(*) FROM ref_shadow WHERE ref = 'shared-ref')")
[ "$n" = "1 1" ] && ok "sync: the same ref from two bases is kept twice (the union), the ref naming one" ||
	fail "sync: union of refs" "$n"

# A journalist's copy: a public pull carries no restricted record; a second adds what is new.
$M --db j.db init > /dev/null
$M --db j.db sync "$U" --pull > j.txt 2>&1
has "sync --pull as the public" j.txt "as public: pulled 11 records, pushed 0" "both hold the same 11 public records"
n=$(sqlite3 j.db "SELECT count(*) FROM rec WHERE visibility = 'restricted'")
[ "$n" = 0 ] && ok "sync: a public pull carries no restricted record" || fail "sync: public pull restricted" "$n"
$M --db hq.db add arrival --date 2025-02-01 --country KEN --category police --personnel 9 --unit hq --sources hq-src > /dev/null
$M --db j.db sync "$U" > j2.txt 2>&1
has "sync: the journalist's copy stays current" j2.txt "pulled 1 record, pushed 0" "both hold the same 12 public records"

# One way: --push sends b2's new record and brings nothing back (hq's new arrival stays there).
$M --db b2.db add arrival --date 2025-02-02 --country KEN --category police --personnel 2 --unit b2 --sources b2-src > /dev/null
as_ada b2.db --push > push.txt 2>&1
has "sync --push goes one way" push.txt "as admin ada: pulled 0 records, pushed 1" "(one way: the other side's own records stay there)"

# Three files: b1 and b2 meet only through hq, in two orders; all end equal.
as_ada b2.db > /dev/null 2>&1
as_ada b1.db > /dev/null 2>&1
d_hq=$(digest hq.db) d_b1=$(digest b1.db) d_b2=$(digest b2.db)
[ "$d_hq" = "$d_b1" ] && [ "$d_b1" = "$d_b2" ] && ok "sync: three files converge (b1, b2, b1 through hq)" ||
	fail "sync: three files" "$d_hq $d_b1 $d_b2"
for db in hq.db b1.db b2.db; do $M --db $db verify > /dev/null || fail "sync: verify $db" "$($M --db $db verify 2>&1 | tail -1)"; done
ok "sync: verify passes on the three files"
# The other order, from copies of the starting files: b2 and b1 meet directly first.
base x1.db b1 2 ; base x2.db b2 1 ; base xh.db hq 3
for db in x1.db x2.db xh.db; do printf '%s\n' "$PW_ADA" | $M --db $db user add ada --role admin > /dev/null; done
serve x2.db; as_ada x1.db > /dev/null 2>&1
serve xh.db; as_ada x2.db > /dev/null 2>&1
serve x1.db; as_ada xh.db > /dev/null 2>&1
[ "$(digest x1.db)" = "$(digest x2.db)" ] && [ "$(digest x2.db)" = "$(digest xh.db)" ] &&
	ok "sync: three files converge in another order (b1-b2, b2-hq, hq-b1)" || fail "sync: other order" "differ"
stop_server

# Messages written by hand (python: zlib and JSON): replay, forgery, malformed.
serve hq.db
cat > msg.py <<'PY'
import base64, json, sys, urllib.request, zlib
url, op = sys.argv[1], sys.argv[2]
def send(doc, auth=None, raw=None, ctype="application/x-muster-sync"):
    req = urllib.request.Request(url + "/sync/v1", data=raw if raw is not None else zlib.compress(json.dumps(doc).encode()),
                                 headers={"Content-Type": ctype})
    if auth: req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(zlib.decompress(r.read()))
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read())
tok = send({"v": 1, "op": "hello"}, auth="ada:admin pass 1234")[1]["token"]
recs = [json.loads(l) for l in open("recs.json")]
if op == "replay": print(*send({"v": 1, "op": "put", "token": tok, "records": recs}))
if op == "forge":
    i, b = recs[0]; print(*send({"v": 1, "op": "put", "token": tok, "records": [[i, b.replace('"grade":"C"', '"grade":"A"')]]}))
if op == "public-put": print(*send({"v": 1, "op": "put", "records": recs}))
if op == "garbage": print(*send(None, raw=b"not zlib at all"))
if op == "ctype": print(*send({"v": 1, "op": "hello"}, ctype="application/json"))
if op == "op": print(*send({"v": 1, "op": "drop", "token": tok}))
if op == "version": print(*send({"v": 2, "op": "hello"}))
if op == "nodes": print(*send({"v": 1, "op": "diff", "token": tok, "fl": 16, "nodes": [{"p": "xyz", "n": 1, "f": "0"}]}))
PY
sqlite3 hq.db "SELECT json_array(id, body) FROM log ORDER BY seq LIMIT 3" > recs.json
before=$(state hq.db)
got=$(python3 msg.py "$U" replay)
[ "$got" = "200 {'added': 0, 'held': 3, 'refused': [], 'records': $(sqlite3 hq.db 'SELECT count(*) FROM log'), 'head': '$(sqlite3 hq.db 'SELECT chain FROM log ORDER BY seq DESC LIMIT 1')'}" ] &&
	[ "$(state hq.db)" = "$before" ] && ok "sync: a replayed push changes nothing" || fail "sync: replay" "$got"
id=$(head -1 recs.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][:16])')
got=$(python3 msg.py "$U" forge)
# A forged record is refused by name; the others of the batch would be kept.
full=$(head -1 recs.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')
case "$got" in "200 {'added': 0, 'held': 0, 'refused': [['$full', 'forged record: the text sent as $id hashes to "*" (altered on the way, or not a record of this muster)']], 'records': "*) [ "$(state hq.db)" = "$before" ] && ok "sync: a forged record is refused and named" || fail "sync: forged" "the file changed" ;; *) fail "sync: forged" "$got" ;; esac
expect_msg() {
	got=$(python3 msg.py "$U" "$1")
	[ "$got" = "$2" ] && [ "$(state hq.db)" = "$before" ] && ok "sync: $3" || fail "sync: $3" "$got"
}
expect_msg public-put "403 {'error': 'a sync without a user only pulls public records: push with --user NAME (an editor, oversight or admin of this server)', 'code': 'forbidden'}" "a push without a user is refused"
expect_msg garbage "400 {'error': 'malformed message: not a zlib stream (send the JSON deflated, as Content-Type application/x-muster-sync)', 'code': 'bad_input'}" "a message that is not zlib is refused"
expect_msg ctype "415 {'error': 'send sync messages as application/x-muster-sync (muster sync does)', 'code': 'unsupported_media_type'}" "a message of another type is refused"
expect_msg op "400 {'error': 'malformed message: op must be hello, diff, get or put', 'code': 'bad_input'}" "an unknown op is refused"
expect_msg version "400 {'error': 'malformed message: this server speaks sync version 1 (\"v\": 1); update muster on one side', 'code': 'bad_input'}" "another version is refused"
expect_msg nodes "400 {'error': 'malformed message: a range of diff needs p (a hex prefix), n, f (its fingerprint) and may have ids (an array of names, or of their first il digits: the prefix and 8 more) and after (a name)', 'code': 'bad_input'}" "a malformed range is refused"
stop_server

# A server that is not there: exit 3, the file unchanged.
expect_err "sync: no server" b1.db 3 \
	"the connection failed (what arrived is kept: run muster sync again): http://127.0.0.1:9/sync/v1: Couldn't connect to server" \
	$M --db b1.db sync http://127.0.0.1:9

# HTTPS, trusting the server's certificate with --cacert.
if command -v openssl > /dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 \
		-addext "subjectAltName=IP:127.0.0.1" > /dev/null 2>&1
	$M --db hq.db add arrival --date 2025-03-01 --country KEN --category police --personnel 4 --unit hq --sources hq-src > /dev/null
	if start_server hq.db --tls-cert cert.pem --tls-key key.pem; then
		as_ada b1.db --cacert cert.pem > tls.txt 2>&1
		has "sync over https with --cacert" tls.txt "synced with $U as admin ada: pulled 1 record, pushed 0"
		expect_err "sync over https: an untrusted certificate is refused" j.db 3 \
			"the connection failed (what arrived is kept: run muster sync again): $U/sync/v1: SSL peer certificate or SSH remote key was not OK" \
			$M --db j.db sync "$U"
		stop_server
	else
		fail "sync: https serve" "$(tail -3 serve.log)"
	fi
fi
