/* promises.c: the promises question — each commitment of personnel or money
 * judged against the force records on its deadline (the last day of a month
 * or year deadline): kept, missed, pending or unknown, with the strength
 * figure, its records and sources, and the gap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/grow.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../core/iso.h"
#include "../force/force.h"
#include "../money/money.h"
#include "mandate.h"

struct measure {
	long long n;
	json_t *records, *sources;      /* new references, owned by the caller */
	/* With `fresh`: the oldest and the newest of the reports behind the
	 * country figures counted (strength_latest_report), 0 when none. */
	int oldest, newest;
	char oldest_text[11], newest_text[11];
};

/* Personnel of `country` (NULL: the whole mission) in `mission` on `day`;
 * with `fresh`, how recent the reports behind it are. */
static int measure_or_err(struct store *s, const char *mission, const char *country, int day, int fresh,
			  struct measure *m, struct err *e)
{
	struct sresult r;
	if (strength_compute(s, NULL, mission, day, &r, e) < 0)
		return -1;
	memset(m, 0, sizeof *m);
	m->records = json_array();
	m->sources = json_array();
	for (size_t i = 0; i < r.n; i++) {
		if (country && strcmp(r.c[i].country, country))
			continue;
		char text[11];
		int latest = fresh && (r.c[i].n || r.c[i].snap_day) ?
			strength_latest_report(s, mission, &r.c[i], day, text) : 0;
		if (latest && (!m->oldest || latest < m->oldest)) {
			m->oldest = latest;
			memcpy(m->oldest_text, text, sizeof text);
		}
		if (latest > m->newest) {
			m->newest = latest;
			memcpy(m->newest_text, text, sizeof text);
		}
		m->n += r.c[i].n;
		json_array_extend(m->records, r.c[i].records);
		json_array_extend(m->sources, r.c[i].sources);
	}
	if (!country)
		m->n = r.total;
	sresult_free(&r);
	return 0;
}

static void measure_free(struct measure *m)
{
	json_decref(m->records);
	json_decref(m->sources);
}

/* The first day on or before `last` on which the figure reaches `target`,
 * trying the days of the mission's strength and movement records. */
static int reached_or_err(struct store *s, const char *mission, const char *country, long long target, int last,
			  int *day, struct err *e)
{
	*day = 0;
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.date_hi FROM pub_rec r WHERE r.kind IN ('strength', 'arrival', 'departure') "
		"AND r.mission = ?1 AND r.date_hi <= ?2 AND (?3 IS NULL OR r.seq IN "
		"(SELECT seq FROM strength WHERE country = ?3 UNION ALL SELECT seq FROM movement WHERE country = ?3)) "
		"ORDER BY r.date_hi");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, last);
	sqlite3_bind_text(st, 3, country, -1, SQLITE_STATIC);
	int *days = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		days = grow(days, n, sizeof *days);
		days[n++] = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	days = grow(days, n, sizeof *days);
	days[n++] = last;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct measure m;
		if (measure_or_err(s, mission, country, days[i], 0, &m, e) < 0) {
			rc = -1;
			break;
		}
		measure_free(&m);
		if (m.n >= target) {
			*day = days[i];
			break;
		}
	}
	free(days);
	return rc;
}

/* A money promise's measure: the largest single figure the donor reported
 * at the committed stage or later (committed, deposited, disbursed, spent,
 * frozen) in the promise's currency, dated on or before `day`. Figures are
 * never summed: reports of one donor are cumulative and overlap (a total
 * that includes bilateral support, its parts). Pledges restate a promise
 * and "up to" figures are ceilings, so neither shows one kept. */
#define MONEY_KEPT_SQL                                                                                            \
	"FROM funding f CROSS JOIN pub_rec r USING(seq) WHERE f.donor = ?1 AND f.currency = ?2 AND r.date_hi <= ?3 " \
	"AND f.stage IN ('committed', 'deposited', 'disbursed', 'spent', 'frozen') AND f.qualifier <> 'at_most' " \
	"AND r.mission = ?4"

