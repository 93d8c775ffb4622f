/* post.c: POST, the only way the web writes. The body (a form, parsed by
 * libmicrohttpd's post processor) is collected over the calls of one request
 * within fixed limits; then the route must be a form, the CSRF token must be
 * the session's (or, before sign-in, the sign-in form's cookie), and only
 * then is the file opened for writing and the form's handler called. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define POST_MAX (64 * 1024)    /* bytes of a form: far above any record */
#define POST_FIELDS 64
#define POST_KEY_MAX 64

struct post_state {
	unsigned magic;
	char *url;              /* a copy: the route's rest points into it */
	const struct route *rt;
	const char *rest;
	struct MHD_PostProcessor *pp;
	char *keys[POST_FIELDS];
	struct buf vals[POST_FIELDS];
	int n;
	size_t bytes;
	int too_big;
	char bad[256];          /* the first problem with the form, "" when none */
};

#define POST_MAGIC 0x504f5354u

int web_post_owns(const void *state)
{
	return state && ((const struct post_state *)state)->magic == POST_MAGIC;
}

void web_post_free(void *state)
{
	struct post_state *p = state;
	if (!web_post_owns(p))
		return;
	if (p->pp)
		MHD_destroy_post_processor(p->pp);
	for (int i = 0; i < p->n; i++) {
		free(p->keys[i]);
		buf_free(&p->vals[i]);
	}
	free(p->url);
	p->magic = 0;
	free(p);
}

static enum MHD_Result field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			     const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
			     size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct post_state *p = cls;
	if (p->bad[0])
		return MHD_YES;
	if (filename) {
		snprintf(p->bad, sizeof p->bad, "files are not taken (field %.64s)", key);
		return MHD_YES;
	}
	if (!key || !*key || strlen(key) > POST_KEY_MAX) {
		snprintf(p->bad, sizeof p->bad, "a form field has no name or too long a name");
		return MHD_YES;
	}
	int i = 0;
	while (i < p->n && strcmp(p->keys[i], key))
		i++;
	if (i < p->n && off == 0) {
		snprintf(p->bad, sizeof p->bad, "field %s is given twice (give it once)", key);
		return MHD_YES;
	}
	if (i == p->n) {
		if (p->n == POST_FIELDS) {
			snprintf(p->bad, sizeof p->bad, "too many fields (at most %d)", POST_FIELDS);
			return MHD_YES;
		}
		p->keys[p->n] = strdup(key);
		memset(&p->vals[p->n], 0, sizeof p->vals[p->n]);
		p->n++;
	}
	if (memchr(data, 0, size)) {
		snprintf(p->bad, sizeof p->bad, "field %s contains a NUL byte", key);
		return MHD_YES;
	}
	/* Text takes tabs and line breaks; no other control character. */
	for (size_t k = 0; k < size; k++) {
		unsigned char ch = (unsigned char)data[k];
		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f) {
			snprintf(p->bad, sizeof p->bad, "field %s contains a control character (0x%02x): send it "
				 "without it", key, ch);
			return MHD_YES;
		}
	}
	buf_add(&p->vals[i], data, size);
	return MHD_YES;
}

