/* serve.c: the serve command — libmicrohttpd with a pool of threads, each
 * thread keeping its own read-only connection to the store, each request
 * answered inside one read transaction (the serve command is in
 * serve_cli.c). Owns HTTP itself: methods, ETag and If-None-Match, gzip, the
 * response cache (cache.c), the headers every response carries, and
 * stopping cleanly on SIGINT/SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../core/date.h"
#include "../core/hash.h"
#include "../trust/anchor.h"
#include "cache.h"
#include "encoding.h"
#include "conns.h"
#include "mhd.h"
#include "web.h"
#include "../report/report.h"
#include "http.h"
#include "../sync/sync.h"

#define SERVE_THREADS 4
/* Per connection: the request line and headers must fit; a longer request
 * is refused by libmicrohttpd with 414 or 431. */
#define SERVE_CONN_MEMORY (64 * 1024)
/* Connections in all, and from one address: one address can hold no more
 * than a sixteenth of the budget (a client behind a proxy that shares one
 * address with others is counted with them). A connection that stops
 * reading its answer is closed after SERVE_IDLE seconds of silence; the
 * deadlines for a request's headers and body are conns.c's. */
#define SERVE_MAX_CONNS 1024
#define SERVE_PER_ADDRESS 64
#define SERVE_IDLE 30
#define GZIP_MIN 512
/* The response cache: entries, and bytes of bodies in all. */
#define CACHE_SLOTS 1024
#define CACHE_BYTES (32u * 1024 * 1024)


static void thread_store_free(void *p)
{
	store_close(p);
	free(p);
}

/* The calling thread's store, opened read-only on its first request (a
 * thread whose open failed tries again on its next). */
int web_store_open_or_err(const struct server *srv, struct store *s, int mode, struct err *e)
{
	if (store_open_or_err(s, srv->db, mode, e) < 0) {
		fprintf(stderr, "muster serve: %s\n", e->msg);
		return err_set_code(e, E_UNAVAILABLE, "the record cannot be opened just now (the server's log says "
				    "why); try again later");
	}
	snprintf(s->path, sizeof s->path, "the record file");
	return 0;
}

static struct store *thread_store_or_err(struct server *srv, struct err *e)
{
	struct store *s = pthread_getspecific(srv->store_key);
	if (s)
		return s;
	s = calloc(1, sizeof *s);
	if (!s) {
		err_set_code(e, E_UNAVAILABLE, "out of memory");
		return NULL;
	}
	if (web_store_open_or_err(srv, s, STORE_READ, e) < 0) {
		free(s);
		return NULL;
	}
	pthread_setspecific(srv->store_key, s);
	return s;
}

/* Ends the request's read transaction. Every statement is reset first, so
 * none keeps an old snapshot; a store that cannot end it is closed and
 * reopened by the next request. */
static void thread_store_end(struct server *srv, struct store *s)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st; st = sqlite3_next_stmt(s->db, st))
		sqlite3_reset(st);
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		pthread_setspecific(srv->store_key, NULL);
		thread_store_free(s);
	}
}

/* What the query iterator collects. */
struct collect {
	struct qargs *q;
	const struct question *qn;
	int page;               /* a page takes lang (its language) besides the question's */
	struct buf canon;       /* "k=v&k=v" without lang, for the ETag and for links */
};

/* The first control byte (a NUL, 0x01-0x1f or 0x7f) in `n` bytes, or -1:
 * a NUL would cut the value short where C reads it ("2025-01-01%00x" read as
 * 2025-01-01), and no parameter takes any of them. */
