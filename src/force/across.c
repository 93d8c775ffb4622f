/* across.c: strength and conflicts across every mission (--mission all).
 * Each mission's answer is computed exactly as when it is asked alone
 * (answer_strength, answer_conflicts), then the figures are added, the rows
 * merged, and every disagreement and row from one mission says which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/mission.h"
#include "../core/say.h"
#include "force.h"

static const char across_rule[] =
	"Across missions: each mission's figure is computed exactly as when it is asked alone, then the "
	"missions' figures are added; a country in several missions counts in each. A publisher's total over "
	"every mission is shown beside the sum; it is the total when it is the only one, covers every mission "
	"that has personnel and no figure behind them is newer than it.";

/* The parts of the answer being built across missions. */
struct across {
	json_t *answer, *rows;
	json_t *sources;        /* ref -> source object, from every mission's answer */
	json_t *disagreements;
	json_t *as_of, *generated;
};

static void across_init(struct across *x)
{
	memset(x, 0, sizeof *x);
	x->answer = json_object();
	x->rows = json_array();
	x->sources = json_object();
	x->disagreements = json_array();
}

static void across_free(struct across *x)
{
	json_decref(x->answer);
	json_decref(x->rows);
	json_decref(x->sources);
	json_decref(x->disagreements);
	json_decref(x->as_of);
	json_decref(x->generated);
}

/* A copy of `o` naming `mission`: in a key of its own and at the front of
 * what it is about, when it says. */
static json_t *tagged(const json_t *o, const char *mission)
{
	json_t *c = json_deep_copy(o);
	const char *about = json_string_value(json_object_get(o, "about"));
	if (about) {
		char text[1024];
		snprintf(text, sizeof text, "%s: %s", mission, about);
		json_object_set_new(c, "about", json_string(text));
	}
	/* Its parts say the same: the mission, then the sentence. */
	const json_t *said = json_object_get(o, "said");
	if (said)
		json_object_set_new(c, "said", say_new("{1}: {2}", say_name(mission), say_nested(json_deep_copy(said)), NULL));
	json_object_set_new(c, "mission", json_string(mission));
	return c;
}

/* The sources and disagreements of one mission's answer `doc`. */
static void gather(struct across *x, const json_t *doc, const char *mission)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "sources"), i, v)
		json_object_set(x->sources, json_string_value(json_object_get(v, "id")), v);
	json_array_foreach(json_object_get(doc, "disagreements"), i, v)
		json_array_append_new(x->disagreements, tagged(v, mission));
	if (!x->as_of) {
		x->as_of = json_incref(json_object_get(doc, "as_of"));
		x->generated = json_incref(json_object_get(doc, "generated"));
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The finished document, in the frame of answer.h, sources sorted by ref;
 * `x` is left empty. */
static json_t *finish(struct across *x, const char *question)
{
	json_t *doc = json_object(), *sources = json_array();
	json_object_set_new(doc, "question", json_string(question));
	json_object_set(doc, "as_of", x->as_of ? x->as_of : json_null());
	json_object_set_new(doc, "mission", json_string(MISSION_ALL));
	json_object_set(doc, "generated", x->generated ? x->generated : json_null());
	size_t n = 0;
	const char **refs = malloc((json_object_size(x->sources) + 1) * sizeof *refs);
	const char *k;
	json_t *v;
	json_object_foreach(x->sources, k, v)
		refs[n++] = k;
	qsort(refs, n, sizeof *refs, cmp_str);
	for (size_t i = 0; i < n; i++)
		json_array_append(sources, json_object_get(x->sources, refs[i]));
	free(refs);
	json_object_set(doc, "answer", x->answer);
	json_object_set(doc, "rows", x->rows);
	json_object_set_new(doc, "sources", sources);
	json_object_set(doc, "disagreements", x->disagreements);
	across_free(x);
	return doc;
}

/* Adds the strings of `from` missing from the array `to`. */
static void union_into(json_t *to, const json_t *from)
{
	size_t i, j;
	json_t *v, *have;
	json_array_foreach(from, i, v) {
		int dup = 0;
		json_array_foreach(to, j, have)
			dup |= json_equal(have, v);
		if (!dup)
			json_array_append(to, v);
	}
}

static long long int_of(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Sorts an array of objects by "personnel", largest first, then by `key`. */
static void sort_rows(json_t *arr, const char *key)
{
	size_t n = json_array_size(arr);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(arr, j - 1), *b = json_array_get(arr, j);
			long long pa = int_of(a, "personnel"), pb = int_of(b, "personnel");
			if (pa > pb || (pa == pb && strcmp(json_string_value(json_object_get(a, key)),
							  json_string_value(json_object_get(b, key))) <= 0))
				break;
			json_incref(a);
			json_array_set(arr, j - 1, b);
			json_array_set_new(arr, j, a);
		}
}

/* By country: one row per country, its figure the sum over the missions,
 * each mission's part named (missions: mission -> personnel; its basis is in
 * that mission's own answer). `acc` maps country -> row. */
static void merge_country_rows(json_t *acc, const json_t *rows, const char *mission)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *country = json_string_value(json_object_get(r, "country"));
		json_t *m = json_object_get(acc, country);
		if (!m) {
			m = json_pack("{s:O, s:O, s:I, s:{}, s:[], s:[]}", "country", json_object_get(r, "country"),
				      "name", json_object_get(r, "name"), "personnel", (json_int_t)0, "missions",
				      "records", "sources");
			json_object_set_new(acc, country, m);
		}
		json_object_set_new(m, "personnel", json_integer(int_of(m, "personnel") + int_of(r, "personnel")));
		json_object_set(json_object_get(m, "missions"), mission, json_object_get(r, "personnel"));
		json_array_extend(json_object_get(m, "records"), json_object_get(r, "records"));
		union_into(json_object_get(m, "sources"), json_object_get(r, "sources"));
	}
}

