/* bounds.c: reported bounds about one country or one of its units ("more than
 * 700 from Kenya") checked against the figure strength uses. A bound speaks
 * of its own date range: the strength answer shows it beside the country's
 * figure on every day of that range and lists a disagreement where the
 * figure breaks it; conflicts checks it on every day of its range where the
 * figure can change. Whole-mission bounds are conflicts.c's mission_checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/say.h"
#include "force.h"

struct bound {
	sqlite3_int64 seq;
	char country[4], unit[128], q[16], date[11];
	long long n;
	int lo, hi;
};

static size_t load_bounds(struct store *s, const char *mission, int day, struct bound **out);

/* load_bounds from the store's memo (force.h's mission_rows: conflicts asks
 * strength on every day): the mission's bounds of any day, read once, then
 * those whose range holds `day`, in the same order. */
static size_t memo_bounds(struct store *s, const char *mission, int day, struct bound **out)
{
	static const char key = 0;
	struct mission_rows *m = mission_rows_get(s, &key, mission), *own = NULL;
	if (!m) {
		m = mission_rows_new(mission);
		struct bound *all;
		int on = s->memo_on;
		s->memo_on = 0;
		m->n = load_bounds(s, mission, 0, &all);
		m->v = all;
		s->memo_on = on;
		if (s->failed.msg[0]) {
			mission_rows_free(m);
			*out = NULL;
			return 0;
		}
		if (!mission_rows_keep(s, &key, m))
			own = m;
	}
	const struct bound *mv = m->v;
	struct bound *v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!day || (mv[i].lo <= day && day <= mv[i].hi)) {
			v = grow(v, n, sizeof *v);
			v[n++] = mv[i];
		}
	if (own)
		mission_rows_free(own);
	*out = v;
	return n;
}

/* The bounds about a country or unit whose range holds `day` (any day when
 * `day` is 0). Returns how many, in *out (from malloc; caller frees). */
