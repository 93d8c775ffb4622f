# browser.sh: the dashboard, the as-of forms and a source link in headless
# Debian Chromium driven by playwright-core (tests/browser/browser.mjs), with
# JavaScript and without; no request may leave 127.0.0.1. Screenshots go to
# the build's artifacts/ folder (build/artifacts/*.png).
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/browser/serve.sh"

CHROMIUM=${MUSTER_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { fail "browser: chromium" "$CHROMIUM is missing (make check installs it: sh scripts/deps.sh test)"; exit 0; }
node_ready browser || exit 0
ART=$(dirname "$M")/artifacts
rm -f "$ART"/no-js-*.png "$ART"/js-*.png
serve_start browser || exit 0
timeout 240 node "$ROOT/tests/browser/browser.mjs" base="$U" artifacts="$ART" chromium="$CHROMIUM" 2>&1 ||
	echo "not ok - browser: browser.mjs exits 0: exit $?"