/* By category, personnel type or gender (`key`): one row per value, its
 * countries' figures summed over the missions. `acc` maps value -> row,
 * whose "countries" is an object country -> personnel until the end. */
static void merge_dim_rows(json_t *acc, const json_t *rows, const char *key)
{
	size_t i, j;
	json_t *r, *p;
	json_array_foreach(rows, i, r) {
		const char *val = json_string_value(json_object_get(r, key));
		json_t *m = json_object_get(acc, val);
		if (!m) {
			m = json_pack("{s:s, s:I, s:{}}", key, val, "personnel", (json_int_t)0, "countries");
			json_object_set_new(acc, val, m);
		}
		json_object_set_new(m, "personnel", json_integer(int_of(m, "personnel") + int_of(r, "personnel")));
		json_t *cs = json_object_get(m, "countries");
		json_array_foreach(json_object_get(r, "countries"), j, p) {
			const char *c = json_string_value(json_object_get(p, "country"));
			json_object_set_new(cs, c, json_integer(int_of(cs, c) + int_of(p, "personnel")));
		}
	}
}

/* The rows of `acc` (an object of rows) as the answer's rows; a dimension's
 * countries become an array, largest first. */
static void acc_to_rows(struct across *x, json_t *acc, const char *by)
{
	const char *k, *c;
	json_t *m, *n;
	json_object_foreach(acc, k, m) {
		json_t *cs = json_object_get(m, "countries");
		if (json_is_object(cs)) {
			json_t *arr = json_array();
			json_object_foreach(cs, c, n)
				json_array_append_new(arr, json_pack("{s:s, s:O}", "country", c, "personnel", n));
			sort_rows(arr, "country");
			json_object_set_new(m, "countries", arr);
		}
		json_array_append(x->rows, m);
	}
	if (!strcmp(by, "country"))
		sort_rows(x->rows, "country");
}

/* The countries with personnel in a mission's rows, into the set `seen`. */
static void countries_of(json_t *seen, const json_t *rows, const char *by)
{
	size_t i, j;
	json_t *r, *p;
	json_array_foreach(rows, i, r) {
		if (!strcmp(by, "country") || !strcmp(by, "unit")) {
			if (int_of(r, "personnel") > 0)
				json_object_set_new(seen, json_string_value(json_object_get(r, "country")), json_true());
			continue;
		}
		json_array_foreach(json_object_get(r, "countries"), j, p)
			if (int_of(p, "personnel") > 0)
				json_object_set_new(seen, json_string_value(json_object_get(p, "country")), json_true());
	}
}

