/* mandate_answer.c: the mandate question — is a mission authorised on a day,
 * under which resolution, until when, with what ceiling, and how its
 * strength compares — and the obligations question: each requirement a
 * resolution sets, met, overdue, pending or unknown, with its evidence. */
#include <stdio.h>
#include <string.h>

#include "../core/grow.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../force/force.h"
#include "mandate.h"

static json_t *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? json_string((const char *)t) : json_null();
}

static json_t *col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, i));
}

int mandate_authorization_end(struct store *s, const char *mission, int day, sqlite3_int64 *seq)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT a.end_hi, a.seq FROM authorization a CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 "
		"AND r.date_hi <= ?2 ORDER BY a.end_hi DESC, " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	int end = 0;
	if (store_row(s, st)) {
		end = sqlite3_column_int(st, 0);
		if (seq)
			*seq = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return end;
}

/* The vote on resolution `number` known by `day`, or null. */
static json_t *vote_of(struct store *s, struct answer *a, long long number, int day)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT v.seq, v.in_favour, v.against, v.abstaining, v.abstainers FROM vote v CROSS JOIN pub_rec r "
		"USING(seq) WHERE v.resolution = ?1 AND r.date_hi <= ?2 ORDER BY " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_int64(st, 1, number);
	sqlite3_bind_int(st, 2, day);
	if (!store_row(s, st)) {
		sqlite3_reset(st);
		return json_null();
	}
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	json_t *o = json_pack("{s:I, s:I, s:I, s:o}", "in_favour", (json_int_t)sqlite3_column_int64(st, 1),
			      "against", (json_int_t)sqlite3_column_int64(st, 2),
			      "abstaining", (json_int_t)sqlite3_column_int64(st, 3), "abstainers", col_text(st, 4));
	sqlite3_reset(st);
	json_object_set_new(o, "record", answer_record_id(s, seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	return o;
}

/* The strength of `mission` on `day` against `ceiling` (<= 0: none). */
static json_t *strength_vs(struct store *s, struct answer *a, const char *mission, int day, long long ceiling,
			   struct err *e)
{
	struct sresult r;
	if (strength_compute(s, a, mission, day, &r, e) < 0)
		return NULL;
	json_t *o = json_pack("{s:s, s:I}", "mission", mission, "personnel", (json_int_t)r.total);
	json_t *recs = json_array(), *srcs = json_array();
	for (size_t i = 0; i < r.n; i++) {
		json_array_extend(recs, r.c[i].records);
		json_array_extend(srcs, r.c[i].sources);
	}
	json_object_set_new(o, "records", recs);
	json_object_set_new(o, "sources", srcs);
	if (ceiling > 0) {
		char pct[16];
		answer_percent(r.total, ceiling, pct);
		json_object_set_new(o, "gap", json_integer(ceiling - r.total));
		json_object_set_new(o, "share_pct", json_string(pct));
	}
	sresult_free(&r);
	return o;
}

/* The latest resolution in the record dated on or before `day`: symbol,
 * date, record and sources; JSON null when there is none. */
static json_t *last_resolution(struct store *s, struct answer *a, int day)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, x.symbol, r.date_text FROM resolution x CROSS JOIN pub_rec r USING(seq) "
		"WHERE r.date_hi <= ?1 ORDER BY r.date_hi DESC, x.number DESC LIMIT 1");
	sqlite3_bind_int(st, 1, day);
	json_t *o = json_null();
	if (store_row(s, st)) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		o = json_pack("{s:s, s:s}", "symbol", (const char *)sqlite3_column_text(st, 1), "date",
			      (const char *)sqlite3_column_text(st, 2));
		json_object_set_new(o, "record", answer_record_id(s, seq));
		json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
	}
	sqlite3_reset(st);
	return o;
}

