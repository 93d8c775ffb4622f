/* budget.c: the budget question — the latest budget on or before the day,
 * what was pledged and what was deposited (raised) against it according to
 * the latest trust-fund totals, the gap and the share; earlier budgets are
 * the rows. */
#include <stdio.h>
#include <string.h>

#include "../core/grow.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "money.h"

static const char budget_rule[] =
	"The budget is the latest budget record on or before the date; pledged and raised are the latest "
	"reported trust-fund totals (scope=total) of those stages on or before the date; the gap is the "
	"budget less what was raised. Figures in another currency are converted at the latest rate on or "
	"before the date. " LATEST_TEXT ". " PRECEDENCE_TEXT ".";

/* The latest trust-fund total of `stage` on or before the day (the latest
 * claim as LATEST_ORDER_SQL chooses it), or JSON null. Claims whose order
 * against it cannot be known and whose amount differs are a disagreement. */
static json_t *tf_total_or_err(struct mconv *c, const char *mission, const char *stage, long long *minor,
			       struct err *e)
{
	sqlite3_stmt *st = store_prep(c->s,
		"SELECT r.seq, r.amount_minor, r.currency, r.qualifier, r.date_text FROM (SELECT " CLAIM_REC_COLS ",\n"
		"  f.amount_minor, f.currency, f.qualifier, " LATEST_COLS " FROM funding f JOIN pub_rec r USING(seq)\n"
		"  WHERE r.mission = ?1 AND f.channel = 'trust_fund' AND f.scope = 'total' AND "
		"f.includes_bilateral = 0\n"
		"  AND f.stage = ?2 AND r.date_hi <= ?3) r\n"
		"WHERE r.date_hi >= r.latest_lo ORDER BY " LATEST_ORDER_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->day);
	struct { sqlite3_int64 seq; long long m; char cur[4], q[16], date[11]; } *v = NULL;
	int n = 0;
	while (store_row(c->s, st)) {
		v = grow(v, (size_t)n, sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		v[n].m = sqlite3_column_int64(st, 1);
		snprintf(v[n].cur, sizeof v[n].cur, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(v[n].q, sizeof v[n].q, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(v[n].date, sizeof v[n].date, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	if (!n)
		return json_null();
	json_t *o = money_figure_or_err(c, v[0].m, v[0].cur, minor, e);
	if (!o) {
		free(v);
		return NULL;
	}
	if (strcmp(v[0].q, "exact"))
		json_object_set_new(o, "qualifier", json_string(v[0].q));
	json_object_set_new(o, "date", json_string(v[0].date));
	json_object_set_new(o, "record", answer_record_id(c->s, v[0].seq));
	json_object_set_new(o, "sources", answer_cite_record(c->a, c->s, v[0].seq));
	json_t *claims = json_array();
	char what[64], buf[32];
	snprintf(what, sizeof what, "all donors trust_fund %s total", stage);
	for (int i = 0; i < n; i++) {
		json_t *cl = json_object();
		json_object_set_new(cl, "value", json_string(money_format(v[i].m, v[i].cur, buf)));
		json_object_set_new(cl, "currency", json_string(v[i].cur));
		json_object_set_new(cl, "date", json_string(v[i].date));
		json_object_set_new(cl, "seq", json_integer(v[i].seq));
		json_array_append_new(claims, cl);
	}
	answer_order_unknown(c->a, c->s, what, claims);
	free(v);
	return o;
}

struct brow {
	sqlite3_int64 seq;
	long long minor;
	char cur[4], period[128], covers[256], q[16], date[11];
};

static json_t *budget_json_or_err(struct mconv *c, const struct brow *b, long long *minor, struct err *e)
{
	json_t *o = money_figure_or_err(c, b->minor, b->cur, minor, e);
	if (!o)
		return NULL;
	json_object_set_new(o, "period", json_string(b->period));
	if (*b->covers)
		json_object_set_new(o, "covers", json_string(b->covers));
	if (strcmp(b->q, "exact"))
		json_object_set_new(o, "qualifier", json_string(b->q));
	json_object_set_new(o, "date", json_string(b->date));
	json_object_set_new(o, "record", answer_record_id(c->s, b->seq));
	json_object_set_new(o, "sources", answer_cite_record(c->a, c->s, b->seq));
	return o;
}

json_t *answer_budget(struct store *s, const char *mission, int day, const char *currency, struct err *e)
{
	int stale_days;
	if (stale_days_or_err(&stale_days, e) < 0)
		return NULL;
	struct answer a;
	answer_init(&a, "budget", day, mission);
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, r.amount_minor, r.currency, r.period, r.covers, r.qualifier, r.date_text FROM (SELECT "
		CLAIM_REC_COLS ",\n  b.amount_minor, b.currency, b.period, b.covers, b.qualifier, " LATEST_COLS
		"\n  FROM budget b JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_hi <= ?2) r\n"
		/* The latest as LATEST_ORDER_SQL chooses it first, then the earlier ones, newest first. */
		"ORDER BY r.date_hi >= r.latest_lo DESC, (r.date_hi >= r.latest_lo) * r.date_prec DESC, r.date_hi DESC, "
		PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct brow *b = NULL;
	int n = 0;
	while (store_row(s, st)) {
		b = grow(b, (size_t)n, sizeof *b);
		b[n].seq = sqlite3_column_int64(st, 0);
		b[n].minor = sqlite3_column_int64(st, 1);
		char *cols[] = {NULL, NULL, b[n].cur, b[n].period, b[n].covers, b[n].q, b[n].date};
		size_t sizes[] = {0, 0, sizeof b[n].cur, sizeof b[n].period, sizeof b[n].covers, sizeof b[n].q,
				  sizeof b[n].date};
		for (int k = 2; k < 7; k++) {
			const unsigned char *t = sqlite3_column_text(st, k);
			snprintf(cols[k], sizes[k], "%s", t ? (const char *)t : "");
		}
		n++;
	}
	sqlite3_reset(st);
	if (!n) {
		char d[11];
		json_decref(answer_finish(&a, s));
		err_set_code(e, E_NOANSWER, "no budget of %s is recorded on or before %s", mission,
			     day_format(day, d));
		return NULL;
	}
	struct mconv c = {.s = s, .a = &a, .to = currency ? currency : b[0].cur, .day = day, .rates = json_array()};
	long long budget = 0, raised = 0, pledged = 0;
	json_t *bj = budget_json_or_err(&c, &b[0], &budget, e), *pj = NULL, *dj = NULL;
	if (bj)
		pj = tf_total_or_err(&c, mission, "pledged", &pledged, e);
	if (pj)
		dj = tf_total_or_err(&c, mission, "deposited", &raised, e);
	for (int i = 1; dj && i < n; i++) {
		json_t *o = budget_json_or_err(&c, &b[i], NULL, e);
		if (!o) {
			json_decref(dj);
			dj = NULL;
			break;
		}
		json_array_append_new(a.rows, o);
	}
	if (!dj) {
		json_decref(bj);
		json_decref(pj);
		json_decref(c.rates);
		json_decref(answer_finish(&a, s));
		free(b);
		return NULL;
	}
	char buf[32], pct[16];
	json_object_set_new(a.answer, "currency", json_string(c.to));
	json_object_set_new(a.answer, "budget", bj);
	json_object_set_new(a.answer, "pledged", pj);
	json_object_set_new(a.answer, "raised", dj);
	answer_mark_age(bj, day, stale_days);
	answer_mark_age(pj, day, stale_days);
	answer_mark_age(dj, day, stale_days);
	if (json_is_object(dj)) {
		json_object_set_new(a.answer, "gap", json_string(money_format(budget - raised, c.to, buf)));
		answer_percent(raised, budget, pct);
		json_object_set_new(a.answer, "raised_pct", json_string(pct));
	} else {
		json_object_set_new(a.answer, "gap", json_null());
		json_object_set_new(a.answer, "raised_pct", json_null());
	}
	if (json_is_object(pj)) {
		answer_percent(pledged, budget, pct);
		json_object_set_new(a.answer, "pledged_pct", json_string(pct));
	} else {
		json_object_set_new(a.answer, "pledged_pct", json_null());
	}
	json_object_set_new(a.answer, "rates", c.rates);
	json_object_set_new(a.answer, "rule", json_string(budget_rule));
	free(b);
	return answer_finish(&a, s);
}
