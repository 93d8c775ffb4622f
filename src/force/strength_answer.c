/* strength_answer.c: the strength question — the figure on a date by
 * country, category, unit, UN personnel type or gender, against the target
 * and the ceiling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/grow.h"
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
		"SELECT r.seq, r.personnel, r.set_by, r.date_text FROM (SELECT " CLAIM_REC_COLS ", t.personnel, "
		"t.set_by, " LATEST_COLS " FROM target t CROSS JOIN pub_rec r USING(seq) "
		"WHERE r.mission = ?1 AND t.country = '' AND t.category = '' AND t.target_kind = ?2 "
		"AND r.date_hi <= ?3) r WHERE r.date_hi >= r.latest_lo ORDER BY " LATEST_ORDER_SQL
		" LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	if (!store_row(s, st)) {
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

/* Claims about one figure whose order against the one used cannot be known
 * (LATEST_ORDER_SQL), from a statement whose rows are (seq, value, date
 * text) with the used claim first: listed as a disagreement about `what`. */
static void order_unknown(struct store *s, struct answer *a, sqlite3_stmt *st, const char *what)
{
	json_t *claims = json_array();
	for (int n = 0; n < 16 && store_row(s, st); n++) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		json_t *c = json_object();
		json_object_set_new(c, "value", json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(c, "date", json_string((const char *)sqlite3_column_text(st, 2)));
		json_object_set_new(c, "seq", json_integer(seq));
		json_array_append_new(claims, c);
	}
	sqlite3_reset(st);
	answer_order_unknown(a, s, what, claims);
}

/* The latest reported whole-mission figure on or before `day` (the latest
 * claim as LATEST_ORDER_SQL chooses it), or JSON null; *rep_day gets its day
 * and *exact whether it is an exact figure. Other reports whose order against
 * it cannot be known are listed beside it. */
