# web_cache.sh: the server keeps one store per thread and a cache of finished
# responses; an append made by another process while it runs must show at
# once, on every thread, in pages and in the API, gzipped or not.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/browser/serve.sh"

serve_start web_cache || exit 0
C="curl -s --max-time 20"

# has_source TEXT: how many of 8 parallel requests of each kind show TEXT.
has_source() {
	for i in 1 2 3 4 5 6 7 8; do
		$C -o "api$i.json" "$U/api/v1/sources" &
		$C --compressed -o "gz$i.json" "$U/api/v1/sources" &
		$C -o "page$i.html" "$U/sources" &
	done
	wait
	grep -l "$1" api*.json gz*.json page*.html | wc -l
}

# Warm every thread's store and the cache with the state before.
n=$(has_source cache-probe-src)
[ "$n" = 0 ] && ok "web_cache: before the append no answer names the new source" || fail "web_cache: before" "$n"
etag1=$($C -D - -o before.json "$U/api/v1/sources" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')

$M --db h.db add source --ref cache-probe-src --publisher "Probe" --title "Cache probe" --grade C > add.log 2>&1 ||
	fail "web_cache: add source" "$(cat add.log)"
n=$(has_source cache-probe-src)
[ "$n" = 24 ] && ok "web_cache: after the append all 24 answers (API, gzip, page) name it" ||
	fail "web_cache: after the append" "$n of 24 answers name the new source"
etag2=$($C -D - -o after.json "$U/api/v1/sources" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ -n "$etag1" ] && [ "$etag1" != "$etag2" ] && ok "web_cache: the ETag changed with the record" ||
	fail "web_cache: ETag" "[$etag1] then [$etag2]"

# A cached answer is the same bytes as a fresh one, and as the command's.
$M --db h.db sources --json > cli.json
$C -o again.json "$U/api/v1/sources"
cmp -s cli.json after.json && cmp -s after.json again.json &&
	ok "web_cache: the cached answer is byte for byte the command's" || fail "web_cache: bytes" "differ"

# A request with credentials is answered afresh, with the same bytes here.
$C -H "Cookie: s=1" -o cookie.json "$U/api/v1/sources"
cmp -s cookie.json again.json && ok "web_cache: a request with a cookie gets the same answer" ||
	fail "web_cache: cookie" "differs"

# HEAD of a cached page: its headers, no body.
n=$($C -I -o /dev/null -w '%{http_code} %{size_download}' "$U/sources")
[ "$n" = "200 0" ] && ok "web_cache: HEAD of a cached page: 200, no body" || fail "web_cache: HEAD" "$n"
