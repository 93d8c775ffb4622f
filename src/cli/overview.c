/* overview.c: summary, sources, conflicts and show — the commands that look
 * across the whole record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../force/force.h"
#include "../mandate/mandate.h"
#include "cli.h"

/* ---- conflicts ---- */

json_t *answer_conflicts(struct store *s, const char *mission, struct err *e);

json_t *answer_conflicts(struct store *s, const char *mission, struct err *e)
{
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

static void conflicts_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "%lld disagreements in the record of %s", (long long)json_integer_value(json_object_get(a, "disagreements")),
		json_string_value(json_object_get(doc, "mission")));
	const char *k;
	json_t *v;
	const char *sep = " (";
	json_object_foreach(json_object_get(a, "by_kind"), k, v) {
		fprintf(out, "%s%s %lld", sep, k, (long long)json_integer_value(v));
		sep = ", ";
	}
	fprintf(out, "%s\n", *sep == ',' ? ")" : "");
}

static int run_conflicts(struct cli *c)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_conflicts(&s, cli_mission(c), &c->e);
	int rc = doc ? cli_print_answer(c, doc, conflicts_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_conflicts = {
	.name = "conflicts",
	.run = run_conflicts,
	.summary = "every disagreement between sources, and which figure is used",
	.usage = "muster conflicts [--mission M] [--json]",
	.help = "Lists every disagreement in the record: two sources giving different numbers for\n"
		"the same pledge, movement, snapshot or target; a reported strength that does not match\n"
		"the arrivals and departures up to its date; parts that do not add up to a reported\n"
		"total; a reported mission total or bound that the countries' figures contradict. Each\n"
		"names its claims, their sources, the figure used and the rule that chose it.\n",
	.opts = O_JSON | O_MISSION,
};

/* ---- sources ---- */

static json_t *answer_sources(struct store *s)
{
	struct answer a;
	answer_init(&a, "sources", 0, NULL);
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.ref, s.publisher, s.title, r.date_text, s.url, s.grade, substr(l.id, 1, 16),\n"
		"  (SELECT count(*) FROM cite c JOIN rec x ON x.seq = c.seq WHERE c.source = r.ref\n"
		"     AND x.replaced_by IS NULL AND x.retracted_by IS NULL AND x.visibility = 'public')\n"
		"FROM rec r JOIN source s USING(seq) JOIN log l USING(seq)\n"
		"WHERE r.replaced_by IS NULL AND r.retracted_by IS NULL\n"
		"ORDER BY s.grade, r.ref");
	long long n = 0;
	json_t *grades = json_object();
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *o = json_object();
		const char *cols[] = {"id", "publisher", "title", "date", "url", "grade", "record"};
		for (int i = 0; i < 7; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			json_object_set_new(o, cols[i], t && *t ? json_string((const char *)t) : json_null());
		}
		json_object_set_new(o, "records", json_integer(sqlite3_column_int64(st, 7)));
		const char *g = (const char *)sqlite3_column_text(st, 5);
		json_t *gn = json_object_get(grades, g);
		json_object_set_new(grades, g, json_integer(gn ? json_integer_value(gn) + 1 : 1));
		json_array_append_new(a.rows, o);
		n++;
	}
	sqlite3_reset(st);
	json_object_set_new(a.answer, "sources", json_integer(n));
	json_object_set_new(a.answer, "by_grade", grades);
	json_object_set_new(a.answer, "grades",
			    json_string("A official primary document; B major wire or international outlet; C national "
					"or regional outlet; D encyclopedia or secondary relay; E unverified or automated summary"));
	return answer_finish(&a, s);
}

