/* places_answer.c: answer_places — every place with its point (or that it has
 * none), its department, commune and section, its latest status on a day and
 * the sources of both; statuses reported for the same place on the same day
 * that differ are disagreements. */
#include <stdio.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../core/say.h"
#include "places.h"


static const char rule_text[] =
	"A place's status on a day is its latest status reported on or before that day (a status dated "
	"only by month or year counts from the last day it covers); among statuses of the same day the "
	"one from the better-graded source is used, then the one with more sources, then the later "
	"publication. Areas are found by point-in-polygon on the CNIGS/OCHA COD-AB boundaries "
	"(2018-11-29); a place without a sourced point has none.";

static json_t *area_obj(struct store *s, const char *pcode)
{
	if (!pcode)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "pcode", json_string(pcode));
	sqlite3_stmt *st = store_prep(s, "SELECT coalesce(name_fr, name_en) FROM admin_area WHERE pcode = ?");
	sqlite3_bind_text(st, 1, pcode, -1, SQLITE_STATIC);
	if (store_row(s, st))
		json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	return o;
}

static json_t *split_aliases(const char *text)
{
	json_t *arr = json_array();
	if (!text)
		return arr;
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", text);
	char *save = NULL;
	for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && t[n - 1] == ' ')
			t[--n] = 0;
		if (*t)
			json_array_append_new(arr, json_string(t));
	}
	return arr;
}

/* The latest status of `ref` on `day`, or null; adds a disagreement when the
 * statuses of that same date differ, and one when statuses of other dates
 * whose order against it cannot be known differ from it. */