/* The form as a JSON object of strings, or NULL with p->bad set. */
static json_t *form_json(struct post_state *p)
{
	json_t *o = json_object();
	for (int i = 0; i < p->n && !p->bad[0]; i++) {
		const char *v = p->vals[i].p ? p->vals[i].p : "";
		json_t *s = utf8_valid(p->keys[i]) && utf8_valid(v) ? json_string(v) : NULL;
		if (!s)
			snprintf(p->bad, sizeof p->bad, "a field is not UTF-8 text (send the form as UTF-8)");
		else
			json_object_set_new(o, p->keys[i], s);
	}
	if (p->bad[0]) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static enum MHD_Result finish(const struct server *srv, struct MHD_Connection *conn, struct post_state *p)
{
	struct req r;
	struct who who;
	struct store s;
	char client[64];
	int opened = 0;
	memset(&r, 0, sizeof r);
	memset(&who, 0, sizeof who);
	r.srv = srv;
	r.method = "POST";
	r.who = &who;
	r.no_store = 1;
	r.rest = p->rest;
	r.query = "";
	r.client = web_client(conn, client);
	if (!p->rt || (p->rt->kind != R_FORM && p->rt->kind != R_PREFIX_FORM)) {
		web_error_code(&r, p->rt && (p->rt->kind == R_API || p->rt->kind == R_PREFIX_API), E_NOTALLOWED,
			  "this page only reads: use GET or HEAD");
		return web_send(conn, &r, NULL);
	}
	if (p->too_big) {
		web_error_code(&r, 0, E_TOOLARGE, "the form is too large (at most 64 KiB)");
		return web_send(conn, &r, NULL);
	}
	if (!p->pp) {
		web_error_code(&r, 0, E_MEDIATYPE, "send the form as application/x-www-form-urlencoded or multipart/form-data");
		return web_send(conn, &r, NULL);
	}
	r.form = form_json(p);
	if (!r.form) {
		web_error_code(&r, 0, E_BADINPUT, p->bad);
		return web_send(conn, &r, NULL);
	}
	if (web_store_open_or_err(srv, &s, STORE_WRITE, &r.e) < 0) {
		web_error(&r, 0, &r.e);
		goto send;
	}
	opened = 1;
	r.s = &s;
	/* Fault injection for tests (tests/cli/small_holes.sh): the file cannot
	 * grow, as on a full disk. */
	const char *fault = getenv("MUSTER_FAULT");
	if (fault && !strcmp(fault, "disk-full"))
		sqlite3_exec(s.db, "PRAGMA max_page_count = 1", NULL, NULL, NULL);
	web_who(conn, s.db, &who);
	r.presession = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, PRESESSION_COOKIE);
	/* A signed-in user's form carries the session's token; the sign-in form
	 * carries the token of its own cookie. Anything else was not made here. */
	if (!web_csrf_matches(r.form, who.name[0] ? who.csrf : r.presession)) {
		web_error_code(&r, 0, E_FORBIDDEN, "the form's security token is missing or wrong (the form is stale, or was "
			  "not sent from this site): reload the page and try again");
		goto send;
	}
	/* Records entered through a form name the signed-in user. */
	snprintf(s.user, sizeof s.user, "%s", who.name);
	s.blind = !role_sees_restricted(who.role);
	p->rt->serve(&r);
send:
	if (opened && store_failed_or_err(&s, &r.e) < 0)
		web_error(&r, 0, &r.e);
	web_header_who(&r);
	if (opened)
		store_close(&s);
	json_decref(r.form);
	return web_send(conn, &r, NULL);
}

enum MHD_Result web_post(const struct server *srv, struct MHD_Connection *conn, const char *url,
			 const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct post_state *p = *con_cls;
	if (!p) {
		p = calloc(1, sizeof *p);
		if (!p)
			return MHD_NO;
		p->magic = POST_MAGIC;
		p->url = strdup(url);
		p->rt = p->url ? route_find(p->url, &p->rest) : NULL;
		if (p->rt && (p->rt->kind == R_FORM || p->rt->kind == R_PREFIX_FORM))
			p->pp = MHD_create_post_processor(conn, 4096, field, p);
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_size) {
		p->bytes += *upload_size;
		if (p->bytes > POST_MAX)
			p->too_big = 1;
		else if (p->pp && MHD_post_process(p->pp, upload_data, *upload_size) != MHD_YES && !p->bad[0])
			snprintf(p->bad, sizeof p->bad, "the form cannot be read (send it as "
				 "application/x-www-form-urlencoded)");
		*upload_size = 0;
		return MHD_YES;
	}
	return finish(srv, conn, p);
}