json_t *answer_mandate(struct store *s, int day, struct err *e)
{
	struct answer a;
	answer_init(&a, "mandate", day, NULL);
	sqlite3_stmt *st = store_prep(s,
		"SELECT a.seq, r.mission, a.resolution, a.start, a.start_lo, a.end_text, a.end_hi, a.review, "
		"a.ceiling, a.ceiling_uniformed, a.ceiling_civilian, a.successor_of, res.symbol "
		"FROM authorization a CROSS JOIN pub_rec r USING(seq) LEFT JOIN (SELECT x.number, x.symbol FROM "
		"resolution x CROSS JOIN pub_rec y USING(seq) "
		"GROUP BY x.number) res ON res.number = a.resolution "
		"WHERE r.date_hi <= ?1 ORDER BY a.start_lo, a.resolution, " PRECEDENCE_SQL);
	sqlite3_bind_int(st, 1, day);
	struct { sqlite3_int64 seq; long long res, ceiling; char mission[65]; int start, end; } act = {0}, next = {0};
	int n = 0;
	while (store_row(s, st)) {
		int start = sqlite3_column_int(st, 4), end = sqlite3_column_int(st, 6);
		const char *status = day < start ? "not yet" : day > end ? "ended" : "in force";
		json_t *row = json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:s}", "mission", col_text(st, 1),
					"symbol", col_text(st, 12), "resolution", (json_int_t)sqlite3_column_int64(st, 2),
					"start", col_text(st, 3), "end", col_text(st, 5), "review", col_text(st, 7),
					"successor_of", col_text(st, 11), "status", status);
		json_object_set_new(row, "ceiling", json_pack("{s:o, s:o, s:o}", "total", col_int(st, 8),
							      "uniformed", col_int(st, 9), "civilian", col_int(st, 10)));
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		json_object_set_new(row, "record", answer_record_id(s, seq));
		json_object_set_new(row, "sources", answer_cite_record(&a, s, seq));
		json_array_append_new(a.rows, row);
		n++;
		/* The latest-starting authorisation in force is the mission of record. */
		if (start <= day && day <= end && start >= act.start) {
			act.seq = seq;
			act.res = sqlite3_column_int64(st, 2);
			act.ceiling = sqlite3_column_int64(st, 8);
			snprintf(act.mission, sizeof act.mission, "%s", (const char *)sqlite3_column_text(st, 1));
			act.start = start;
			act.end = end;
		}
		if (start > day && !next.seq) {
			next.seq = seq;
			next.start = start;
		}
	}
	sqlite3_reset(st);
	json_t *ans = a.answer;
	char d[11];
	size_t i;
	json_t *row;
	json_object_set_new(ans, "authorised", json_boolean(act.seq != 0));
	if (!act.seq) {
		json_object_set_new(ans, "mission", json_null());
		json_object_set_new(ans, "next_start", next.seq ? json_string(day_format(next.start, d)) : json_null());
		json_object_set_new(ans, "authorizations_known", json_integer(n));
		/* What the record holds last, so that "no mission" is not read as
		 * a fact about the world when the record may just stop. */
		json_object_set_new(ans, "last_resolution", last_resolution(s, &a, day));
		json_t *ended = json_null();
		json_array_foreach(a.rows, i, row)
			if (!strcmp(json_string_value(json_object_get(row, "status")), "ended") &&
			    (json_is_null(ended) || strcmp(json_string_value(json_object_get(row, "end")),
							   json_string_value(json_object_get(ended, "end"))) > 0))
				ended = row;
		json_object_set_new(ans, "last_ended", json_is_null(ended) ? json_null()
				    : json_pack("{s:O, s:O, s:O, s:O}", "mission", json_object_get(ended, "mission"),
						"symbol", json_object_get(ended, "symbol"), "end", json_object_get(ended, "end"),
						"record", json_object_get(ended, "record")));
		return answer_finish(&a, s);
	}
	json_t *cur = NULL;
	json_t *rid = answer_record_id(s, act.seq);
	json_array_foreach(a.rows, i, row)
		if (json_equal(json_object_get(row, "record"), rid))
			cur = row;
	json_decref(rid);
	json_object_set_new(ans, "mission", json_string(act.mission));
	json_object_set_new(ans, "resolution", json_integer(act.res));
	json_object_set(ans, "symbol", json_object_get(cur, "symbol"));
	json_object_set_new(ans, "start", json_string(day_format(act.start, d)));
	json_object_set_new(ans, "until", json_string(day_format(act.end, d)));
	json_object_set_new(ans, "days_left", json_integer(day_number(act.end) - day_number(day)));
	json_object_set(ans, "review", json_object_get(cur, "review"));
	json_object_set(ans, "successor_of", json_object_get(cur, "successor_of"));
	json_object_set(ans, "ceiling", json_object_get(cur, "ceiling"));
	json_object_set(ans, "record", json_object_get(cur, "record"));
	json_object_set(ans, "sources", json_object_get(cur, "sources"));
	json_object_set_new(ans, "vote", vote_of(s, &a, act.res, day));
	/* Other authorisations in force the same day (a transition overlaps). */
	json_t *also = json_array();
	json_array_foreach(a.rows, i, row)
		if (row != cur && !strcmp(json_string_value(json_object_get(row, "status")), "in force"))
			json_array_append_new(also, json_pack("{s:O, s:O, s:O}", "mission", json_object_get(row, "mission"),
							      "resolution", json_object_get(row, "resolution"),
							      "end", json_object_get(row, "end")));
	json_object_set_new(ans, "also_in_force", also);
	json_t *sv = strength_vs(s, &a, act.mission, day, act.ceiling, e);
	if (!sv) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	json_object_set_new(ans, "strength", sv);
	/* A successor with no figures of its own yet: show its predecessor's too. */
	const char *pred = json_string_value(json_object_get(cur, "successor_of"));
	if (pred && json_integer_value(json_object_get(sv, "personnel")) == 0) {
		json_t *pv = strength_vs(s, &a, pred, day, act.ceiling, e);
		if (!pv) {
			json_decref(answer_finish(&a, s));
			return NULL;
		}
		json_object_set_new(ans, "predecessor_strength", pv);
	}
	json_object_set_new(ans, "rule", json_string(
		"A mission is authorised on a day from its start to its end, both included. When two "
		"authorisations are in force on one day (a transition), the later-starting one is the mission of "
		"record. Days left count from the day to the end. Strength is muster strength's figure for the "
		"mission of record."));
	return answer_finish(&a, s);
}

