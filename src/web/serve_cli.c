/* serve_cli.c: the serve command — checks the database and hands it to the
 * web server (serve.c), which runs until SIGINT or SIGTERM. */
#include "../cli/cli.h"
#include "web.h"

static int run_serve(struct cli *c)
{
	if (c->n_args)
		return err_set(&c->e, "muster serve: unexpected argument \"%s\" (see muster serve --help)", c->args[0]);
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	char db[sizeof s.path];
	snprintf(db, sizeof db, "%s", s.path);
	store_close(&s);
	struct serve_opts o = {c->tls_cert, c->tls_key, c->secure_cookies};
	return web_serve_or_err(db, c->listen ? c->listen : "127.0.0.1:8080", &o, &c->e);
}

const struct command command_serve = {
	.name = "serve",
	.run = run_serve,
	.summary = "serve the dashboard, the question pages and the JSON API over HTTP",
	.usage = "muster serve [--listen ADDRESS:PORT] [--db FILE]",
	.help =
	"Serves the record read-only over HTTP until stopped with Ctrl-C (SIGINT) or SIGTERM:\n"
	"a dashboard at /, one page per question (/strength, /pledges, /funding, /budget, /mandate,\n"
	"/obligations, /promises, /timeline, /places, /incidents, /conflicts), a page per record\n"
	"(/record/ID) and per source (/source/REF), and the JSON API: /api/v1/QUESTION?as_of=DATE&...\n"
	"returns exactly what `muster QUESTION --json` prints for the same options (as_of for\n"
	"--as-of; by, currency, mission, status, place, from, to as named). Errors are\n"
	"{\"error\": \"...\"} with status 400 (bad input) or 404 (no answer). Pages work without\n"
	"JavaScript and print; responses carry an ETag (304 on If-None-Match) and are gzipped\n"
	"when the client accepts it. /api/v1/openapi.json describes the API.\n\n"
	"Options:\n"
	"  --listen ADDRESS:PORT   where to listen (default 127.0.0.1:8080; [::1]:8080 for IPv6)\n\n"
	"Example:\n  muster serve --listen 127.0.0.1:8080\n",
	.opts = O_LISTEN | O_TLS,
};