/* One mission's line in answer.missions, and its row when by mission. */
static void mission_summary(struct across *x, const json_t *doc, const char *mission, const char *by)
{
	const json_t *a = json_object_get(doc, "answer");
	json_array_append_new(json_object_get(x->answer, "missions"),
			      json_pack("{s:s, s:O, s:O, s:O, s:O, s:O}", "mission", mission, "total",
					json_object_get(a, "total"), "countries", json_object_get(a, "countries"),
					"target", json_object_get(a, "target"), "ceiling", json_object_get(a, "ceiling"),
					"reported_total", json_object_get(a, "reported_total")));
	const json_t *rows = json_object_get(doc, "rows");
	if (strcmp(by, "mission") || (!int_of(a, "total") && !json_array_size(rows)))
		return;
	json_t *sources = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		union_into(sources, json_object_get(r, "sources"));
	json_array_append_new(x->rows, json_pack("{s:s, s:O, s:O, s:o}", "mission", mission, "personnel",
						 json_object_get(a, "total"), "countries",
						 json_object_get(a, "countries"), "sources", sources));
}

static const char *const across_dims[] = {"mission", "country", "category", "unit", "personnel-type", "gender"};

json_t *answer_strength_all(struct store *s, int day, const char *by, struct err *e)
{
	size_t nd = sizeof across_dims / sizeof *across_dims, d = 0;
	while (d < nd && strcmp(by, across_dims[d]))
		d++;
	if (d == nd) {
		const char *near = err_nearest(by, across_dims, nd);
		err_set(e, "--by %s: strength across missions can be broken down by mission, country, category, unit, "
			"personnel-type or gender%s%s%s", by, near ? " (did you mean " : "", near ? near : "",
			near ? "?)" : "");
		return NULL;
	}
	const char *each_by = !strcmp(by, "mission") ? "country" : by;
	const char *key = !strcmp(by, "personnel-type") ? "personnel_type" : by;
	struct across x;
	across_init(&x);
	json_object_set_new(x.answer, "missions", json_array());
	json_t *missions = mission_list(s), *acc = json_object(), *seen = json_object(), *possible = json_array();
	long long total = 0;
	size_t i, j, n_with = 0;
	int newest = 0;         /* the day of the newest report behind any mission's figure */
	json_t *m, *p;
	json_array_foreach(missions, i, m) {
		const char *mission = json_string_value(m);
		json_t *doc = answer_strength(s, mission, day, each_by, e);
		if (!doc) {
			err_prefix(e, "mission %s", mission);
			json_decref(missions), json_decref(acc), json_decref(seen), json_decref(possible);
			across_free(&x);
			return NULL;
		}
		const json_t *a = json_object_get(doc, "answer"), *rows = json_object_get(doc, "rows");
		total += int_of(a, "total");
		n_with += int_of(a, "total") != 0;
		struct mdate nrd;
		struct err ignore = {0};
		const char *nr = json_string_value(json_object_get(json_object_get(a, "freshness"), "newest_report"));
		if (nr && date_parse_or_err(nr, &nrd, &ignore) == 0 && nrd.hi > newest)
			newest = nrd.hi;
		gather(&x, doc, mission);
		mission_summary(&x, doc, mission, by);
		countries_of(seen, rows, each_by);
		if (!strcmp(by, "country"))
			merge_country_rows(acc, rows, mission);
		else if (!strcmp(by, "unit"))
			json_array_foreach(rows, j, p)
				json_array_append_new(x.rows, tagged(p, mission));
		else if (strcmp(by, "mission"))
			merge_dim_rows(acc, rows, key);
		json_array_foreach(json_object_get(a, "possible"), j, p)
			json_array_append_new(possible, tagged(p, mission));
		json_decref(doc);
	}
	acc_to_rows(&x, acc, by);
	json_decref(acc);
	json_decref(missions);
	json_object_set_new(x.answer, "total", json_integer(total));
	json_object_set_new(x.answer, "detail_total", json_integer(total));
	json_object_set_new(x.answer, "total_basis", json_string("sum of the missions"));
	json_object_set_new(x.answer, "by", json_string(by));
	json_object_set_new(x.answer, "countries", json_integer((json_int_t)json_object_size(seen)));
	json_decref(seen);
	/* A plan and a ceiling belong to one mission: each is in answer.missions. */
	json_object_set_new(x.answer, "target", json_null());
	json_object_set_new(x.answer, "ceiling", json_null());
	json_object_set_new(x.answer, "reported_total", json_null());
	/* The publishers' own totals over every mission, beside the sum: each
	 * covers its own missions, which need not be every mission of the file. */
	struct answer t;
	answer_init(&t, "strength", day, MISSION_ALL);
	json_t *pub = all_missions_published(s, &t, day, e);
	json_t *tdoc = answer_finish(&t, s);
	if (!pub) {
		json_decref(tdoc);
		json_decref(possible);
		across_free(&x);
		return NULL;
	}
	json_object_set_new(x.answer, "published_totals", pub);
	/* The publisher's total is the total when it is the only one, covers
	 * every mission that has personnel and nothing behind their figures is
	 * newer than it; the missions' detail is then its breakdown. */
	if (json_array_size(pub) == 1) {
		const json_t *pt = json_array_get(pub, 0);
		int tday = 0;
		struct err ignore = {0};
		if (day_parse_or_err(json_string_value(json_object_get(pt, "date")), &tday, &ignore) == 0 &&
		    (size_t)json_integer_value(json_object_get(pt, "missions")) == n_with && newest <= tday) {
			json_object_set(x.answer, "total", json_object_get(pt, "personnel"));
			json_object_set_new(x.answer, "total_basis", json_string("reported total"));
		}
	}
	json_array_foreach(json_object_get(tdoc, "sources"), i, p)
		json_object_set(x.sources, json_string_value(json_object_get(p, "id")), p);
	json_array_foreach(json_object_get(tdoc, "disagreements"), i, p) {
		json_t *c = json_deep_copy(p);
		json_object_set_new(c, "mission", json_string(MISSION_ALL));
		json_array_append_new(x.disagreements, c);
	}
	json_decref(tdoc);
	json_object_set_new(x.answer, "possible", possible);
	char rule[2048];
	snprintf(rule, sizeof rule, "%s %s", across_rule, strength_rule);
	json_object_set_new(x.answer, "rule", json_string(rule));
	return finish(&x, "strength");
}