static long stray_byte(const char *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return (long)i;
	return -1;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	(void)kind;
	struct collect *c = cls;
	long bad_key = stray_byte(key, key_size), bad = stray_byte(value, value_size);
	if ((bad_key >= 0 || bad >= 0) && !c->q->e.msg[0]) {
		char shown[48];
		size_t n = 0;
		for (size_t i = 0; i < key_size && n < 40; i++)
			shown[n++] = (unsigned char)key[i] < 0x20 || key[i] == 0x7f ? '?' : key[i];
		shown[n] = 0;
		const char *where = bad_key >= 0 ? "its name" : "its value";
		long at = bad_key >= 0 ? bad_key : bad;
		unsigned byte = (unsigned char)(bad_key >= 0 ? key : value)[at];
		err_set(&c->q->e, "parameter \"%s\": %s holds a control character (byte %ld is 0x%02x): send it "
			"without it", shown, where, at + 1, byte);
		return MHD_YES;
	}
	if (c->page && !strcmp(key, "lang"))
		return MHD_YES;
	qargs_add(c->q, c->qn, key, value);
	if (c->canon.len)
		buf_lit(&c->canon, "&");
	buf_url(&c->canon, key);
	buf_lit(&c->canon, "=");
	buf_url(&c->canon, value ? value : "");
	return MHD_YES;
}

