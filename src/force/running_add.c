/* running_add.c (force): a few movements appended to a file update the
 * running totals (mv_key, mv_span) in place, instead of recomputing every
 * total of their (mission, country) pairs (running.c): adding one movement to
 * a pair of a hundred thousand touches a handful of rows. A movement that is
 * a claim about the same movement as another live one (the precedence rule
 * may change which counts) sends its pair to be recomputed (temp.mv_dirty),
 * and so does a pair a correction or retraction already put there. */
#include <stdlib.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "force.h"

/* One appended movement: its key, day (day_hi) and signed personnel. */
struct added {
	const char *mission, *country, *unit, *category;
	int day;
	long long delta;
};

static void bind_key4(sqlite3_stmt *st, const struct added *m)
{
	sqlite3_bind_text(st, 1, m->mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->category, -1, SQLITE_STATIC);
}

/* Inserts the key's row of `span` for `day` (0: the carry row, the totals
 * before the span). */
static int span_row(struct store *s, const struct added *m, long span, int day, long long cum, long long cum_n,
		    struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO mv_span(mission, country, unit, category, start, day, cum, "
				      "cum_n) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	bind_key4(st, m);
	sqlite3_bind_int(st, 5, day_from_number(span * SPAN_DAYS));
	sqlite3_bind_int(st, 6, day);
	sqlite3_bind_int64(st, 7, cum);
	sqlite3_bind_int64(st, 8, cum_n);
	int rc = derive_step_or_err(s, st, "mv_span", e);
	sqlite3_reset(st);
	return rc;
}

/* Adds the movement to the rows of `span` on or after `from` (0: all of them). */
static int add_to_span(struct store *s, const struct added *m, long span, int from, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "UPDATE mv_span SET cum = cum + ?7, cum_n = cum_n + 1 WHERE mission = ?1 "
				      "AND start = ?5 AND country = ?2 AND unit = ?3 AND category = ?4 AND day >= ?6");
	bind_key4(st, m);
	sqlite3_bind_int(st, 5, day_from_number(span * SPAN_DAYS));
	sqlite3_bind_int(st, 6, from);
	sqlite3_bind_int64(st, 7, m->delta);
	int rc = derive_step_or_err(s, st, "mv_span", e);
	sqlite3_reset(st);
	return rc;
}

/* Adds one live movement of a real day to its key's totals: carry rows for
 * the spans it opens, a row for its day, then every later row of the key. */
