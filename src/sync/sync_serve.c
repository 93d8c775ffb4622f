/* sync_serve.c: `muster serve`'s side of sync (POST /sync/v1). Each message
 * is answered on its own: hello signs in (HTTP Basic, the user's password,
 * the same limit on failures as the sign-in page) and gives a session token
 * that later messages carry; diff compares ranges of names; get gives
 * records with their signatures; put appends records in one transaction,
 * each on its own (one refused is named, the rest kept). A message
 * without a token is the public's: it sees public records only and may not
 * put. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../web/http.h"
#include "sync.h"

#define SYNC_STATE_MAGIC 0x53594e43u
#define SYNC_MAX_NODES 8192     /* ranges in one diff message */
#define SYNC_MAX_IDS 100000     /* names in one message */

struct sync_state {
	unsigned magic;
	struct buf body;
	int too_big;
};

int sync_http_owns(const void *state)
{
	return state && ((const struct sync_state *)state)->magic == SYNC_STATE_MAGIC;
}

void sync_http_free(void *state)
{
	struct sync_state *st = state;
	if (!sync_http_owns(st))
		return;
	buf_free(&st->body);
	st->magic = 0;
	free(st);
}

/* ---- hello: who asks ---- */

/* Reads "Authorization: Basic …" into name and password; 0 when there is
 * none, 1 when read, -1 when malformed. */
