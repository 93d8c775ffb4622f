/* sync_cli.c: `muster sync URL`, the side that drives. It says hello (signs
 * in with --user), finds the names each side lacks range by range, pulls
 * what this file lacks in the order the other side holds them and pushes
 * what the other lacks in this file's order (grants of keys first), each
 * record of a batch taken or refused on its own (refused ones named), and
 * ends with both sides' digests. A sync that breaks keeps every
 * batch that arrived; the next one finds only the rest missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/cli.h"
#include "../trust/who.h"
#include "sync.h"

struct sc {
	struct cli *c;
	struct store s;
	char url[2048];
	struct sync_http_opts o;
	char token[65];
	enum role role;
	int rok;                /* the role may read restricted records */
	unsigned long long sent, recvd;
	long messages;
	json_t *need;           /* [[name, their seq]…] this file lacks */
	json_t *give;           /* names the other side lacks */
	/* 0: ranges compared by 8-digit fingerprints and few names listed by
	 * the range's prefix and 8 more digits (an eighth of the bytes); 1: by
	 * 32 digits and whole names, the second pass when the digests still
	 * differ after the first (two names or two sets that look alike so far:
	 * docs/sync.md). */
	int wide;
	json_t *pre;            /* the first digits of names listed → the name */
	long long pulled, pushed, held, pull_bytes, push_bytes;
	json_t *refused_here;   /* [[name, message]…] refused by this file */
	json_t *refused_there;  /* and by the other side */
};
#define FP_LEN(x) ((x)->wide ? 32 : 8)

static enum err_code code_of(const char *word)
{
	for (int i = 0; i < E_N_CODES; i++)
		if (word && !strcmp(err_codes[i].word, word))
			return (enum err_code)i;
	return E_INTERNAL;
}

/* Sends `msg` (taken over, the token added) and gives the answer (a new
 * object) in *ans. An error answer becomes this side's error, named as the
 * other side's. */
static int exchange_or_err(struct sc *x, json_t *msg, json_t **ans)
{
	*ans = NULL;
	json_object_set_new(msg, "v", json_integer(SYNC_VERSION));
	if (x->token[0])
		json_object_set_new(msg, "token", json_string(x->token));
	size_t len, got_len;
	unsigned char *data = sync_pack(msg, &len), *got = NULL;
	json_decref(msg);
	if (!data)
		return err_set_code(&x->c->e, E_INTERNAL, "out of memory packing a message");
	long status = 0;
	int rc = sync_post_or_err(x->url, &x->o, data, len, &got, &got_len, &status, &x->sent, &x->recvd, &x->c->e);
	free(data);
	x->messages++;
	if (rc < 0) {
		if (x->c->e.code == E_UNAVAILABLE)
			err_prefix(&x->c->e, "the connection failed (what arrived is kept: run muster sync again)");
		return -1;
	}
	if (status != 200) {
		json_t *doc = json_loadb((const char *)(got ? got : (unsigned char *)""), got_len, 0, NULL);
		const char *m = json_string_value(json_object_get(doc, "error"));
		if (m)
			err_set_code(&x->c->e, code_of(json_string_value(json_object_get(doc, "code"))), "%s answers: %s",
				     x->url, m);
		else
			err_set_code(&x->c->e, E_UNAVAILABLE, "%s answers HTTP %ld, not a sync answer (is it a muster "
				     "serve of this version?)", x->url, status);
		json_decref(doc);
		free(got);
		return -1;
	}
	*ans = sync_unpack_or_err(got, got_len, &x->c->e);
	free(got);
	if (!*ans)
		err_prefix(&x->c->e, "%s answers", x->url);
	return *ans ? 0 : -1;
}

static int hello_or_err(struct sc *x, json_t **ans)
{
	if (exchange_or_err(x, json_pack("{s:s}", "op", "hello"), ans) < 0)
		return -1;
	const char *role = json_string_value(json_object_get(*ans, "role"));
	const char *token = json_string_value(json_object_get(*ans, "token"));
	if (!role || !json_string_value(json_object_get(*ans, "digest")))
		return err_set(&x->c->e, "malformed message: %s's hello lacks its role or digest", x->url);
	x->role = !strcmp(role, "admin") ? ROLE_ADMIN : !strcmp(role, "oversight") ? ROLE_OVERSIGHT
		: !strcmp(role, "editor") ? ROLE_EDITOR : ROLE_PUBLIC;
	x->rok = role_sees_restricted(x->role);
	if (token && *token)
		snprintf(x->token, sizeof x->token, "%s", token);
	return 0;
}