json_t *answer_conflicts_all(struct store *s, json_t *(*one)(struct store *, const char *, struct err *),
			     struct err *e)
{
	struct across x;
	across_init(&x);
	json_t *missions = mission_list(s), *by_kind = json_object(), *by_mission = json_object();
	size_t i, j;
	json_t *m, *r;
	json_array_foreach(missions, i, m) {
		const char *mission = json_string_value(m);
		json_t *doc = one(s, mission, e);
		if (!doc) {
			err_prefix(e, "mission %s", mission);
			json_decref(missions), json_decref(by_kind), json_decref(by_mission);
			across_free(&x);
			return NULL;
		}
		const json_t *a = json_object_get(doc, "answer");
		gather(&x, doc, mission);
		json_array_foreach(json_object_get(doc, "rows"), j, r)
			json_array_append_new(x.rows, tagged(r, mission));
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)json_object_get(a, "by_kind"), k, v)
			json_object_set_new(by_kind, k, json_integer(int_of(by_kind, k) + json_integer_value(v)));
		json_object_set(by_mission, mission, json_object_get(a, "disagreements"));
		if (!json_object_get(x.answer, "rule"))
			json_object_set(x.answer, "rule", json_object_get(a, "rule"));
		json_decref(doc);
	}
	json_decref(missions);
	/* The publisher's totals over every mission (records of the mission
	 * "all") against the sum of the missions' detail: named as they are. */
	json_t *tot = one(s, MISSION_ALL, e);
	if (!tot) {
		json_decref(by_kind), json_decref(by_mission);
		across_free(&x);
		return NULL;
	}
	json_array_foreach(json_object_get(tot, "sources"), i, m)
		json_object_set(x.sources, json_string_value(json_object_get(m, "id")), m);
	json_array_foreach(json_object_get(tot, "disagreements"), i, m) {
		json_t *c = json_deep_copy(m);
		json_object_set_new(c, "mission", json_string(MISSION_ALL));
		json_array_append_new(x.disagreements, c);
		const char *k = json_string_value(json_object_get(m, "kind"));
		json_object_set_new(by_kind, k, json_integer(int_of(by_kind, k) + 1));
	}
	json_array_foreach(json_object_get(tot, "rows"), i, r) {
		json_t *c = json_deep_copy(r);
		json_object_set_new(c, "mission", json_string(MISSION_ALL));
		json_array_append_new(x.rows, c);
	}
	if (json_array_size(json_object_get(tot, "disagreements")))
		json_object_set_new(by_mission, MISSION_ALL,
				    json_integer((json_int_t)json_array_size(json_object_get(tot, "disagreements"))));
	json_decref(tot);
	json_object_set_new(x.answer, "disagreements", json_integer((json_int_t)json_array_size(x.disagreements)));
	json_object_set_new(x.answer, "by_kind", by_kind);
	json_object_set_new(x.answer, "by_mission", by_mission);
	return finish(&x, "conflicts");
}