/* Sends r's response; with a cache key, a 200 is also kept in the cache. */
static enum MHD_Result send_req(struct MHD_Connection *conn, struct req *r, const char *etag,
				struct resp_cache *cache, const char *key)
{
	/* A page varies with the language asked for; the API is English only. */
	const struct page_lang *pl = r->out.pl;
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	int gz = r->out.len >= GZIP_MIN && web_wants_gzip(ae) && web_gzip(&r->out) == 0;
	size_t bytes = r->out.len;
	struct MHD_Response *res = MHD_create_response_from_buffer(r->out.len, r->out.p ? r->out.p : (void *)"",
								  r->out.p ? MHD_RESPMEM_MUST_FREE
									   : MHD_RESPMEM_PERSISTENT);
	memset(&r->out, 0, sizeof r->out);      /* the response owns the bytes now */
	if (!res)
		return MHD_NO;
	if (r->ctype)
		MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	if (gz)
		MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (etag && (r->status == MHD_HTTP_OK || r->status == MHD_HTTP_NOT_MODIFIED))
		MHD_add_response_header(res, MHD_HTTP_HEADER_ETAG, etag);
	if (r->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(res, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	for (int i = 0; i < 2; i++)
		if (r->cookies[i][0])
			MHD_add_response_header(res, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	if (r->location[0])
		MHD_add_response_header(res, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->retry_after) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", r->retry_after);
		MHD_add_response_header(res, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (r->srv && r->srv->secure)
		MHD_add_response_header(res, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY, "max-age=31536000");
	MHD_add_response_header(res, MHD_HTTP_HEADER_VARY, pl ? "Accept-Encoding, Accept-Language, Cookie" : "Accept-Encoding, Cookie");
	/* A page for a signed-in user or with a form is never stored. */
	MHD_add_response_header(res, MHD_HTTP_HEADER_CACHE_CONTROL, r->no_store ? "no-store" : "no-cache");
	MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_LANGUAGE, pl ? pl->lang->code : "en");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(res, "Content-Security-Policy",
				"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
				"form-action 'self'; frame-ancestors 'none'");
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, res);
	if (cache && key && r->status == MHD_HTTP_OK)
		cache_put(cache, key, res, bytes);
	else
		MHD_destroy_response(res);
	return ok;
}

/* Sends r's response, never cached (post.c and the error paths). */
enum MHD_Result web_send(struct MHD_Connection *conn, struct req *r, const char *etag)
{
	return send_req(conn, r, etag, NULL, NULL);
}

/* The dashboard takes only as_of; record pages take nothing. */
static const struct question dashboard_params = {"dashboard", "Dashboard", "", P_ASOF, NULL, NULL, NULL};

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)version;
	static const int seen = 1;
	struct server *srv = cls;
	/* Sync's messages are collected and answered by src/sync. */
	if (!strcmp(method, "POST") && !strcmp(url, SYNC_PATH)) {
		conns_mark(srv->conns, conn, *con_cls && !*upload_size ? CONNS_ANSWERED : CONNS_BODY);
		return (enum MHD_Result)sync_http(srv, conn, upload_data, upload_size, con_cls);
	}
	/* A form's POST is collected and answered by post.c. */
	if (!strcmp(method, "POST")) {
		/* Its body has a deadline from the headers (conns.c) until the last
		 * byte is in. */
		conns_mark(srv->conns, conn, *con_cls && !*upload_size ? CONNS_ANSWERED : CONNS_BODY);
		return web_post(srv, conn, url, upload_data, upload_size, con_cls);
	}
	/* The first call only announces the request: answering later keeps the
	 * connection alive. A body (only a refused method has one) is dropped. */
	if (!*con_cls) {
		conns_mark(srv->conns, conn, CONNS_ANSWERED);
		*con_cls = (void *)&seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	struct req r;
	struct who who;
	char client[64];
	memset(&r, 0, sizeof r);
	memset(&who, 0, sizeof who);
	r.srv = srv;
	r.method = method;
	r.who = &who;
	r.client = web_client(conn, client);
	r.path = url;
	int api = !strncmp(url, "/api/", 5);
	/* A page's language: ?lang= (then kept in its links), else Accept-Language. */
	const char *lang_q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
	struct page_lang pl = {
		lang_choose(lang_q, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE)),
		lang_by_tag(lang_q) != NULL, url, ""};
	if (!api)
		r.out.pl = &pl;
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		web_error_code(&r, api, E_NOTALLOWED, "this server only reads: use GET or HEAD");
		return web_send(conn, &r, NULL);
	}
	const struct route *rt = route_find(url, &r.rest);
	if (!rt) {
		char msg[200];
		snprintf(msg, sizeof msg, "no such %s: %.120s%s", api ? "API route" : "page", url,
			 strlen(url) > 120 ? "..." : "");
		web_error_code(&r, api, E_NOTFOUND, msg);
		return web_send(conn, &r, NULL);
	}
	api = rt->kind == R_API || rt->kind == R_PREFIX_API;
	r.out.pl = api ? NULL : &pl;
	struct qargs q;
	memset(&q, 0, sizeof q);
	r.q = rt->question ? question_find(rt->question) : rt->serve == page_dashboard ? &dashboard_params
		: rt->serve == api_head ? &head_question : rt->serve == page_report || rt->serve == page_report_pdf ? &report_question : NULL;
	r.args = &q;
	struct collect col = {&q, r.q, !api, {0}};
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &col);
	r.query = col.canon.p ? col.canon.p : "";
	pl.query = r.query;
	char etag[40] = "", key[CACHE_KEY] = "";
	struct store *s = NULL, own;
	/* A request with credentials gets a connection of its own, closed after
	 * it: the thread's kept connection only ever serves anonymous readers,
	 * so its cached statements were all prepared under the public guard. */
	int anonymous = !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE) &&
			!MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (qargs_check_or_err(&q, r.q, &r.e) < 0) {
		web_error(&r, api, &r.e);
		goto send;
	}
	if (anonymous)
		s = thread_store_or_err(srv, &r.e);
	else if (web_store_open_or_err(srv, &own, STORE_READ, &r.e) == 0)
		s = &own;
	if (!s) {
		web_error(&r, api, &r.e);
		goto send;
	}
	r.s = s;
	/* One snapshot per request: the head read here is the state answered. */
	if (store_begin_read_or_err(s, &r.e) < 0) {
		web_error(&r, api, &r.e);
		goto send;
	}
	/* Who asks decides what vetting, complaints and record pages show;
	 * their pages and every form are never cached or shared. */
	web_who(conn, s->db, &who);
	guard_install(s, who.role);
	q.role = who.role;
	r.presession = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, PRESESSION_COOKIE);
	r.no_store = who.name[0] || rt->kind == R_FORM || rt->kind == R_PREFIX_FORM;
	/* The head a reader may know (src/trust/anchor.h): nothing shown to
	 * the public (the page's footer, the ETag) moves when a restricted
	 * record is added. */
	{
		char h[HASH_HEX];
		struct err he = {0};
		if (anchor_visible_head_or_err(srv->anchor, s, who.role, h, &he) < 0) {
			web_error(&r, api, &he);
			goto send;
		}
		snprintf(r.head, sizeof r.head, "%s", h[0] ? h : "empty");
	}
	{
		/* The ETag: the log head, the path, the query, the language and the
		 * day a missing as_of means. */
		struct buf k = {0};
		char hex[HASH_HEX];
		buf_lit(&k, r.head);
		buf_lit(&k, "\n");
		buf_url(&k, url);
		buf_lit(&k, "\n");
		buf_lit(&k, r.query);
		buf_lit(&k, "\n");
		buf_lit(&k, api ? "en" : pl.lang->code);
		buf_lit(&k, !api && pl.in_links ? " in links" : "");
		buf_num(&k, "\n%d", day_today());
		hash_sha256_hex(k.p, k.len, hex);
		buf_free(&k);
		snprintf(etag, sizeof etag, "\"%.32s\"", hex);
	}
	if (r.no_store)
		etag[0] = 0;
	else if (web_etag_matches(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), etag)) {
		r.status = MHD_HTTP_NOT_MODIFIED;
		goto send;
	}
	/* The ETag names all a response depends on, for a reader without
	 * credentials; a request with any is answered afresh. */
	if (srv->cache && anonymous && !r.no_store) {
		const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
		snprintf(key, sizeof key, "%s %s", etag, web_wants_gzip(ae) ? "gzip" : "identity");
		int hit = cache_queue(srv->cache, key, conn);
		if (hit >= 0) {
			thread_store_end(srv, s);
			buf_free(&col.canon);
			return hit ? MHD_YES : MHD_NO;
		}
	}
	rt->serve(&r);
	web_header_who(&r);