/* ---- finding what each side lacks ---- */

static int held_here(struct sc *x, const char *id)
{
	sqlite3_stmt *st = store_prep(&x->s, "SELECT 1 FROM log WHERE id = ?");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int held = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return held;
}

static int add_name(void *arg, const char *id, long long seq)
{
	(void)seq;
	json_array_append_new(arg, json_string(id));
	return 0;
}

/* The range p as this side sends it: its count and fingerprint, and its
 * names when they are few. */
static json_t *node_of(struct sc *x, const char *p, const struct sync_fp *fp)
{
	char f[33];
	sync_fp_text(fp, FP_LEN(x), f);
	json_t *n = json_pack("{s:s, s:I, s:s}", "p", p, "n", (json_int_t)fp->n, "f", f);
	if (fp->n <= SYNC_LIST_MAX) {
		json_t *ids = json_array();
		if (sync_list_or_err(&x->s, p, NULL, x->rok, SYNC_LIST_MAX + 1, add_name, ids, &x->c->e) < 0) {
			json_decref(ids);
			json_decref(n);
			return NULL;
		}
		/* The prefix and 8 more digits of each, unless two share those. */
		int il = x->wide || strlen(p) > 16 ? 64 : (int)strlen(p) + 8;
		json_t *seen = json_object(), *short_ids = json_array();
		size_t i;
		json_t *it;
		json_array_foreach(ids, i, it) {
			char k[HASH_HEX];
			snprintf(k, sizeof k, "%.*s", il, json_string_value(it));
			if (json_object_get(seen, k))
				il = 64;
			json_object_set_new(seen, k, json_true());
			json_object_set(x->pre, k, it);
			json_array_append_new(short_ids, json_string(k));
		}
		json_decref(seen);
		json_object_set_new(n, "il", json_integer(il));
		json_object_set_new(n, "ids", il < 64 ? short_ids : ids);
		json_decref(il < 64 ? ids : short_ids);
	}
	return n;
}

/* One range of the answer: names to pull or push, parts to ask about next. */
static int settle_or_err(struct sc *x, const json_t *sent, const json_t *got, json_t *next)
{
	const char *p = json_string_value(json_object_get(got, "p"));
	const json_t *kids = json_object_get(got, "kids"), *mine = json_object_get(got, "mine");
	size_t i;
	json_t *it;
	if (!p || !sync_prefix_ok(p) || (!kids && !json_is_array(mine)))
		return err_set(&x->c->e, "malformed message: %s's diff answer has a range without p, kids or mine", x->url);
	if (kids) {
		struct sync_fp all, own[16], theirs[16];
		char tf[16][33];
		memset(theirs, 0, sizeof theirs);
		memset(tf, 0, sizeof tf);
		if (strlen(p) >= 63 || sync_range_or_err(&x->s, p, x->rok, &all, own, &x->c->e) < 0)
			return strlen(p) >= 63 ? err_set(&x->c->e, "malformed message: a range too deep") : -1;
		json_array_foreach(kids, i, it) {
			json_int_t d = json_integer_value(json_array_get(it, 0));
			const char *f = json_string_value(json_array_get(it, 2));
			if (d < 0 || d > 15 || !f || strlen(f) != (size_t)FP_LEN(x))
				return err_set(&x->c->e, "malformed message: %s's diff answer has a bad part", x->url);
			theirs[d].n = (uint64_t)json_integer_value(json_array_get(it, 1));
			snprintf(tf[d], 33, "%s", f);
		}
		for (int d = 0; d < 16; d++) {
			char kp[80], f[33];
			snprintf(kp, sizeof kp, "%s%c", p, "0123456789abcdef"[d]);
			sync_fp_text(&own[d], FP_LEN(x), f);
			if (own[d].n == theirs[d].n && (!own[d].n || !strcmp(f, tf[d])))
				continue;
			if (!theirs[d].n) {
				if (sync_list_or_err(&x->s, kp, NULL, x->rok, 1L << 40, add_name, x->give, &x->c->e) < 0)
					return -1;
				continue;
			}
			json_t *n = node_of(x, kp, &own[d]);
			if (!n)
				return -1;
			json_array_append_new(next, n);
		}
		return 0;
	}
	const json_t *ids = json_object_get(sent, "ids");
	json_array_foreach(mine, i, it) {
		const char *id = json_string_value(json_array_get(it, 0));
		if (!id || strlen(id) != 64)
			return err_set(&x->c->e, "malformed message: %s's diff answer lists a bad name", x->url);
		if (ids || !held_here(x, id))
			json_array_append(x->need, it);
	}
	if (ids) {
		json_array_foreach(json_object_get(got, "lack"), i, it) {
			const char *name = json_string_value(it);
			json_t *full = name && strlen(name) < 64 ? json_object_get(x->pre, name) : it;
			if (!full || !json_is_string(full))
				return err_set(&x->c->e, "malformed message: %s's diff answer names a record not sent", x->url);
			json_array_append(x->give, full);
		}
	} else {
		/* Their whole list: ours that it lacks are to push. */
		json_t *theirs = json_object(), *own = json_array();
		json_array_foreach(mine, i, it)
			json_object_set_new(theirs, json_string_value(json_array_get(it, 0)), json_true());
		if (sync_list_or_err(&x->s, p, NULL, x->rok, 1L << 40, add_name, own, &x->c->e) < 0) {
			json_decref(theirs);
			json_decref(own);
			return -1;
		}
		json_array_foreach(own, i, it)
			if (!json_object_get(theirs, json_string_value(it)))
				json_array_append(x->give, it);
		json_decref(theirs);
		json_decref(own);
	}
	const char *more = json_string_value(json_object_get(got, "next"));
	if (more) {
		json_t *n = json_deep_copy(sent);
		json_object_set_new(n, "after", json_string(more));
		json_array_append_new(next, n);
	}
	return 0;
}

