/* incidents_answer.c: answer_incidents — the incidents reported in a period or
 * at a place, with deaths and injuries as low/best/high. Reports of the same
 * event (same `event` key) that differ on place, date, figures or names are
 * disagreements; the report used for the event follows the precedence rule. */
#include <stdio.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../core/say.h"
#include "places.h"

#define COLS "i.seq, coalesce(i.event, 'record-' || i.seq), i.place, pl.name, r.date_text, i.incident_kind, " \
	"i.fatalities_low, i.fatalities_best, i.fatalities_high, i.injuries_low, i.injuries_best, " \
	"i.injuries_high, i.persons, i.actors, i.event IS NULL"
#define FROM "FROM incident i CROSS JOIN pub_rec r USING(seq) LEFT JOIN (SELECT p.ref, p.name FROM place p " \
	"JOIN pub_rec q USING(seq)) pl ON pl.ref = i.place "

/* Fields compared between reports of one event: column, name in answers. */
static const struct { int col; const char *name; } compared[] = {
	{2, "place"}, {4, "date"}, {5, "incident_kind"}, {6, "fatalities_low"}, {7, "fatalities_best"},
	{8, "fatalities_high"}, {10, "injuries_best"}, {12, "persons"},
};

static json_t *col_value(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL: return json_null();
	case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
	default: return json_string((const char *)sqlite3_column_text(st, i));
	}
}

static json_t *report_row(struct answer *a, struct store *s, sqlite3_stmt *st)
{
	static const char *const names[] = {NULL, "event", "place", "place_name", "date", "incident_kind",
					    "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
					    "injuries_best", "injuries_high", "persons", "actors"};
	json_t *r = json_object();
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	json_object_set_new(r, "record", answer_record_id(s, seq));
	for (int i = 1; i < 14; i++)
		json_object_set_new(r, names[i], col_value(st, i));
	json_object_set_new(r, "sources", answer_cite_record(a, s, seq));
	return r;
}

/* Compares the reports of one event (ordered by precedence, the first used)
 * and adds a disagreement for each field on which they differ. */
static void compare_reports(struct answer *a, const char *event, json_t *reports)
{
	json_t *used = json_array_get(reports, 0);
	for (size_t f = 0; f < sizeof compared / sizeof *compared; f++) {
		const char *name = compared[f].name;
		int differ = 0;
		size_t i;
		json_t *rep;
		json_array_foreach(reports, i, rep)
			differ |= !json_equal(json_object_get(rep, name), json_object_get(used, name));
		if (!differ)
			continue;
		json_t *claims = json_array();
		json_array_foreach(reports, i, rep) {
			json_t *c = json_object();
			json_object_set(c, "value", json_object_get(rep, name));
			json_object_set(c, "sources", json_object_get(rep, "sources"));
			json_object_set_new(c, "records", json_pack("[O]", json_object_get(rep, "record")));
			json_array_append_new(claims, c);
		}
		answer_disagree_said(a, say_new("incident {1}: {2}", say_name(event), say_words(name), NULL),
				     json_string_value(json_object_get(used, "date")), "conflicting_reports", claims,
				     json_incref(json_object_get(used, name)),
				PRECEDENCE_TEXT);
	}
}

json_t *answer_incidents(struct store *s, const char *mission, int as_of, int from, int to,
			 const char *place, struct err *e)
{
	char only[65] = "";
	if (place && place_lookup_or_err(s, place, only, e) < 0)
		return NULL;
	if (from && to && from > to) {
		char f[11], t[11];
		err_set(e, "--from %s is after --to %s (give the earlier day first)", day_format(from, f),
			day_format(to, t));
		return NULL;
	}
	struct answer a;
	answer_init(&a, "incidents", as_of, mission);
	/* Events with at least one report matching the filters, then all their reports. */
	sqlite3_stmt *st = store_prep(s,
		"WITH hit AS (SELECT DISTINCT coalesce(i.event, 'record-' || i.seq) AS ev FROM incident i "
		"  CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_hi <= ?2 "
		"  AND (?3 = 0 OR r.date_hi >= ?3) AND (?4 = 0 OR r.date_lo <= ?4) AND (?5 = '' OR i.place = ?5)) "
		"SELECT " COLS " " FROM "WHERE r.mission = ?1 AND r.date_hi <= ?2 "
		"AND coalesce(i.event, 'record-' || i.seq) IN (SELECT ev FROM hit) "
		"ORDER BY min(r.date_lo) OVER (PARTITION BY coalesce(i.event, 'record-' || i.seq)), "
		"coalesce(i.event, 'record-' || i.seq), " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, as_of);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	sqlite3_bind_text(st, 5, only, -1, SQLITE_STATIC);
	json_t *reports = json_array();
	char event[128] = "";
	long long n_reports = 0, n_events = 0, fat[3] = {0, 0, 0}, n_conflicting = 0;
	int have_fat[3] = {0, 0, 0};
	for (int more = 1; more;) {
		more = store_row(s, st);
		const char *ev = more ? (const char *)sqlite3_column_text(st, 1) : "";
		if (json_array_size(reports) && (!more || strcmp(ev, event))) {
			json_t *used = json_array_get(reports, 0);
			const char *parts[] = {"fatalities_low", "fatalities_best", "fatalities_high"};
			for (int k = 0; k < 3; k++)
				if (json_is_integer(json_object_get(used, parts[k]))) {
					fat[k] += json_integer_value(json_object_get(used, parts[k]));
					have_fat[k] = 1;
				}
			if (json_array_size(reports) > 1) {
				compare_reports(&a, event, reports);
				n_conflicting++;
			}
			size_t i;
			json_t *rep;
			json_array_foreach(reports, i, rep) {
				json_object_set_new(rep, "used", json_boolean(i == 0));
				json_array_append(a.rows, rep);
			}
			json_array_clear(reports);
			n_events++;
		}
		if (!more)
			break;
		snprintf(event, sizeof event, "%s", ev);
		json_t *row = report_row(&a, s, st);
		if (sqlite3_column_int(st, 14))
			json_object_set_new(row, "event", json_null());
		json_array_append_new(reports, row);
		n_reports++;
	}
	sqlite3_reset(st);
	json_decref(reports);
	json_object_set_new(a.answer, "reports", json_integer(n_reports));
	json_object_set_new(a.answer, "events", json_integer(n_events));
	json_object_set_new(a.answer, "events_with_conflicting_reports", json_integer(n_conflicting));
	json_t *f = json_object();
	const char *parts[] = {"low", "best", "high"};
	for (int k = 0; k < 3; k++)
		json_object_set_new(f, parts[k], have_fat[k] ? json_integer(fat[k]) : json_null());
	json_object_set_new(a.answer, "fatalities", f);
	char buf[11];
	json_object_set_new(a.answer, "from", from ? json_string(day_format(from, buf)) : json_null());
	json_object_set_new(a.answer, "to", to ? json_string(day_format(to, buf)) : json_null());
	json_object_set_new(a.answer, "place", *only ? json_string(only) : json_null());
	json_object_set_new(a.answer, "rule",
		json_string("Each event counts once, with the figures of its used report: reports of the same "
			    "event share an event key; the used one is chosen by source grade, then number of "
			    "sources, then date precision, then the later publication. Fatalities are summed "
			    "over events that give them."));
	return answer_finish(&a, s);
}
