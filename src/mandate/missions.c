/* missions.c: the missions question — every mission the file holds: its
 * records, its first and last dated fact (how far the record reaches), its
 * authorisation on a day, and the succession between missions that the
 * authorisations record (successor_of). missions_cli.c renders it. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "../core/mission.h"
#include "../core/record.h"
#include "mandate.h"

static const char missions_rule[] =
	"A mission is one that a live public record other than a source belongs to, and the default mission. "
	"Its first and last dated facts are the records whose dates can begin earliest and latest (a month or a "
	"year begins on its first day; undated records are counted but never first or last). It is authorised on "
	"a day when an authorisation known by that day runs from its start to its end, both included; a mission "
	"with no authorisation has no resolution in the record. Its predecessor is the mission its authorisation "
	"names as the one it succeeds (successor_of), and its successor the mission whose authorisation names it.";

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t && *t ? json_string((const char *)t) : json_null();
}

/* One row per mission of mission_list, in its order, with its count. */
static json_t *rows_of_missions(struct store *s)
{
	json_t *rows = json_array(), *names = mission_list(s), *m;
	size_t i;
	json_array_foreach(names, i, m)
		json_array_append_new(rows, json_pack("{s:O, s:b, s:I, s:n, s:n, s:n, s:n}", "mission", m,
						      "default_mission", !strcmp(json_string_value(m), DEFAULT_MISSION),
						      "records", (json_int_t)0, "first", "last", "last_kind", "last_record"));
	json_decref(names);
	sqlite3_stmt *st = store_prep(s, "SELECT r.mission, count(*) FROM pub_rec r WHERE r.kind <> 'source' "
		"GROUP BY r.mission");
	while (store_row(s, st))
		json_array_foreach(rows, i, m)
			if (!strcmp(json_string_value(json_object_get(m, "mission")),
				    (const char *)sqlite3_column_text(st, 0)))
				json_object_set_new(m, "records", json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	return rows;
}

static json_t *row_of(json_t *rows, const char *mission)
{
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m)
		if (mission && !strcmp(json_string_value(json_object_get(m, "mission")), mission))
			return m;
	return NULL;
}

/* The first and last dated fact of each mission, in one pass. */
static void first_and_last(struct store *s, json_t *rows)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT mission, seq, kind, date_text, a, z FROM (SELECT r.mission, r.seq, r.kind, r.date_text,\n"
		"  row_number() OVER (PARTITION BY r.mission ORDER BY r.date_lo, r.date_prec DESC, r.seq) AS a,\n"
		"  row_number() OVER (PARTITION BY r.mission ORDER BY r.date_lo DESC, r.date_prec DESC, r.seq "
		"DESC) AS z\n"
		"  FROM pub_rec r WHERE r.kind <> 'source' AND r.date_prec > 0)\n"
		"WHERE a = 1 OR z = 1");
	while (store_row(s, st)) {
		json_t *m = row_of(rows, (const char *)sqlite3_column_text(st, 0));
		if (!m)
			continue;
		if (sqlite3_column_int(st, 4) == 1)
			json_object_set_new(m, "first", text_or_null(st, 3));
		if (sqlite3_column_int(st, 5) == 1) {
			json_object_set_new(m, "last", text_or_null(st, 3));
			json_object_set_new(m, "last_kind", text_or_null(st, 2));
			json_object_set_new(m, "last_record", answer_record_id(s, sqlite3_column_int64(st, 1)));
		}
	}
	sqlite3_reset(st);
}

/* Each mission's authorisation on `day`: the latest-starting one in force,
 * else the last ended, else the next; none known: no resolution. */
