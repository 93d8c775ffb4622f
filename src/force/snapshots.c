/* snapshots.c: the reported snapshots behind strength — loading them,
 * the complete table that bounds them, choosing among claims about the same
 * thing, and the claims whose order cannot be known (snapshots.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/say.h"
#include "snapshots.h"

/* A claim object for a disagreement: value, the record and its sources. */
json_t *strength_claim(struct store *s, struct answer *a, sqlite3_int64 seq, long long value)
{
	json_t *o = json_object();
	json_object_set_new(o, "value", json_integer(value));
	json_object_set_new(o, "record", answer_record_id(s, seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	return o;
}

/* One mission's live snapshots on every day, kept while the store's memo is
 * on (store_memo_start: conflicts asks strength on every day of a mission,
 * and reading its snapshots afresh each time grew with days x snapshots).
 * The rows carry the two orders in which snapshots_load's query can place
 * them: rank_a, a country's snapshots that no other surely follows (the
 * latest day first, as the query's `maximal DESC, maximal * precision DESC`
 * puts them), and rank_b, the others (`date_hi DESC`); which applies depends
 * on the day asked, and is decided per call exactly as the query decides it. */
struct snap_row {
	struct snap s;
	int st_day, date_lo;
	sqlite3_int64 rank_a, rank_b;
};

struct mission_rows *mission_rows_get(struct store *s, const void *key, const char *mission)
{
	struct mission_rows *m = store_memo_get(s, key);
	return m && !strcmp(m->mission, mission) ? m : NULL;
}

struct mission_rows *mission_rows_new(const char *mission)
{
	struct mission_rows *m = calloc(1, sizeof *m);
	if (!m || !(m->mission = strdup(mission)))
		abort();
	return m;
}

int mission_rows_keep(struct store *s, const void *key, struct mission_rows *m)
{
	return store_memo_put(s, key, m, mission_rows_free);
}

void mission_rows_free(void *p)
{
	struct mission_rows *m = p;
	free(m->mission);
	free(m->v);
	free(m);
}

static void snap_fill(struct snap *p, sqlite3_stmt *st)
{
	memset(p, 0, sizeof *p);
	p->seq = sqlite3_column_int64(st, 0);
	snprintf(p->country, sizeof p->country, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(p->unit, sizeof p->unit, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(p->category, sizeof p->category, "%s", (const char *)sqlite3_column_text(st, 3));
	p->n = sqlite3_column_int64(st, 4);
	p->day = sqlite3_column_int(st, 5);
	snprintf(p->ptype, sizeof p->ptype, "%s", (const char *)sqlite3_column_text(st, 6));
	snprintf(p->gender, sizeof p->gender, "%s", (const char *)sqlite3_column_text(st, 7));
	p->complete = sqlite3_column_int(st, 8);
	p->maximal = sqlite3_column_int(st, 9);
	snprintf(p->date, sizeof p->date, "%s", (const char *)sqlite3_column_text(st, 10));
	if (*p->unit || *p->ptype || *p->gender)
		snprintf(p->part, sizeof p->part, "%s\x1f%s\x1f%s", p->unit, p->ptype, p->gender);
}

/* Every live snapshot of `mission`, whatever its day, in rank_a order (so by
 * country); NULL when a row could not be read (the store keeps the failure). */
static struct mission_rows *snap_memo_load(struct store *s, const char *mission)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT seq, country, unit, category, personnel, date_hi, personnel_type, gender, complete, 0, date_text, "
		"st_day, date_lo, "
		"row_number() OVER (ORDER BY country, maxprec DESC, date_hi DESC, unit, personnel_type, gender, "
		PRECEDENCE_SQL "), "
		"row_number() OVER (ORDER BY country, date_hi DESC, unit, personnel_type, gender, " PRECEDENCE_SQL ") AS rb "
		"FROM (SELECT r.seq, st.country, st.unit, st.category, st.personnel, r.date_hi, st.personnel_type, "
		"st.gender, st.complete, r.date_text, st.day AS st_day, r.date_lo, r.grade, r.n_sources, r.date_prec, "
		"r.pub_hi, r.statement, max(r.date_prec) OVER (PARTITION BY st.country, r.date_hi) AS maxprec "
		"FROM strength st CROSS JOIN pub_rec r USING(seq) "
		"WHERE st.mission = ?1 AND st.country <> '' AND st.qualifier IN ('exact', 'about')) AS r "
		"ORDER BY 14");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct mission_rows *m = mission_rows_new(mission);
	struct snap_row *v = NULL;
	while (store_row(s, st)) {
		v = grow(v, m->n, sizeof *v);
		m->v = v;
		struct snap_row *r = &v[m->n++];
		snap_fill(&r->s, st);
		r->st_day = sqlite3_column_int(st, 11);
		r->date_lo = sqlite3_column_int(st, 12);
		r->rank_a = sqlite3_column_int64(st, 13);
		r->rank_b = sqlite3_column_int64(st, 14);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0]) {
		mission_rows_free(m);
		return NULL;
	}
	return m;
}

static int snap_cmp(const void *x, const void *y)
{
	const struct snap_row *a = x, *b = y;
	if (a->s.maximal != b->s.maximal)
		return b->s.maximal - a->s.maximal;
	sqlite3_int64 ra = a->s.maximal ? a->rank_a : a->rank_b, rb = b->s.maximal ? b->rank_a : b->rank_b;
	return ra < rb ? -1 : ra > rb;
}

/* snapshots_load from the memo: the rows of day <= `day`, each country's
 * `maximal` taken over those rows, in the query's order. */
static int snap_memo_day(struct store *s, const char *mission, int day, struct snap **out, size_t *n_out)
{
	static const char key = 0;
	struct mission_rows *m = mission_rows_get(s, &key, mission), *own = NULL;
	if (!m) {
		if (!(m = snap_memo_load(s, mission))) {
			*out = NULL;
			*n_out = 0;
			return 0;
		}
		if (!mission_rows_keep(s, &key, m))
			own = m;
	}
	const struct snap_row *mv = m->v;
	struct snap_row *w = NULL;
	struct snap *v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < m->n;) {
		size_t end = i;
		while (end < m->n && !strcmp(mv[end].s.country, mv[i].s.country))
			end++;
		int any = 0, lo_max = 0;
		for (size_t k = i; k < end; k++)
			if (mv[k].st_day <= day && (!any || mv[k].date_lo > lo_max)) {
				lo_max = mv[k].date_lo;
				any = 1;
			}
		size_t first = n;
		for (size_t k = i; k < end; k++) {
			if (mv[k].st_day > day)
				continue;
			w = grow(w, n, sizeof *w);
			w[n] = mv[k];
			w[n].s.maximal = w[n].s.day >= lo_max;
			n++;
		}
		if (n > first)
			qsort(w + first, n - first, sizeof *w, snap_cmp);
		i = end;
	}
	if (n) {
		v = malloc(n * sizeof *v);
		if (!v)
			abort();
		for (size_t k = 0; k < n; k++)
			v[k] = w[k].s;
	}
	free(w);
	if (own)
		mission_rows_free(own);
	*out = v;
	*n_out = n;
	return 0;
}

