/* arrive.c: a record arriving from another copy of the record. It is taken
 * only as its author's muster wrote it: its text hashes to its name and is
 * the canonical text of a record whose every field checks; then it goes the
 * way of an import (store_append_prepared_or_err, with s->arriving: the
 * union is kept). */
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
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

int sync_arrive_or_err(struct store *s, const char *id, const char *body, int restricted_ok, int *added,
		       struct err *e)
{
	*added = 0;
	if (!name_ok(id))
		return err_set(e, "malformed message: \"%.70s\" is not a record's name (64 lowercase hex digits)",
			       id ? id : "(none)");
	char got[HASH_HEX];
	hash_sha256_hex(body, strlen(body), got);
	if (strcmp(got, id))
		return err_set(e, "forged record: the text sent as %.16s hashes to %.16s (altered on the way, or "
			       "not a record of this muster); nothing of this batch was kept", id, got);
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
	else
		*added = 1;
	store_prepared_free(&p);
	json_decref(rec);
	return rc;
}
