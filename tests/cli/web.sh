# web.sh: muster serve on the bundled record, driven with curl on 127.0.0.1
# only: every API route prints the same bytes as the command, errors are the
# command's messages with 400/404, ETag/304, gzip, HEAD, page sizes, the
# as-of form, hostile input (../, a 10 MB query, markup in a record), and a
# clean exit on SIGTERM. The server is always stopped, by the test or the trap.
. "$MUSTER_ROOT/tests/cli/lib.sh"

command -v curl > /dev/null || { fail "web: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "web: init --bundled" "failed"; exit 0; }
S="$M --db h.db"

# Start the server on a free high port (a few tries), wait until it answers.
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"
start_server h.db || { fail "web: serve starts" "no port answered: $(cat serve.log)"; exit 0; }
ok "web: serve starts and answers on 127.0.0.1:$PORT"

# api_same NAME QUERY CLI_ARGS…: /api/v1/NAME?QUERY is byte for byte `muster NAME --json CLI_ARGS`.
api_same() {
	q=$1 query=$2
	shift 2
	$S "$q" --json "$@" > cli.json 2>&1
	code=$($C -o api.json -w '%{http_code} %{content_type}' "$U/api/v1/$q${query:+?$query}")
	if [ "$code" != "200 application/json; charset=utf-8" ]; then fail "api $q?$query" "got $code"; return; fi
	if cmp -s cli.json api.json; then ok "api $q?$query = muster $q --json $*"
	else fail "api $q?$query" "differs from the command: $(diff cli.json api.json | head -4)"; fi
}

for q in strength pledges funding budget mandate missions obligations promises timeline places incidents; do
	api_same "$q" "as_of=2025-01-04" --as-of 2025-01-04
	api_same "$q" ""
done
api_same sources ""
api_same conflicts ""
api_same conflicts "mission=MSS-HTI" --mission MSS-HTI
api_same strength "as_of=2025-01-03&by=category" --as-of 2025-01-03 --by category
api_same strength "by=unit&as_of=2025-06-30" --by unit --as-of 2025-06-30
api_same funding "as_of=2025-02-04&by=channel" --as-of 2025-02-04 --by channel
api_same funding "by=stage" --by stage
api_same budget "as_of=2025-09-30&currency=usd" --as-of 2025-09-30 --currency usd
api_same promises "status=missed" --status missed
api_same timeline "from=2024-06-01&to=2024-12-31" --from 2024-06-01 --to 2024-12-31
api_same places "as_of=2024-11-19&status=operations_under_way" --as-of 2024-11-19 --status operations_under_way
api_same incidents "from=2025-01-01" --from 2025-01-01
id=$($S strength --as-of 2025-01-04 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["records"][0])')
$S show "$id" --json > cli.json 2>&1
$C -o api.json "$U/api/v1/record/$id"
if cmp -s cli.json api.json; then ok "api record/ID = muster show ID --json"; else fail "api record/ID" "differs"; fi

# The OpenAPI document names every API route tested above.
$C -o openapi.json "$U/api/v1/openapi.json"
expect_json "openapi.json lists every question's route" \
	'" ".join(sorted(p.split("/")[3] for p in d["paths"] if p.startswith("/api/")))' \
	"budget complaints conflicts funding head incidents mandate missions obligations openapi.json places pledges promises record search sources strength timeline vetting" \
	cat openapi.json

# api_err NAME STATUS QUERY CLI…: the API answers STATUS with {"error": M}
# where "muster: M" is what the command prints on stderr.
api_err() {
	name=$1 want=$2 path=$3
	shift 3
	msg=$("$@" 2>&1 >/dev/null | sed 's/^muster: //; s/^muster [a-z-]*: //')
	code=$($C -o err.json -w '%{http_code}' "$U$path")
	got=$(python3 -c 'import json,sys; print(json.load(open("err.json"))["error"])' 2>&1)
	if [ "$code" = "$want" ] && [ "$got" = "$msg" ] && [ -n "$msg" ]; then ok "$name"
	else fail "$name" "status $code (want $want), error [$got], command said [$msg]"; fi
}
api_err "api malformed date: 400 with the command's message" 400 "/api/v1/strength?as_of=2025-13-01" \
	$S strength --as-of 2025-13-01 --json
api_err "api bad --by: 400 with the command's message" 400 "/api/v1/strength?by=colour" \
	$S strength --by colour --json
api_err "api bad currency: 400 with the command's message" 400 "/api/v1/funding?currency=XXZ" \
	$S funding --currency XXZ --json
api_err "api bad from: 400 with the command's message" 400 "/api/v1/timeline?from=2024-02-30" \
	$S timeline --from 2024-02-30 --json
api_err "api unknown record: 404 with the command's message" 404 "/api/v1/record/ffffff00" \
	$S show ffffff00 --json

# status NAME WANT URL [CURL OPTIONS…]
status() {
	name=$1 want=$2 url=$3
	shift 3
	code=$($C -o body.out -w '%{http_code}' "$@" "$url")
	case " $want " in
	*" $code "*) ok "$name" ;;
	*) fail "$name" "status $code, want $want" ;;
	esac
}
status "unknown parameter: 400" 400 "$U/api/v1/strength?colour=blue"
status "parameter given twice: 400" 400 "$U/api/v1/strength?as_of=2025-01-04&as_of=2025-01-05"
status "absurd parameter (300 bytes): 400" 400 "$U/api/v1/strength?by=$(printf '%0300d' 0)"
status "malformed date on a page: 400" 400 "$U/strength?as_of=yesterday"
grep -q '&quot;yesterday&quot; is not a day' body.out && ok "the 400 page says what is wrong" || fail "400 page" "no message"
status "unknown page: 404" 404 "$U/no-such-page"
status "unknown API route: 404" 404 "$U/api/v1/no-such-question"
status "unknown record page: 404" 404 "$U/record/ffffff00"
status "../ path: 404 or 400" "400 404" "$U/record/../../etc/passwd" --path-as-is
status "encoded ../ path: 404 or 400" "400 404" "$U/source/..%2F..%2Fetc%2Fpasswd" --path-as-is
status "../ in the API: 404 or 400" "400 404" "$U/api/v1/../../../etc/passwd" --path-as-is
status "POST: 405" 405 "$U/strength" -X POST -d x=1

