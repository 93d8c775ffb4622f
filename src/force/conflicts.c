/* conflicts.c: every disagreement in the force-generation record: claims
 * about the same thing with different numbers, snapshots against movements,
 * parts against totals, reported mission totals and bounds against the sum
 * of the countries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "../core/mission.h"
#include "force.h"

/* Runs `sql` (?1 = mission) returning (about, seq, value) ordered by about
 * and precedence; each about with more than one value is a disagreement. */
static void claim_groups(struct store *s, struct answer *a, const char *sql, const char *mission)
{
	sqlite3_stmt *st = store_prep(s, sql);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct row { char about[256]; sqlite3_int64 seq; long long v; } *rows = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows = realloc(rows, (n + 1) * sizeof *rows);
		snprintf(rows[n].about, sizeof rows[n].about, "%s", (const char *)sqlite3_column_text(st, 0));
		rows[n].seq = sqlite3_column_int64(st, 1);
		rows[n].v = sqlite3_column_int64(st, 2);
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
			answer_disagree(a, rows[i].about, "claims", claims, json_integer(rows[i].v), PRECEDENCE_TEXT);
		}
		i = j;
	}
	free(rows);
}

#define DATE_WORDS "CASE r.date_text WHEN '' THEN 'date unknown' ELSE r.date_text END"

static const char movement_claims_sql[] =
	"WITH g AS (SELECT m.country, m.unit, m.dir, m.event, r.date_text FROM movement m CROSS JOIN rec r USING(seq)\n"
	"  WHERE m.mission = ?1 AND " LIVE_SQL " GROUP BY 1, 2, 3, 4, 5 HAVING count(DISTINCT m.personnel) > 1)\n"
	"SELECT r.kind || ' of ' || m.country || CASE m.unit WHEN '' THEN '' ELSE ' ' || m.unit END\n"
	"  || CASE m.event WHEN '' THEN '' ELSE ' (' || m.event || ')' END || ' on ' || " DATE_WORDS ",\n"
	"  r.seq, m.personnel\n"
	"FROM movement m CROSS JOIN rec r USING(seq) JOIN g ON g.country = m.country AND g.unit = m.unit\n"
	"  AND g.dir = m.dir AND g.event = m.event AND g.date_text = r.date_text\n"
	"WHERE m.mission = ?1 AND " LIVE_SQL " ORDER BY 1, " PRECEDENCE_SQL;

static const char pledge_claims_sql[] =
	"WITH p AS (SELECT r.seq, p.country, p.personnel, r.date_lo, r.date_hi FROM pledge p CROSS JOIN rec r USING(seq)\n"
	"  WHERE r.mission = ?1 AND " LIVE_SQL " AND p.personnel IS NOT NULL AND p.basis = 'total'\n"
	"  AND p.status <> 'withdrawn'),\n"
	"c AS (SELECT DISTINCT x.country FROM p x JOIN p y ON x.country = y.country AND x.seq < y.seq\n"
	"  AND x.date_lo <= y.date_hi AND y.date_lo <= x.date_hi AND x.personnel <> y.personnel)\n"
	"SELECT 'pledge of ' || p.country || ' (dates overlap)', r.seq, p.personnel\n"
	"FROM p JOIN c USING(country) JOIN rec r ON r.seq = p.seq ORDER BY 1, r.date_prec = 0, r.date_hi DESC, "
	PRECEDENCE_SQL;

static const char target_claims_sql[] =
	"WITH g AS (SELECT t.country, t.category, t.target_kind, r.date_text FROM target t CROSS JOIN rec r USING(seq)\n"
	"  WHERE r.mission = ?1 AND " LIVE_SQL " GROUP BY 1, 2, 3, 4 HAVING count(DISTINCT t.personnel) > 1)\n"
	"SELECT t.target_kind || ' strength of ' || CASE t.country WHEN '' THEN 'the mission' ELSE t.country END\n"
	"  || CASE t.category WHEN '' THEN '' ELSE ' (' || t.category || ')' END || ' on ' || " DATE_WORDS ",\n"
	"  r.seq, t.personnel\n"
	"FROM target t CROSS JOIN rec r USING(seq) JOIN g ON g.country = t.country AND g.category = t.category\n"
	"  AND g.target_kind = t.target_kind AND g.date_text = r.date_text\n"
	"WHERE r.mission = ?1 AND " LIVE_SQL " ORDER BY 1, " PRECEDENCE_SQL;

