/* overview.c: summary, sources, conflicts and show — the commands that look
 * across the whole record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../trust/anchor.h"
#include "../core/answer.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../core/record_answers.h"
#include "../force/force.h"
#include "../record/conflicts.h"
#include "../mandate/mandate.h"
#include "../trust/who.h"
#include "../sync/sync.h"
#include "cli.h"

/* ---- conflicts ---- */

static void conflicts_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	const char *mission = json_string_value(json_object_get(doc, "mission"));
	fprintf(out, "%lld disagreements in the record of %s", (long long)json_integer_value(json_object_get(a, "disagreements")),
		strcmp(mission, "all") ? mission : "all missions");
	const char *k;
	json_t *v;
	const char *sep = " (";
	json_object_foreach(json_object_get(a, "by_kind"), k, v) {
		fprintf(out, "%s%s %lld", sep, k, (long long)json_integer_value(v));
		sep = ", ";
	}
	fprintf(out, "%s\n", *sep == ',' ? ")" : "");
	/* Across missions: how many each mission has, those with any. */
	sep = "By mission: ";
	json_object_foreach(json_object_get(a, "by_mission"), k, v)
		if (json_integer_value(v)) {
			fprintf(out, "%s%s %lld", sep, k, (long long)json_integer_value(v));
			sep = ", ";
		}
	if (*sep == ',')
		fprintf(out, "\n");
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
	.usage = "muster conflicts [--mission M|all] [--json]",
	.help = "Lists every disagreement that any answer shows, whatever its date: two sources giving\n"
		"different numbers for the same pledge, movement, snapshot, target, sum of money, place\n"
		"status or incident; a reported strength that does not match the arrivals and departures\n"
		"up to its date; parts that do not add up to a reported total; a reported mission total\n"
		"or a bound about one country that the figures contradict; reports whose order cannot be\n"
		"known because one is dated only to a month or a year. Each names the area of the record\n"
		"it comes from (force, strength, pledges, funding, budget, places, incidents), its\n"
		"claims, their sources, the figure used and the rule that chose it. --mission all\n"
		"compares the published totals over all missions with the sum of the missions' detail.\n\n"
		"Options:\n"
		"  --mission M    the mission (default MSS-HTI; muster missions lists them); all: every\n"
		"                 mission's disagreements, each naming its mission\n"
		"  --json         print the answer document\n",
	.opts = O_JSON | O_MISSION | O_ALLMISSIONS,
};