int snapshots_load(struct store *s, const char *mission, int day, struct snap **out, size_t *n_out)
{
	if (s->memo_on)
		return snap_memo_day(s, mission, day, out, n_out);
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, st.country, st.unit, st.category, st.personnel, r.date_hi, st.personnel_type, st.gender, "
		"st.complete, r.date_hi >= max(r.date_lo) OVER (PARTITION BY st.country) AS maximal, r.date_text "
		"FROM strength st CROSS JOIN pub_rec r USING(seq) "
		"WHERE st.mission = ?1 AND st.country <> '' AND st.qualifier IN ('exact', 'about') "
		"AND st.day <= ?2 "
		/* The latest snapshot first, as LATEST_ORDER_SQL chooses among claims
		 * with imprecise dates: among those no other surely follows, the
		 * most precise day first; the snapshots of one day stay together. */
		"ORDER BY st.country, maximal DESC, maximal * max(r.date_prec) OVER (PARTITION BY st.country, r.date_hi) "
		"DESC, r.date_hi DESC, st.unit, st.personnel_type, st.gender, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct snap *v = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		v = grow(v, n, sizeof *v);
		snap_fill(&v[n++], st);
	}
	sqlite3_reset(st);
	*out = v;
	*n_out = n;
	return 0;
}

