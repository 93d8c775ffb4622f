/* serve_cli.c: the serve command — checks the database and hands it to the
 * web server (serve.c), with its TLS settings, until SIGINT or SIGTERM. */
#include "../cli/cli.h"
#include "web.h"
#include "../pg/pg.h"

static int run_serve(struct cli *c)
{
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (see muster serve --help)", c->args[0]);
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	char db[sizeof s.path];
	snprintf(db, sizeof db, "%s", s.path);
	store_close(&s);
	struct serve_opts o = {c->tls_cert, c->tls_key, c->secure_cookies};
	/* With --log, the file follows the log in PostgreSQL (src/pg). */
	struct pgfollow *f = pgfollow_start(db, &c->e);
	if (!f && pglog_url())
		return -1;
	int rc = web_serve_or_err(db, c->listen ? c->listen : "127.0.0.1:8080", &o, &c->e);
	pgfollow_stop(f);
	return rc;
}

const struct command command_serve = {
	.name = "serve",
	.run = run_serve,
	.summary = "serve the dashboard, the question pages, the JSON API and the editors' forms over HTTP",
	.usage = "muster serve [--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--db FILE] "
		 "[--log URL]",
	.help =
	"Serves the record over HTTP until stopped with Ctrl-C (SIGINT) or SIGTERM: a dashboard\n"
	"at /, one page per question (/strength, /pledges, /funding, /budget, /mandate,\n"
	"/obligations, /promises, /timeline, /places, /incidents, /conflicts, /vetting,\n"
	"/complaints), a page per record (/record/ID) and per source (/source/REF), and the JSON\n"
	"API: /api/v1/QUESTION?as_of=DATE&... returns exactly what `muster QUESTION --json`\n"
	"prints for the same options (as_of for --as-of; by, currency, mission, status, place,\n"
	"from, to as named). Errors are {\"error\": \"...\"} with status 400 (bad input), 404\n"
	"(no answer) or 500 (a fault). Pages work without JavaScript and print; public\n"
	"responses carry an ETag (304 on If-None-Match) and are gzipped when the client\n"
	"accepts it.\n"
	"/api/v1/openapi.json describes every route. A public response is made once per state of\n"
	"the record and kept in memory (32 MB at most) until the record changes; with\n"
	"MUSTER_NO_CACHE=1 in the environment every request is answered afresh.\n\n"
	"Pages are in English, French, Haitian Creole or Spanish: ?lang=en|fr|ht|es (then kept\n"
	"in the page's links), else the browser's Accept-Language, else English. The figures,\n"
	"names and sources are shown as recorded; the API is always English. The places page\n"
	"draws a map of Haiti's ten departments with the places that have a point.\n\n"
	"Users (muster user add) sign in at /signin. Editors add records at /add/KIND and correct\n"
	"or retract them from a record's page, through forms that check exactly as muster add\n"
	"does; the record names the signed-in user. Oversight and admin users see the details of\n"
	"/vetting, /complaints and of restricted records; everyone else sees aggregate figures\n"
	"and public records only. A session lasts 8 hours; failed sign-ins slow down the pair of\n"
	"user name and address that failed (3 free, then a wait that doubles, at most 15 minutes:\n"
	"429 with Retry-After), and 20 from one address in 15 minutes hold that address\n"
	"(docs/roles.md). Reading never opens the file for writing: only a form's POST does.\n"
	"Errors: 400 for bad input (a control character or NUL in a parameter too), 404 for no\n"
	"answer, 500 when the server or its file fails (a full disk), written to standard error.\n\n"
	"Slow or greedy clients cannot starve the others: at most 1,024 connections, 64 from one\n"
	"address; a request's line and headers must arrive within 10 s of the connection opening\n"
	"(or of its last answer), a form's body within 30 s of its headers, however often a byte\n"
	"comes; from 768 connections open until fewer than 512, those waiting for a request\n"
	"are closed after 2 s to make room;\n"
	"a client that stops reading an answer is closed after 30 s (docs/reliability.md).\n"
	"/api/v1/head publishes the public head of the chain (muster head).\n\n"
	"Options:\n"
	"  --listen ADDRESS:PORT   where to listen (default 127.0.0.1:8080; [::1]:8080 for IPv6)\n"
	"  --tls-cert FILE         serve HTTPS with this certificate (PEM) and the key of\n"
	"  --tls-key FILE          --tls-key (PEM); cookies are then marked Secure\n"
	"  --secure-cookies        mark cookies Secure when a proxy in front terminates TLS\n"
	"  --log URL               the headquarters' log in PostgreSQL (postgresql://…): the file\n"
	"                          follows it as a read model, every MUSTER_LOG_POLL_MS (100) ms,\n"
	"                          and the forms and sync pushes write to it (docs/hq.md)\n\n"
	"Example:\n  muster serve --listen 127.0.0.1:8080\n"
	"  muster serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem\n",
	.opts = O_LISTEN | O_TLS,
};
