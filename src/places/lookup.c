/* lookup.c: finding a place by its ref, name or any alias, whatever the case
 * and accents, and checking the place refs that records name. Unknown names
 * get the nearest known name as a suggestion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "places.h"

/* A place a new record may name: one not corrected or retracted, of either
 * visibility (the writer's rule). The answers' lookups read pub_rec. */
#define LIVE_PLACE "r.kind = 'place' AND r.replaced_by IS NULL AND r.retracted_by IS NULL"

/* The nearest live place name (folded edit distance), or "" when none is close. */
static void nearest_name(struct store *s, const char *name, char *out, size_t size)
{
	sqlite3_stmt *st = store_prep(s, "SELECT n.folded, n.name, p.ref FROM place_name n JOIN place p USING(seq) "
				      "JOIN pub_rec r USING(seq) WHERE r.kind = 'place' ORDER BY n.folded LIMIT 1000");
	const char *cands[1000];
	char *owned[1000][2];
	size_t n = 0;
	while (store_row(s, st) && n < 1000) {
		owned[n][0] = strdup((const char *)sqlite3_column_text(st, 0));
		char both[512];
		snprintf(both, sizeof both, "%s\" (%s", (const char *)sqlite3_column_text(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		owned[n][1] = strdup(both);
		cands[n] = owned[n][0];
		n++;
	}
	sqlite3_reset(st);
	char *f = fold_name(name);
	const char *near = err_nearest(f, cands, n);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (near == cands[i] && !out[0])
			snprintf(out, size, "%s", owned[i][1]);
		free(owned[i][0]);
		free(owned[i][1]);
	}
	free(f);
}

int place_lookup_or_err(struct store *s, const char *name, char ref[65], struct err *e)
{
	char *f = fold_name(name);
	sqlite3_stmt *st = store_prep(s, "SELECT DISTINCT p.ref FROM place_name n JOIN place p USING(seq) "
				      "JOIN pub_rec r USING(seq) WHERE n.folded = ? AND r.kind = 'place' "
				      "ORDER BY p.ref");
	sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
	free(f);
	int n = 0;
	char all[512] = "";
	while (store_row(s, st)) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (!n++)
			snprintf(ref, 65, "%s", r);
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", n > 1 ? ", " : "", r);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	if (n == 1)
		return 0;
	if (n > 1)
		return err_set(e, "place \"%s\" is ambiguous: it names %s (give the ref instead)", name, all);
	char near[600];
	nearest_name(s, name, near, sizeof near);
	if (*near)
		return err_set(e, "place \"%s\" is not known (did you mean \"%s)?)", name, near);
	return err_set(e, "place \"%s\" is not known (muster places lists every place and its ref)", name);
}

int place_ref_check_or_err(struct store *s, const char *field, const char *ref, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM rec r WHERE r.ref = ? AND " LIVE_PLACE);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (found)
		return 0;
	/* Maybe it is a name rather than a ref: then say which ref. */
	char *f = fold_name(ref);
	st = store_prep(s, "SELECT p.ref FROM place_name n JOIN place p USING(seq) JOIN rec r USING(seq) "
			"WHERE n.folded = ? AND " LIVE_PLACE " LIMIT 1");
	sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
	free(f);
	char hit[65] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(hit, sizeof hit, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (*hit)
		return err_set(e, "field \"%s\": \"%s\" is not a place ref (did you mean %s?)", field, ref, hit);
	char near[600];
	nearest_name(s, ref, near, sizeof near);
	if (*near) {
		/* near is `NAME" (REF`: suggest the ref. */
		const char *r = strstr(near, "\" (");
		return err_set(e, "field \"%s\": \"%s\" is not a place (did you mean %s?)", field, ref,
			       r ? r + 3 : near);
	}
	return err_set(e, "field \"%s\": \"%s\" is not a place (add it first as a place record, or see "
		       "muster places for the refs)", field, ref);
}