send:
	/* A failed row step that the handler did not report fails the request
	 * (and is cleared: the thread's store serves the next one). */
	if (s && store_failed_or_err(s, &r.e) < 0)
		web_error(&r, api, &r.e);
	if (s == &own)
		store_close(&own);
	else if (s)
		thread_store_end(srv, s);
	enum MHD_Result ok = send_req(conn, &r, etag[0] ? etag : NULL, srv->cache, key[0] ? key : NULL);
	buf_free(&col.canon);
	return ok;
}

/* ADDR:PORT, IPv4 ("127.0.0.1:8080") or IPv6 in brackets ("[::1]:8080"). */
static int listen_parse_or_err(const char *text, struct sockaddr_storage *ss, int *v6, struct err *e)
{
	const char *colon = strrchr(text, ':');
	char host[64];
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || colon == text || (size_t)(colon - text) >= sizeof host || !colon[1] || *end || port < 1 ||
	    port > 65535)
		return err_set(e, "--listen: \"%s\" is not ADDRESS:PORT (write e.g. 127.0.0.1:8080)", text);
	snprintf(host, sizeof host, "%.*s", (int)(colon - text), text);
	memset(ss, 0, sizeof *ss);
	*v6 = host[0] == '[';
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']')
			return err_set(e, "--listen: \"%s\": an IPv6 address goes in brackets ([::1]:8080)", text);
		host[n - 1] = 0;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return err_set(e, "--listen: \"%s\" is not an IPv6 address", host + 1);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return err_set(e, "--listen: \"%s\" is not an IPv4 address (write e.g. 127.0.0.1:8080)", host);
	return 0;
}

/* Frees what a POST kept when its request ends, however it ends; a
 * connection kept alive waits for its next request's headers from now. */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	(void)toe;
	conns_mark(srv->conns, conn, CONNS_HEADERS);
	if (web_post_owns(*con_cls))
		web_post_free(*con_cls);
	else if (sync_http_owns(*con_cls))
		sync_http_free(*con_cls);
	*con_cls = NULL;
}

/* A PEM file, whole, from malloc (the caller frees). */
static char *read_pem_or_err(const char *option, const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, "%s %s: cannot read the file (%s)", option, path, strerror(errno));
		return NULL;
	}
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < 1024 * 1024)
		buf_add(&b, chunk, n);
	fclose(f);
	if (!b.p || !strstr(b.p, "-----BEGIN ")) {
		buf_free(&b);
		err_set(e, "%s %s: not a PEM file (give the certificate and the key as PEM)", option, path);
		return NULL;
	}
	return b.p;
}

