# openapi.sh: /api/v1/openapi.json checked by a validator from npm against
# the OpenAPI 3.1 meta-schema, against the route table (muster test-routes)
# and against the server's real answers and errors (tests/browser/openapi.mjs).
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/browser/serve.sh"

node_ready openapi || exit 0
$M test-routes > routes.txt 2> routes.err || { fail "openapi: muster test-routes" "$(cat routes.err)"; exit 0; }
serve_start openapi || exit 0
timeout 150 node "$ROOT/tests/browser/openapi.mjs" base="$U" routes="$PWD/routes.txt" 2>&1 ||
	echo "not ok - openapi: openapi.mjs exits 0: exit $?"
