/* totals.c: published totals over all missions (records of the mission
 * "all": a system-wide total, or one country's total over its missions)
 * against the sum of the detail, mission by mission, that the same publisher
 * gives. The per-mission totals are checked with the mission (conflicts.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/mission.h"
#include "../core/say.h"
#include "force.h"

struct total {
	sqlite3_int64 seq;
	int day;
	char country[4];        /* "" for every contributor */
	char publisher[160];
	long long n;
};

/* The missions other than "all" with strength records citing a source of
 * `publisher`: those the publisher's "all missions" covers. */
static char **publisher_missions(struct store *s, const char *publisher, size_t *n)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.mission FROM pub_source so JOIN pub_any_rec rs ON rs.seq = so.seq JOIN cite c "
		"ON c.source = rs.ref "
		"JOIN pub_any_rec r ON r.seq = c.seq WHERE so.publisher = ?1 AND r.kind = 'strength' AND "
		"r.mission <> ?2 "
		"ORDER BY 1");
	sqlite3_bind_text(st, 1, publisher, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, MISSION_ALL, -1, SQLITE_STATIC);
	char **v = NULL;
	*n = 0;
	while (store_row(s, st)) {
		v = grow(v, *n, sizeof *v);
		v[(*n)++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return v;
}

/* The sum of the detail in `r` (one result per mission): in all, or of `country`. */
static long long detail_sum(const struct sresult *r, size_t nm, const char *country)
{
	long long sum = 0;
	for (size_t m = 0; m < nm; m++) {
		if (*country) {
			const struct scountry *c = sresult_find(&r[m], country);
			sum += c ? c->n : 0;
		} else {
			sum += r[m].total;
		}
	}
	return sum;
}

static void results_free(struct sresult *r, size_t n)
{
	for (size_t m = 0; m < n; m++)
		sresult_free(&r[m]);
	free(r);
}

static void disagree(struct store *s, struct answer *a, const struct total *t, long long sum, size_t nm)
{
	char d[11];
	day_format(t->day, d);
	json_t *said = *t->country
		? say_new("{1} in all missions on {2}: published total {3} against the sum of the detail",
			  say_words(t->country), say_date(d), say_count(t->n), NULL)
		: say_new("all missions on {1}: published total {2} against the sum of the detail", say_date(d),
			  say_count(t->n), NULL);
	json_t *claims = json_array();
	json_t *c1 = json_object();
	json_object_set_new(c1, "value", json_integer(t->n));
	json_object_set_new(c1, "as", json_string("published total"));
	json_object_set_new(c1, "record", answer_record_id(s, t->seq));
	json_object_set_new(c1, "sources", answer_cite_record(a, s, t->seq));
	json_array_append_new(claims, c1);
	json_t *c2 = json_object();
	json_object_set_new(c2, "value", json_integer(sum));
	json_object_set_new(c2, "as", json_string("sum of the detail over the missions (muster strength)"));
	json_object_set_new(c2, "missions", json_integer((json_int_t)nm));
	json_object_set_new(c2, "difference", json_integer(sum - t->n));
	json_array_append_new(claims, c2);
	answer_disagree_said(a, said, d, "reported_total", claims, json_integer(t->n),
			"the publisher's total is used for the total; the detail gives the breakdown");
}

int all_missions_checks(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	if (strcmp(mission, MISSION_ALL))
		return 0;
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, st.day, st.country, st.personnel, min(so.publisher) FROM strength st CROSS "
		"JOIN pub_rec r USING(seq) "
		"JOIN cite c ON c.seq = st.seq JOIN pub_any_rec rs ON rs.ref = c.source AND rs.kind = 'source' "
		"JOIN pub_source so ON so.seq = rs.seq "
		"WHERE st.mission = ?1 AND st.personnel IS NOT NULL AND st.qualifier = 'exact' AND st.unit = '' "
		"AND st.personnel_type = '' AND st.gender = '' "
		"GROUP BY r.seq ORDER BY st.day, 5, st.country, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	struct total *v = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		v = grow(v, n, sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		v[n].day = sqlite3_column_int(st, 1);
		snprintf(v[n].country, sizeof v[n].country, "%s", (const char *)sqlite3_column_text(st, 2));
		v[n].n = sqlite3_column_int64(st, 3);
		snprintf(v[n].publisher, sizeof v[n].publisher, "%s", (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	char **missions = NULL, last_pub[160] = "";
	size_t nm = 0, nr = 0;
	struct sresult *r = NULL;       /* each mission's strength on r_day */
	int rc = 0, r_day = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (strcmp(last_pub, v[i].publisher) || v[i].day != r_day) {
			if (strcmp(last_pub, v[i].publisher)) {
				for (size_t m = 0; m < nm; m++)
					free(missions[m]);
				free(missions);
				missions = publisher_missions(s, v[i].publisher, &nm);
				snprintf(last_pub, sizeof last_pub, "%s", v[i].publisher);
			}
			results_free(r, nr);
			r = calloc(nm + 1, sizeof *r);
			nr = 0;
			r_day = v[i].day;
			for (; rc == 0 && nr < nm; nr++)
				rc = strength_compute(s, NULL, missions[nr], r_day, &r[nr], e);
		}
		/* Two totals of one scope and day are claims about it: the used one is checked. */
		if (i && v[i].day == v[i - 1].day && !strcmp(v[i].country, v[i - 1].country) &&
		    !strcmp(v[i].publisher, v[i - 1].publisher))
			continue;
		long long sum = rc == 0 ? detail_sum(r, nm, v[i].country) : 0;
		if (rc == 0 && nm && sum != v[i].n)
			disagree(s, a, &v[i], sum, nm);
	}
	results_free(r, nr);
	for (size_t m = 0; m < nm; m++)
		free(missions[m]);
	free(missions);
	free(v);
	return rc;
}

json_t *all_missions_published(struct store *s, struct answer *a, int day, struct err *e)
{
	/* The latest exact total over every mission of each publisher, on or before the day. */
	sqlite3_stmt *st = store_prep(s,
		"SELECT seq, day, personnel, publisher FROM (SELECT r.seq, st.day, st.personnel, min(so.publisher) AS "
		"publisher, row_number() OVER (PARTITION BY min(so.publisher) ORDER BY st.day DESC, " PRECEDENCE_SQL
		") AS rn FROM strength st CROSS JOIN pub_rec r USING(seq) "
		"JOIN cite c ON c.seq = st.seq JOIN pub_any_rec rs ON rs.ref = c.source AND rs.kind = 'source' "
		"JOIN pub_source so ON so.seq = rs.seq "
		"WHERE st.mission = ?1 AND st.country = '' AND st.personnel IS NOT NULL AND st.qualifier = 'exact' "
		"AND st.unit = '' AND st.personnel_type = '' AND st.gender = '' AND st.day <= ?2 "
		"GROUP BY r.seq) WHERE rn = 1 ORDER BY publisher");
	sqlite3_bind_text(st, 1, MISSION_ALL, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct total *v = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = grow(v, n, sizeof *v);
		v[n].seq = sqlite3_column_int64(st, 0);
		v[n].day = sqlite3_column_int(st, 1);
		v[n].country[0] = 0;
		v[n].n = sqlite3_column_int64(st, 2);
		snprintf(v[n].publisher, sizeof v[n].publisher, "%s", (const char *)sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		err_set_code(e, E_INTERNAL, "reading the totals over all missions: %s", sqlite3_errmsg(s->db));
		return NULL;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		size_t nm;
		char **missions = publisher_missions(s, v[i].publisher, &nm);
		struct sresult *r = calloc(nm + 1, sizeof *r);
		size_t nr = 0;
		int bad = 0;
		for (; !bad && nr < nm; nr++)
			bad = strength_compute(s, NULL, missions[nr], v[i].day, &r[nr], e) < 0;
		long long sum = bad ? 0 : detail_sum(r, nm, "");
		results_free(r, nr);
		for (size_t m = 0; m < nm; m++)
			free(missions[m]);
		free(missions);
		if (bad) {
			free(v);
			json_decref(arr);
			return NULL;
		}
		char d[11];
		json_t *o = json_object();
		json_object_set_new(o, "personnel", json_integer(v[i].n));
		json_object_set_new(o, "date", json_string(day_format(v[i].day, d)));
		json_object_set_new(o, "publisher", json_string(v[i].publisher));
		json_object_set_new(o, "missions", json_integer((json_int_t)nm));
		json_object_set_new(o, "detail_total", json_integer(sum));
		json_object_set_new(o, "record", answer_record_id(s, v[i].seq));
		json_object_set_new(o, "sources", answer_cite_record(a, s, v[i].seq));
		json_array_append_new(arr, o);
		if (nm && sum != v[i].n)
			disagree(s, a, &v[i], sum, nm);
	}
	free(v);
	return arr;
}
