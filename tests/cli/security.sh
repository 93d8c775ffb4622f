# security.sh: hostile input against muster serve on 127.0.0.1. SQL
# injection in every query parameter of every question and in every field of
# every form; HTML and <script> in every field, shown escaped; forged and
# missing CSRF tokens (403); a cookie used after sign-out, an expired session,
# a disabled user's live session (all refused); the limit on failed sign-ins
# (429) per pair of name and address, with backoff; cookie attributes, with TLS too; path
# traversal, oversized and malformed forms. The file stays consistent.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db s.db init --bundled > /dev/null 2>&1 || { fail "security: init" "failed"; exit 0; }
S="$M --db s.db"
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
printf 'editor pass 456\n' | $S user add ed2 --role editor > /dev/null
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
printf 'admin pass 1234\n' | $S user add ada --role admin > /dev/null
start_server s.db || { fail "security: serve" "$(cat serve.log)"; exit 0; }

# ---- sessions and cookies ----
code=$(signin ed.jar ed 'editor pass 123')
[ "$code" = 303 ] && ok "security: an editor signs in (303)" || fail "security: sign in" "$code"
$C -c pre.jar -D pre.h -o /dev/null "$U/signin"
grep -qi '^Set-Cookie: muster_presession=[0-9a-f]\{64\}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict' pre.h &&
	ok "security: the sign-in form's cookie is HttpOnly and SameSite=Strict" || fail "security: presession cookie" "$(grep -i cookie pre.h)"
tok=$(csrf_in signin.html)
$C -b pre.jar -D in.h -o /dev/null --data-urlencode "csrf=$(sed -n 's/.*muster_presession\t//p' pre.jar)" \
	--data-urlencode name=ada --data-urlencode 'password=admin pass 1234' "$U/signin"
tr -d '\r' < in.h | grep -q '^Set-Cookie: muster_session=[0-9a-f]\{64\}; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict$' &&
	ok "security: the session cookie: HttpOnly, SameSite=Strict, 8 hours, not Secure over plain HTTP" ||
	fail "security: session cookie" "$(grep -i set-cookie in.h)"
token=$(sed -n 's/.*muster_session\t//p' ed.jar)
th=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
[ "$(sqlite3 s.db "SELECT count(*) FROM sessions WHERE token_hash = '$th'")" = 1 ] &&
	[ "$(sqlite3 s.db "SELECT count(*) FROM sessions WHERE token_hash = '$token' OR csrf = '$token'")" = 0 ] &&
	! grep -q "$token" s.db s.db-wal 2>/dev/null && ok "security: the file keeps only the token's SHA-256" ||
	fail "security: token stored" "the token itself is in the file"
expect_out "security: user list counts live sessions" "ed                       editor     active   1" $S user list

# CSRF: a POST without the session's token is refused, 403, nothing written.
before=$(state s.db)
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data-urlencode country=KEN --data-urlencode status=formal \
	--data-urlencode sources=wikipedia-mss-2025-01 "$U/add/pledge")
[ "$code" = 403 ] && [ "$(alert r.html)" = "the form's security token is missing or wrong (the form is stale, or was not sent from this site): reload the page and try again" ] &&
	ok "security: a form without its CSRF token: 403" || fail "security: missing csrf" "$code $(alert r.html)"
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data-urlencode "csrf=$(printf '%064d' 7)" --data-urlencode country=KEN \
	--data-urlencode status=formal --data-urlencode sources=wikipedia-mss-2025-01 "$U/add/pledge")
[ "$code" = 403 ] && ok "security: a forged CSRF token: 403" || fail "security: forged csrf" "$code"
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data-urlencode "csrf=$(sed -n 's/.*muster_presession\t//p' pre.jar)" \
	--data-urlencode country=KEN --data-urlencode status=formal --data-urlencode sources=wikipedia-mss-2025-01 "$U/add/pledge")
[ "$code" = 403 ] && ok "security: another session's token: 403" || fail "security: other token" "$code"
code=$($C -o r.html -w '%{http_code}' --data-urlencode csrf= --data-urlencode name=ed --data-urlencode 'password=editor pass 123' "$U/signin")
[ "$code" = 403 ] && ok "security: a sign-in without the form's cookie: 403" || fail "security: signin csrf" "$code"
[ "$(state s.db)" = "$before" ] && ok "security: refused forms wrote nothing" || fail "security: state" "changed"
code=$(post ed.jar /add/pledge r.html country=KEN status=formal personnel=5 sources=wikipedia-mss-2025-01)
[ "$code" = 201 ] && ok "security: the same form with the token: 201" || fail "security: valid post" "$code $(alert r.html)"
id=$(sed -n 's/.*href="\/record\/\([0-9a-f]*\)".*/\1/p' r.html | head -1)
[ "$(sqlite3 s.db "SELECT json_extract(body, '\$.entered_by') FROM log WHERE id = '$id'")" = ed ] &&
	ok "security: the record names the signed-in user" || fail "security: entered_by" "not ed"