static int reconcile_or_err(struct sc *x)
{
	struct sync_fp root;
	if (sync_range_or_err(&x->s, "", x->rok, &root, NULL, &x->c->e) < 0)
		return -1;
	json_t *queue = json_array(), *n = node_of(x, "", &root);
	if (!n) {
		json_decref(queue);
		return -1;
	}
	json_array_append_new(queue, n);
	while (json_array_size(queue)) {
		/* One message takes up to 4096 ranges; the rest wait. */
		json_t *batch = json_array(), *rest = json_array();
		size_t i;
		json_t *it;
		json_array_foreach(queue, i, it)
			json_array_append(i < 4096 ? batch : rest, it);
		json_decref(queue);
		queue = rest;
		json_t *ans;
		if (exchange_or_err(x, json_pack("{s:s, s:O, s:i}", "op", "diff", "nodes", batch, "fl", FP_LEN(x)),
				    &ans) < 0) {
			json_decref(batch);
			json_decref(queue);
			return -1;
		}
		/* The answer names ranges by p; each sent range once. */
		json_t *by_p = json_object();
		json_array_foreach(batch, i, it)
			json_object_set(by_p, json_string_value(json_object_get(it, "p")), it);
		json_array_foreach(json_object_get(ans, "nodes"), i, it) {
			const json_t *sent = json_object_get(by_p, json_string_value(json_object_get(it, "p")));
			if (!sent || settle_or_err(x, sent, it, queue) < 0) {
				if (!sent)
					err_set(&x->c->e, "malformed message: %s answers about a range not asked", x->url);
				json_decref(by_p);
				json_decref(ans);
				json_decref(batch);
				json_decref(queue);
				return -1;
			}
		}
		json_decref(by_p);
		json_decref(ans);
		json_decref(batch);
	}
	json_decref(queue);
	return 0;
}

/* ---- moving records ---- */

/* Appends `recs` in one transaction, each record on its own (refused ones
 * named in x->refused_here). */
static int arrive_or_err(struct sc *x, const json_t *recs, json_t *retry)
{
	struct sync_batch b = {0, 0, 0, x->refused_here, retry};
	int rc = store_begin_or_err(&x->s, &x->c->e);
	if (rc == 0)
		rc = sync_arrive_batch_or_err(&x->s, recs, x->rok, &b, &x->c->e);
	if (rc == 0)
		rc = store_commit_or_err(&x->s, &x->c->e);
	else
		store_rollback(&x->s);
	if (rc == 0) {
		x->pulled += b.added;
		x->pull_bytes += b.bytes;
	}
	return rc;
}