# A 10 MB query string is refused with a 4xx and the server lives on.
big=$(python3 - "$PORT" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
try:
    s.sendall(b"GET /strength?as_of=" + b"a" * (10 * 1024 * 1024) + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
except OSError:
    pass
data = b""
try:
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
except OSError:
    pass
print(data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "none")
EOF
)
case "$big" in 4??) ok "10 MB query: $big" ;; *) fail "10 MB query" "status [$big], want 4xx" ;; esac
status "server alive after the 10 MB query" 200 "$U/strength"

# ETag from the log head: 304 on If-None-Match, 200 once the record changes.
etag=$($C -D - -o /dev/null "$U/strength?as_of=2025-01-04" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ -n "$etag" ] && ok "ETag sent" || fail "ETag" "none"
status "If-None-Match with the ETag: 304" 304 "$U/strength?as_of=2025-01-04" -H "If-None-Match: $etag"
status "another query has another ETag: 200" 200 "$U/strength?as_of=2025-01-05" -H "If-None-Match: $etag"

# gzip: the raw response says gzip and decompresses to the plain body.
$C -o plain.html "$U/strength?as_of=2025-01-04"
enc=$($C -D - -o raw.gz -H 'Accept-Encoding: gzip' "$U/strength?as_of=2025-01-04" | tr -d '\r' |
	sed -n 's/^[Cc]ontent-[Ee]ncoding: //p')
$C --compressed -o unz.html "$U/strength?as_of=2025-01-04"
if [ "$enc" = gzip ] && cmp -s plain.html unz.html && [ "$(wc -c < raw.gz)" -lt "$(wc -c < plain.html)" ]; then
	ok "gzip: Content-Encoding gzip, $(wc -c < raw.gz) of $(wc -c < plain.html) bytes, same page"
else fail "gzip" "encoding [$enc], sizes $(wc -c < raw.gz)/$(wc -c < plain.html)"; fi
$C -o plain.json "$U/api/v1/strength?as_of=2025-01-04"
$C --compressed -o unz.json "$U/api/v1/strength?as_of=2025-01-04"
cmp -s plain.json unz.json && ok "gzip: the API decompresses to the same bytes" || fail "gzip API" "differs"

# HEAD: the headers of GET, no body.
hdr=$($C -I "$U/strength?as_of=2025-01-04" | tr -d '\r')
n=$($C -I -o /dev/null -w '%{size_download}' "$U/strength?as_of=2025-01-04")
case "$hdr" in
"HTTP/1.1 200"*"text/html; charset=utf-8"*) [ "$n" = 0 ] && ok "HEAD: 200, headers, no body" || fail "HEAD" "$n body bytes" ;;
*) fail "HEAD" "$(echo "$hdr" | head -3)" ;;
esac