static int add_movement(struct store *s, const struct added *m, struct err *e)
{
	sqlite3_stmt *k = store_prep(s, "SELECT first_day, last_day, cum, cum_n FROM mv_key "
				     "WHERE mission = ?1 AND country = ?2 AND unit = ?3 AND category = ?4");
	bind_key4(k, m);
	int first = 0, last = 0;
	long long cum = 0, cum_n = 0;
	if (sqlite3_step(k) == SQLITE_ROW && sqlite3_column_int(k, 1) > 0) {
		first = sqlite3_column_int(k, 0);
		last = sqlite3_column_int(k, 1);
		cum = sqlite3_column_int64(k, 2);
		cum_n = sqlite3_column_int64(k, 3);
	}
	sqlite3_reset(k);
	long sd = span_number(m->day), top = sd;
	int rc = 0;
	if (!last) {            /* the key's first real day: one span */
		rc = span_row(s, m, sd, 0, 0, 0, e);
	} else {
		long fs = span_number(first), ls = span_number(last);
		/* Spans before the first: nothing before them. After the last: its totals. */
		for (long b = sd; rc == 0 && b < fs; b++)
			rc = span_row(s, m, b, 0, 0, 0, e);
		for (long b = ls + 1; rc == 0 && b <= sd; b++)
			rc = span_row(s, m, b, 0, cum, cum_n, e);
		if (ls > top)
			top = ls;
	}
	if (rc < 0)
		return -1;
	/* The day's row: the totals of the latest row before it, plus this one. */
	sqlite3_stmt *at = store_prep(s, "SELECT day, cum, cum_n FROM mv_span WHERE mission = ?1 AND start = ?5 "
				      "AND country = ?2 AND unit = ?3 AND category = ?4 AND day <= ?6 "
				      "ORDER BY day DESC LIMIT 1");
	bind_key4(at, m);
	sqlite3_bind_int(at, 5, day_from_number(sd * SPAN_DAYS));
	sqlite3_bind_int(at, 6, m->day);
	int has_day = 0;
	long long before = 0, before_n = 0;
	if (sqlite3_step(at) == SQLITE_ROW) {
		has_day = sqlite3_column_int(at, 0) == m->day;
		before = sqlite3_column_int64(at, 1);
		before_n = sqlite3_column_int64(at, 2);
	}
	sqlite3_reset(at);
	if (add_to_span(s, m, sd, m->day, e) < 0)
		return -1;
	if (!has_day && span_row(s, m, sd, m->day, before + m->delta, before_n + 1, e) < 0)
		return -1;
	for (long b = sd + 1; b <= top; b++)
		if (add_to_span(s, m, b, 0, e) < 0)
			return -1;
	sqlite3_stmt *up = store_prep(s, "INSERT OR REPLACE INTO mv_key(mission, country, unit, category, first_day, "
				      "last_day, cum, cum_n) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	bind_key4(up, m);
	sqlite3_bind_int(up, 5, last && first < m->day ? first : m->day);
	sqlite3_bind_int(up, 6, last > m->day ? last : m->day);
	sqlite3_bind_int64(up, 7, cum + m->delta);
	sqlite3_bind_int64(up, 8, cum_n + 1);
	rc = derive_step_or_err(s, up, "mv_key", e);
	sqlite3_reset(up);
	return rc;
}

int movement_add_in_place_or_err(struct store *s, struct err *e)
{
	sqlite3_stmt *list = store_prep(s,
		"SELECT m.seq, m.mission, m.country, m.unit, m.category, m.dir * m.personnel, m.day_hi, "
		"EXISTS (SELECT 1 FROM pub_rec p WHERE p.seq = m.seq), EXISTS (SELECT 1 FROM movement o "
		"CROSS JOIN pub_rec r ON r.seq = o.seq "
		"WHERE o.mission = m.mission AND o.country = m.country AND o.day_hi = m.day_hi AND o.unit = m.unit "
		"AND o.dir = m.dir AND o.day_lo = m.day_lo AND o.prec = m.prec AND o.event = m.event "
		"AND o.seq <> m.seq) "
		"FROM movement m WHERE m.seq > ?1 ORDER BY m.seq");
	sqlite3_stmt *is_dirty = store_prep(s, "SELECT 1 FROM temp.mv_dirty WHERE mission = ?1 AND country = ?2");
	sqlite3_stmt *dirty = store_prep(s, "INSERT OR IGNORE INTO temp.mv_dirty VALUES(?1, ?2)");
	sqlite3_bind_int64(list, 1, s->tx_start);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(list)) == SQLITE_ROW) {
		struct added m = {
			.mission = (const char *)sqlite3_column_text(list, 1),
			.country = (const char *)sqlite3_column_text(list, 2),
			.unit = (const char *)sqlite3_column_text(list, 3),
			.category = (const char *)sqlite3_column_text(list, 4),
			.delta = sqlite3_column_int64(list, 5),
			.day = sqlite3_column_int(list, 6),
		};
		int live = sqlite3_column_int(list, 7), rival = sqlite3_column_int(list, 8);
		sqlite3_bind_text(is_dirty, 1, m.mission, -1, SQLITE_STATIC);
		sqlite3_bind_text(is_dirty, 2, m.country, -1, SQLITE_STATIC);
		int in_dirty = sqlite3_step(is_dirty) == SQLITE_ROW;
		sqlite3_reset(is_dirty);
		if (in_dirty || !live)
			continue;
		if (rival) {            /* the precedence rule decides: redo the pair */
			sqlite3_bind_text(dirty, 1, m.mission, -1, SQLITE_STATIC);
			sqlite3_bind_text(dirty, 2, m.country, -1, SQLITE_STATIC);
			rc = derive_step_or_err(s, dirty, "mv_dirty", e);
			sqlite3_reset(dirty);
		} else if (m.day >= DATE_MAX) {  /* unknown date: its key, in no total */
			sqlite3_stmt *k = store_prep(s, "INSERT OR IGNORE INTO mv_key(mission, country, unit, category, "
						     "first_day, last_day, cum, cum_n) VALUES(?1, ?2, ?3, ?4, 0, 0, 0, 0)");
			bind_key4(k, &m);
			rc = derive_step_or_err(s, k, "mv_key", e);
			sqlite3_reset(k);
		} else {
			rc = add_movement(s, &m, e);
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = err_set_code(e, E_INTERNAL, "%s: reading the new movements: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_reset(list);
	return rc;
}