static void authorisations(struct store *s, struct answer *a, json_t *rows, int day)
{
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m) {
		json_object_set_new(m, "authorised", json_string("no resolution in the record"));
		json_object_set_new(m, "resolution", json_null());
		json_object_set_new(m, "symbol", json_null());
		json_object_set_new(m, "start", json_null());
		json_object_set_new(m, "end", json_null());
		json_object_set_new(m, "authorisation_record", json_null());
		json_object_set_new(m, "sources", json_array());
	}
	sqlite3_stmt *st = store_prep(s,
		"SELECT a.seq, r.mission, a.resolution, a.start, a.start_lo, a.end_text, a.end_hi, res.symbol\n"
		"FROM authorization a CROSS JOIN pub_rec r USING(seq) LEFT JOIN (SELECT x.number, x.symbol FROM\n"
		"  resolution x CROSS JOIN pub_rec y USING(seq)\n"
		"  GROUP BY x.number) res ON res.number = a.resolution\n"
		"WHERE r.date_hi <= ?1 ORDER BY a.start_lo, a.resolution, " PRECEDENCE_SQL);
	sqlite3_bind_int(st, 1, day);
	while (store_row(s, st)) {
		json_t *row = row_of(rows, (const char *)sqlite3_column_text(st, 1));
		if (!row)
			continue;
		int start = sqlite3_column_int(st, 4), end = sqlite3_column_int(st, 6);
		const char *status = day < start ? "not yet" : day > end ? "ended" : "in force";
		const char *had = json_string_value(json_object_get(row, "authorised"));
		/* In force beats ended beats not yet; a later start wins among in force and
		 * ended (rows come by start); the earliest not yet wins. */
		int better = !strcmp(status, "in force") ? 1
			: !strcmp(status, "ended") ? strcmp(had, "in force") != 0
			: !strcmp(had, "no resolution in the record");
		if (!better)
			continue;
		json_object_set_new(row, "authorised", json_string(status));
		json_object_set_new(row, "resolution", json_integer(sqlite3_column_int64(st, 2)));
		json_object_set_new(row, "symbol", text_or_null(st, 7));
		json_object_set_new(row, "start", text_or_null(st, 3));
		json_object_set_new(row, "end", text_or_null(st, 5));
		json_object_set_new(row, "authorisation_record", answer_record_id(s, sqlite3_column_int64(st, 0)));
		json_object_set_new(row, "sources", answer_cite_record(a, s, sqlite3_column_int64(st, 0)));
	}
	sqlite3_reset(st);
}

/* Predecessor and successor from the authorisations' successor_of. */
static void succession(struct store *s, json_t *rows)
{
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m) {
		json_object_set_new(m, "predecessor", json_null());
		json_object_set_new(m, "successor", json_null());
	}
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.mission, a.successor_of FROM authorization a CROSS JOIN pub_rec r USING(seq)\n"
		"WHERE a.successor_of IS NOT NULL AND a.successor_of <> '' ORDER BY 1, 2");
	while (store_row(s, st)) {
		const char *later = (const char *)sqlite3_column_text(st, 0), *earlier = (const char *)sqlite3_column_text(st, 1);
		json_t *l = row_of(rows, later), *e = row_of(rows, earlier);
		if (l && json_is_null(json_object_get(l, "predecessor")))
			json_object_set_new(l, "predecessor", json_string(earlier));
		if (e && json_is_null(json_object_get(e, "successor")))
			json_object_set_new(e, "successor", json_string(later));
	}
	sqlite3_reset(st);
}

json_t *answer_missions(struct store *s, int day, struct err *e)
{
	(void)e;
	struct answer a;
	answer_init(&a, "missions", day, NULL);
	json_decref(a.rows);
	a.rows = rows_of_missions(s);
	first_and_last(s, a.rows);
	authorisations(s, &a, a.rows, day);
	succession(s, a.rows);
	json_t *in_force = json_array(), *m;
	size_t i;
	json_array_foreach(a.rows, i, m)
		if (!strcmp(json_string_value(json_object_get(m, "authorised")), "in force"))
			json_array_append(in_force, json_object_get(m, "mission"));
	json_object_set_new(a.answer, "missions", json_integer((json_int_t)json_array_size(a.rows)));
	json_object_set_new(a.answer, "authorised", in_force);
	json_object_set_new(a.answer, "default_mission", json_string(DEFAULT_MISSION));
	json_object_set_new(a.answer, "rule", json_string(missions_rule));
	return answer_finish(&a, s);
}
