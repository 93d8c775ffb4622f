/* vetting.c: the vetting question — which deployed contingents any vetting
 * record covers on a date, the records by result and scheme, and, for a
 * reader who may see restricted records, the records themselves. */
#include <stdio.h>
#include <string.h>

#include "../core/derive.h"
#include "../core/iso.h"
#include "../force/force.h"
#include "oversight.h"

/* Vetting is told with restricted records (their detail to the oversight
 * role, their counts to all): live as that full view sees it. */

static const char vetting_rule[] =
	"A deployed contingent is a country with personnel on the date, as muster strength counts them; it is "
	"covered when any vetting record of that country (of a unit or a person, under any scheme, with any "
	"result) is dated on or before the date.";

/* Per-country tallies of the live vetting records dated by the day. */
struct tally {
	char country[4];
	long long n, result[3], scheme[3];
};

static int choice_index(const char *const *choices, const char *v)
{
	for (int i = 0; choices[i]; i++)
		if (v && !strcmp(choices[i], v))
			return i;
	return -1;
}

/* The tally of `country`, added when new; NULL when `cap` are in use (there
 * are fewer countries than that). */
static struct tally *tally_get(struct tally *t, size_t *n, size_t cap, const char *country)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].country, country))
			return &t[i];
	if (*n == cap)
		return NULL;
	struct tally *x = &t[(*n)++];
	memset(x, 0, sizeof *x);
	snprintf(x->country, sizeof x->country, "%s", country);
	return x;
}

/* The records themselves, for a reader who may see restricted ones. */
static json_t *details(struct store *s, struct answer *a, const char *mission, int day)
{
	json_t *out = json_array();
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, r.date_text, v.country, v.scheme, v.subject_type, v.subject, v.unit, v.result, "
		"r.visibility, r.entered_by FROM vetting v CROSS JOIN live_rec r USING(seq) "
		"WHERE r.mission = ?1 AND r.date_hi <= ?2 ORDER BY v.country, r.date_hi, r.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	while (store_row(s, st)) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		json_t *o = json_object();
		json_object_set_new(o, "record", answer_record_id(s, seq));
		const char *cols[] = {NULL, "date", "country", "scheme", "subject_type", "subject", "unit", "result",
				      "visibility", "entered_by"};
		for (int i = 1; i < 10; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			json_object_set_new(o, cols[i], t ? json_string((const char *)t) : json_null());
		}
		json_object_set_new(o, "sources", answer_cite_record(a, s, seq));
		json_array_append_new(out, o);
	}
	sqlite3_reset(st);
	return out;
}

json_t *answer_vetting(struct store *s, const char *mission, int day, enum role role, struct err *e)
{
	int exact = role_sees_restricted(role);
	struct sresult sr;
	if (strength_compute(s, NULL, mission, day, &sr, e) < 0)
		return NULL;
	struct answer a;
	answer_init(&a, "vetting", day, mission);

	/* Tallies of every live record, restricted ones included: the counts
	 * are what an aggregate reader may know of them. Only public records'
	 * sources are cited for such a reader. */
	struct tally t[256];
	size_t nt = 0;
	long long total = 0, by_result[3] = {0}, by_scheme[3] = {0};
	sqlite3_stmt *st = store_prep(s,
		"SELECT seq, country, result, scheme, visibility FROM vetting_tally "
		"WHERE mission = ?1 AND date_hi <= ?2 ORDER BY country, seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	while (store_row(s, st)) {
		const char *country = (const char *)sqlite3_column_text(st, 1);
		int ri = choice_index(vetting_result_choices, (const char *)sqlite3_column_text(st, 2));
		int si = choice_index(vetting_scheme_choices, (const char *)sqlite3_column_text(st, 3));
		struct tally *x = tally_get(t, &nt, sizeof t / sizeof *t, country);
		if (!x)
			continue;
		x->n++;
		total++;
		if (ri >= 0) {
			x->result[ri]++;
			by_result[ri]++;
		}
		if (si >= 0) {
			x->scheme[si]++;
			by_scheme[si]++;
		}
		if (!exact && !strcmp((const char *)sqlite3_column_text(st, 4), "public"))
			json_decref(answer_cite_record(&a, s, sqlite3_column_int64(st, 0)));
	}
	sqlite3_reset(st);

	long long deployed = 0, covered = 0, people = 0, people_covered = 0;
	json_t *not_covered = json_array();
	for (size_t i = 0; i < sr.n; i++) {
		const struct scountry *c = &sr.c[i];
		if (c->n <= 0)
			continue;
		struct tally *x = NULL;
		for (size_t k = 0; k < nt; k++)
			if (!strcmp(t[k].country, c->country))
				x = &t[k];
		deployed++;
		people += c->n;
		if (x) {
			covered++;
			people_covered += c->n;
		} else {
			json_array_append_new(not_covered, json_string(c->country));
		}
		const char *name = iso_country_name(c->country);
		json_t *row = json_pack("{s:s, s:s, s:I, s:b}", "country", c->country, "name", name ? name : c->country,
					"personnel", (json_int_t)c->n, "covered", x != NULL);
		long long zero[3] = {0};
		long long n_row[4] = {x ? x->n : 0, (x ? x->result : zero)[0], (x ? x->result : zero)[1],
				      (x ? x->result : zero)[2]};
		const char *keys[] = {"records", "cleared", "refused", "pending"};
		json_object_set_new(row, keys[0], count_json(n_row[0], exact));
		counts_set(row, keys + 1, n_row + 1, 3, exact);
		json_t *schemes = json_array();
		for (int k = 0; x && k < 3; k++)
			if (x->scheme[k])
				json_array_append_new(schemes, json_string(vetting_scheme_choices[k]));
		json_object_set_new(row, "schemes", schemes);
		json_object_set_new(row, "sources", json_incref(c->sources));
		answer_cite_refs(&a, c->sources);
		json_array_append_new(a.rows, row);
	}
	sresult_free(&sr);

	json_t *ans = a.answer;
	json_object_set_new(ans, "access", json_string(exact ? "detail" : "aggregate"));
	json_object_set_new(ans, "countries_deployed", json_integer(deployed));
	json_object_set_new(ans, "countries_covered", json_integer(covered));
	json_object_set_new(ans, "not_covered", not_covered);
	char pct[16];
	answer_percent(covered, deployed, pct);
	json_object_set_new(ans, "coverage_pct", json_string(pct));
	json_object_set_new(ans, "personnel_deployed", json_integer(people));
	json_object_set_new(ans, "personnel_covered", json_integer(people_covered));
	json_object_set_new(ans, "records", count_json(total, exact));
	json_t *br = json_object(), *bs = json_object();
	counts_set(br, vetting_result_choices, by_result, 3, exact);
	counts_set(bs, vetting_scheme_choices, by_scheme, 3, exact);
	json_object_set_new(ans, "by_result", br);
	json_object_set_new(ans, "by_scheme", bs);
	if (exact)
		json_object_set_new(ans, "details", details(s, &a, mission, day));
	else
		json_object_set_new(ans, "small_counts", json_string("a count under 5 is shown as \"" SMALL_TEXT
								      "\"; sign in as oversight for the records"));
	json_object_set_new(ans, "rule", json_string(vetting_rule));
	return answer_finish(&a, s);
}