static void sources_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "%lld sources (%s)\n\n", (long long)json_integer_value(json_object_get(a, "sources")),
		json_string_value(json_object_get(a, "grades")));
	fprintf(out, "%-5s %-38s %-10s %7s  %s\n", "Grade", "Ref", "Date", "Records", "Publisher: title");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		const char *d = json_string_value(json_object_get(r, "date"));
		fprintf(out, "%-5s %-38s %-10s %7lld  %s: %s\n", json_string_value(json_object_get(r, "grade")),
			json_string_value(json_object_get(r, "id")), d ? d : "?",
			(long long)json_integer_value(json_object_get(r, "records")),
			json_string_value(json_object_get(r, "publisher")), json_string_value(json_object_get(r, "title")));
	}
}

static int run_sources(struct cli *c)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	int rc = cli_print_answer(c, answer_sources(&s), sources_text);
	store_close(&s);
	return rc;
}

const struct command command_sources = {
	.name = "sources",
	.run = run_sources,
	.summary = "the publications the record cites, with their grades",
	.usage = "muster sources [--json]",
	.help = "Lists every source: its ref (what records cite), publisher, title, date, grade and\n"
		"how many records cite it.\n",
	.opts = O_JSON,
};

/* ---- show ---- */

static json_t *answer_show(struct store *s, const char *name, struct err *e)
{
	sqlite3_int64 seq;
	char id[HASH_HEX];
	if (store_resolve_or_err(s, name, &seq, e) < 0)
		return NULL;
	json_t *body = store_body(s, seq, id);
	sqlite3_stmt *st = store_prep(s, "SELECT visibility, replaced_by, retracted_by, grade FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_step(st);
	int restricted = !strcmp((const char *)sqlite3_column_text(st, 0), "restricted");
	sqlite3_int64 replaced = sqlite3_column_int64(st, 1), retracted = sqlite3_column_int64(st, 2);
	const unsigned char *g = sqlite3_column_text(st, 3);
	char grade[4];
	snprintf(grade, sizeof grade, "%s", g ? (const char *)g : "");
	sqlite3_reset(st);
	if (restricted) {
		json_decref(body);
		err_set(e, "\"%s\" is not the id or ref of any record you may see", name);
		return NULL;
	}
	struct answer a;
	answer_init(&a, "show", 0, rec_str(body, "mission"));
	json_object_set_new(a.answer, "id", json_string(id));
	json_object_set_new(a.answer, "seq", json_integer(seq));
	json_object_set_new(a.answer, "status", json_string(retracted ? "retracted" : replaced ? "corrected" : "live"));
	json_object_set_new(a.answer, "replaced_by", replaced ? answer_record_id(s, replaced) : json_null());
	json_object_set_new(a.answer, "retracted_by", retracted ? answer_record_id(s, retracted) : json_null());
	json_object_set_new(a.answer, "grade", *grade ? json_string(grade) : json_null());
	if (!strcmp(rec_str(body, "kind"), "source")) {
		json_t *one = json_array();
		json_array_append_new(one, json_string(rec_str(body, "ref")));
		answer_cite_refs(&a, one);
		json_decref(one);
		/* The records that cite it. */
		st = store_prep(s, "SELECT c.seq FROM cite c JOIN rec r USING(seq) WHERE c.source = ? AND "
			       "r.visibility = 'public' ORDER BY c.seq");
		sqlite3_bind_text(st, 1, rec_str(body, "ref"), -1, SQLITE_STATIC);
		json_t *citing = json_array();
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(citing, json_integer(sqlite3_column_int64(st, 0)));
		sqlite3_reset(st);
		size_t i;
		json_t *it;
		json_array_foreach(citing, i, it) {
			json_t *b = store_body(s, json_integer_value(it), NULL);
			json_t *r = json_object();
			json_object_set_new(r, "record", answer_record_id(s, json_integer_value(it)));
			json_object_set_new(r, "kind", json_incref(json_object_get(b, "kind")));
			json_object_set_new(r, "body", b);
			json_array_append_new(a.rows, r);
		}
		json_decref(citing);
	} else {
		answer_cite_refs(&a, json_object_get(body, "sources"));
	}
	json_object_set_new(a.answer, "record", body);
	return answer_finish(&a, s);
}

static void show_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	const json_t *body = json_object_get(a, "record");
	fprintf(out, "record %s (#%lld, %s)\n", json_string_value(json_object_get(a, "id")),
		(long long)json_integer_value(json_object_get(a, "seq")), json_string_value(json_object_get(a, "status")));
	if (json_is_string(json_object_get(a, "replaced_by")))
		fprintf(out, "corrected by %s\n", json_string_value(json_object_get(a, "replaced_by")));
	if (json_is_string(json_object_get(a, "retracted_by")))
		fprintf(out, "retracted by %s\n", json_string_value(json_object_get(a, "retracted_by")));
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)body, k, v) {
		char buf[1024];
		if (json_is_array(v))
			fprintf(out, "  %-11s %s\n", k, cli_join(v, buf, sizeof buf));
		else if (json_is_integer(v))
			fprintf(out, "  %-11s %lld\n", k, (long long)json_integer_value(v));
		else
			fprintf(out, "  %-11s %s\n", k, json_string_value(v));
	}
	size_t n = json_array_size(json_object_get(doc, "rows"));
	if (n)
		fprintf(out, "cited by %zu records\n", n);
}