static int pull_or_err(struct sc *x)
{
	sync_sort_pairs(x->need);
	size_t n = json_array_size(x->need), step = (size_t)sync_batch_size();
	/* Records signed by a key whose grant comes in a later batch: tried
	 * again once every batch arrived. */
	json_t *retry = json_array();
	int rc = 0;
	for (size_t at = 0; rc == 0 && at < n; at += step) {
		json_t *ids = json_array(), *ans;
		for (size_t i = at; i < n && i < at + step; i++)
			json_array_append(ids, json_array_get(json_array_get(x->need, i), 0));
		if (exchange_or_err(x, json_pack("{s:s, s:o}", "op", "get", "ids", ids), &ans) < 0) {
			json_decref(retry);
			return -1;
		}
		rc = arrive_or_err(x, json_object_get(ans, "records"), retry);
		json_decref(ans);
	}
	if (rc == 0 && json_array_size(retry))
		rc = arrive_or_err(x, retry, NULL);
	json_decref(retry);
	if (rc < 0)
		err_prefix(&x->c->e, "pulling from %s (the batches before this one are kept)", x->url);
	return rc;
}

static int push_or_err(struct sc *x)
{
	/* Ours in our order, grants and revocations of keys first (a record's
	 * key is granted before it arrives): [name, order, seq]. */
	json_t *pairs = json_array();
	size_t i;
	json_t *it;
	sqlite3_stmt *st = store_prep(&x->s, "SELECT l.seq, r.kind = 'key' FROM log l JOIN rec r ON r.seq = l.seq "
				      "WHERE l.id = ?");
	json_array_foreach(x->give, i, it) {
		sqlite3_bind_text(st, 1, json_string_value(it), -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			long long seq = sqlite3_column_int64(st, 0);
			json_array_append_new(pairs, json_pack("[O,I,I]", it, (json_int_t)(sqlite3_column_int(st, 1) ?
										     seq - (1LL << 50) : seq),
							       (json_int_t)seq));
		}
		sqlite3_reset(st);
	}
	sync_sort_pairs(pairs);
	size_t n = json_array_size(pairs), step = (size_t)sync_batch_size();
	sqlite3_stmt *body = store_prep(&x->s, "SELECT l.body, g.key, g.sig FROM log l LEFT JOIN sigs g ON g.id = l.id "
					"WHERE l.seq = ?");
	for (size_t at = 0; at < n; at += step) {
		json_t *recs = json_array(), *ans;
		for (i = at; i < n && i < at + step; i++) {
			json_t *pr = json_array_get(pairs, i);
			sqlite3_bind_int64(body, 1, json_integer_value(json_array_get(pr, 2)));
			if (sqlite3_step(body) == SQLITE_ROW) {
				const char *t = (const char *)sqlite3_column_text(body, 0);
				x->push_bytes += (long long)strlen(t);
				json_t *rec = json_pack("[O,s]", json_array_get(pr, 0), t);
				if (sqlite3_column_type(body, 1) != SQLITE_NULL) {
					json_array_append_new(rec, json_string((const char *)sqlite3_column_text(body, 1)));
					json_array_append_new(rec, json_string((const char *)sqlite3_column_text(body, 2)));
				}
				json_array_append_new(recs, rec);
			}
			sqlite3_reset(body);
		}
		if (exchange_or_err(x, json_pack("{s:s, s:o}", "op", "put", "records", recs), &ans) < 0) {
			err_prefix(&x->c->e, "pushing to %s (the batches before this one are kept there)", x->url);
			json_decref(pairs);
			return -1;
		}
		x->pushed += json_integer_value(json_object_get(ans, "added"));
		x->held += json_integer_value(json_object_get(ans, "held"));
		json_array_foreach(json_object_get(ans, "refused"), i, it)
			json_array_append(x->refused_there, it);
		json_decref(ans);
	}
	json_decref(pairs);
	return 0;
}

/* ---- the command ---- */

