/* refs.c: which record a ref names when more than one claims it, and the
 * grades that follow from a source's ref.
 *
 * At entry a ref is free or refused (append.c). But two copies of the record
 * that each gave one ref to a different record hold both after a sync
 * (src/sync: an arriving record is not refused for its ref, or the copies
 * could never converge). The ref then names one record by a rule that does
 * not depend on the order in which the records arrived, so that two files
 * holding the same records give the same answers:
 *
 *   the holders are the records claiming the ref that are live (not
 *   corrected or retracted by a public record, as every lookup by ref reads
 *   them). The ref names one holder for each kind of reader: for the public,
 *   among the public holders; for a reader of restricted records, among
 *   those live for them (so a public record and its restricted correction
 *   are each the one of their reader, never a clash). The one is first in
 *   this order: a record of a lineage (it and the versions it corrects)
 *   with a public holder (the public is never answered by a record it cannot
 *   see), then the lineage whose first version was entered first (its
 *   entered_at, then its id), then the record entered first (two sites that
 *   each corrected one record).
 *
 * The other lineages' holders keep their claim in ref_shadow (with the
 * holder used in their place) and an empty rec.ref, so that every lookup and
 * join by ref finds one record; `conflicts` lists each clash, and `show`
 * says it beside the record. Records that cite a source take their grade,
 * source count and publication day from the source their refs name now
 * (derive_regrade_or_err), whenever that changes. */
#include "derive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct holder {
	sqlite3_int64 seq, root;
	int public;             /* this record is public */
	int live;               /* a holder: not corrected or retracted by a public record */
	int full;               /* live for a reader of restricted records too (live_rec) */
	int shadowed;           /* in ref_shadow now */
	int lineage_public;     /* its lineage has a public holder */
	char key[320];          /* the order of the rule: "0" for a lineage with a public
				 * holder, else "1"; its root's entered_at and id; its own */
};

/* The first version of the lineage of `seq`: back along the records each
 * one corrects (its own "corrects", which does not depend on what else
 * arrived). */
static sqlite3_int64 lineage_root(struct store *s, sqlite3_int64 seq)
{
	for (int hops = 0; hops < 100000; hops++) {
		sqlite3_stmt *st = store_prep(s, "SELECT p.seq FROM log l JOIN log p ON p.id = "
					      "json_extract(l.body, '$.corrects') WHERE l.seq = ?1");
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_int64 prev = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (!prev)
			break;
		seq = prev;
	}
	return seq;
}