# A stolen cookie is worthless after sign-out.
cp ed.jar stolen.jar
code=$(post ed.jar /signout r.html)
[ "$code" = 303 ] && ok "security: sign-out: 303" || fail "security: sign-out" "$code"
[ "$(sqlite3 s.db "SELECT count(*) FROM sessions WHERE token_hash = '$th'")" = 0 ] && ok "security: sign-out ends the session in the file" ||
	fail "security: sign-out" "session still there"
code=$($C -b stolen.jar -o r.html -w '%{http_code}' "$U/add/pledge")
[ "$code" = 403 ] && grep -q 'href="/signin">Sign in' r.html && ok "security: the old cookie after sign-out: anonymous, 403" ||
	fail "security: stolen cookie GET" "$code"
code=$($C -b stolen.jar -o r.html -w '%{http_code}' --data-urlencode "csrf=$(csrf_in csrf.html)" --data-urlencode country=KEN \
	--data-urlencode status=formal --data-urlencode sources=wikipedia-mss-2025-01 "$U/add/pledge")
[ "$code" = 403 ] && ok "security: the old cookie and its token after sign-out: POST refused" || fail "security: stolen cookie POST" "$code"

# An expired session is no session.
signin ed.jar ed 'editor pass 123' > /dev/null
sqlite3 s.db "UPDATE sessions SET expires = strftime('%s', 'now') - 1 WHERE name = 'ed'"
code=$($C -b ed.jar -o r.html -w '%{http_code}' "$U/add")
[ "$code" = 403 ] && ok "security: an expired session: 403" || fail "security: expiry" "$code"

# A disabled user's live session ends, and they cannot sign in again.
[ "$(signin ed2.jar ed2 'editor pass 456')" = 303 ] || fail "security: ed2 signs in" "refused"
code=$($C -b ed2.jar -o r.html -w '%{http_code}' "$U/add")
[ "$code" = 200 ] && ok "security: a live session: /add answers 200" || fail "security: live session" "$code"
$S user disable ed2 > /dev/null
code=$($C -b ed2.jar -o r.html -w '%{http_code}' "$U/add")
[ "$code" = 403 ] && ok "security: disabling a user ends their live session" || fail "security: disabled session" "$code"
code=$(signin ed2.jar ed2 'editor pass 456')
[ "$code" = 403 ] && [ "$(alert signin.out)" = "wrong user name or password, or the account is disabled" ] &&
	ok "security: a disabled user cannot sign in (403, the one message)" || fail "security: disabled sign-in" "$code $(alert signin.out)"
! grep -q 'editor pass 456' signin.out && ok "security: a failed sign-in does not echo the password" || fail "security: echo" "password shown"

# The limit on failed sign-ins: per pair of name and address, with backoff
# (3 free failures, then 1, 2, 4, … seconds, at most 15 minutes); 20
# failures from one address in 15 minutes, whatever the names, hold that
# address. A stranger cannot lock a user out.
sqlite3 s.db "DELETE FROM signin_failures"
for i in 1 2 3 4; do
	code=$(signin x.jar olive "wrong $i password")
	[ "$code" = 403 ] || fail "security: failure $i" "$code"
done
# Two more failures just now: the 6th waits 4 s from it.
sqlite3 s.db "INSERT INTO signin_failures SELECT strftime('%s', 'now'), 'olive', '127.0.0.1' FROM (SELECT 1 UNION ALL SELECT 2)"
code=$(signin x.jar olive 'oversight pass 1')
[ "$code" = 429 ] && grep -q 'Too many failed sign-ins for this user name from this address: wait [1-4] seconds\{0,1\}, then try again' signin.out &&
	ok "security: after 6 failures the pair waits 4 s, even with the right password (429)" || fail "security: limit" "$code $(alert signin.out)"
C0=$C
C="$C0 --interface 127.0.0.3"
[ "$(signin o3.jar olive 'oversight pass 1')" = 303 ] &&
	ok "security: the same user signs in at once from another address (a stranger's failures lock nobody out)" ||
	fail "security: another address" "refused"