static int url_or_err(struct sc *x, const char *url)
{
	size_t n = strlen(url);
	if ((strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || n > 1024 || strpbrk(url, " \t\r\n?#"))
		return err_usage(&x->c->e, "\"%s\" is not a muster serve's address: give http://HOST:PORT or "
				 "https://HOST:PORT (e.g. https://hq.example.org)", url);
	while (n && url[n - 1] == '/')
		n--;
	snprintf(x->url, sizeof x->url, "%.*s%s", (int)n, url, SYNC_PATH);
	return 0;
}

static void print_result(struct sc *x, const json_t *there, const char *here_digest, long long here_n, double secs)
{
	const char *digest = json_string_value(json_object_get(there, "digest"));
	long long n = json_integer_value(json_object_get(there, "records"));
	int same = !strcmp(digest, here_digest);
	const char *user = json_string_value(json_object_get(there, "user"));
	if (x->c->json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:{s:s, s:I}, s:{s:s, s:I}, s:I, s:I, s:I, "
				      "s:I, s:I, s:f}", "url", x->url, "role", role_name(x->role), "user", user ? user : "",
				      "pulled", (json_int_t)x->pulled, "pushed", (json_int_t)x->pushed, "already_there",
				      (json_int_t)x->held, "same", same, "here", "digest", here_digest, "records",
				      (json_int_t)here_n, "there", "digest", digest, "records", (json_int_t)n, "bytes_sent",
				      (json_int_t)x->sent, "bytes_received", (json_int_t)x->recvd, "messages",
				      (json_int_t)x->messages, "record_bytes_pulled", (json_int_t)x->pull_bytes,
				      "record_bytes_pushed", (json_int_t)x->push_bytes, "seconds", secs);
		json_t *refused = json_array(), *it;
		for (int k = 0; k < 2; k++)
			for (size_t i = 0; (it = json_array_get(k ? x->refused_there : x->refused_here, i)); i++)
				json_array_append_new(refused, json_pack("{s:s, s:O, s:O}", "where", k ? "there" : "here",
									 "id", json_array_get(it, 0), "error", json_array_get(it, 1)));
		json_object_set_new(o, "refused", refused);
		char *t = json_dumps(o, JSON_INDENT(2));
		fprintf(x->c->out, "%s\n", t);
		free(t);
		json_decref(o);
		return;
	}
	char a[32], b[32];
	fprintf(x->c->out, "synced with %.*s as %s%s%s: pulled %s record%s, pushed %s", (int)(strlen(x->url) - strlen(SYNC_PATH)),
		x->url, role_name(x->role), user && *user ? " " : "", user ? user : "", cli_num(x->pulled, a),
		x->pulled == 1 ? "" : "s", cli_num(x->pushed, b));
	if (x->held)
		fprintf(x->c->out, " (%lld were there already)", x->held);
	fprintf(x->c->out, "\n");
	const char *what = x->rok ? "records" : "public records";
	if (same)
		fprintf(x->c->out, "both hold the same %s %s: digest %s\n", cli_num(here_n, a), what, here_digest);
	else
		fprintf(x->c->out, "here %s %s, digest %s; there %s, digest %s%s\n", cli_num(here_n, a), what,
			here_digest, cli_num(n, b), digest, x->c->pull || x->c->push ? " (one way: the other side's own "
			"records stay there)" : "");
	fprintf(x->c->out, "%llu bytes sent, %llu received in %ld messages\n", x->sent, x->recvd, x->messages);
	json_t *it;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; (it = json_array_get(k ? x->refused_there : x->refused_here, i)); i++)
			fprintf(x->c->out, "refused %s: %s\n", k ? "there" : "here", json_string_value(json_array_get(it, 1)));
}

