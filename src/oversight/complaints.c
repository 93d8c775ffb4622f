/* complaints.c: the complaints question — complaints received by a date,
 * each with its status on that date (a complaint's corrections are its
 * status over time), counted by status and by category; each complaint with
 * its narrative for a reader who may see restricted records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "oversight.h"

#define N_STATUS 5
#define N_CATEGORY 7

static const char complaints_rule[] =
	"A complaint counts from the day it was received; its status on the date is that of its latest "
	"version (the original or a correction) whose status date is on or before the date, else received. "
	"A retracted complaint does not count.";

static int index_of(const char *const *choices, const char *v)
{
	for (int i = 0; choices[i]; i++)
		if (v && !strcmp(choices[i], v))
			return i;
	return -1;
}

/* One complaint on the day: its live version and its status then. */
struct complaint_day {
	sqlite3_int64 live;     /* seq of the live version */
	int status;             /* index in complaint_status_choices */
	int status_day;         /* when it reached that status, 0 when received */
	int versions;
};

json_t *answer_complaints(struct store *s, const char *mission, int day, enum role role, struct err *e)
{
	(void)e;
	int exact = role_sees_restricted(role);
	struct answer a;
	answer_init(&a, "complaints", day, mission);
	/* Every version, grouped by complaint (root), oldest first. */
	sqlite3_stmt *st = store_prep(s,
		"SELECT root, seq, status, status_hi, current, standing, date_hi "
		"FROM complaint_tally WHERE mission = ?1 ORDER BY root, seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct complaint_day *cs = NULL, cur;
	memset(&cur, 0, sizeof cur);
	size_t n = 0;
	sqlite3_int64 root = -1;
	int cur_ok = 0, received_by = 0;
	for (int more = store_row(s, st);; more = store_row(s, st)) {
		sqlite3_int64 r = more ? sqlite3_column_int64(st, 0) : -2;
		if (r != root) {
			/* The previous complaint is complete: keep it if it counts. */
			if (root >= 0 && cur_ok && cur.live && received_by) {
				cs = grow(cs, n, sizeof *cs);
				cs[n++] = cur;
			}
			if (!more)
				break;
			root = r;
			memset(&cur, 0, sizeof cur);
			cur_ok = 1;
			received_by = 0;
		}
		cur.versions++;
		int status_hi = sqlite3_column_int(st, 3);
		if (status_hi <= day) {
			cur.status = index_of(complaint_status_choices, (const char *)sqlite3_column_text(st, 2));
			cur.status_day = status_hi;
			if (cur.status < 0)
				cur.status = 0;
		}
		if (sqlite3_column_int(st, 4)) {
			/* The live version: a retraction withdraws the complaint. */
			cur.live = sqlite3_column_int64(st, 1);
			cur_ok = sqlite3_column_int(st, 5);
			received_by = sqlite3_column_int(st, 6) <= day;
		}
	}
	sqlite3_reset(st);

	long long by_status[N_STATUS] = {0}, by_category[N_CATEGORY] = {0};
	json_t *list = exact ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		by_status[cs[i].status]++;
		/* Only a reader who may see restricted records reads the complaint
		 * itself; the others count its category. */
		st = exact ? store_prep(s, "SELECT c.category, r.date_text, c.country, c.unit, c.narrative, "
			"r.entered_by "
					"FROM complaint c CROSS JOIN rec r USING(seq) WHERE c.seq = ?")
			: store_prep(s, "SELECT category FROM complaint_tally WHERE seq = ?");
		sqlite3_bind_int64(st, 1, cs[i].live);
		if (!store_row(s, st)) {
			sqlite3_reset(st);
			continue;
		}
		int ci = index_of(complaint_category_choices, (const char *)sqlite3_column_text(st, 0));
		by_category[ci < 0 ? N_CATEGORY - 1 : ci]++;
		if (list) {
			char sd[11];
			json_t *o = json_object();
			json_object_set_new(o, "record", answer_record_id(s, cs[i].live));
			json_object_set_new(o, "received", json_string((const char *)sqlite3_column_text(st, 1)));
			json_object_set_new(o, "category", json_string((const char *)sqlite3_column_text(st, 0)));
			json_object_set_new(o, "status", json_string(complaint_status_choices[cs[i].status]));
			json_object_set_new(o, "status_date", cs[i].status_day ? json_string(day_format(cs[i].status_day, sd))
					    : json_null());
			const char *cols[] = {NULL, NULL, "country", "unit", "narrative", "entered_by"};
			for (int k = 2; k < 6; k++) {
				const unsigned char *t = sqlite3_column_text(st, k);
				json_object_set_new(o, cols[k], t ? json_string((const char *)t) : json_null());
			}
			json_object_set_new(o, "versions", json_integer(cs[i].versions));
			sqlite3_reset(st);
			json_object_set_new(o, "sources", answer_cite_record(&a, s, cs[i].live));
			json_array_append_new(list, o);
		} else {
			sqlite3_reset(st);
		}
	}
	free(cs);

	json_t *ans = a.answer;
	json_object_set_new(ans, "access", json_string(exact ? "detail" : "aggregate"));
	json_object_set_new(ans, "complaints", count_json((long long)n, exact));
	json_t *bs = json_object(), *bc = json_object();
	counts_set(bs, complaint_status_choices, by_status, N_STATUS, exact);
	counts_set(bc, complaint_category_choices, by_category, N_CATEGORY, exact);
	json_object_set_new(ans, "by_status", bs);
	/* The table: one row per category, its count as in by_category. */
	for (int i = 0; i < N_CATEGORY; i++)
		json_array_append_new(a.rows, json_pack("{s:s, s:O}", "category", complaint_category_choices[i],
							"complaints", json_object_get(bc, complaint_category_choices[i])));
	json_decref(bc);
	if (list)
		json_object_set_new(ans, "details", list);
	else
		json_object_set_new(ans, "small_counts", json_string("a count under 5 is shown as \"" SMALL_TEXT
								      "\"; sign in as oversight for the complaints"));
	json_object_set_new(ans, "rule", json_string(complaints_rule));
	return answer_finish(&a, s);
}