C=$C0
sqlite3 s.db "UPDATE signin_failures SET at = at - 5"
[ "$(signin x.jar olive 'oversight pass 1')" = 303 ] && ok "security: once the wait is over the pair signs in" ||
	fail "security: after the wait" "refused"
sqlite3 s.db "DELETE FROM signin_failures; INSERT INTO signin_failures SELECT strftime('%s', 'now'), 'olive', '127.0.0.1' FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8)"
$C -c x.jar -o signin.html "$U/signin"
hdr=$($C -b x.jar -D - -o /dev/null --data-urlencode "csrf=$(csrf_in signin.html)" --data-urlencode name=olive \
	--data-urlencode password=x "$U/signin" | tr -d '\r')
case "$hdr" in *"Retry-After: 16"*|*"Retry-After: 15"*) ok "security: after 8 failures the pair waits 16 s (Retry-After)" ;;
*) fail "security: backoff" "$hdr" ;; esac
sqlite3 s.db "UPDATE signin_failures SET at = at - 86400"
[ "$(signin x.jar olive 'oversight pass 1')" = 303 ] && ok "security: failures older than a day no longer count" ||
	fail "security: a day" "still waiting"
sqlite3 s.db "DELETE FROM signin_failures"
for i in $(seq 1 20); do signin x.jar "nobody$i" 'any password here' > /dev/null; done
[ "$(signin x.jar ed 'editor pass 123')" = 429 ] && ok "security: 20 failures from one address hold that address for any name" ||
	fail "security: address limit" "not 429"
C="$C0 --interface 127.0.0.3"
[ "$(signin e3.jar ed 'editor pass 123')" = 303 ] && ok "security: ... and no other address" || fail "security: address limit" "other address held"
C=$C0
sqlite3 s.db "UPDATE signin_failures SET at = at - 15 * 60 - 1"
[ "$(signin ed.jar ed 'editor pass 123')" = 303 ] && ok "security: failures older than 15 minutes no longer hold the address" ||
	fail "security: window" "still locked"
sqlite3 s.db "DELETE FROM signin_failures"
[ "$(signin ol.jar olive 'oversight pass 1')" = 303 ] || fail "security: olive signs in" "refused"
[ "$(signin ad.jar ada 'admin pass 1234')" = 303 ] || fail "security: ada signs in" "refused"

# ---- paths and malformed requests ----
for p in "/add/../../etc/passwd" "/record/..%2F..%2Fetc%2Fpasswd" "/correct/../../../etc/passwd" \
	"/retract/%2e%2e%2f%2e%2e%2fetc%2fpasswd" "/source/....//....//etc/passwd" "/add/%2e%2e" "/api/v1/record/..%2f..%2fs.db" \
	"/add/pledge/../../../s.db" "/signin/../../etc/passwd"; do
	code=$($C -b ad.jar --path-as-is -o r.html -w '%{http_code}' "$U$p")
	case "$code" in
	400|403|404) ! grep -q -e 'root:' -e 'SQLite format' r.html && ok "security: path $p: $code" || fail "security: path $p" "content leaked" ;;
	*) fail "security: path $p" "status $code" ;;
	esac
done
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data-urlencode "csrf=$(session_csrf ed.jar)" \
	--data-urlencode "note=$(head -c 70000 /dev/zero | tr '\0' a)" "$U/add/pledge")
[ "$code" = 413 ] && ok "security: a 70 KB form: 413" || fail "security: big form" "$code"
code=$($C -b ed.jar -o r.html -w '%{http_code}' -H 'Content-Type: text/plain' --data "csrf=x" "$U/add/pledge")
[ "$code" = 415 ] && ok "security: a form as text/plain: 415" || fail "security: content type" "$code"
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data "csrf=$(session_csrf ed.jar)&country=KEN&country=JAM" "$U/add/pledge")
[ "$code" = 400 ] && [ "$(alert r.html)" = "field country is given twice (give it once)" ] &&
	ok "security: a field given twice: 400" || fail "security: twice" "$code $(alert r.html)"
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data "csrf=$(session_csrf ed.jar)&entered_by=someone" "$U/add/pledge")
[ "$code" = 400 ] && [ "$(alert r.html)" = "field \"entered_by\": set by muster (the signed-in user, the time, the record corrected); leave it out" ] &&
	ok "security: entered_by cannot be forged through a form" || fail "security: entered_by" "$code $(alert r.html)"