static int basic_auth(struct MHD_Connection *conn, char name[65], char pw[PASSWORD_MAX + 2])
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	if (!h)
		return 0;
	if (strncmp(h, "Basic ", 6))
		return -1;
	unsigned char raw[400];
	size_t n = 0;
	if (sodium_base642bin(raw, sizeof raw - 1, h + 6, strlen(h + 6), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	raw[n] = 0;
	char *colon = strchr((char *)raw, ':');
	if (!colon || memchr(raw, 0, n) || colon - (char *)raw > 64 || strlen(colon + 1) > PASSWORD_MAX)
		return -1;
	*colon = 0;
	snprintf(name, 65, "%s", (char *)raw);
	snprintf(pw, PASSWORD_MAX + 2, "%s", colon + 1);
	sodium_memzero(raw, sizeof raw);
	return 1;
}

static json_t *op_hello(struct req *r, struct MHD_Connection *conn, struct store *s, struct who *w, int *retry)
{
	char name[65], pw[PASSWORD_MAX + 2], token[65] = "";
	int got = w->name[0] ? 0 : basic_auth(conn, name, pw);
	if (got < 0) {
		err_set(&r->e, "malformed message: the Authorization header is not HTTP Basic with a name and a password");
		return NULL;
	}
	if (got) {
		int wait = signin_wait(s, name, r->client);
		if (wait > 0) {
			*retry = wait;
			err_set_code(&r->e, E_FORBIDDEN, "too many failed sign-ins as %s from this address: try again "
				     "in %d s", name, wait);
			return NULL;
		}
		int rc = users_authenticate_or_err(s, name, pw, w, &r->e);
		sodium_memzero(pw, sizeof pw);
		if (rc < 0) {
			signin_failed(s, name, r->client);
			r->e.code = E_FORBIDDEN;
			return NULL;
		}
		if (session_create_or_err(s, w, token, &r->e) < 0)
			return NULL;
	}
	char digest[HASH_HEX];
	long long n;
	if (sync_digest_or_err(s, role_sees_restricted(w->role), digest, &n, &r->e) < 0)
		return NULL;
	return json_pack("{s:i, s:s, s:s, s:s, s:I, s:s}", "v", SYNC_VERSION, "role", role_name(w->role), "user",
			 w->name, "token", token, "records", (json_int_t)n, "digest", digest);
}

/* ---- diff: ranges of names ---- */

struct listing {
	json_t *theirs;         /* the client's names (or their first il digits) under the range, or NULL */
	size_t il;
	json_t *mine;           /* [[name, seq]…] the client lacks */
	char last[HASH_HEX];
};

static int list_one(void *arg, const char *id, long long seq)
{
	struct listing *l = arg;
	char key[HASH_HEX];
	snprintf(l->last, sizeof l->last, "%s", id);
	snprintf(key, sizeof key, "%.*s", (int)l->il, id);
	if (!l->theirs || !json_object_get(l->theirs, key))
		json_array_append_new(l->mine, json_pack("[s,I]", id, (json_int_t)seq));
	return 0;
}

/* Whether a name starting with `pre` is held here, for the reader. */
static int held_as(struct store *s, const char *pre, int restricted_ok)
{
	char hi[80];
	snprintf(hi, sizeof hi, "%sg", pre);
	sqlite3_stmt *st = restricted_ok ? store_prep(s, "SELECT 1 FROM log WHERE id >= ?1 AND id < ?2 LIMIT 1")
		: store_prep(s, "SELECT 1 FROM pub_log WHERE id >= ?1 AND id < ?2 LIMIT 1");
	sqlite3_bind_text(st, 1, pre, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	int held = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return held;
}

static int hex_ok(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* One range: nothing when it is the same here, else its names or its 16
 * parts' fingerprints, `fl` hex digits long. */
static int diff_node(struct store *s, const json_t *node, int rok, int fl, json_t *out, struct err *e)
{
	const char *p = json_string_value(json_object_get(node, "p"));
	const char *f = json_string_value(json_object_get(node, "f"));
	const json_t *ids = json_object_get(node, "ids");
	const char *after = json_string_value(json_object_get(node, "after"));
	json_int_t n = json_integer_value(json_object_get(node, "n"));
	size_t il = (size_t)json_integer_value(json_object_get(node, "il"));
	if (!p || !sync_prefix_ok(p) || !hex_ok(f, (size_t)fl) || (ids && !json_is_array(ids)) ||
	    (after && !hex_ok(after, 64)) || json_array_size(ids) > SYNC_MAX_IDS ||
	    (ids && il != 64 && (il != strlen(p) + 8 || il > 24)))
		return err_set(e, "malformed message: a range of diff needs p (a hex prefix), n, f (its fingerprint) "
			       "and may have ids (an array of names, or of their first il digits: the prefix and 8 more) and after (a name)");
	struct sync_fp all, kids[16];
	if (!ids) {
		if (sync_range_or_err(s, p, rok, &all, kids, e) < 0)
			return -1;
		char mine[33];
		sync_fp_text(&all, fl, mine);
		if ((json_int_t)all.n == n && !strcmp(mine, f))
			return 0;
		if (all.n > SYNC_LIST_MAX) {
			json_t *k = json_array();
			for (int i = 0; i < 16; i++) {
				if (!kids[i].n)
					continue;
				char t[33];
				sync_fp_text(&kids[i], fl, t);
				json_array_append_new(k, json_pack("[i,I,s]", i, (json_int_t)kids[i].n, t));
			}
			json_array_append_new(out, json_pack("{s:s, s:o}", "p", p, "kids", k));
			return 0;
		}
	}
	/* The names here, on pages; with the client's names, only those it lacks
	 * and, on the first page, which of its names this side lacks. */
	struct listing l = {NULL, il, json_array(), ""};
	json_t *lack = json_array();
	size_t i;
	json_t *it;
	if (ids) {
		l.theirs = json_object();
		json_array_foreach(ids, i, it) {
			const char *id = json_string_value(it);
			if (!hex_ok(id, il) || strncmp(id, p, strlen(p))) {
				json_decref(l.theirs);
				json_decref(l.mine);
				json_decref(lack);
				return err_set(e, "malformed message: ids of range \"%s\" must be names under it", p);
			}
			json_object_set_new(l.theirs, id, json_true());
			if (!after && !held_as(s, id, rok))
				json_array_append_new(lack, json_string(id));
		}
	}
	long got = sync_list_or_err(s, p, after, rok, SYNC_PAGE, list_one, &l, e);
	json_decref(l.theirs);
	if (got < 0) {
		json_decref(l.mine);
		json_decref(lack);
		return -1;
	}
	json_t *o = json_pack("{s:s, s:o, s:o}", "p", p, "mine", l.mine, "lack", lack);
	if (got == SYNC_PAGE)
		json_object_set_new(o, "next", json_string(l.last));
	json_array_append_new(out, o);
	return 0;
}

static json_t *op_diff(struct req *r, struct store *s, const struct who *w, const json_t *doc)
{
	const json_t *nodes = json_object_get(doc, "nodes");
	json_int_t fl = json_integer_value(json_object_get(doc, "fl"));
	if (!json_is_array(nodes) || json_array_size(nodes) > SYNC_MAX_NODES || (fl != 8 && fl != 16 && fl != 32)) {
		err_set(&r->e, "malformed message: diff needs nodes, an array of at most %d ranges, and fl, the "
			"length of their fingerprints (8, 16 or 32)", SYNC_MAX_NODES);
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *node;
	json_array_foreach(nodes, i, node)
		if (diff_node(s, node, role_sees_restricted(w->role), (int)fl, out, &r->e) < 0) {
			json_decref(out);
			return NULL;
		}
	return json_pack("{s:o}", "nodes", out);
}

/* ---- get and put: records ---- */

static int by_seq(const void *a, const void *b)
{
	long long x = json_integer_value(json_array_get(*(json_t *const *)a, 0));
	long long y = json_integer_value(json_array_get(*(json_t *const *)b, 0));
	return (x > y) - (x < y);
}

static json_t *op_get(struct req *r, struct store *s, const struct who *w, const json_t *doc)
{
	const json_t *ids = json_object_get(doc, "ids");
	if (!json_is_array(ids) || json_array_size(ids) > SYNC_MAX_IDS) {
		err_set(&r->e, "malformed message: get needs ids, an array of at most %d names", SYNC_MAX_IDS);
		return NULL;
	}
	int rok = role_sees_restricted(w->role);
	/* A reader who may not see restricted records reads the public log
	 * (pub_log) and its signatures (pub_sig), through the public guard
	 * (src/trust/guard.c). */
	sqlite3_stmt *st = rok ? store_prep(s, "SELECT l.seq, l.body, r.visibility = 'public', g.key, g.sig FROM log l "
					    "JOIN rec r ON r.seq = l.seq LEFT JOIN sigs g ON g.id = l.id WHERE l.id = ?")
		: store_prep(s, "SELECT p.seq, p.body, 1, g.key, g.sig FROM pub_log p LEFT JOIN pub_sig g ON g.id = p.id "
			     "WHERE p.id = ?");
	size_t n = json_array_size(ids), k = 0;
	json_t **rows = calloc(n ? n : 1, sizeof *rows);
	long long unknown = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = json_string_value(json_array_get(ids, i));
		if (!id || strlen(id) != 64) {
			unknown++;
			continue;
		}
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && (rok || sqlite3_column_int(st, 2))) {
			/* [seq, name, text] and, when signed, the key and signature. */
			rows[k] = json_pack("[I,s,s]", (json_int_t)sqlite3_column_int64(st, 0), id,
					    (const char *)sqlite3_column_text(st, 1));
			if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
				json_array_append_new(rows[k], json_string((const char *)sqlite3_column_text(st, 3)));
				json_array_append_new(rows[k], json_string((const char *)sqlite3_column_text(st, 4)));
			}
			k++;
		} else {
			unknown++;
		}
		sqlite3_reset(st);
	}
	qsort(rows, k, sizeof *rows, by_seq);
	json_t *recs = json_array();
	for (size_t i = 0; i < k; i++) {
		json_array_remove(rows[i], 0);
		json_array_append_new(recs, rows[i]);
	}
	free(rows);
	return json_pack("{s:o, s:I}", "records", recs, "unknown", (json_int_t)unknown);
}

/* Appends what the client sends, each record on its own: one refused is
 * named in the answer's `refused` and the others are kept. */
static json_t *op_put(struct req *r, struct store *s, const struct who *w, const json_t *doc)
{
	const json_t *recs = json_object_get(doc, "records");
	if (w->role < ROLE_EDITOR) {
		err_set_code(&r->e, E_FORBIDDEN, "a sync without a user only pulls public records: push with "
			     "--user NAME (an editor, oversight or admin of this server)");
		return NULL;
	}
	if (!json_is_array(recs) || json_array_size(recs) > SYNC_MAX_IDS) {
		err_set(&r->e, "malformed message: put needs records, an array of [name, text] or [name, text, key, "
			"signature]");
		return NULL;
	}
	if (store_begin_or_err(s, &r->e) < 0)
		return NULL;
	struct sync_batch b = {0, 0, 0, json_array(), NULL};
	if (sync_arrive_batch_or_err(s, recs, role_sees_restricted(w->role), &b, &r->e) < 0 ||
	    store_commit_or_err(s, &r->e) < 0) {
		store_rollback(s);
		json_decref(b.refused);
		return NULL;
	}
	return json_pack("{s:I, s:I, s:o, s:I, s:s}", "added", (json_int_t)b.added, "held", (json_int_t)b.held,
			 "refused", b.refused, "records", (json_int_t)s->count, "head", s->head);
}

static void answer(const struct server *srv, struct MHD_Connection *conn, struct req *r, struct sync_state *st)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (st->too_big) {
		web_error_code(r, 1, E_TOOLARGE, "the message is too large (at most 32 MiB as sent)");
		return;
	}
	if (!ct || strcmp(ct, SYNC_CTYPE)) {
		web_error_code(r, 1, E_MEDIATYPE, "send sync messages as " SYNC_CTYPE " (muster sync does)");
		return;
	}
	json_t *doc = sync_unpack_or_err((const unsigned char *)st->body.p, st->body.len, &r->e);
	if (!doc) {
		web_error(r, 1, &r->e);
		return;
	}
	const char *op = json_string_value(json_object_get(doc, "op"));
	const char *token = json_string_value(json_object_get(doc, "token"));
	static const char *const ops[] = {"hello", "diff", "get", "put", NULL};
	int k = 0;
	while (op && ops[k] && strcmp(ops[k], op))
		k++;
	if (json_integer_value(json_object_get(doc, "v")) != SYNC_VERSION) {
		json_decref(doc);
		web_error_code(r, 1, E_BADINPUT, "malformed message: this server speaks sync version 1 (\"v\": 1); "
			       "update muster on one side");
		return;
	}
	if (!op || !ops[k]) {
		json_decref(doc);
		web_error_code(r, 1, E_BADINPUT, "malformed message: op must be hello, diff, get or put");
		return;
	}
	struct store s;
	struct who w;
	memset(&w, 0, sizeof w);
	int writes = k == 0 || k == 3;
	if (web_store_open_or_err(srv, &s, writes ? STORE_WRITE : STORE_READ, &r->e) < 0) {
		json_decref(doc);
		web_error(r, 1, &r->e);
		return;
	}
	json_t *out = NULL;
	int retry = 0;
	if (token && *token && session_lookup(s.db, token, &w) < 0) {
		err_set_code(&r->e, E_FORBIDDEN, "the sync session is unknown or ended (its user was disabled, or 8 "
			     "hours passed): run muster sync again");
	} else if (!writes && store_begin_read_or_err(&s, &r->e) < 0) {
		/* r->e says why */
	} else {
		/* What a reader asks (diff, get) is read as every answer is:
		 * through the guard of their role. */
		if (!writes)
			guard_install(&s, w.name[0] ? w.role : ROLE_PUBLIC);
		snprintf(s.user, sizeof s.user, "%s", w.name);
		out = k == 0 ? op_hello(r, conn, &s, &w, &retry) : k == 1 ? op_diff(r, &s, &w, doc)
			: k == 2 ? op_get(r, &s, &w, doc) : op_put(r, &s, &w, doc);
	}
	if (out && store_failed_or_err(&s, &r->e) < 0) {
		json_decref(out);
		out = NULL;
	}
	store_close(&s);
	json_decref(doc);
	if (!out) {
		r->retry_after = retry;
		web_error(r, 1, &r->e);
		return;
	}
	size_t len;
	unsigned char *packed = sync_pack(out, &len);
	json_decref(out);
	if (!packed) {
		web_error_code(r, 1, E_INTERNAL, "out of memory packing the answer");
		return;
	}
	buf_free(&r->out);
	buf_add(&r->out, packed, len);
	free(packed);
	r->status = 200;
	r->ctype = SYNC_CTYPE;
}

int sync_http(const struct server *srv, struct MHD_Connection *conn, const char *upload_data, size_t *upload_size,
	      void **con_cls)
{
	struct sync_state *st = *con_cls;
	if (!st) {
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		st->magic = SYNC_STATE_MAGIC;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_size) {
		if (st->body.len + *upload_size > SYNC_WIRE_MAX)
			st->too_big = 1;
		else
			buf_add(&st->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct req r;
	struct who nobody;
	char client[64];
	memset(&r, 0, sizeof r);
	memset(&nobody, 0, sizeof nobody);
	r.srv = srv;
	r.method = "POST";
	r.who = &nobody;
	r.no_store = 1;
	r.query = "";
	r.path = SYNC_PATH;
	r.client = web_client(conn, client);
	answer(srv, conn, &r, st);
	enum MHD_Result rc = web_send(conn, &r, NULL);
	buf_free(&r.out);
	return rc;
}
