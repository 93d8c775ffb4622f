/* add.c: one record in, checked and appended in one transaction, and the
 * input of a correction built from the record it corrects. */
#include "add.h"

#include <string.h>

#include "record.h"
#include "store.h"

int record_add_or_err(struct store *s, const json_t *in, char id[HASH_HEX], struct err *e)
{
	json_t *rec;
	if (record_normalize_or_err(in, &rec, e) < 0)
		return -1;
	if (store_begin_or_err(s, e) < 0) {
		json_decref(rec);
		return -1;
	}
	if (store_append_or_err(s, rec, id, e) < 0) {
		store_rollback(s);
		json_decref(rec);
		return -1;
	}
	json_decref(rec);
	return store_commit_or_err(s, e);
}

json_t *record_correction_or_err(struct store *s, const char *name, const json_t *changes, json_t **body,
				 struct err *e)
{
	sqlite3_int64 seq;
	char id[HASH_HEX];
	json_t *old;
	if (body)
		*body = NULL;
	if (store_resolve_or_err(s, name, &seq, e) < 0 || !(old = store_body(s, seq, id)))
		return NULL;
	if (body)
		*body = json_deep_copy(old);
	json_object_del(old, "entered_by");
	json_object_del(old, "entered_at");
	json_object_del(old, "corrects");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)changes, k, v) {
		if (json_is_string(v) && !*json_string_value(v))
			json_object_del(old, k);
		else
			json_object_set(old, k, v);
	}
	json_object_set_new(old, "corrects", json_string(id));
	return old;
}