/* ---- sources ---- */

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
		return err_usage(&c->e, "name one record (its id, at least 6 digits, or its ref)");
	struct store s;
	struct who w;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	if (cli_who_or_err(c, &s, &w) < 0) {
		store_close(&s);
		return -1;
	}
	json_t *doc = answer_show_as(&s, c->args[0], role_sees_restricted(w.role), &c->e);
	if (!doc)
		err_in_command(&c->e, ERR_COMMAND);
	int rc = doc ? cli_print_answer(c, doc, show_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_show = {
	.name = "show",
	.run = run_show,
	.summary = "one record: its fields, sources, corrections and retraction",
	.usage = "muster show ID [--user NAME] [--json]",
	.help = "Prints the record named by ID (an id prefix of at least 6 hex digits, or a ref): its\n"
		"fields as stored, whether it was corrected or retracted and by what, and its sources.\n"
		"For a source, also the records that cite it. A restricted record is shown only with\n"
		"--user NAME of an oversight or admin user (the password is asked); to anyone else it\n"
		"is as unknown as a name that names nothing.\n",
	.opts = O_JSON | O_USER,
};

/* ---- summary ---- */

static int run_summary(struct cli *c)
{
	struct store s;
	int day;
	if (cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	/* Without --mission: the default mission, or once it has ended the
	 * successor that took over; the ended ones are history. */
	struct succession sc;
	if (mandate_succession_or_err(&s, day, cli_mission(c), &sc, &c->e) < 0) {
		store_close(&s);
		return -1;
	}
	if (c->mission && *c->mission)
		sc.n = 1;
	const char *mission = sc.mission[sc.n - 1];
	int ended = sc.end[sc.n - 1];
	json_t *history = json_array();
	for (int i = 0; i < sc.n - 1; i++) {
		json_t *h = answer_strength(&s, sc.mission[i], sc.end[i], "country", &c->e);
		if (!h) {
			json_decref(history);
			store_close(&s);
			return -1;
		}
		char d[11];
		json_array_append_new(history, json_pack("{s:s, s:s, s:O}", "mission", sc.mission[i], "ended",
							 day_format(sc.end[i], d), "strength",
							 json_object_get(json_object_get(h, "answer"), "total")));
		json_decref(h);
	}
	json_t *str = answer_strength(&s, mission, ended ? ended : day, "country", &c->e);
	json_t *pl = str ? answer_pledges(&s, mission, day, &c->e) : NULL;
	json_t *cf = pl ? answer_conflicts(&s, mission, &c->e) : NULL;
	json_t *md = cf ? answer_mandate(&s, day, &c->e) : NULL;
	if (!md) {
		json_decref(history);
		json_decref(str);
		json_decref(pl);
		json_decref(cf);
		store_close(&s);
		return -1;
	}
	struct answer a;
	answer_init(&a, "summary", day, mission);
	char ed[11];
	json_object_set_new(a.answer, "mission_of_record", json_string(mission));
	json_object_set_new(a.answer, "ended", ended ? json_string(day_format(ended, ed)) : json_null());
	json_object_set_new(a.answer, "strength_as_of", json_incref(json_object_get(str, "as_of")));
	json_object_set_new(a.answer, "history", history);
	/* The summary is public: restricted records are neither counted nor
	 * seen in the head, which is the public head (src/trust/anchor.h, as
	 * `muster head` and /api/v1/head give it): it does not move when a
	 * restricted record is added. */
	struct anchor_head ah;
	if (anchor_head_or_err(&s, 0, &ah, &c->e) < 0) {
		json_decref(history);
		json_decref(str);
		json_decref(pl);
		json_decref(cf);
		json_decref(md);
		json_decref(answer_finish(&a, &s));
		store_close(&s);
		return -1;
	}
	json_object_set_new(a.answer, "records", json_integer(ah.public_n));
	json_object_set_new(a.answer, "head", json_string(ah.public_head));
	/* The digest of the set of public records: the same on every copy that
	 * holds them, whatever order they arrived in (muster sync). */
	char digest[HASH_HEX];
	long long n_set;
	if (sync_digest_or_err(&s, 0, digest, &n_set, &c->e) == 0)
		json_object_set_new(a.answer, "digest", json_string(digest));
	sqlite3_stmt *st;
	json_t *kinds = json_object();
	st = store_prep(&s, "SELECT kind, count(*) FROM pub_rec GROUP BY kind ORDER BY kind");
	while (store_row(&s, st))
		json_object_set_new(kinds, (const char *)sqlite3_column_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	json_object_set_new(a.answer, "live_records_by_kind", kinds);
	json_t *sa = json_object_get(str, "answer"), *pa = json_object_get(pl, "answer");
	json_object_set_new(a.answer, "strength", json_incref(json_object_get(sa, "total")));
	json_object_set_new(a.answer, "freshness", json_incref(json_object_get(sa, "freshness")));
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
	if (json_is_string(json_object_get(x, "digest")))
		fprintf(c->out, "Digest of the public records: %s (equal on every copy holding the same records)\n",
			json_string_value(json_object_get(x, "digest")));
	fprintf(c->out, "Mission %s on %s:\n", mission, json_string_value(json_object_get(doc, "as_of")));
	size_t hi;
	json_t *h;
	json_array_foreach(json_object_get(x, "history"), hi, h)
		fprintf(c->out, "  history       %s ended on %s, with %s personnel on its last day\n",
			json_string_value(json_object_get(h, "mission")), json_string_value(json_object_get(h, "ended")),
			cli_num(json_integer_value(json_object_get(h, "strength")), n1));
	if (json_is_string(json_object_get(x, "ended")))
		fprintf(c->out, "  ended         %s's authorisation ended on %s and the record holds no renewal: "
			"the figures below are of that day, not of today\n", mission,
			json_string_value(json_object_get(x, "ended")));
	const json_t *m = json_object_get(x, "mandate");
	if (json_is_true(json_object_get(m, "authorised")))
		fprintf(c->out, "  mandate       %s under %s until %s, %lld days left (muster mandate)\n",
			json_string_value(json_object_get(m, "mission")), json_string_value(json_object_get(m, "symbol")),
			json_string_value(json_object_get(m, "until")),
			(long long)json_integer_value(json_object_get(m, "days_left")));
	else
		fprintf(c->out, "  mandate       no mission authorised on this day (muster mandate, muster timeline)\n");
	const json_t *fr = json_object_get(x, "freshness");
	if (!json_integer_value(json_object_get(fr, "figures")))
		fprintf(c->out, "  strength      no strength figure in the record on or before %s\n",
			json_string_value(json_object_get(x, "strength_as_of")));
	else
		fprintf(c->out, "  strength      %s personnel from %lld %s on %s%s%s%s\n",
			cli_num(json_integer_value(json_object_get(x, "strength")), n1),
			(long long)json_integer_value(json_object_get(x, "countries_deployed")),
			json_integer_value(json_object_get(x, "countries_deployed")) == 1 ? "country" : "countries",
			json_string_value(json_object_get(x, "strength_as_of")),
			json_integer_value(json_object_get(fr, "stale_figures")) ? " (stale: the oldest figure is of " : "",
			json_integer_value(json_object_get(fr, "stale_figures")) ? json_string_value(json_object_get(fr,
			"oldest_report")) : "", json_integer_value(json_object_get(fr, "stale_figures")) ? ")" : "");
	const json_t *t = json_object_get(x, "target");
	if (json_is_object(t))
		fprintf(c->out, "  planned       %s (%s): gap %s, %s %% of plan\n",
			cli_num(json_integer_value(json_object_get(t, "personnel")), n1),
			json_string_value(json_object_get(t, "set_by")),
			cli_num(json_integer_value(json_object_get(t, "gap")), n2),
			json_string_value(json_object_get(t, "share_pct")));
	char names[1024];
	fprintf(c->out, "  pledged       %lld %s; never deployed: %s\n",
		(long long)json_integer_value(json_object_get(x, "countries_pledged")),
		json_integer_value(json_object_get(x, "countries_pledged")) == 1 ? "country" : "countries",
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