static int run_show(struct cli *c)
{
	if (c->n_args != 1)
		return err_set(&c->e, "muster show: name one record (its id, at least 6 digits, or its ref)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_show(&s, c->args[0], &c->e);
	if (!doc)
		err_prefix(&c->e, "muster show");
	int rc = doc ? cli_print_answer(c, doc, show_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_show = {
	.name = "show",
	.run = run_show,
	.summary = "one record: its fields, sources, corrections and retraction",
	.usage = "muster show ID [--json]",
	.help = "Prints the record named by ID (an id prefix of at least 6 hex digits, or a ref): its\n"
		"fields as stored, whether it was corrected or retracted and by what, and its sources.\n"
		"For a source, also the records that cite it.\n",
	.opts = O_JSON,
};

/* ---- summary ---- */

static int run_summary(struct cli *c)
{
	struct store s;
	int day;
	if (cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	const char *mission = cli_mission(c);
	json_t *str = answer_strength(&s, mission, day, "country", &c->e);
	json_t *pl = str ? answer_pledges(&s, mission, day, &c->e) : NULL;
	json_t *cf = pl ? answer_conflicts(&s, mission, &c->e) : NULL;
	json_t *md = cf ? answer_mandate(&s, day, &c->e) : NULL;
	if (!md) {
		json_decref(str);
		json_decref(pl);
		json_decref(cf);
		store_close(&s);
		return -1;
	}
	struct answer a;
	answer_init(&a, "summary", day, mission);
	json_object_set_new(a.answer, "records", json_integer(s.count));
	json_object_set_new(a.answer, "head", json_string(s.head));
	json_t *kinds = json_object();
	sqlite3_stmt *st = store_prep(&s, "SELECT kind, count(*) FROM rec WHERE replaced_by IS NULL AND "
				      "retracted_by IS NULL AND visibility = 'public' GROUP BY kind ORDER BY kind");
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(kinds, (const char *)sqlite3_column_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	json_object_set_new(a.answer, "live_records_by_kind", kinds);
	json_t *sa = json_object_get(str, "answer"), *pa = json_object_get(pl, "answer");
	json_object_set_new(a.answer, "strength", json_incref(json_object_get(sa, "total")));
	json_object_set_new(a.answer, "countries_deployed", json_incref(json_object_get(sa, "countries")));
	json_object_set_new(a.answer, "target", json_incref(json_object_get(sa, "target")));
	json_object_set_new(a.answer, "ceiling", json_incref(json_object_get(sa, "ceiling")));
	json_object_set_new(a.answer, "countries_pledged", json_incref(json_object_get(pa, "countries_pledged")));
	json_object_set_new(a.answer, "never_deployed", json_incref(json_object_get(pa, "never_deployed_names")));
	json_object_set_new(a.answer, "disagreements",
			    json_incref(json_object_get(json_object_get(cf, "answer"), "disagreements")));
	json_t *ma = json_object_get(md, "answer");
	json_t *mandate = json_object();
	json_object_set_new(mandate, "authorised", json_incref(json_object_get(ma, "authorised")));
	const char *mkeys[] = {"mission", "symbol", "until", "days_left"};
	for (int i = 0; i < 4; i++)
		json_object_set_new(mandate, mkeys[i], json_incref(json_object_get(ma, mkeys[i]) ?: json_null()));
	json_object_set_new(a.answer, "mandate", mandate);
	json_decref(md);
	answer_cite_refs(&a, json_object_get(json_object_get(sa, "target"), "sources"));
	json_decref(str);
	json_decref(pl);
	json_decref(cf);
	json_t *doc = answer_finish(&a, &s);
	store_close(&s);
	if (c->json)
		return cli_print_answer(c, doc, NULL);
	const json_t *x = json_object_get(doc, "answer");
	char n1[32], n2[32];
	fprintf(c->out, "Muster: %s, %s records, head %.16s\n", s.path,
		cli_num(json_integer_value(json_object_get(x, "records")), n1), json_string_value(json_object_get(x, "head")));
	fprintf(c->out, "Mission %s on %s:\n", mission, json_string_value(json_object_get(doc, "as_of")));
	const json_t *m = json_object_get(x, "mandate");
	if (json_is_true(json_object_get(m, "authorised")))
		fprintf(c->out, "  mandate       %s under %s until %s, %lld days left (muster mandate)\n",
			json_string_value(json_object_get(m, "mission")), json_string_value(json_object_get(m, "symbol")),
			json_string_value(json_object_get(m, "until")),
			(long long)json_integer_value(json_object_get(m, "days_left")));
	else
		fprintf(c->out, "  mandate       no mission authorised on this day (muster mandate, muster timeline)\n");
	fprintf(c->out, "  strength      %s personnel from %lld countries\n",
		cli_num(json_integer_value(json_object_get(x, "strength")), n1),
		(long long)json_integer_value(json_object_get(x, "countries_deployed")));
	const json_t *t = json_object_get(x, "target");
	if (json_is_object(t))
		fprintf(c->out, "  planned       %s (%s): gap %s, %s %% of plan\n",
			cli_num(json_integer_value(json_object_get(t, "personnel")), n1),
			json_string_value(json_object_get(t, "set_by")),
			cli_num(json_integer_value(json_object_get(t, "gap")), n2),
			json_string_value(json_object_get(t, "share_pct")));
	char names[1024];
	fprintf(c->out, "  pledged       %lld countries; never deployed: %s\n",
		(long long)json_integer_value(json_object_get(x, "countries_pledged")),
		cli_join(json_object_get(x, "never_deployed"), names, sizeof names));
	fprintf(c->out, "  disagreements %lld (muster conflicts)\n",
		(long long)json_integer_value(json_object_get(x, "disagreements")));
	fprintf(c->out, "Records:");
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(x, "live_records_by_kind"), k, v)
		fprintf(c->out, " %s %lld", k, (long long)json_integer_value(v));
	fprintf(c->out, "\nAsk: muster strength --as-of 2025-01-04 | muster pledges | muster conflicts | "
		"muster sources | muster --help\n");
	json_decref(doc);
	return 0;
}

const struct command command_summary = {
	.name = "summary",
	.run = run_summary,
	.summary = "the state of the mission and of the file at a glance",
	.usage = "muster summary [--as-of DATE] [--mission M] [--json]",
	.help = "Strength on DATE (default today) against the plan, pledges and who never deployed,\n"
		"the number of disagreements, and the records in the file with the head of the chain.\n",
	.opts = O_JSON | O_ASOF | O_MISSION,
};