/* The fulfilment records of requirement `ref` known by `day`, newest first. */
static json_t *evidence(struct store *s, struct answer *a, const char *ref, int day, const char **status)
{
	json_t *arr = json_array();
	*status = NULL;
	sqlite3_stmt *st = store_prep(s,
		"SELECT f.seq, f.status, r.date_text FROM fulfilment f CROSS JOIN pub_rec r USING(seq) "
		"WHERE f.requirement = ?1 AND r.date_hi <= ?2 ORDER BY r.date_hi DESC, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct { sqlite3_int64 seq; char status[8], date[11]; } *v = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		v = grow(v, n, sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		snprintf(v[n].status, sizeof v[n].status, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(v[n].date, sizeof v[n].date, "%s", (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		if (!*status && !strcmp(v[i].status, "met"))
			*status = "met";
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o}", "status", v[i].status, "date", v[i].date,
						     "record", answer_record_id(s, v[i].seq),
						     "sources", answer_cite_record(a, s, v[i].seq)));
	}
	free(v);
	return arr;
}

json_t *answer_obligations(struct store *s, int day, struct err *e)
{
	(void)e;
	struct answer a;
	answer_init(&a, "obligations", day, NULL);
	sqlite3_stmt *st = store_prep(s,
		"SELECT q.seq, r.ref, q.resolution, q.paragraph, q.who, q.what, q.due, q.due_lo, q.due_hi, q.rule, "
		"(SELECT p.text FROM resolution x CROSS JOIN pub_rec y USING(seq) JOIN resolution_para p ON "
		"p.seq = x.seq "
		" WHERE x.number = q.resolution AND p.num = CAST(q.paragraph AS TEXT) LIMIT 1) "
		"FROM requirement q CROSS JOIN pub_rec r USING(seq) WHERE r.date_hi <= ?1 ORDER BY "
		"q.resolution, q.paragraph, r.seq");
	sqlite3_bind_int(st, 1, day);
	struct { sqlite3_int64 seq; json_t *row; char ref[65]; } *rows = NULL;
	int n = 0;
	while (store_row(s, st)) {
		rows = grow(rows, (size_t)n, sizeof *rows);
		rows[n].seq = sqlite3_column_int64(st, 0);
		snprintf(rows[n].ref, sizeof rows[n].ref, "%s", sqlite3_column_text(st, 1) ?
			 (const char *)sqlite3_column_text(st, 1) : "");
		int due_hi = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 8);
		json_t *o = json_pack("{s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "ref", col_text(st, 1),
				      "resolution", (json_int_t)sqlite3_column_int64(st, 2),
				      "paragraph", (json_int_t)sqlite3_column_int64(st, 3), "who", col_text(st, 4),
				      "what", col_text(st, 5), "due", col_text(st, 6), "rule", col_text(st, 9),
				      "paragraph_text", col_text(st, 10));
		json_object_set_new(o, "due_hi", json_integer(due_hi));
		rows[n++].row = o;
	}
	sqlite3_reset(st);
	long long counts[4] = {0};
	static const char *const names[] = {"met", "overdue", "pending", "unknown"};
	for (int i = 0; i < n; i++) {
		json_t *o = rows[i].row;
		const char *met;
		json_object_set_new(o, "evidence", evidence(s, &a, rows[i].ref, day, &met));
		int due_hi = (int)json_integer_value(json_object_get(o, "due_hi"));
		json_object_del(o, "due_hi");
		const char *status = met ? "met" : !due_hi ? "unknown" : due_hi < day ? "overdue" : "pending";
		for (int k = 0; k < 4; k++)
			if (!strcmp(status, names[k]))
				counts[k]++;
		json_object_set_new(o, "status", json_string(status));
		json_object_set_new(o, "why", json_string(
			met ? "a record says it was met" :
			!due_hi ? "the text sets no date and no record says it was met" :
			due_hi < day ? "the due date has passed and no record says it was met" :
			"the due date is still ahead"));
		json_object_set_new(o, "record", answer_record_id(s, rows[i].seq));
		json_object_set_new(o, "sources", answer_cite_record(&a, s, rows[i].seq));
		json_array_append_new(a.rows, o);
	}
	free(rows);
	for (int k = 0; k < 4; k++)
		json_object_set_new(a.answer, names[k], json_integer(counts[k]));
	json_object_set_new(a.answer, "requirements", json_integer(n));
	json_object_set_new(a.answer, "rule", json_string(
		"A requirement is met when a fulfilment record dated on or before the day says so; otherwise it "
		"is overdue when its due date has passed, pending when the due date is still ahead, and unknown "
		"when the text gives no date. Nothing is assumed met without a record."));
	return answer_finish(&a, s);
}