/* The latest live complete table of `mission` on or before `day`: its day
 * into *cday and its marker's seq into *cseq (0 and 0 when none). */
void snapshots_complete_table(struct store *s, const char *mission, int day, int *cday, sqlite3_int64 *cseq)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.day, m.seq FROM strength m CROSS JOIN pub_rec r USING(seq) WHERE m.mission = ?1 AND "
		"m.country = '' "
		"AND m.complete = 1 AND m.day <= ?2 ORDER BY m.day DESC, " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	*cday = 0;
	*cseq = 0;
	if (store_row(s, st)) {
		*cday = sqlite3_column_int(st, 0);
		*cseq = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
}

/* Marks the used claim of each part among v[lo..hi) (all of one country and
 * day, ordered by part and precedence; a part is a unit, a personnel type, a
 * gender or a mix of them; no part is the whole country, whose
 * category only describes it) and
 * reports differing claims. Returns the sum of the used parts; *total gets
 * the used whole-country figure or -1. */
long long snapshots_choose(struct store *s, struct answer *a, struct snap *v, size_t lo, size_t hi,
			       long long *total, sqlite3_int64 *total_seq)
{
	long long parts = 0;
	*total = -1;
	for (size_t i = lo; i < hi;) {
		size_t j = i;
		while (j < hi && !strcmp(v[j].part, v[i].part))
			j++;
		v[i].used = 1;
		int whole = !*v[i].part;
		if (whole) {
			*total = v[i].n;
			*total_seq = v[i].seq;
		} else {
			parts += v[i].n;
		}
		int differ = 0;
		for (size_t k = i + 1; k < j; k++)
			if (v[k].n != v[i].n)
				differ = 1;
		if (a && differ) {
			char who[256], d[11];
			snprintf(who, sizeof who, "%s%s%s%s%s%s%s", v[i].country,
				 *v[i].unit ? " " : "", v[i].unit, *v[i].ptype ? " " : "", v[i].ptype,
				 *v[i].gender ? " " : "", v[i].gender);
			day_format(v[i].day, d);
			json_t *claims = json_array();
			for (size_t k = i; k < j; k++)
				json_array_append_new(claims, strength_claim(s, a, v[k].seq, v[k].n));
			answer_disagree_said(a, say_new("strength of {1} on {2}", say_words(who), say_date(d), NULL), d,
					     "claims", claims, json_integer(v[i].n), PRECEDENCE_TEXT);
		}
		i = j;
	}
	return parts;
}

/* Whole-country snapshots among v[j..end) (the country's others after the
 * chosen day v[i..j)) whose order against the chosen one cannot be known
 * (neither surely came after the other) and whose figure differs: listed
 * beside the figure used, which is the more precise. */
void snapshots_order_unknown(struct store *s, struct answer *a, const struct snap *v, size_t i, size_t j, size_t end,
			  long long used)
{
	if (!a)
		return;
	json_t *claims = json_array();
	json_t *c0 = json_object();
	json_object_set_new(c0, "value", json_integer(used));
	json_object_set_new(c0, "date", json_string(v[i].date));
	json_object_set_new(c0, "as", json_string("the figure used"));
	json_array_append_new(claims, c0);
	for (size_t k = j; k < end && v[k].maximal; k++) {
		if (*v[k].part)
			continue;
		json_t *c = json_object();
		json_object_set_new(c, "value", json_integer(v[k].n));
		json_object_set_new(c, "date", json_string(v[k].date));
		json_object_set_new(c, "seq", json_integer(v[k].seq));
		json_array_append_new(claims, c);
	}
	char what[128];
	snprintf(what, sizeof what, "strength of %s", v[i].country);
	answer_order_unknown(a, s, what, claims);
}