static size_t load_bounds(struct store *s, const char *mission, int day, struct bound **out)
{
	if (s->memo_on)
		return memo_bounds(s, mission, day, out);
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, t.country, t.unit, t.qualifier, r.date_text, t.personnel, r.date_lo, r.date_hi "
		"FROM strength t CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND t.country <> '' "
		"AND t.qualifier IN ('at_least', 'at_most') AND r.date_prec > 0 "
		"AND (?2 = 0 OR (r.date_lo <= ?2 AND ?2 <= r.date_hi)) ORDER BY t.country, t.unit, r.date_lo, r.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct bound *v = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		v = grow(v, n, sizeof *v);
		struct bound *b = &v[n++];
		b->seq = sqlite3_column_int64(st, 0);
		snprintf(b->country, sizeof b->country, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(b->unit, sizeof b->unit, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(b->q, sizeof b->q, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(b->date, sizeof b->date, "%s", (const char *)sqlite3_column_text(st, 4));
		b->n = sqlite3_column_int64(st, 5);
		b->lo = sqlite3_column_int(st, 6);
		b->hi = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);
	*out = v;
	return n;
}

/* The figure a bound is about in `r`: the country's, or its unit's parts. */
static long long bound_figure(const struct sresult *r, const struct bound *b)
{
	const struct scountry *c = sresult_find(r, b->country);
	if (!c)
		return 0;
	if (!*b->unit)
		return c->n;
	long long n = 0;
	for (size_t i = 0; i < c->nb; i++)
		if (!strcmp(c->b[i].unit, b->unit))
			n += c->b[i].n;
	return n;
}

static int broken(const struct bound *b, long long figure)
{
	return !strcmp(b->q, "at_least") ? figure < b->n : figure > b->n;
}

/* The disagreement of a bound broken by `figure`, named as in every answer. */
static void bound_disagree(struct store *s, struct answer *a, const struct bound *b, long long figure)
{
	char who[160];
	snprintf(who, sizeof who, "%s%s%s", b->country, *b->unit ? " " : "", b->unit);
	json_t *said = say_new(!strcmp(b->q, "at_least") ? "{1} on {2}: reported at least {3} against the figure used"
			       : "{1} on {2}: reported at most {3} against the figure used", say_words(who),
			       say_date(b->date), say_count(b->n), NULL);
	json_t *claims = json_array();
	json_t *c1 = json_object();
	json_object_set_new(c1, "value", json_integer(b->n));
	json_object_set_new(c1, "as", json_string(b->q));
	json_object_set_new(c1, "record", answer_record_id(s, b->seq));
	json_object_set_new(c1, "sources", answer_cite_record(a, s, b->seq));
	json_array_append_new(claims, c1);
	json_t *c2 = json_object();
	json_object_set_new(c2, "value", json_integer(figure));
	json_object_set_new(c2, "as", json_string("the figure used (muster strength)"));
	json_array_append_new(claims, c2);
	answer_disagree_said(a, said, b->date, "bound", claims, json_integer(figure),
			"a bound is checked, not used: the figure stays the one its snapshots and movements give");
}

void strength_bounds(struct store *s, struct answer *a, const char *mission, int day, const struct sresult *r)
{
	struct bound *v;
	size_t n = load_bounds(s, mission, day, &v);
	for (size_t i = 0; i < n; i++) {
		long long figure = bound_figure(r, &v[i]);
		json_t *o = json_object();
		json_object_set_new(o, "value", json_integer(v[i].n));
		json_object_set_new(o, "qualifier", json_string(v[i].q));
		if (*v[i].unit)
			json_object_set_new(o, "unit", json_string(v[i].unit));
		json_object_set_new(o, "date", json_string(v[i].date));
		json_object_set_new(o, "holds", json_boolean(!broken(&v[i], figure)));
		json_object_set_new(o, "record", answer_record_id(s, v[i].seq));
		json_object_set_new(o, "sources", answer_cite_record(a, s, v[i].seq));
		size_t j;
		json_t *row, *put = NULL;
		json_array_foreach(a->rows, j, row)
			if (json_is_string(json_object_get(row, "name")) &&
			    !strcmp(json_string_value(json_object_get(row, "country")), v[i].country))
				put = row;
		if (put) {
			if (!json_object_get(put, "bounds"))
				json_object_set_new(put, "bounds", json_array());
			json_array_append(json_object_get(put, "bounds"), o);
		}
		json_decref(o);
		if (broken(&v[i], figure))
			bound_disagree(s, a, &v[i], figure);
	}
	free(v);
}

int bound_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	struct bound *v;
	size_t n = load_bounds(s, mission, 0, &v);
	for (size_t i = 0; i < n; i++) {
		/* The days in its range where the figure can change: its ends and
		 * the country's snapshots and movements in between. */
		sqlite3_stmt *st = store_prep(s,
			"SELECT ?3 UNION SELECT ?4 UNION SELECT r.date_hi FROM strength t CROSS JOIN pub_rec "
			"r USING(seq) "
			"WHERE r.mission = ?1 AND t.country = ?2 AND r.date_hi BETWEEN ?3 AND ?4 UNION SELECT "
			"m.day_hi FROM movement m CROSS JOIN pub_rec r USING(seq) WHERE m.mission = ?1 "
			"AND m.country = ?2 AND m.day_hi BETWEEN ?3 AND ?4 ORDER BY 1");
		sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v[i].country, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, v[i].lo);
		sqlite3_bind_int(st, 4, v[i].hi);
		int *days = NULL;
		size_t nd = 0, cap = 0;
		while (store_row(s, st)) {
			if (nd == cap) {
				cap = cap ? cap * 2 : 16;
				days = realloc(days, cap * sizeof *days);
			}
			days[nd++] = sqlite3_column_int(st, 0);
		}
		sqlite3_reset(st);
		for (size_t k = 0; k < nd; k++) {
			struct sresult r;
			if (strength_compute(s, NULL, mission, days[k], &r, e) < 0) {
				free(days);
				free(v);
				return -1;
			}
			long long figure = bound_figure(&r, &v[i]);
			sresult_free(&r);
			if (broken(&v[i], figure)) {
				bound_disagree(s, a, &v[i], figure);
				break;
			}
		}
		free(days);
	}
	free(v);
	return 0;
}