code=$($C -b ed.jar -o r.html -w '%{http_code}' --data "csrf=$(session_csrf ed.jar)" "$U/add/vetting")
[ "$code" = 403 ] && ok "security: an editor cannot add vetting records: 403" || fail "security: editor vetting" "$code"
status_of() { $C -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status_of -X POST -d x=1 "$U/strength")" = 405 ] && [ "$(status_of -X PUT -d x=1 "$U/add/pledge")" = 405 ] &&
	[ "$(status_of -X DELETE "$U/record/$id")" = 405 ] && ok "security: POST to a page, PUT, DELETE: 405" || fail "security: methods" "not 405"

# ---- injection and markup, everywhere ----
before=$(state s.db)
$C -o openapi.json "$U/api/v1/openapi.json"
$M test-routes > routes.txt
U="$U" ED=$(sed -n 's/.*muster_session\t//p' ed.jar) OL=$(sed -n 's/.*muster_session\t//p' ol.jar) \
AD=$(sed -n 's/.*muster_session\t//p' ad.jar) python3 - <<'EOF'
import json, os, re, urllib.request, urllib.error, urllib.parse

U = os.environ["U"]
SQLI = ["' OR '1'='1", "2025-01-04'; DROP TABLE log; --", "\" UNION SELECT body FROM log --", "1) OR (1=1"]
SCRIPT = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