/* The entered_at and id of record `seq`, after `prefix`, into `out`. */
static void entered_key(struct store *s, sqlite3_int64 seq, const char *prefix, char *out, size_t n)
{
	sqlite3_stmt *st = store_prep(s, "SELECT coalesce(r.entered_at, ''), l.id FROM rec r JOIN log l USING(seq) "
				      "WHERE r.seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	snprintf(out, n, "%s", prefix);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s%s %s ", prefix, (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
}

/* Whether ref `ref` may need settling: a holder arrived from elsewhere, or
 * the ref has a clash already. */
static int maybe_clash(struct store *s, const char *ref)
{
	sqlite3_stmt *st = store_prep(s, "SELECT (SELECT count(*) FROM rec WHERE ref = ?1 AND replaced_by IS NULL "
				      "AND retracted_by IS NULL), EXISTS (SELECT 1 FROM ref_shadow WHERE ref = ?1)");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int n = 0, shadows = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		shadows = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return n > 1 || shadows;
}

/* Settles ref `ref` by the rule above; `*changed` is set when a record's
 * hold on it changed. */
static int settle_or_err(struct store *s, const char *ref, int *changed, struct err *e)
{
	if (!maybe_clash(s, ref))
		return 0;
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, r.visibility = 'public', r.replaced_by IS NULL AND r.retracted_by IS NULL, "
		"r.restricted_replaced_by IS NULL AND r.restricted_retracted_by IS NULL, 0 FROM rec r WHERE r.ref = ?1 "
		"UNION ALL SELECT r.seq, r.visibility = 'public', r.replaced_by IS NULL AND r.retracted_by IS NULL, "
		"r.restricted_replaced_by IS NULL AND r.restricted_retracted_by IS NULL, 1 "
		"FROM ref_shadow k JOIN rec r USING(seq) WHERE k.ref = ?1 ORDER BY 1");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	struct holder *h = NULL;
	size_t n = 0, cap = 0;
	while (store_row(s, st)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct holder *g = realloc(h, cap * sizeof *h);
			if (!g) {
				free(h);
				sqlite3_reset(st);
				return err_set_code(e, E_INTERNAL, "out of memory settling ref \"%s\"", ref);
			}
			h = g;
		}
		struct holder *x = &h[n++];
		memset(x, 0, sizeof *x);
		x->seq = sqlite3_column_int64(st, 0);
		x->public = sqlite3_column_int(st, 1);
		x->live = sqlite3_column_int(st, 2);
		x->full = x->live && sqlite3_column_int(st, 3);
		x->shadowed = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0]) {
		free(h);
		return store_failed_or_err(s, e);
	}
	for (size_t i = 0; i < n; i++)
		if (h[i].live)
			h[i].root = lineage_root(s, h[i].seq);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (h[i].live && h[j].live && h[j].root == h[i].root && h[j].public)
				h[i].lineage_public = 1;
	for (size_t i = 0; i < n; i++)
		if (h[i].live) {
			char root[160];
			entered_key(s, h[i].root, h[i].lineage_public ? "0 " : "1 ", root, sizeof root);
			entered_key(s, h[i].seq, root, h[i].key, sizeof h[i].key);
		}
	/* The one the ref names for the public (public holders) and for a
	 * reader of restricted records (holders live for them): a record and
	 * its restricted correction are each the one of their reader. */
	size_t best_pub = n, best_full = n;
	for (size_t i = 0; i < n; i++) {
		if (h[i].live && h[i].public && (best_pub == n || strcmp(h[i].key, h[best_pub].key) < 0))
			best_pub = i;
		if (h[i].full && (best_full == n || strcmp(h[i].key, h[best_full].key) < 0))
			best_full = i;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int lost_pub = h[i].live && h[i].public && i != best_pub, lost_full = h[i].full && i != best_full;
		int shadow = lost_pub || lost_full;
		if (!shadow && !h[i].shadowed)
			continue;
		if (shadow) {
			sqlite3_int64 by = h[lost_pub ? best_pub : best_full].seq;
			st = store_prep(s, "INSERT INTO ref_shadow(seq, ref, by) VALUES(?1, ?2, ?3) "
				      "ON CONFLICT(seq) DO UPDATE SET by = excluded.by WHERE by <> excluded.by");
			sqlite3_bind_int64(st, 1, h[i].seq);
			sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, by);
			rc = derive_step_or_err(s, st, "ref_shadow", e);
			if (rc == 0 && sqlite3_changes(s->db))
				*changed = 1;
			st = store_prep(s, "UPDATE rec SET ref = NULL WHERE seq = ?1");
		} else {
			st = store_prep(s, "DELETE FROM ref_shadow WHERE seq = ?1");
			sqlite3_bind_int64(st, 1, h[i].seq);
			rc = derive_step_or_err(s, st, "ref_shadow", e);
			*changed = 1;
			st = store_prep(s, "UPDATE rec SET ref = ?2 WHERE seq = ?1");
			sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
		}
		sqlite3_bind_int64(st, 1, h[i].seq);
		if (rc == 0)
			rc = derive_step_or_err(s, st, "rec.ref", e);
	}
	free(h);
	return rc;
}