static json_t *latest_status(struct answer *a, struct store *s, const char *mission, const char *ref,
			     const char *name, int day)
{
	sqlite3_stmt *st = store_prep(s,
		/* The latest as LATEST_ORDER_SQL chooses it (a month- or year-dated
		 * status does not displace a more precise one within its range). */
		"SELECT r.status, r.date_text, r.seq, r.date_hi >= r.latest_lo FROM (SELECT ps.status, "
		"" CLAIM_REC_COLS ", "
		LATEST_COLS " FROM place_status ps CROSS JOIN pub_rec r USING(seq) "
		"WHERE ps.place = ?1 AND r.mission = ?2 AND r.date_hi <= ?3) r"
		" ORDER BY r.date_hi >= r.latest_lo DESC, (r.date_hi >= r.latest_lo) * r.date_prec DESC, "
		"r.date_hi DESC, "
		PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	json_t *used = NULL, *claims = json_array(), *unknown = json_array();
	int differ = 0;
	while (store_row(s, st)) {
		const char *status = (const char *)sqlite3_column_text(st, 0);
		const char *date = (const char *)sqlite3_column_text(st, 1);
		sqlite3_int64 seq = sqlite3_column_int64(st, 2);
		if (used && strcmp(date, json_string_value(json_object_get(used, "date")))) {
			/* Another date: a claim whose order against the one used
			 * cannot be known, or (the rest) one that surely came before. */
			if (!sqlite3_column_int(st, 3))
				break;
			json_array_append_new(unknown, json_pack("{s:s, s:s, s:I}", "value", status, "date", date, "seq",
								 (json_int_t)seq));
			continue;
		}
		json_t *o = json_object();
		json_object_set_new(o, "status", json_string(status));
		json_object_set_new(o, "date", json_string(date));
		json_object_set_new(o, "record", answer_record_id(s, seq));
		json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
		if (!used) {
			used = o;
			json_array_append_new(unknown, json_pack("{s:s, s:s, s:I}", "value", status, "date", date, "seq",
								 (json_int_t)seq));
		} else {
			differ |= strcmp(status, json_string_value(json_object_get(used, "status"))) != 0;
		}
		json_t *c = json_object();
		json_object_set_new(c, "value", json_string(status));
		json_object_set(c, "sources", json_object_get(o, "sources"));
		json_object_set_new(c, "records", json_pack("[O]", json_object_get(o, "record")));
		json_array_append_new(claims, c);
		if (o != used)
			json_decref(o);
	}
	sqlite3_reset(st);
	if (differ) {
		const char *date = json_string_value(json_object_get(used, "date"));
		answer_disagree_said(a, say_new("status of {1} ({2}) on {3}", say_name(name), say_name(ref), say_date(date),
						NULL), date, "conflicting_claims", claims,
				json_incref(json_object_get(used, "status")), PRECEDENCE_TEXT);
	} else {
		json_decref(claims);
	}
	char what[256];
	snprintf(what, sizeof what, "status of %s (%s)", name, ref);
	answer_order_unknown(a, s, what, unknown);
	return used ? used : json_null();
}

json_t *answer_places(struct store *s, const char *mission, int as_of, const char *status,
		      const char *place, struct err *e)
{
	char only[65] = "";
	int stale_days;
	if (stale_days_or_err(&stale_days, e) < 0)
		return NULL;
	if (status) {
		int ok = 0;
		size_t n = 0;
		for (const char *const *c = place_status_choices; *c; c++, n++)
			ok |= !strcmp(*c, status);
		if (!ok) {
			const char *near = err_nearest(status, place_status_choices, n);
			err_set(e, "--status: \"%s\" is not a status (did you mean %s? statuses: under_gang_control, "
				"contested, operations_under_way, secured, reopened, closed)", status,
				near ? near : "one of these");
			return NULL;
		}
	}
	if (place && place_lookup_or_err(s, place, only, e) < 0)
		return NULL;
	struct answer a;
	answer_init(&a, "places", as_of, mission);
	sqlite3_stmt *st = store_prep(s,
		"SELECT p.seq, p.ref, p.name, p.aliases, p.place_type, p.lat, p.lon, p.precision, p.adm1, p.adm2, "
		"p.adm3, p.country FROM place p CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND (?2 "
		"= '' OR p.ref = ?2) ORDER BY p.name COLLATE NOCASE, p.ref");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, only, -1, SQLITE_STATIC);
	long long n_places = 0, n_point = 0;
	json_t *without = json_array(), *by_status = json_object();
	while (store_row(s, st)) {
		const char *col[12];
		for (int i = 1; i < 12; i++)
			col[i] = (const char *)sqlite3_column_text(st, i);
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		json_t *cur = latest_status(&a, s, mission, col[1], col[2], as_of);
		const char *cs = json_string_value(json_object_get(cur, "status"));
		if (status && (!cs || strcmp(cs, status))) {
			json_decref(cur);
			continue;
		}
		json_t *r = json_object();
		json_object_set_new(r, "ref", json_string(col[1]));
		json_object_set_new(r, "record", answer_record_id(s, seq));
		json_object_set_new(r, "name", json_string(col[2]));
		json_object_set_new(r, "aliases", split_aliases(col[3]));
		json_object_set_new(r, "place_type", col[4] ? json_string(col[4]) : json_null());
		json_object_set_new(r, "country", json_string(col[11]));
		json_object_set_new(r, "has_point", json_boolean(col[5] != NULL));
		json_object_set_new(r, "lat", col[5] ? json_string(col[5]) : json_null());
		json_object_set_new(r, "lon", col[6] ? json_string(col[6]) : json_null());
		json_object_set_new(r, "precision", json_string(col[7]));
		json_t *areas = json_object();
		json_object_set_new(areas, "department", area_obj(s, col[8]));
		json_object_set_new(areas, "commune", area_obj(s, col[9]));
		json_object_set_new(areas, "section", area_obj(s, col[10]));
		json_object_set_new(r, "areas", areas);
		answer_mark_age(cur, as_of, stale_days);
		json_object_set_new(r, "status", cur);
		json_object_set_new(r, "sources", answer_cite_record(&a, s, seq));
		json_array_append_new(a.rows, r);
		n_places++;
		if (col[5])
			n_point++;
		else
			json_array_append_new(without, json_string(col[2]));
		const char *key = cs ? cs : "none reported";
		json_object_set_new(by_status, key,
				    json_integer(json_integer_value(json_object_get(by_status, key)) + 1));
	}
	sqlite3_reset(st);
	if (place && !n_places) {
		json_decref(without);
		json_decref(by_status);
		json_decref(answer_finish(&a, s));
		err_set_code(e, E_NOANSWER, "place \"%s\" (%s) does not match --status %s on that day",
			     place, only, status ? status : "-");
		return NULL;
	}
	json_object_set_new(a.answer, "places", json_integer(n_places));
	json_object_set_new(a.answer, "with_point", json_integer(n_point));
	json_object_set_new(a.answer, "without_point", json_integer(n_places - n_point));
	json_object_set_new(a.answer, "without_point_names", without);
	json_object_set_new(a.answer, "by_status", by_status);
	json_object_set_new(a.answer, "status_filter", status ? json_string(status) : json_null());
	json_object_set_new(a.answer, "rule", json_string(rule_text));
	return answer_finish(&a, s);
}
