/* conflicts.c: every disagreement in the force-generation record but the
 * pledges' (which src/record/conflicts.c gathers from the pledges answer):
 * claims about the same movement, target or mission total with different
 * numbers, snapshots against movements, parts against totals, reported
 * mission totals and bounds against the sum of the countries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/mission.h"
#include "../core/say.h"
#include "force.h"

/* Runs `sql` (?1 = mission) returning (about, seq, value, template, hole 1,
 * hole 2, hole 3, date) ordered by about and precedence; each about with
 * more than one value is a disagreement, said by the template and its holes
 * (words, the last one the date's words) and dated by the date ('' none). */
static void claim_groups(struct store *s, struct answer *a, const char *sql, const char *mission)
{
	sqlite3_stmt *st = store_prep(s, sql);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct row {
		char about[256], tmpl[64], h[3][160], date[16];
		sqlite3_int64 seq;
		long long v;
	} *rows = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		rows = grow(rows, n, sizeof *rows);
		snprintf(rows[n].about, sizeof rows[n].about, "%s", (const char *)sqlite3_column_text(st, 0));
		rows[n].seq = sqlite3_column_int64(st, 1);
		rows[n].v = sqlite3_column_int64(st, 2);
		snprintf(rows[n].tmpl, sizeof rows[n].tmpl, "%s", (const char *)sqlite3_column_text(st, 3));
		for (int k = 0; k < 3; k++) {
			const unsigned char *t = sqlite3_column_text(st, 4 + k);
			snprintf(rows[n].h[k], sizeof rows[n].h[k], "%s", t ? (const char *)t : "");
		}
		snprintf(rows[n].date, sizeof rows[n].date, "%s", (const char *)sqlite3_column_text(st, 7));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int differ = 0;
		while (j < n && !strcmp(rows[j].about, rows[i].about)) {
			differ |= rows[j].v != rows[i].v;
			j++;
		}
		if (differ) {
			json_t *claims = json_array();
			for (size_t k = i; k < j; k++) {
				json_t *c = json_object();
				json_object_set_new(c, "value", json_integer(rows[k].v));
				json_object_set_new(c, "record", answer_record_id(s, rows[k].seq));
				json_object_set_new(c, "sources", answer_cite_record(a, s, rows[k].seq));
				json_array_append_new(claims, c);
			}
			/* The last hole is the date's words ("date unknown" for none). */
			const struct row *r = &rows[i];
			int last = r->h[2][0] ? 2 : r->h[1][0] ? 1 : 0;
			json_t *h[3] = {NULL, NULL, NULL};
			for (int k = 0; k <= last; k++)
				h[k] = k == last ? say_date(r->h[k]) : say_words(r->h[k]);
			answer_disagree_said(a, say_new(r->tmpl, h[0], h[1], h[2], NULL), r->date[0] ? r->date : NULL,
					     "claims", claims, json_integer(r->v), PRECEDENCE_TEXT);
		}
		i = j;
	}
	free(rows);
}

#define DATE_WORDS "CASE r.date_text WHEN '' THEN 'date unknown' ELSE r.date_text END"
/* Who moved, who was targeted: the first words of what the claims are about. */
#define MOVEMENT_WHO "m.country || CASE m.unit WHEN '' THEN '' ELSE ' ' || m.unit END" \
	" || CASE m.event WHEN '' THEN '' ELSE ' (' || m.event || ')' END"
#define TARGET_WHO "CASE t.country WHEN '' THEN 'the mission' ELSE t.country END" \
	" || CASE t.category WHEN '' THEN '' ELSE ' (' || t.category || ')' END"

static const char movement_claims_sql[] =
	"WITH g AS (SELECT m.country, m.unit, m.dir, m.event, r.date_text FROM movement m CROSS JOIN pub_rec r USING(seq)\n"
	"  WHERE m.mission = ?1 GROUP BY 1, 2, 3, 4, 5 HAVING count(DISTINCT m.personnel) > 1)\n"
	"SELECT r.kind || ' of ' || " MOVEMENT_WHO " || ' on ' || " DATE_WORDS ",\n"
	"  r.seq, m.personnel, r.kind || ' of {1} on {2}', " MOVEMENT_WHO ", " DATE_WORDS ", NULL, r.date_text\n"
	"FROM movement m CROSS JOIN pub_rec r USING(seq) JOIN g ON g.country = m.country AND g.unit = m.unit\n"
	"  AND g.dir = m.dir AND g.event = m.event AND g.date_text = r.date_text\n"
	"WHERE m.mission = ?1 ORDER BY 1, " PRECEDENCE_SQL;

static const char target_claims_sql[] =
	"WITH g AS (SELECT t.country, t.category, t.target_kind, r.date_text FROM target t CROSS JOIN pub_rec r USING(seq)\n"
	"  WHERE r.mission = ?1 GROUP BY 1, 2, 3, 4 HAVING count(DISTINCT t.personnel) > 1)\n"
	"SELECT t.target_kind || ' strength of ' || " TARGET_WHO " || ' on ' || " DATE_WORDS ",\n"
	"  r.seq, t.personnel, '{1} strength of {2} on {3}', t.target_kind, " TARGET_WHO ", " DATE_WORDS ", r.date_text\n"
	"FROM target t CROSS JOIN pub_rec r USING(seq) JOIN g ON g.country = t.country AND g.category = t.category\n"
	"  AND g.target_kind = t.target_kind AND g.date_text = r.date_text\n"
	"WHERE r.mission = ?1 ORDER BY 1, " PRECEDENCE_SQL;