int derive_regrade_or_err(struct store *s, const char *ref, struct err *e)
{
	/* The cache may hold the source the ref named before. */
	s->n_sources = 0;
	sqlite3_stmt *st = store_prep(s, "SELECT c.seq, l.body, r.grade, r.n_sources, r.pub_hi FROM cite c "
				      "JOIN rec r USING(seq) JOIN log l USING(seq) WHERE c.source = ?1");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	struct change {
		sqlite3_int64 seq;
		const char *grade;
		int n, pub_hi;
	} *ch = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	while (rc == 0 && store_row(s, st)) {
		json_t *rec = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
		if (!rec) {
			rc = err_set_code(e, E_INTERNAL, "%s: log record %lld is not JSON; run muster verify", s->path,
					  (long long)sqlite3_column_int64(st, 0));
			break;
		}
		struct change c = {.seq = sqlite3_column_int64(st, 0)};
		derive_source_stats(s, json_object_get(rec, "sources"), &c.grade, &c.n, &c.pub_hi);
		json_decref(rec);
		const char *was = (const char *)sqlite3_column_text(st, 2);
		if ((was ? !c.grade || strcmp(was, c.grade) : c.grade != NULL) || c.n != sqlite3_column_int(st, 3) ||
		    c.pub_hi != sqlite3_column_int(st, 4)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				struct change *g = realloc(ch, cap * sizeof *ch);
				if (!g) {
					rc = err_set_code(e, E_INTERNAL, "out of memory regrading \"%s\"", ref);
					break;
				}
				ch = g;
			}
			ch[n++] = c;
		}
	}
	sqlite3_reset(st);
	if (rc == 0 && s->failed.msg[0])
		rc = store_failed_or_err(s, e);
	for (size_t i = 0; i < n && rc == 0; i++) {
		st = store_prep(s, "UPDATE rec SET grade = ?2, n_sources = ?3, pub_hi = ?4 WHERE seq = ?1");
		sqlite3_bind_int64(st, 1, ch[i].seq);
		sqlite3_bind_text(st, 2, ch[i].grade, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, ch[i].n);
		sqlite3_bind_int(st, 4, ch[i].pub_hi);
		rc = derive_step_or_err(s, st, "rec's grade", e);
		if (rc == 0)
			rc = derive_invalidate_or_err(s, ch[i].seq, e);
	}
	free(ch);
	return rc;
}

/* The kind of record `seq`, into `kind`. */
static void kind_of(struct store *s, sqlite3_int64 seq, char kind[32])
{
	sqlite3_stmt *st = store_prep(s, "SELECT kind FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	kind[0] = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(kind, 32, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

int derive_ref_settle_or_err(struct store *s, const char *ref, int is_source, struct err *e)
{
	int changed = 0;
	if (settle_or_err(s, ref, &changed, e) < 0)
		return -1;
	return is_source || changed ? derive_regrade_or_err(s, ref, e) : 0;
}

int derive_ref_released_or_err(struct store *s, sqlite3_int64 target, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT coalesce(r.ref, k.ref) FROM rec r LEFT JOIN ref_shadow k "
				      "USING(seq) WHERE r.seq = ?1");
	sqlite3_bind_int64(st, 1, target);
	char ref[256] = "";
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(ref, sizeof ref, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!ref[0])
		return 0;
	char kind[32];
	kind_of(s, target, kind);
	return derive_ref_settle_or_err(s, ref, !strcmp(kind, "source"), e);
}

int derive_settle_all_or_err(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	/* The refs of more than one record, live or not: rec_ref alone. */
	if (sqlite3_prepare_v2(s->db, "SELECT ref FROM rec WHERE ref IS NOT NULL GROUP BY ref HAVING count(*) > 1",
			       -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	json_t *refs = json_array();
	while (store_row(s, st))
		json_array_append_new(refs, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	int rc = s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
	size_t i;
	json_t *it;
	json_array_foreach(refs, i, it)
		if (rc == 0)
			rc = derive_ref_settle_or_err(s, json_string_value(it), 0, e);
	json_decref(refs);
	return rc;
}