static const char mission_claims_sql[] =
	"WITH g AS (SELECT r.date_hi FROM strength t CROSS JOIN rec r USING(seq) WHERE r.mission = ?1 AND t.country = ''\n"
	"  AND t.qualifier IN ('exact', 'about') AND r.date_prec > 0 AND " LIVE_SQL
	"  GROUP BY 1 HAVING count(DISTINCT t.personnel) > 1)\n"
	"SELECT 'mission strength on ' || r.date_text, r.seq, t.personnel\n"
	"FROM strength t CROSS JOIN rec r USING(seq) JOIN g ON g.date_hi = r.date_hi\n"
	"WHERE r.mission = ?1 AND t.country = '' AND t.qualifier IN ('exact', 'about') AND " LIVE_SQL
	" ORDER BY 1, " PRECEDENCE_SQL;

/* Reported mission totals and bounds against the sum of the countries. */
static int mission_checks(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, t.personnel, t.qualifier, r.date_hi, r.date_text FROM strength t CROSS JOIN rec r USING(seq) "
		"WHERE r.mission = ?1 AND t.country = '' AND r.date_prec > 0 AND " LIVE_SQL
		" ORDER BY r.date_hi, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct m { sqlite3_int64 seq; long long n; char q[16], date[11]; int day; } *v = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = realloc(v, (n + 1) * sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		v[n].n = sqlite3_column_int64(st, 1);
		snprintf(v[n].q, 16, "%s", (const char *)sqlite3_column_text(st, 2));
		v[n].day = sqlite3_column_int(st, 3);
		snprintf(v[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		struct sresult r;
		if (strength_compute(s, NULL, mission, v[i].day, &r, e) < 0) {
			free(v);
			return -1;
		}
		long long sum = r.total;
		sresult_free(&r);
		const char *q = v[i].q;
		int bad = !strcmp(q, "at_least") ? sum < v[i].n : !strcmp(q, "at_most") ? sum > v[i].n
			: sum != v[i].n;
		if (!bad)
			continue;
		char about[160];
		snprintf(about, sizeof about, "mission strength on %s: reported %s%lld against the sum of the "
			 "countries", v[i].date, !strcmp(q, "at_least") ? "at least " : !strcmp(q, "at_most")
			 ? "at most " : !strcmp(q, "about") ? "about " : "", v[i].n);
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
		json_array_append_new(claims, c2);
		answer_disagree(a, about, "reported_total", claims, json_integer(sum),
				"the mission total is the sum of the countries; the reported figure is shown beside it");
	}
	free(v);
	return 0;
}

int force_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	claim_groups(s, a, pledge_claims_sql, mission);
	claim_groups(s, a, movement_claims_sql, mission);
	claim_groups(s, a, target_claims_sql, mission);
	claim_groups(s, a, mission_claims_sql, mission);
	/* Every snapshot day: the claims, parts and movement checks of strength. */
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.date_hi FROM strength t CROSS JOIN rec r USING(seq) WHERE r.mission = ?1 "
		"AND t.country <> '' AND r.date_prec > 0 AND " LIVE_SQL " ORDER BY 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	int days[4096];
	size_t nd = 0;
	while (sqlite3_step(st) == SQLITE_ROW && nd < 4096)
		days[nd++] = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	for (size_t i = 0; i < nd; i++) {
		struct answer t;
		answer_init(&t, "strength", days[i], mission);
		struct sresult r;
		if (strength_compute(s, &t, mission, days[i], &r, e) < 0) {
			answer_merge(a, &t);
			return -1;
		}
		sresult_free(&r);
		answer_merge(a, &t);
	}
	return mission_checks(s, a, mission, e);
}

/* The conflicts question: every disagreement in the force record. */
json_t *answer_conflicts(struct store *s, const char *mission, struct err *e)
{
	if (!strcmp(mission, MISSION_ALL))
		return answer_conflicts_all(s, e);
	struct answer a;
	answer_init(&a, "conflicts", 0, mission);
	if (force_conflicts(s, &a, mission, e) < 0) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	size_t i;
	json_t *d;
	json_t *by_kind = json_object();
	json_array_foreach(a.disagreements, i, d) {
		const char *k = json_string_value(json_object_get(d, "kind"));
		json_t *n = json_object_get(by_kind, k);
		json_object_set_new(by_kind, k, json_integer(n ? json_integer_value(n) + 1 : 1));
		json_t *r = json_object();
		json_object_set_new(r, "about", json_incref(json_object_get(d, "about")));
		json_object_set_new(r, "kind", json_incref(json_object_get(d, "kind")));
		json_object_set_new(r, "claims", json_integer((json_int_t)json_array_size(json_object_get(d, "claims"))));
		json_object_set_new(r, "used", json_incref(json_object_get(d, "used")));
		json_array_append_new(a.rows, r);
	}
	json_object_set_new(a.answer, "disagreements", json_integer((json_int_t)json_array_size(a.disagreements)));
	json_object_set_new(a.answer, "by_kind", by_kind);
	json_object_set_new(a.answer, "rule", json_string(PRECEDENCE_TEXT));
	return answer_finish(&a, s);
}