static json_t *reported_total(struct store *s, struct answer *a, const char *mission, int day, int *rep_day,
			      int *exact)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, r.personnel, r.qualifier, r.date_text, r.day FROM (SELECT " CLAIM_REC_COLS ", "
		"st.personnel, st.qualifier, st.day, " LATEST_COLS " FROM strength st CROSS JOIN pub_rec r USING(seq) "
		"WHERE st.mission = ?1 AND st.country = '' AND st.personnel IS NOT NULL "
		"AND st.qualifier IN ('exact', 'about') AND st.day <= ?2) r "
		"WHERE r.date_hi >= r.latest_lo ORDER BY " LATEST_ORDER_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	*rep_day = 0;
	*exact = 0;
	if (!store_row(s, st)) {
		sqlite3_reset(st);
		return json_null();
	}
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	json_t *o = json_object();
	json_object_set_new(o, "personnel", json_integer(sqlite3_column_int64(st, 1)));
	json_object_set_new(o, "qualifier", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(o, "date", json_string((const char *)sqlite3_column_text(st, 3)));
	*exact = !strcmp((const char *)sqlite3_column_text(st, 2), "exact");
	*rep_day = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	json_object_set_new(o, "record", answer_record_id(s, seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	sqlite3_stmt *all = store_prep(s,
		"SELECT r.seq, r.personnel, r.date_text FROM (SELECT " CLAIM_REC_COLS ", st.personnel, " LATEST_COLS
		" FROM strength st CROSS JOIN pub_rec r USING(seq) WHERE st.mission = ?1 AND st.country = '' "
		"AND st.personnel IS NOT NULL AND st.qualifier IN ('exact', 'about') AND st.day <= ?2) r "
		"WHERE r.date_hi >= r.latest_lo ORDER BY " LATEST_ORDER_SQL);
	sqlite3_bind_text(all, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(all, 2, day);
	order_unknown(s, a, all, "mission strength total");
	return o;
}

/* The total the answer uses: the reported total when it is exact and nothing
 * in the detail is newer (no country's snapshot after it, no movement
 * counted), else the sum of the countries. A reported total that differs
 * from the sum, and is either used or dated on the day asked, is a
 * disagreement. Sets answer.total, detail_total and total_basis. */
static void choose_total(struct answer *a, const struct sresult *r, const json_t *rep, int rep_day, int exact,
			 int day)
{
	int newer = 0;
	for (size_t i = 0; i < r->n; i++)
		newer |= r->c[i].snap_day > rep_day || r->c[i].n_moves > 0;
	int use = json_is_object(rep) && exact && !newer;
	long long reported = json_integer_value(json_object_get(rep, "personnel"));
	long long total = use ? reported : r->total;
	json_object_set_new(a->answer, "total", json_integer(total));
	json_object_set_new(a->answer, "detail_total", json_integer(r->total));
	json_object_set_new(a->answer, "total_basis", json_string(use ? "reported total" : "sum of the countries"));
	if (!json_is_object(rep) || reported == r->total || (!use && rep_day != day))
		return;
	json_t *claims = json_array();
	json_t *c2 = json_object();
	json_object_set_new(c2, "value", json_integer(reported));
	json_object_set_new(c2, "as", json_string("reported mission total"));
	json_object_set_new(c2, "record", json_incref(json_object_get(rep, "record")));
	json_object_set_new(c2, "sources", json_incref(json_object_get(rep, "sources")));
	json_array_append_new(claims, c2);
	json_t *c1 = json_object();
	json_object_set_new(c1, "value", json_integer(r->total));
	json_object_set_new(c1, "as", json_string("sum of the countries"));
	json_object_set_new(c1, "difference", json_integer(r->total - reported));
	json_array_append_new(claims, c1);
	/* Named as conflicts' mission_checks names it. */
	const char *date = json_string_value(json_object_get(rep, "date"));
	answer_disagree_said(a, force_total_said(date, json_string_value(json_object_get(rep, "qualifier")), reported),
			     date, "reported_total", claims, json_integer(total),
			use ? "the publisher's total is used for the total; the countries give the breakdown"
			    : "the total is the sum of the countries: the detail has figures newer than the reported total");
}

/* Movements whose uncertain date may fall on or before `day`. */
static json_t *possible_movements(struct store *s, struct answer *a, const char *mission, int day)
{
	json_t *arr = json_array();
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.seq, r.kind, m.country, m.personnel, r.date_text FROM movement m CROSS JOIN pub_rec "
		"r USING(seq) "
		"WHERE m.mission = ?1 AND m.prec < 3 AND m.day_lo <= ?2 AND m.day_hi > ?2 ORDER BY m.country, "
		"m.day_lo, m.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct { sqlite3_int64 seq; char kind[16], country[4], date[11]; long long n; } *rows = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		rows = grow(rows, n, sizeof *rows);
		rows[n].seq = sqlite3_column_int64(st, 0);
		snprintf(rows[n].kind, 16, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(rows[n].country, 4, "%s", (const char *)sqlite3_column_text(st, 2));
		rows[n].n = sqlite3_column_int64(st, 3);
		snprintf(rows[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "record", answer_record_id(s, rows[i].seq));
		json_object_set_new(o, "kind", json_string(rows[i].kind));
		json_object_set_new(o, "country", json_string(rows[i].country));
		json_object_set_new(o, "personnel", json_integer(rows[i].n));
		json_object_set_new(o, "date", rows[i].date[0] ? json_string(rows[i].date) : json_null());
		json_object_set_new(o, "sources", answer_cite_record(a, s, rows[i].seq));
		json_array_append_new(arr, o);
	}
	free(rows);
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
					       : c->left_out ? (c->moved ? "left out of the complete table, and later movements"
								 : "left out of the complete table")
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

int strength_latest_report(struct store *s, const char *mission, const struct scountry *c, int day, char text[11])
{
	char d[11];
	int best = c->snap_day;
	snprintf(text, 11, "%s", best ? day_format(best, d) : "");
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.day_hi, r.date_text FROM movement m CROSS JOIN pub_rec r USING(seq) WHERE m.mission = ?1 "
		"AND m.country = ?2 AND m.day_hi > ?3 AND m.day_hi <= ?4 ORDER BY m.day_hi DESC LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->country, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->snap_day);
	sqlite3_bind_int(st, 4, day);
	if (store_row(s, st)) {
		best = sqlite3_column_int(st, 0);
		snprintf(text, 11, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return best;
}

/* How fresh the figures are: per country row, the date of the latest report
 * behind it, its age on `day` and whether it is stale (older than
 * `stale_days`); for the answer, the oldest figure carried forward. Every
 * country with personnel counts, whatever the rows are broken down by. */
static json_t *freshness(struct store *s, struct answer *a, const char *mission, int day, const struct sresult *r,
			 int stale_days)
{
	json_t *o = json_object();
	int oldest = 0, newest = 0, n_stale = 0, n = 0;
	char oldest_text[11] = "", newest_text[11] = "", oldest_country[4] = "";
	for (size_t i = 0; i < r->n; i++) {
		const struct scountry *c = &r->c[i];
		if (!c->n && !c->snap_day)
			continue;
		char text[11];
		int latest = strength_latest_report(s, mission, c, day, text);
		if (!latest)
			continue;
		long age = day_number(day) - day_number(latest);
		int stale = age > stale_days;
		n++;
		n_stale += stale;
		if (!oldest || latest < oldest) {
			oldest = latest;
			snprintf(oldest_text, sizeof oldest_text, "%s", text);
			snprintf(oldest_country, sizeof oldest_country, "%s", c->country);
		}
		if (latest > newest) {
			newest = latest;
			snprintf(newest_text, sizeof newest_text, "%s", text);
		}
		size_t j;
		json_t *row;
		json_array_foreach(a->rows, j, row)
			if (json_is_string(json_object_get(row, "name")) &&
			    !strcmp(json_string_value(json_object_get(row, "country")), c->country)) {
				json_object_set_new(row, "latest_report", json_string(text));
				json_object_set_new(row, "age_days", json_integer(age));
				json_object_set_new(row, "stale", json_boolean(stale));
			}
	}
	json_object_set_new(o, "stale_after_days", json_integer(stale_days));
	json_object_set_new(o, "oldest_report", *oldest_text ? json_string(oldest_text) : json_null());
	json_object_set_new(o, "oldest_country", *oldest_country ? json_string(oldest_country) : json_null());
	json_object_set_new(o, "oldest_age_days", oldest ? json_integer(day_number(day) - day_number(oldest))
			    : json_null());
	json_object_set_new(o, "newest_report", *newest_text ? json_string(newest_text) : json_null());
	json_object_set_new(o, "stale_figures", json_integer(n_stale));
	json_object_set_new(o, "figures", json_integer(n));
	return o;
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
	int stale_days;
	if (stale_days_or_err(&stale_days, e) < 0)
		return NULL;
	struct answer a;
	answer_init(&a, "strength", day, mission);
	struct sresult r;
	char d[11];
	if (strength_compute(s, &a, mission, day, &r, e) < 0) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	json_object_set_new(a.answer, "by", json_string(by));
	json_object_set_new(a.answer, "countries", json_integer(0));
	int rep_day, exact;
	json_t *rep = reported_total(s, &a, mission, day, &rep_day, &exact);
	choose_total(&a, &r, rep, rep_day, exact, day);
	long long total = json_integer_value(json_object_get(a.answer, "total"));
	json_object_set_new(a.answer, "target", target_on(s, &a, mission, day, "planned", total));
	json_object_set_new(a.answer, "ceiling", target_on(s, &a, mission, day, "ceiling", total));
	json_object_set_new(a.answer, "reported_total", rep);
	json_object_set_new(a.answer, "complete_table", r.complete_day ? json_string(day_format(r.complete_day, d))
				   : json_null());
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
	json_object_set_new(a.answer, "freshness", freshness(s, &a, mission, day, &r, stale_days));
	strength_bounds(s, &a, mission, day, &r);
	size_t nc = 0;
	for (size_t i = 0; i < r.n; i++)
		nc += r.c[i].n > 0;
	json_object_set_new(a.answer, "countries", json_integer((json_int_t)nc));
	sresult_free(&r);
	return answer_finish(&a, s);
}