struct promise_key {
	const char *mission, *country, *cur;
};

struct money_measure {
	long long best, reached_minor;
	sqlite3_int64 best_seq, reached_seq;
	int reached_day;
};

static void money_measure(struct store *s, const struct promise_key *k, long long target, int day,
			  struct money_measure *m)
{
	memset(m, 0, sizeof *m);
	m->best = -1;
	sqlite3_stmt *st = store_prep(s, "SELECT f.amount_minor, f.seq " MONEY_KEPT_SQL
					 " ORDER BY f.amount_minor DESC, r.date_hi, f.seq LIMIT 1");
	sqlite3_bind_text(st, 1, k->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k->cur, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_text(st, 4, k->mission, -1, SQLITE_STATIC);
	if (store_row(s, st)) {
		m->best = sqlite3_column_int64(st, 0);
		m->best_seq = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	st = store_prep(s, "SELECT r.date_hi, f.amount_minor, f.seq " MONEY_KEPT_SQL
			   " AND f.amount_minor >= ?5 ORDER BY r.date_hi, f.seq LIMIT 1");
	sqlite3_bind_text(st, 1, k->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k->cur, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_text(st, 4, k->mission, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, target);
	if (store_row(s, st)) {
		m->reached_day = sqlite3_column_int(st, 0);
		m->reached_minor = sqlite3_column_int64(st, 1);
		m->reached_seq = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
}

/* The donor's funding figures up to `day`, when the money feature's table
 * is there. */
static json_t *money_evidence(struct store *s, struct answer *a, const char *country, int day)
{
	json_t *arr = json_array();
	if (!country || !*country)
		return arr;
	sqlite3_stmt *st = store_prep(s,
		"SELECT f.seq, f.stage, f.channel, f.amount_minor, f.currency, r.date_text, f.qualifier FROM funding f "
		"CROSS JOIN pub_rec r USING(seq) WHERE f.donor = ?1 AND r.date_hi <= ?2 ORDER BY r.date_lo, f.seq");
	sqlite3_bind_text(st, 1, country, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct { sqlite3_int64 seq; char stage[16], channel[16], cur[4], date[11], qual[16]; long long minor; } *rows = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		rows = grow(rows, n, sizeof *rows);
		rows[n].seq = sqlite3_column_int64(st, 0);
		snprintf(rows[n].stage, 16, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(rows[n].channel, 16, "%s", sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
		rows[n].minor = sqlite3_column_int64(st, 3);
		snprintf(rows[n].cur, 4, "%s", (const char *)sqlite3_column_text(st, 4));
		snprintf(rows[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 5));
		snprintf(rows[n].qual, 16, "%s", (const char *)sqlite3_column_text(st, 6));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		char amount[32];
		money_format(rows[i].minor, rows[i].cur, amount);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "stage", rows[i].stage,
						     "channel", rows[i].channel, "amount", amount, "currency", rows[i].cur,
						     "qualifier", rows[i].qual, "date", rows[i].date,
						     "record", answer_record_id(s, rows[i].seq),
						     "sources", answer_cite_record(a, s, rows[i].seq)));
	}
	free(rows);
	return arr;
}

struct promise {
	sqlite3_int64 seq;
	char mission[65], country[4], date[11], by[11], basis[12], scope[10], amount[40], cur[4];
	char person[128], what[512];
	long long personnel;            /* -1 when not given */
	int date_hi, by_hi;             /* by_hi 0 when no deadline */
};

/* The latest funding figure of `donor` dated by `day`: its day (0: none). */
static int money_latest(struct store *s, const char *donor, int day, char text[11])
{
	sqlite3_stmt *st = store_prep(s, "SELECT r.date_hi, r.date_text FROM funding f CROSS JOIN pub_rec r USING(seq) "
				      "WHERE f.donor = ?1 AND r.date_hi <= ?2 ORDER BY r.date_hi DESC LIMIT 1");
	sqlite3_bind_text(st, 1, donor, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	int got = 0;
	if (store_row(s, st)) {
		got = sqlite3_column_int(st, 0);
		snprintf(text, 11, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return got;
}

/* How fresh the reports a judgement rests on are, on the day it is judged:
 * the oldest and the latest, the oldest's age, and whether the judgement is
 * stale (not kept, and resting on a report older than `stale_days`: the
 * record may lack what happened since). A stale judgement's reason says so. */
static void mark_fresh(json_t *o, const struct measure *m, int judge, int stale_days)
{
	const char *status = json_string_value(json_object_get(o, "status"));
	long age = m->oldest ? day_number(judge) - day_number(m->oldest) : 0;
	int stale = m->oldest && strcmp(status, "kept") && age > stale_days;
	json_object_set_new(o, "latest_report", m->newest ? json_string(m->newest_text) : json_null());
	json_object_set_new(o, "oldest_report", m->oldest ? json_string(m->oldest_text) : json_null());
	json_object_set_new(o, "age_days", m->oldest ? json_integer(age) : json_null());
	json_object_set_new(o, "stale", json_boolean(stale));
	if (!stale)
		return;
	char why[800];
	snprintf(why, sizeof why, "%s; but stale: it rests on a report of %s, %ld days before %s (more than %d), and "
		 "later reports may be missing from the record", json_string_value(json_object_get(o, "why")),
		 m->oldest_text, age, json_string_value(json_object_get(o, "judged_on")), stale_days);
	json_object_set_new(o, "why", json_string(why));
}

static json_t *judge_or_err(struct store *s, struct answer *a, const struct promise *p, int day, int stale_days,
			    struct err *e)
{
	struct measure fresh = {0};
	char d[11];
	const char *cname = *p->country ? iso_country_name(p->country) : NULL;
	json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s?, s:s, s:s}", "mission", p->mission,
			      "country", *p->country ? p->country : NULL, "name", cname,
			      "person", *p->person ? p->person : NULL, "what", p->what,
			      "promised", *p->date ? p->date : NULL, "basis", p->basis, "scope", p->scope);
	json_object_set_new(o, "target", *p->amount ? json_pack("{s:s, s:s}", "amount", p->amount, "currency", p->cur)
			    : p->personnel >= 0 ? json_pack("{s:I}", "personnel", (json_int_t)p->personnel) : json_null());
	int deadline = p->by_hi;
	const char *dbasis = "stated";
	sqlite3_int64 aseq = 0;
	if (!deadline) {
		deadline = mandate_authorization_end(s, p->mission, day, &aseq);
		dbasis = deadline ? "none stated: the end of the mission's authorisation" : "none";
	}
	json_object_set_new(o, "deadline", *p->by ? json_string(p->by) : deadline ? json_string(day_format(deadline, d))
			    : json_null());
	json_object_set_new(o, "deadline_basis", json_string(dbasis));
	if (aseq)
		json_object_set_new(o, "deadline_record", answer_record_id(s, aseq));
	int judge = deadline && deadline < day ? deadline : day;
	json_object_set_new(o, "judged_on", json_string(day_format(judge, d)));
	const char *status = "unknown", *why;
	if (*p->amount) {
		long long target;
		struct err pe = {0};
		if (money_parse_or_err("amount", p->amount, p->cur, &target, &pe) < 0) {
			why = "the promised amount cannot be read in its currency; the donor's figures are listed";
		} else {
			struct promise_key k = {p->mission, p->country, p->cur};
			struct money_measure m;
			char buf[32];
			money_measure(s, &k, target, judge, &m);
			json_object_set_new(o, "figure", m.best < 0 ? json_null()
					    : json_pack("{s:s, s:s, s:o, s:o}", "amount", money_format(m.best, p->cur, buf),
							"currency", p->cur, "record", answer_record_id(s, m.best_seq),
							"sources", answer_cite_record(a, s, m.best_seq)));
			json_object_set_new(o, "gap", json_pack("{s:s, s:s}", "amount",
				money_format(m.best >= target ? 0 : m.best < 0 ? target : target - m.best, p->cur, buf),
				"currency", p->cur));
			json_object_set_new(o, "reached_on", m.reached_day ? json_string(day_format(m.reached_day, d))
					    : json_null());
			if (m.reached_day)
				json_object_set_new(o, "reached_record", answer_record_id(s, m.reached_seq));
			if (m.reached_day)
				status = "kept", why = "a figure at the committed stage or later reached the amount by the deadline";
			else if (deadline && deadline <= day)
				status = "missed", why = "the deadline passed with no figure at the committed stage or later "
							 "reaching the amount";
			else if (deadline)
				status = "pending", why = "the deadline is after the day asked about";
			else
				why = "no deadline was stated and no authorisation of the mission is known";
		}
		json_object_set_new(o, "funding", money_evidence(s, a, p->country, judge));
		if (*p->country && (fresh.newest = money_latest(s, p->country, judge, fresh.newest_text))) {
			fresh.oldest = fresh.newest;
			memcpy(fresh.oldest_text, fresh.newest_text, sizeof fresh.oldest_text);
		}
	} else {
		const char *country = strcmp(p->scope, "mission") ? p->country : NULL;
		struct measure m, base = {0};
		if (measure_or_err(s, p->mission, country, judge, 1, &m, e) < 0) {
			json_decref(o);
			return NULL;
		}
		long long target = p->personnel;
		if (target >= 0 && !strcmp(p->basis, "additional")) {
			if (measure_or_err(s, p->mission, country, p->date_hi, 0, &base, e) < 0) {
				measure_free(&m);
				json_decref(o);
				return NULL;
			}
			target += base.n;
			json_object_set_new(o, "baseline", json_pack("{s:I, s:s, s:O}", "personnel", (json_int_t)base.n,
								    "on", p->date, "records", base.records));
			answer_cite_refs(a, base.sources);
			measure_free(&base);
		}
		answer_cite_refs(a, m.sources);
		json_object_set_new(o, "figure", json_pack("{s:I, s:s, s:O, s:O}", "personnel", (json_int_t)m.n,
							  "on", day_format(judge, d), "records", m.records,
							  "sources", m.sources));
		int reached = 0;
		if (target >= 0 && reached_or_err(s, p->mission, country, target, judge, &reached, e) < 0) {
			measure_free(&m);
			json_decref(o);
			return NULL;
		}
		if (target >= 0) {
			json_object_set_new(o, "target_personnel", json_integer(target));
			json_object_set_new(o, "gap", json_integer(m.n >= target ? 0 : target - m.n));
		}
		json_object_set_new(o, "reached_on", reached ? json_string(day_format(reached, d)) : json_null());
		fresh.oldest = m.oldest;
		fresh.newest = m.newest;
		memcpy(fresh.oldest_text, m.oldest_text, sizeof fresh.oldest_text);
		memcpy(fresh.newest_text, m.newest_text, sizeof fresh.newest_text);
		measure_free(&m);
		if (target < 0)
			why = "the promise gives no number to measure; the figure on the deadline is shown";
		else if (reached)
			status = "kept", why = "the figure reached the target by the deadline";
		else if (deadline && deadline <= day)
			status = "missed", why = "the deadline passed without the figure reaching the target";
		else if (deadline)
			status = "pending", why = "the deadline is after the day asked about";
		else
			why = "no deadline was stated and no authorisation of the mission is known";
	}
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "why", json_string(why));
	mark_fresh(o, &fresh, judge, stale_days);
	json_object_set_new(o, "record", answer_record_id(s, p->seq));
	json_object_set_new(o, "sources", answer_cite_record(a, s, p->seq));
	return o;
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

json_t *answer_promises(struct store *s, int day, const char *status, struct err *e)
{
	static const char *const names[] = {"kept", "missed", "pending", "unknown"};
	if (status) {
		const char *near = err_nearest(status, names, 4);
		int ok = 0;
		for (int k = 0; k < 4; k++)
			ok |= !strcmp(status, names[k]);
		if (!ok) {
			err_set(e, "--status %s: not one of kept, missed, pending, unknown%s%s%s", status,
				near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
			return NULL;
		}
	}
	int stale_days;
	if (stale_days_or_err(&stale_days, e) < 0)
		return NULL;
	struct answer a;
	answer_init(&a, "promises", day, NULL);
	sqlite3_stmt *st = store_prep(s,
		"SELECT c.seq, r.mission, c.country, c.person, c.what, c.personnel, c.amount, c.currency, c.basis, "
		"c.scope, c.by_text, c.by_hi, r.date_text, r.date_hi FROM commitment c CROSS JOIN pub_rec r USING(seq) "
		"WHERE r.date_lo <= ?1 ORDER BY r.date_lo, c.seq");
	sqlite3_bind_int(st, 1, day);
	struct promise *ps = NULL;
	int n = 0;
	while (store_row(s, st)) {
		ps = grow(ps, (size_t)n, sizeof *ps);
		struct promise *p = &ps[n++];
		memset(p, 0, sizeof *p);
		p->seq = sqlite3_column_int64(st, 0);
		copy_col(p->mission, sizeof p->mission, st, 1);
		copy_col(p->country, sizeof p->country, st, 2);
		copy_col(p->person, sizeof p->person, st, 3);
		copy_col(p->what, sizeof p->what, st, 4);
		p->personnel = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
		copy_col(p->amount, sizeof p->amount, st, 6);
		copy_col(p->cur, sizeof p->cur, st, 7);
		copy_col(p->basis, sizeof p->basis, st, 8);
		copy_col(p->scope, sizeof p->scope, st, 9);
		copy_col(p->by, sizeof p->by, st, 10);
		p->by_hi = sqlite3_column_int(st, 11);
		copy_col(p->date, sizeof p->date, st, 12);
		p->date_hi = sqlite3_column_int(st, 13);
	}
	sqlite3_reset(st);
	long long counts[4] = {0}, stale = 0;
	for (int i = 0; i < n; i++) {
		json_t *o = judge_or_err(s, &a, &ps[i], day, stale_days, e);
		if (!o) {
			free(ps);
			json_decref(answer_finish(&a, s));
			return NULL;
		}
		const char *got = json_string_value(json_object_get(o, "status"));
		for (int k = 0; k < 4; k++)
			counts[k] += !strcmp(got, names[k]);
		stale += json_is_true(json_object_get(o, "stale"));
		if (status && strcmp(status, got))
			json_decref(o);
		else
			json_array_append_new(a.rows, o);
	}
	free(ps);
	for (int k = 0; k < 4; k++)
		json_object_set_new(a.answer, names[k], json_integer(counts[k]));
	json_object_set_new(a.answer, "promises", json_integer(n));
	json_object_set_new(a.answer, "stale", json_integer(stale));
	json_object_set_new(a.answer, "stale_after_days", json_integer(stale_days));
	json_object_set_new(a.answer, "status_filter", status ? json_string(status) : json_null());
	json_object_set_new(a.answer, "rule", json_string(
		"A personnel promise is judged on its deadline (the last day of a month or year) or on the day "
		"asked about if that is earlier: kept when muster strength's figure for the country (or the "
		"mission) reached the target by then, missed when the deadline passed without it, pending when "
		"the deadline is still ahead. A promise with no stated deadline is judged on the last day of the "
		"mission's authorisation. An 'additional' promise adds its number to the figure on the day it was "
		"made. A money promise is kept when one figure the donor reported at the committed stage or later "
		"(committed, deposited, disbursed, spent, frozen), in the promise's currency and not an 'up to' "
		"ceiling, reaches the amount by the deadline; figures are compared one by one, never added, "
		"since one donor's reports overlap. Pledges restate the promise and do not keep it. A judgement "
		"other than kept is stale when it rests on a report older than MUSTER_STALE_DAYS (default 90) on "
		"the day judged (for personnel, the oldest of the reports behind the figure; for money, the donor's "
		"latest figure): the record may lack what happened since, and the reason says so."));
	return answer_finish(&a, s);
}
