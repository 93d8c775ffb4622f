/* strength_answer.c: the strength question — the figure on a date by
 * country, category, unit, UN personnel type or gender, against the target
 * and the ceiling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "../core/iso.h"
#include "../core/mission.h"
#include "force.h"

/* The latest target of a kind for the whole mission on `day`, or NULL. */
static json_t *target_on(struct store *s, struct answer *a, const char *mission, int day,
			 const char *kind, long long total)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, t.personnel, t.set_by, r.date_text FROM target t CROSS JOIN rec r USING(seq) "
		"WHERE r.mission = ?1 AND t.country = '' AND t.category = '' AND t.target_kind = ?2 "
		"AND r.date_hi <= ?3 AND " LIVE_SQL " ORDER BY r.date_hi DESC, " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return json_null();
	}
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	long long n = sqlite3_column_int64(st, 1);
	json_t *o = json_object();
	json_object_set_new(o, "personnel", json_integer(n));
	json_object_set_new(o, "set_by", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(o, "date", json_string((const char *)sqlite3_column_text(st, 3)));
	sqlite3_reset(st);
	json_object_set_new(o, "gap", json_integer(n - total));
	char pct[16];
	answer_percent(total, n, pct);
	json_object_set_new(o, "share_pct", json_string(pct));
	json_object_set_new(o, "record", answer_record_id(s, seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	return o;
}

/* The latest reported whole-mission figure on or before `day`, or NULL. */
static json_t *reported_total(struct store *s, struct answer *a, const char *mission, int day)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, st.personnel, st.qualifier, r.date_text FROM strength st CROSS JOIN rec r USING(seq) "
		"WHERE r.mission = ?1 AND st.country = '' AND st.qualifier IN ('exact', 'about') "
		"AND r.date_hi <= ?2 AND " LIVE_SQL " ORDER BY r.date_hi DESC, " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return json_null();
	}
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	json_t *o = json_object();
	json_object_set_new(o, "personnel", json_integer(sqlite3_column_int64(st, 1)));
	json_object_set_new(o, "qualifier", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(o, "date", json_string((const char *)sqlite3_column_text(st, 3)));
	sqlite3_reset(st);
	json_object_set_new(o, "record", answer_record_id(s, seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	return o;
}

/* Movements whose uncertain date may fall on or before `day`. */
static json_t *possible_movements(struct store *s, struct answer *a, const char *mission, int day)
{
	json_t *arr = json_array();
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.seq, r.kind, m.country, m.personnel, r.date_text FROM movement m CROSS JOIN rec r USING(seq) "
		"WHERE m.mission = ?1 AND m.prec < 3 AND m.day_lo <= ?2 AND m.day_hi > ?2 AND " LIVE_SQL
		" ORDER BY m.country, m.day_lo, m.seq LIMIT 200");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct { sqlite3_int64 seq; char kind[16], country[4], date[11]; long long n; } rows[200];
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 200) {
		rows[n].seq = sqlite3_column_int64(st, 0);
		snprintf(rows[n].kind, 16, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(rows[n].country, 4, "%s", (const char *)sqlite3_column_text(st, 2));
		rows[n].n = sqlite3_column_int64(st, 3);
		snprintf(rows[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	for (int i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "record", answer_record_id(s, rows[i].seq));
		json_object_set_new(o, "kind", json_string(rows[i].kind));
		json_object_set_new(o, "country", json_string(rows[i].country));
		json_object_set_new(o, "personnel", json_integer(rows[i].n));
		json_object_set_new(o, "date", rows[i].date[0] ? json_string(rows[i].date) : json_null());
		json_object_set_new(o, "sources", answer_cite_record(a, s, rows[i].seq));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int cmp_country(const void *x, const void *y)
{
	const struct scountry *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->country, b->country);
}

static json_t *country_row(const struct scountry *c)
{
	char d[11];
	json_t *o = json_object();
	const char *name = iso_country_name(c->country);
	json_object_set_new(o, "country", json_string(c->country));
	json_object_set_new(o, "name", json_string(name ? name : c->country));
	json_object_set_new(o, "personnel", json_integer(c->n));
	json_object_set_new(o, "basis", json_string(!c->snap_day ? "movements"
					       : c->moved ? "snapshot and later movements" : "snapshot"));
	json_object_set_new(o, "snapshot_date", c->snap_day ? json_string(day_format(c->snap_day, d)) : json_null());
	json_object_set_new(o, "moved_since", json_integer(c->moved));
	json_object_set_new(o, "movements_counted", json_integer(c->n_moves));
	json_object_set_new(o, "records", json_deep_copy(c->records));
	json_object_set_new(o, "sources", json_deep_copy(c->sources));
	return o;
}

static void rows_by_country(struct answer *a, struct sresult *r)
{
	if (r->n)
		qsort(r->c, r->n, sizeof *r->c, cmp_country);
	for (size_t i = 0; i < r->n; i++)
		if (r->c[i].n || r->c[i].snap_day)
			json_array_append_new(a->rows, country_row(&r->c[i]));
}

/* The dimensions a breakdown can be by, with their values in display order
 * ("" last: the parts that do not say). */
static const char *const cats[] = {"police", "military", "civilian", "mixed", "", NULL};
static const char *const ptypes[] = {"individual_police", "formed_police_units", "experts_on_mission", "troops",
				     "", NULL};
static const char *const genders[] = {"male", "female", "", NULL};

static const char *bucket_dim(const struct sbucket *b, const char *key)
{
	return !strcmp(key, "category") ? b->category : !strcmp(key, "personnel_type") ? b->ptype : b->gender;
}

/* Rows by one dimension of the parts (`key`: category, personnel_type or
 * gender): each value's total and the countries it comes from. */
static void rows_by_dim(struct answer *a, struct sresult *r, const char *key, const char *const *vals)
{
	for (size_t k = 0; vals[k]; k++) {
		long long sum = 0;
		json_t *parts = json_array(), *sources = json_array();
		for (size_t i = 0; i < r->n; i++) {
			long long n = 0;
			for (size_t b = 0; b < r->c[i].nb; b++)
				if (!strcmp(bucket_dim(&r->c[i].b[b], key), vals[k]))
					n += r->c[i].b[b].n;
			if (!n)
				continue;
			sum += n;
			json_t *p = json_object();
			json_object_set_new(p, "country", json_string(r->c[i].country));
			json_object_set_new(p, "personnel", json_integer(n));
			json_array_append_new(parts, p);
			json_array_extend(sources, r->c[i].sources);
		}
		if (!sum) {
			json_decref(parts);
			json_decref(sources);
			continue;
		}
		json_t *o = json_object();
		json_object_set_new(o, key, json_string(*vals[k] ? vals[k] : "unspecified"));
		json_object_set_new(o, "personnel", json_integer(sum));
		json_object_set_new(o, "countries", parts);
		json_decref(sources);
		json_array_append_new(a->rows, o);
	}
}

static void rows_by_unit(struct answer *a, struct sresult *r)
{
	if (r->n)
		qsort(r->c, r->n, sizeof *r->c, cmp_country);
	for (size_t i = 0; i < r->n; i++)
		for (size_t b = 0; b < r->c[i].nb; b++) {
			if (!r->c[i].b[b].n)
				continue;
			json_t *o = json_object();
			json_object_set_new(o, "country", json_string(r->c[i].country));
			json_object_set_new(o, "unit", json_string(*r->c[i].b[b].unit ? r->c[i].b[b].unit : "unspecified"));
			json_object_set_new(o, "category", json_string(*r->c[i].b[b].category ? r->c[i].b[b].category
									    : "unspecified"));
			json_object_set_new(o, "personnel", json_integer(r->c[i].b[b].n));
			json_object_set_new(o, "sources", json_deep_copy(r->c[i].sources));
			json_array_append_new(a->rows, o);
		}
}

json_t *answer_strength(struct store *s, const char *mission, int day, const char *by, struct err *e)
{
	if (!strcmp(mission, MISSION_ALL))
		return answer_strength_all(s, day, by, e);
	if (strcmp(by, "country") && strcmp(by, "category") && strcmp(by, "unit") && strcmp(by, "personnel-type") &&
	    strcmp(by, "gender")) {
		static const char *const dims[] = {"country", "category", "unit", "personnel-type", "gender"};
		const char *near = err_nearest(by, dims, 5);
		err_set(e, "--by %s: strength can be broken down by country, category, unit, personnel-type or "
			"gender%s%s%s", by, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
		return NULL;
	}
	struct answer a;
	answer_init(&a, "strength", day, mission);
	struct sresult r;
	if (strength_compute(s, &a, mission, day, &r, e) < 0) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	json_object_set_new(a.answer, "total", json_integer(r.total));
	json_object_set_new(a.answer, "by", json_string(by));
	json_object_set_new(a.answer, "countries", json_integer(0));
	json_object_set_new(a.answer, "target", target_on(s, &a, mission, day, "planned", r.total));
	json_object_set_new(a.answer, "ceiling", target_on(s, &a, mission, day, "ceiling", r.total));
	json_t *rep = reported_total(s, &a, mission, day);
	if (json_is_object(rep)) {
		/* A reported total on the same day as the figure is compared with it. */
		char d[11];
		if (!strcmp(json_string_value(json_object_get(rep, "date")), day_format(day, d)) &&
		    json_integer_value(json_object_get(rep, "personnel")) != r.total) {
			json_t *claims = json_array();
			json_t *c1 = json_object();
			json_object_set_new(c1, "value", json_integer(r.total));
			json_object_set_new(c1, "as", json_string("sum of the countries"));
			json_array_append_new(claims, c1);
			json_t *c2 = json_object();
			json_object_set_new(c2, "value", json_incref(json_object_get(rep, "personnel")));
			json_object_set_new(c2, "as", json_string("reported mission total"));
			json_object_set_new(c2, "record", json_incref(json_object_get(rep, "record")));
			json_object_set_new(c2, "sources", json_incref(json_object_get(rep, "sources")));
			json_array_append_new(claims, c2);
			answer_disagree(&a, "the mission total on this day", "reported_total", claims,
					json_integer(r.total), "the total is the sum of the countries");
		}
	}
	json_object_set_new(a.answer, "reported_total", rep);
	json_object_set_new(a.answer, "possible", possible_movements(s, &a, mission, day));
	json_object_set_new(a.answer, "rule", json_string(strength_rule));
	if (!strcmp(by, "country"))
		rows_by_country(&a, &r);
	else if (!strcmp(by, "category"))
		rows_by_dim(&a, &r, "category", cats);
	else if (!strcmp(by, "personnel-type"))
		rows_by_dim(&a, &r, "personnel_type", ptypes);
	else if (!strcmp(by, "gender"))
		rows_by_dim(&a, &r, "gender", genders);
	else
		rows_by_unit(&a, &r);
	size_t nc = 0;
	for (size_t i = 0; i < r.n; i++)
		nc += r.c[i].n > 0;
	json_object_set_new(a.answer, "countries", json_integer((json_int_t)nc));
	sresult_free(&r);
	return answer_finish(&a, s);
}