static int run_sync(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "takes one argument, the other muster's address (muster sync https://HOST:PORT)");
	if (c->pull && c->push)
		return err_usage(&c->e, "--pull and --push go one way each: give one of them, or neither to go both ways");
	struct sc x;
	memset(&x, 0, sizeof x);
	x.c = c;
	x.o.cacert = c->cacert;
	x.o.timeout = 600;
	if (url_or_err(&x, c->args[0]) < 0)
		return -1;
	char userpwd[65 + PASSWORD_MAX + 2];
	if (c->user) {
		char pw[PASSWORD_MAX + 2], prompt[160];
		if (user_name_check_or_err(c->user, &c->e) < 0) {
			err_prefix(&c->e, "--user");
			return -1;
		}
		snprintf(prompt, sizeof prompt, "Password for %.64s at %.80s: ", c->user, c->args[0]);
		if (password_read_or_err(prompt, 0, pw, sizeof pw, &c->e) < 0)
			return -1;
		snprintf(userpwd, sizeof userpwd, "%s:%s", c->user, pw);
		x.o.userpwd = userpwd;
	}
	if (cli_open_or_err(c, &x.s, STORE_WRITE) < 0)
		return -1;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	x.need = json_array();
	x.give = json_array();
	x.refused_here = json_array();
	x.refused_there = json_array();
	json_t *hello = NULL, *end = NULL;
	int rc = hello_or_err(&x, &hello);
	x.o.userpwd = NULL;     /* the session's token from now on */
	if (rc == 0 && c->push && x.role < ROLE_EDITOR)
		rc = err_usage(&c->e, "--push needs --user NAME (an editor, oversight or admin of %s)", c->args[0]);
	char digest[HASH_HEX];
	long long n = 0;
	x.pre = json_object();
	for (int pass = 0; rc == 0 && pass < 2; pass++) {
		x.wide = pass;
		json_array_clear(x.need);
		json_array_clear(x.give);
		rc = reconcile_or_err(&x);
		if (rc == 0 && !c->push)
			rc = pull_or_err(&x);
		if (rc == 0 && !c->pull && x.role >= ROLE_EDITOR)
			rc = push_or_err(&x);
		if (rc == 0)
			rc = sync_digest_or_err(&x.s, x.rok, digest, &n, &c->e);
		json_decref(end);
		end = NULL;
		if (rc == 0)
			rc = exchange_or_err(&x, json_pack("{s:s}", "op", "hello"), &end);
		/* Both ways, the digests must now be equal; else a second pass
		 * compares whole names. One way, the other side keeps its own. */
		/* A refused record leaves the two sets different: a second pass
		 * would only refuse it again. */
		if (rc == 0 && (c->pull || c->push || x.role < ROLE_EDITOR ||
				json_array_size(x.refused_here) || json_array_size(x.refused_there) ||
				!strcmp(digest, json_string_value(json_object_get(end, "digest")) ?: "")))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0)
		print_result(&x, end, digest, n, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	size_t refused = json_array_size(x.refused_here) + json_array_size(x.refused_there);
	if (rc == 0 && refused)
		rc = err_set(&c->e, "%zu record%s refused (named above); the rest of the sync completed", refused,
			     refused == 1 ? " was" : "s were");
	json_decref(hello);
	json_decref(end);
	json_decref(x.need);
	json_decref(x.give);
	json_decref(x.pre);
	json_decref(x.refused_here);
	json_decref(x.refused_there);
	store_close(&x.s);
	memset(userpwd, 0, sizeof userpwd);
	return rc;
}

const struct command command_sync = {
	.name = "sync",
	.run = run_sync,
	.summary = "exchange records with another muster until both hold the union",
	.usage = "muster sync URL [--pull|--push] [--user NAME] [--cacert FILE] [--json] [--db FILE]",
	.help = "Exchanges records with the muster serve at URL (http:// or https://) until both files\n"
		"hold every record either held: records are named by the hash of their text, so the two\n"
		"sides compare fingerprints of ranges of sorted names, narrow down the ranges that\n"
		"differ, and send only the records one side lacks (docs/sync.md). Each file appends\n"
		"what arrives after its own records, in the order the sender holds them, with the\n"
		"checks of an import, in batches of 500 kept whole or not at all: a sync that breaks\n"
		"keeps the batches that arrived, and the next one sends only the rest. At the end both\n"
		"sides' digests of their sets of records (also shown by muster summary and muster\n"
		"verify) are printed: equal when both hold the same records, whatever their order.\n\n"
		"Without --user the sync is the public's: it pulls the public records only and pushes\n"
		"nothing (a journalist's copy kept current). With --user NAME, the password of that\n"
		"user on the other side is read (from the terminal without echo, or one line of\n"
		"standard input); records then go both ways, restricted ones only when that user's\n"
		"role may read them (oversight, admin). A record that says the same as one of this\n"
		"file's, or holds the same ref, is kept beside it (the union), as a disagreement\n"
		"would be.\n\n"
		"Options:\n"
		"  --pull         only bring the other side's records here\n"
		"  --push         only send this file's records there (needs --user)\n"
		"  --user NAME    sign in there as NAME\n"
		"  --cacert FILE  the certificate authority to trust for https (default: the system's)\n"
		"  --json         the counts, both digests and the bytes sent and received\n\n"
		"Each record travels with its author's signature (muster key). A record refused, here\n"
		"or there (its signature does not verify, its key is unknown or revoked where it\n"
		"arrives, it is unsigned where signatures are required, a field does not check), is\n"
		"named on a line \"refused here: …\" or \"refused there: …\", and the rest of the sync\n"
		"goes on.\n\n"
		"Exit status 0 when the exchange finished with nothing refused; 2 when records were\n"
		"refused (named; the others exchanged) or a message was, 3 when the connection failed\n"
		"(run it again).\n\n"
		"Example:\n  muster sync https://hq.example.org --user base-jacmel\n"
		"  muster sync --pull https://record.example.org\n",
	.opts = O_JSON | O_USER | O_SYNC,
};