# Every page is HTML5 with a language and under 40 KB (but see below), today and on 2025-01-04.
for p in / /strength /pledges /conflicts /funding /budget /mandate /missions /obligations /promises /timeline /places \
	/incidents "/record/$id" /source/trinidad-guardian-2025-01-04; do
	for q in "" "?as_of=2025-01-04"; do
		case "$p$q" in /conflicts?*|/record/*?*|/source/*?*) continue ;; esac
		code=$($C -o page.html -w '%{http_code} %{content_type}' "$U$p$q")
		size=$(wc -c < page.html)
		# The places page with its map (the map is not counted in web_i18n.sh) may take
		# 64 KB; the timeline pages its list (issue 20) and stays under 40 KB.
		limit=40960
		case "$p$q" in /places|/places?*) limit=65536 ;; esac
		if [ "$code" = "200 text/html; charset=utf-8" ] && [ "$size" -lt $limit ] &&
			grep -q '^<!DOCTYPE html>' page.html && grep -q '<html lang="en">' page.html; then
			ok "page $p$q: $size bytes"
		else fail "page $p$q" "$code, $size bytes"; fi
	done
done

# The as-of form submits as GET, and its answer shows 590 on 2025-01-04.
$C -o form.html "$U/strength"
if grep -q '<form method="get" action="/strength">' form.html && grep -q '<label for="as_of">' form.html &&
	grep -q '<input type="date" id="as_of" name="as_of"' form.html; then ok "strength page has a GET as-of form"
else fail "as-of form" "not found"; fi
$C -o form.html "$U/strength?as_of=2025-01-04"
grep -q '<span class="big">590</span>' form.html && ok "/strength?as_of=2025-01-04 shows 590" ||
	fail "/strength?as_of=2025-01-04" "no 590"
grep -q '<svg' form.html && ok "strength page draws its chart as SVG" || fail "svg" "no chart"
$C -o dash.html "$U/?as_of=2025-01-04"
grep -q '>590<' dash.html && grep -q 'href="/api/v1/strength?as_of=2025-01-04"' dash.html &&
	ok "dashboard: strength 590 with its JSON link" || fail "dashboard" "no 590 or JSON link"

# Markup in a record is shown as text, never run; appending changes the ETag.
etag=$($C -D - -o /dev/null "$U/strength?as_of=2025-01-04" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
$S add source --ref evil-src --publisher '<script>alert(1)</script>' --title 'A "q" & <b>bold</b>' \
	--grade E --url 'https://example.org/"><script>x</script>' > /dev/null 2>&1 || fail "add source" "refused"
$C -o evil.html "$U/source/evil-src"
if grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' evil.html && ! grep -q '<script' evil.html &&
	grep -q '&quot;q&quot; &amp; &lt;b&gt;' evil.html; then ok "markup in a record is escaped"
else fail "escaping" "$(grep -o '.\{20\}script.\{20\}' evil.html | head -3)"; fi
status "after an append the old ETag no longer matches: 200" 200 "$U/strength?as_of=2025-01-04" \
	-H "If-None-Match: $etag"

# Many requests at once (the pool's threads, one connection each) give the same bytes.
$C -o one.json "$U/api/v1/strength?as_of=2025-01-04"
pids=""
for i in $(seq 1 24); do
	$C -o "par$i.json" "$U/api/v1/strength?as_of=2025-01-04" &
	pids="$pids $!"
	$C -o /dev/null "$U/?as_of=2025-01-04" &
	pids="$pids $!"
done
for j in $pids; do wait "$j"; done
wait_ok=1
for i in $(seq 1 24); do cmp -s one.json "par$i.json" || wait_ok=0; done
[ $wait_ok -eq 1 ] && ok "24 concurrent API requests give the same bytes" || fail "concurrent requests" "bodies differ"

# SIGTERM: the server exits 0 within 5 seconds.
kill -TERM "$pid"
for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
	fail "SIGTERM stops the server" "still running after 5 s"
	kill -KILL "$pid"
else
	wait "$pid"
	rc=$?
	[ $rc -eq 0 ] && ok "SIGTERM: exit 0 within 5 s" || fail "SIGTERM" "exit $rc: $(cat serve.log)"
fi
pid=""