/* Frees what web_serve_or_err set up before the daemon could start. */
static void serve_undo(struct server *srv, char *cert, char *key)
{
	conns_stop(srv->conns);
	anchor_memo_free(srv->anchor);
	cache_free(srv->cache);
	pthread_key_delete(srv->store_key);
	free(cert);
	free(key);
}

int web_serve_or_err(const char *db, const char *listen, const struct serve_opts *o, struct err *e)
{
	struct sockaddr_storage ss;
	int v6 = 0;
	if (!o->tls_cert != !o->tls_key)
		return err_usage(e, "--tls-cert and --tls-key go together (the certificate and its key)");
	if (listen_parse_or_err(listen, &ss, &v6, e) < 0)
		return -1;
	/* Served over TLS by muster itself, or behind a proxy that the operator
	 * says terminates TLS (--secure-cookies): only then are cookies Secure. */
	char *cert = NULL, *key = NULL;
	if (o->tls_cert && (!(cert = read_pem_or_err("--tls-cert", o->tls_cert, e)) ||
			    !(key = read_pem_or_err("--tls-key", o->tls_key, e)))) {
		free(cert);
		return -1;
	}
	if (mhd_load_or_err(e) < 0) {
		free(cert);
		free(key);
		return -1;
	}
	struct server srv;
	memset(&srv, 0, sizeof srv);
	snprintf(srv.db, sizeof srv.db, "%s", db);
	if (pthread_key_create(&srv.store_key, thread_store_free) != 0) {
		err_set_code(e, E_INTERNAL, "out of memory");
		return err_in_command(e, ERR_COMMAND);
	}
	srv.cache = getenv("MUSTER_NO_CACHE") ? NULL : cache_new(CACHE_SLOTS, CACHE_BYTES);
	srv.secure = cert != NULL || o->secure_cookies;
	/* Every connection is a descriptor: room for the whole budget, the
	 * store's files and the pool. */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < SERVE_MAX_CONNS + 128) {
		nofile.rlim_cur = nofile.rlim_max < SERVE_MAX_CONNS + 128 ? nofile.rlim_max : SERVE_MAX_CONNS + 128;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}
	struct MHD_OptionItem tls[] = {
		{cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, key},
		{MHD_OPTION_END, 0, NULL},
	};

	/* Blocked before the pool starts, so every thread inherits the mask and
	 * only sigwait below sees the signals. */
	sigset_t stop, mask;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	mask = stop;
	sigaddset(&mask, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	/* The watcher thread too. */
	srv.conns = conns_start(SERVE_MAX_CONNS);
	srv.anchor = anchor_memo_new();
	if (!srv.conns || !srv.anchor) {
		pthread_sigmask(SIG_UNBLOCK, &mask, NULL);
		serve_undo(&srv, cert, key);
		err_set_code(e, E_INTERNAL, "out of memory or threads");
		return err_in_command(e, ERR_COMMAND);
	}

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (v6 ? MHD_USE_IPv6 : 0) | (cert ? MHD_USE_TLS : 0),
		0, NULL, NULL, handle, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_PER_ADDRESS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE,
		MHD_OPTION_NOTIFY_CONNECTION, conns_notify, srv.conns,
		MHD_OPTION_NOTIFY_COMPLETED, completed, &srv,
		MHD_OPTION_ARRAY, tls,
		MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_UNBLOCK, &mask, NULL);
		serve_undo(&srv, cert, key);
		if (cert)
			return err_usage(e, "cannot serve TLS on %s (do --tls-cert and --tls-key hold a "
				       "certificate and its private key, and is the port free?)", listen);
		return err_usage(e, "cannot listen on %s (is another server using the port? "
			       "choose another with --listen ADDRESS:PORT)", listen);
	}
	fprintf(stderr, "muster: serving %s on %s://%s/ (Ctrl-C stops)\n", srv.db, cert ? "https" : "http", listen);
	int sig = 0;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);     /* the pool's threads close their stores as they end */
	conns_stop(srv.conns);
	anchor_memo_free(srv.anchor);
	cache_free(srv.cache);
	pthread_key_delete(srv.store_key);
	free(cert);
	free(key);
	fprintf(stderr, "muster: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}
