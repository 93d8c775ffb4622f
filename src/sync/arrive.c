/* arrive.c: a record arriving from another copy of the record. It is taken
 * only as its author's muster wrote it: its text hashes to its name and is
 * the canonical text of a record whose every field checks, and its signature
 * verifies with a key this file trusts (src/trust/keys_trust.c); then it goes
 * the way of an import (store_append_prepared_or_err, with s->arriving: the
 * union is kept). A batch takes each record on its own: one refused is named
 * and the others go on. */
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
#include "../trust/keys.h"
#include "../pg/pg.h"

static int name_ok(const char *id)
{
	if (!id || strlen(id) != 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

int sync_arrive_or_err(struct store *s, const char *id, const char *body, const char *key, const char *sig,
		       int restricted_ok, int *added, struct err *e)
{
	*added = 0;
	if (!name_ok(id))
		return err_set(e, "malformed message: \"%.70s\" is not a record's name (64 lowercase hex digits)",
			       id ? id : "(none)");
	char got[HASH_HEX];
	hash_sha256_hex(body, strlen(body), got);
	if (strcmp(got, id))
		return err_set(e, "forged record: the text sent as %.16s hashes to %.16s (altered on the way, or "
			       "not a record of this muster)", id, got);
	/* Whether it is held is asked of the whole log (PostgreSQL's, with --log). */
	if (pglog_hold_or_err(s, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM log WHERE id = ?");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int held = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (held)
		return 0;
	json_error_t je;
	json_t *in = json_loads(body, JSON_REJECT_DUPLICATES, &je);
	if (!in || !json_is_object(in)) {
		json_decref(in);
		return err_set(e, "malformed record %.16s: not a JSON object (%s)", id, je.text);
	}
	json_t *rec = NULL;
	if (record_normalize_or_err(in, &rec, e) < 0) {
		json_decref(in);
		err_prefix(e, "record %.16s", id);
		return -1;
	}
	json_decref(in);
	char *canon = record_canonical(rec);
	int same = canon && !strcmp(canon, body);
	free(canon);
	if (!same) {
		json_decref(rec);
		return err_set(e, "malformed record %.16s: its text is not the canonical text muster writes (keys "
			       "sorted, no spaces, every field as checked)", id);
	}
	const char *vis = rec_str(rec, "visibility");
	if (vis && !strcmp(vis, "restricted") && !restricted_ok) {
		json_decref(rec);
		return err_set_code(e, E_FORBIDDEN, "record %.16s is restricted, and this user's role may not "
				    "read restricted records: it does not travel to or from them", id);
	}
	if (keys_arrival_check_or_err(s, id, rec_str(rec, "kind"), key, sig, e) < 0) {
		json_decref(rec);
		return -1;
	}
	struct prepared p;
	store_prepare(s, rec, &p);
	int was = s->arriving;
	s->arriving = 1;
	int rc = store_append_prepared_or_err(s, &p, e);
	s->arriving = was;
	if (rc < 0)
		err_prefix(e, "record %.16s (%s)", id, rec_str(rec, "kind"));
	else if (strcmp(p.id, id))
		rc = err_set(e, "malformed record %.16s: appended here it would be %.16s (a field it names resolves "
			     "otherwise here)", id, p.id);
	else if (key && keys_sig_keep_or_err(s, id, key, sig, e) < 0)
		rc = -1;
	else
		*added = 1;
	store_prepared_free(&p);
	json_decref(rec);
	return rc;
}

/* A record of kind "key" (canonical text: "kind":"key" cannot be inside a
 * string, whose quotes are escaped). */
static int is_key_record(const json_t *item)
{
	const char *body = json_string_value(json_array_get(item, 1));
	return body && strstr(body, "\"kind\":\"key\"") != NULL;
}

/* One record in a savepoint: on a refusal the file is as before it. Returns
 * 1 refused (message in e), 0 taken, -1 when the file failed. */
static int arrive_one(struct store *s, const json_t *it, int rok, struct sync_batch *b, struct err *e)
{
	const char *id = json_string_value(json_array_get(it, 0));
	const char *body = json_string_value(json_array_get(it, 1));
	const char *key = json_string_value(json_array_get(it, 2));
	const char *sig = json_string_value(json_array_get(it, 3));
	size_t n = json_array_size(it);
	if (!json_is_array(it) || (n != 2 && n != 4) || !id || !body || (n == 4 && (!key || !sig))) {
		err_set(e, "malformed message: a record sent is not [name, text] or [name, text, key, signature]");
		return 1;
	}
	sqlite3_int64 count = s->count;
	char head[HASH_HEX];
	memcpy(head, s->head, HASH_HEX);
	if (store_exec_or_err(s, "SAVEPOINT arrive", e) < 0)
		return -1;
	int a = 0;
	if (sync_arrive_or_err(s, id, body, key, sig, rok, &a, e) == 0) {
		b->added += a;
		b->held += !a;
		b->bytes += (long long)strlen(body);
		return store_exec_or_err(s, "RELEASE arrive", e);
	}
	if (e->code == E_INTERNAL || e->code == E_BUSY)
		return -1;
	struct err ignore;
	if (store_exec_or_err(s, "ROLLBACK TO arrive; RELEASE arrive", &ignore) < 0)
		return err_set_code(e, E_INTERNAL, "%s: undoing a refused record: %s", s->path, ignore.msg);
	s->count = count;
	memcpy(s->head, head, HASH_HEX);
	s->n_sources = 0;
	return 1;
}

int sync_arrive_batch_or_err(struct store *s, const json_t *recs, int rok, struct sync_batch *b, struct err *e)
{
	json_t *later = json_array();
	size_t i;
	json_t *it;
	int rc = 0;
	/* Grants and revocations first, then the rest in the order sent; one
	 * refused for an unknown key is tried again at the end of the batch
	 * (its grant may have come after it). */
	for (int pass = 0; rc == 0 && pass < 3; pass++) {
		const json_t *from = pass < 2 ? recs : later;
		json_t *again = pass == 2 ? NULL : later;
		json_array_foreach(from, i, it) {
			if (pass < 2 && is_key_record(it) != (pass == 0))
				continue;
			struct err one;
			memset(&one, 0, sizeof one);
			int r = arrive_one(s, it, rok, b, &one);
			if (r < 0) {
				*e = one;
				rc = -1;
				break;
			}
			if (!r)
				continue;
			const char *id = json_string_value(json_array_get(it, 0));
			if (again && !strncmp(one.msg, "unknown key:", 12))
				json_array_append(again, (json_t *)it);
			else if (b->retry && !strncmp(one.msg, "unknown key:", 12))
				json_array_append(b->retry, (json_t *)it);
			else
				json_array_append_new(b->refused, json_pack("[s,s]", id ? id : "?", one.msg));
		}
		if (pass == 1 && !json_array_size(later))
			break;
	}
	json_decref(later);
	return rc;
}