static const char mission_claims_sql[] =
	"WITH g AS (SELECT r.date_hi FROM strength t CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND "
	"t.country = ''\n"
	"  AND t.personnel IS NOT NULL"
	"  AND t.qualifier IN ('exact', 'about') AND r.date_prec > 0\n"
	"  GROUP BY 1 HAVING count(DISTINCT t.personnel) > 1)\n"
	"SELECT 'mission strength on ' || r.date_text, r.seq, t.personnel, 'mission strength on {1}', r.date_text,\n"
	"  NULL, NULL, r.date_text\n"
	"FROM strength t CROSS JOIN pub_rec r USING(seq) JOIN g ON g.date_hi = r.date_hi\n"
	"WHERE r.mission = ?1 AND t.country = '' AND t.personnel IS NOT NULL AND t.qualifier IN ('exact', 'about') "
	"ORDER BY 1, " PRECEDENCE_SQL;

json_t *force_total_said(const char *date, const char *qualifier, long long n)
{
	const char *q = qualifier ? qualifier : "";
	const char *tmpl = !strcmp(q, "at_least") ? "mission strength on {1}: reported at least {2} against the sum of the countries"
		: !strcmp(q, "at_most") ? "mission strength on {1}: reported at most {2} against the sum of the countries"
		: !strcmp(q, "about") ? "mission strength on {1}: reported about {2} against the sum of the countries"
		: "mission strength on {1}: reported {2} against the sum of the countries";
	return say_new(tmpl, say_date(date), say_count(n), NULL);
}

/* Reported mission totals and bounds against the sum of the countries. */
static int mission_checks(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, t.personnel, t.qualifier, r.date_hi, r.date_text FROM strength t CROSS JOIN "
		"pub_rec r USING(seq) "
		"WHERE r.mission = ?1 AND t.country = '' AND t.personnel IS NOT NULL AND r.date_prec > 0 "
		"ORDER BY r.date_hi, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct m { sqlite3_int64 seq; long long n; char q[16], date[11]; int day; } *v = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		v = grow(v, n, sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		v[n].n = sqlite3_column_int64(st, 1);
		snprintf(v[n].q, 16, "%s", (const char *)sqlite3_column_text(st, 2));
		v[n].day = sqlite3_column_int(st, 3);
		snprintf(v[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		/* Two reports of the same kind of figure on one day are claims (mission_claims_sql):
		 * the one used is checked. */
		if (i && v[i].day == v[i - 1].day && !strcmp(v[i].q, v[i - 1].q))
			continue;
		struct sresult r;
		if (strength_compute(s, NULL, mission, v[i].day, &r, e) < 0) {
			free(v);
			return -1;
		}
		long long sum = r.total;
		/* As strength answers: an exact reported total is used unless a movement is newer. */
		int newer = 0;
		for (size_t k = 0; k < r.n; k++)
			newer |= r.c[k].n_moves > 0;
		sresult_free(&r);
		const char *q = v[i].q;
		int bad = !strcmp(q, "at_least") ? sum < v[i].n : !strcmp(q, "at_most") ? sum > v[i].n
			: sum != v[i].n;
		if (!bad)
			continue;
		json_t *said = force_total_said(v[i].date, q, v[i].n);
		json_t *claims = json_array();
		json_t *c1 = json_object();
		json_object_set_new(c1, "value", json_integer(v[i].n));
		json_object_set_new(c1, "as", json_string(q));
		json_object_set_new(c1, "record", answer_record_id(s, v[i].seq));
		json_object_set_new(c1, "sources", answer_cite_record(a, s, v[i].seq));
		json_array_append_new(claims, c1);
		json_t *c2 = json_object();
		json_object_set_new(c2, "value", json_integer(sum));
		json_object_set_new(c2, "as", json_string("sum of the countries (muster strength)"));
		json_object_set_new(c2, "difference", json_integer(sum - v[i].n));
		json_array_append_new(claims, c2);
		int use = !strcmp(q, "exact") && !newer;
		answer_disagree_said(a, said, v[i].date, "reported_total", claims, json_integer(use ? v[i].n : sum),
				use ? "the publisher's total is used for the total; the countries give the breakdown"
				    : "the mission total is the sum of the countries (the reported figure is not exact, or "
				      "movements are newer); the reported figure is shown beside it");
	}
	free(v);
	return 0;
}

int force_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	/* "all" holds only totals over the missions: no detail of its own. */
	if (!strcmp(mission, MISSION_ALL))
		return all_missions_checks(s, a, mission, e);
	claim_groups(s, a, movement_claims_sql, mission);
	claim_groups(s, a, target_claims_sql, mission);
	claim_groups(s, a, mission_claims_sql, mission);
	/* Every snapshot day: the claims, parts and movement checks of strength. */
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.date_hi FROM strength t CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 "
		"AND t.country <> '' AND r.date_prec > 0 ORDER BY 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	int *days = NULL;
	size_t nd = 0;
	while (store_row(s, st)) {
		days = grow(days, nd, sizeof *days);
		days[nd++] = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < nd; i++) {
		struct answer t;
		answer_init(&t, "strength", days[i], mission);
		struct sresult r;
		if (strength_compute(s, &t, mission, days[i], &r, e) < 0) {
			answer_merge(a, &t);
			free(days);
			return -1;
		}
		sresult_free(&r);
		answer_merge(a, &t);
	}
	free(days);
	if (bound_conflicts(s, a, mission, e) < 0)
		return -1;
	return mission_checks(s, a, mission, e);
}