def request(path, cookie="", data=None):
    h = {"Cookie": "muster_session=" + cookie} if cookie else {}
    req = urllib.request.Request(U + path, data=data, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def report(ok, name, why=""):
    print(("ok - security: %s" if ok else "not ok - security: %s: " + why) % name)

# 1. Every query parameter of every question, on its page and its API route.
spec = json.load(open("openapi.json"))["paths"]
pages = {l.split()[2]: l.split()[1] for l in open("routes.txt") if l.split()[0] == "page" and l.split()[2] != "-"}
for path, ops in sorted(spec.items()):
    params = [p["name"] for p in ops["get"]["parameters"] if p["in"] == "query"]
    q = path.rsplit("/", 1)[-1]
    bad = []
    n = 0
    for name in params:
        for v in SQLI + [SCRIPT]:
            for p in (path, pages.get(q)):
                if not p:
                    continue
                s, body = request(p + "?" + urllib.parse.urlencode({name: v}))
                n += 1
                if s not in (200, 400, 404):
                    bad.append("%s %s=%s: %d" % (p, name, v, s))
                elif re.search(r"sqlite|syntax error|SQL logic", body, re.I):
                    bad.append("%s %s: an SQL error shown" % (p, name))
                elif p.startswith("/api/"):
                    try:
                        json.loads(body)
                    except ValueError:
                        bad.append("%s: not JSON" % p)
                elif "<script>alert(1)" in body or "<img src=x" in body:
                    bad.append("%s %s: markup not escaped" % (p, name))
    if params:
        report(not bad, "%d hostile values in the parameters of %s (%s)" % (n, path, ", ".join(params)), "; ".join(bad[:3]))

# 2. Every field of every form a role may post: SQL text and markup are refused
# with the field's message (shown escaped) or stored as they are and shown escaped.
ED, OL = os.environ["ED"], os.environ["OL"]
def csrf(cookie):
    return re.search(r'name="csrf" value="([0-9a-f]*)"', request("/signout", cookie)[1]).group(1)
SRC = "wikipedia-mss-2025-01"
base = {
    "source": (ED, {"publisher": "P", "title": "T", "grade": "B"}),
    "pledge": (ED, {"country": "KEN", "status": "formal", "sources": SRC}),
    "arrival": (ED, {"country": "KEN", "personnel": "3", "date": "2024-06-25", "sources": SRC}),
    "strength": (ED, {"country": "KEN", "personnel": "401", "date": "2024-07-01", "sources": SRC}),
    "funding": (ED, {"donor_org": "Org", "stage": "pledged", "amount": "10.00", "currency": "USD", "sources": SRC}),
    "place": (ED, {"name": "Somewhere", "sources": SRC}),
    "vetting": (OL, {"country": "KEN", "scheme": "un", "subject_type": "person", "subject": "S", "result": "pending",
                     "date": "2024-06-01", "visibility": "restricted"}),
    "complaint": (OL, {"category": "other_misconduct", "status": "received", "date": "2025-01-01",
                       "visibility": "restricted"}),
}
counter = [0]
for kind, (cookie, fields) in base.items():
    tok = csrf(cookie)
    form = request("/add/" + kind, cookie)[1]
    names = [n for n in re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', form) if n != "csrf"]
    bad, stored, refused = [], 0, 0
    for name in names:
        for v in SQLI + [SCRIPT]:
            counter[0] += 1
            data = dict(fields)
            data["note"] = "n%d" % counter[0]          # every try says something new
            if kind in ("source", "place"):
                data["ref"] = "sec-%s-%d" % (kind, counter[0])
            data[name] = v
            data["csrf"] = tok
            s, body = request("/add/" + kind, cookie, urllib.parse.urlencode(data).encode())
            if "<script>alert(1)" in body or "<img src=x" in body:
                bad.append("%s=%s: markup not escaped (%d)" % (name, v[:10], s))
                continue
            if s == 400:
                refused += 1
                if 'role="alert"' not in body:
                    bad.append("%s: 400 without its message" % name)
                continue
            if s != 201:
                bad.append("%s=%s: status %d" % (name, v[:10], s))
                continue
            stored += 1
            rid = re.search(r'href="/record/([0-9a-f]+)"', body).group(1)
            s2, rec = request("/api/v1/record/" + rid, cookie)
            got = json.loads(rec)["answer"]["record"].get(name) if s2 == 200 else None
            if got != v:
                bad.append("%s: stored as %r" % (name, got))
            s3, page = request("/record/" + rid, cookie)
            if "<script>alert(1)" in page or "<img src=x" in page or (v == SCRIPT and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img" not in page):
                bad.append("%s: the record page does not escape it" % name)
    report(not bad, "%s form: every field (%s) with SQL and markup: %d stored as typed, %d refused with their message"
           % (kind, " ".join(names), stored, refused), "; ".join(bad[:3]))

# 3. The pages that list what was stored show it escaped.
for p in ("/sources", "/pledges", "/places", "/conflicts", "/timeline", "/"):
    s, body = request(p, ED)
    report(s == 200 and "<script>alert(1)" not in body and "<img src=x" not in body, "page %s escapes the stored markup" % p,
           "status %d" % s)
EOF
after=$(state s.db)
[ "$(sqlite3 s.db 'PRAGMA integrity_check')" = ok ] && ok "security: the file is intact" || fail "security: integrity" "not ok"
[ "$(sqlite3 s.db "SELECT count(*) FROM sqlite_master WHERE name IN ('log', 'rec', 'users', 'sessions')")" = 4 ] &&
	ok "security: every table is still there" || fail "security: tables" "one was dropped"
expect_out "security: verify after the attack" "derived tables match the log" $S verify
[ "${after%% *}" -gt "${before%% *}" ] && ok "security: what was stored was appended (${before%% *} -> ${after%% *} records)" ||
	fail "security: appended" "$before -> $after"
stop_server

# ---- TLS: cookies become Secure ----
if command -v openssl > /dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 > /dev/null 2>&1
	C="curl -s -k --max-time 20"
	if start_server s.db --tls-cert cert.pem --tls-key key.pem; then
		$C -D tls.h -o /dev/null "$U/signin"
		tr -d '\r' < tls.h | grep -q '^Set-Cookie: muster_presession=[0-9a-f]*; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure$' &&
			grep -qi '^Strict-Transport-Security: max-age=31536000' tls.h && ok "security: over TLS the cookie is Secure, with HSTS" ||
			fail "security: TLS cookie" "$(grep -i -e cookie -e strict tls.h)"
		[ "$(signin tls.jar olive 'oversight pass 1')" = 303 ] && ok "security: sign-in over TLS" || fail "security: TLS sign-in" "refused"
		stop_server
	else
		fail "security: serve over TLS" "$(tail -2 serve.log)"
	fi
	C="curl -s --max-time 20"
else
	fail "security: TLS" "openssl is not installed (scripts/deps.sh installs it)"
fi
start_server s.db --secure-cookies || { fail "security: serve --secure-cookies" "$(cat serve.log)"; exit 0; }
$C -D sc.h -o /dev/null "$U/signin"
tr -d '\r' < sc.h | grep -q '^Set-Cookie: muster_presession=.*; Secure$' && ok "security: --secure-cookies behind a TLS proxy" ||
	fail "security: --secure-cookies" "$(grep -i cookie sc.h)"
stop_server
expect_err "security: --tls-cert without --tls-key" - 2 \
	"muster serve: --tls-cert and --tls-key go together (the certificate and its key)" $S serve --tls-cert cert.pem
expect_err "security: a key that is not PEM" - 2 "--tls-key s.db: not a PEM file (give the certificate and the key as PEM)" \
	$S serve --tls-cert cert.pem --tls-key s.db
