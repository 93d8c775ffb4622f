# browser.sh: the dashboard, the as-of forms and a source link in headless
# Debian Chromium driven by playwright-core (tests/browser/browser.mjs), with
# JavaScript and without; no request may leave 127.0.0.1; at 390 px no page
# (every page route, a record, a source, the forms signed in) scrolls sideways. Screenshots go to
# the build's artifacts/ folder (build/artifacts/*.png).
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/browser/serve.sh"

CHROMIUM=${MUSTER_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { fail "browser: chromium" "$CHROMIUM is missing (make check installs it: sh scripts/deps.sh test)"; exit 0; }
node_ready browser || exit 0
ART=$(dirname "$M")/artifacts
rm -f "$ART"/no-js-*.png "$ART"/js-*.png "$ART"/phone-*.png
serve_start browser || exit 0
# The page routes (the table test-routes prints), a record, and an admin for the forms.
pages=$($M test-routes | awk '$1 == "page" { printf "%s%s", sep, $2; sep = "," }')
record=$($M --db h.db strength --as-of 2025-01-04 --json |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"][0]["records"][0])')
printf 'phone pass 1234\n' | $M --db h.db user add ada --role admin > user.log 2>&1 ||
	fail "browser: user add" "$(cat user.log)"
timeout 360 node "$ROOT/tests/browser/browser.mjs" base="$U" artifacts="$ART" chromium="$CHROMIUM" \
	pages="$pages" record="$record" user=ada password='phone pass 1234' 2>&1 ||
	echo "not ok - browser: browser.mjs exits 0: exit $?"
