/* mandate_cli.c: the mandate, obligations, promises and timeline commands,
 * rendered as text (or the answer document with --json). */
#include <stdio.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/date.h"
#include "../core/figure.h"
#include "mandate.h"

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "-";
}

/* Reads the extra options a command takes as --NAME VALUE (parsed by the CLI
 * as fields); any other name is refused. */
static int extra_or_err(struct cli *c, const char *const *names, const char **vals)
{
	const char *k;
	json_t *v;
	json_object_foreach(c->fields, k, v) {
		int found = 0;
		for (int i = 0; names[i]; i++)
			if (!strcmp(k, names[i])) {
				vals[i] = json_string_value(v);
				found = 1;
			}
		if (!found)
			return err_usage(&c->e, "unknown option --%s (see muster %s --help)", k,
				       c->cmd->name);
	}
	return 0;
}

static void mandate_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], n2[32], n3[32];
	if (!json_is_true(json_object_get(a, "authorised"))) {
		fprintf(out, "On %s no mission is authorised in the record", str(doc, "as_of"));
		if (json_is_string(json_object_get(a, "next_start")))
			fprintf(out, "; the next authorisation begins on %s", str(a, "next_start"));
		fprintf(out, ".\n");
		const json_t *last = json_object_get(a, "last_resolution"), *ended = json_object_get(a, "last_ended");
		if (json_is_object(last) && !json_is_string(json_object_get(a, "next_start")))
			fprintf(out, "The record holds no resolution after %s (%s)%s%s%s%s.\n", str(last, "date"),
				str(last, "symbol"), json_is_object(ended) ? "; the last authorisation, of " : "",
				json_is_object(ended) ? str(ended, "mission") : "",
				json_is_object(ended) ? ", ended on " : "", json_is_object(ended) ? str(ended, "end") : "");
	} else {
		fprintf(out, "On %s %s is authorised under %s (resolution %lld) until %s: %lld days left.\n",
			str(doc, "as_of"), str(a, "mission"), str(a, "symbol"),
			(long long)json_integer_value(json_object_get(a, "resolution")), str(a, "until"),
			(long long)json_integer_value(json_object_get(a, "days_left")));
		if (json_is_string(json_object_get(a, "successor_of")))
			fprintf(out, "It succeeds %s.\n", str(a, "successor_of"));
		const json_t *c = json_object_get(a, "ceiling"), *sv = json_object_get(a, "strength");
		if (json_is_integer(json_object_get(c, "total")))
			fprintf(out, "Ceiling %s (%s uniformed, %lld civilians); strength %s, gap %s (%s %% of it).\n",
				cli_num(json_integer_value(json_object_get(c, "total")), n1),
				cli_num(json_integer_value(json_object_get(c, "uniformed")), n2),
				(long long)json_integer_value(json_object_get(c, "civilian")),
				cli_num(json_integer_value(json_object_get(sv, "personnel")), n3),
				cli_num(json_integer_value(json_object_get(sv, "gap")), n1), str(sv, "share_pct"));
		else
			fprintf(out, "No personnel ceiling is set; strength %s.\n",
				cli_num(json_integer_value(json_object_get(sv, "personnel")), n1));
		const json_t *pv = json_object_get(a, "predecessor_strength");
		if (json_is_object(pv))
			fprintf(out, "No figures for %s yet; its predecessor %s counts %s.\n", str(a, "mission"),
				str(pv, "mission"), cli_num(json_integer_value(json_object_get(pv, "personnel")), n1));
		const json_t *v = json_object_get(a, "vote");
		if (json_is_object(v))
			fprintf(out, "Vote: %lld in favour, %lld against, %lld abstaining (%s).\n",
				(long long)json_integer_value(json_object_get(v, "in_favour")),
				(long long)json_integer_value(json_object_get(v, "against")),
				(long long)json_integer_value(json_object_get(v, "abstaining")), str(v, "abstainers"));
	}
	fprintf(out, "\n%-8s %-10s %-11s %-11s %-11s %8s  %s\n", "Mission", "Resolution", "Start", "End", "Review",
		"Ceiling", "Status");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		json_t *ct = json_object_get(json_object_get(r, "ceiling"), "total");
		fprintf(out, "%-8s %-10lld %-11s %-11s %-11s %8s  %s\n", str(r, "mission"),
			(long long)json_integer_value(json_object_get(r, "resolution")), str(r, "start"), str(r, "end"),
			str(r, "review"), json_is_integer(ct) ? cli_num(json_integer_value(ct), n1) : "-",
			str(r, "status"));
	}
}

static json_t *ask_mandate(struct cli *c, struct store *s, int day)
{
	return answer_mandate(s, day, &c->e);
}

static int run_mandate(struct cli *c)
{
	return cli_ask_dated(c, ask_mandate, mandate_text);
}

const struct command command_mandate = {
	.name = "mandate",
	.run = run_mandate,
	.summary = "is a mission authorised on a date, under which resolution, until when",
	.usage = "muster mandate [--as-of DATE] [--json]",
	.help =
	"Answers whether a mission is authorised on DATE (default today): the resolution, the first\n"
	"and last day, the days left, the review date, the personnel ceiling and the mission's\n"
	"strength against it (as muster strength counts it), the Council's vote, and every\n"
	"authorisation known with its status on DATE. When two overlap (MSS-HTI handing over to\n"
	"GSF-HTI) the later-starting one is the mission of record.\n\n"
	"Options:\n"
	"  --as-of DATE   the day (YYYY-MM-DD); default today\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster mandate --as-of 2025-09-01\n",
	.opts = O_JSON | O_ASOF,
};

static void obligations_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "Obligations as of %s: %lld met, %lld overdue, %lld pending, %lld unknown\n\n", str(doc, "as_of"),
		(long long)json_integer_value(json_object_get(a, "met")),
		(long long)json_integer_value(json_object_get(a, "overdue")),
		(long long)json_integer_value(json_object_get(a, "pending")),
		(long long)json_integer_value(json_object_get(a, "unknown")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char src[512];
		const char *due = json_string_value(json_object_get(r, "due"));
		const char *rule = json_string_value(json_object_get(r, "rule"));
		fprintf(out, "%-8s %lld para %-3lld %s: %s\n", str(r, "status"),
			(long long)json_integer_value(json_object_get(r, "resolution")),
			(long long)json_integer_value(json_object_get(r, "paragraph")), str(r, "who"), str(r, "what"));
		fprintf(out, "         due %s; %s (%s)\n", due ? due : rule ? rule : "no date given", str(r, "why"),
			cli_join(json_object_get(r, "sources"), src, sizeof src));
		size_t j;
		json_t *ev;
		json_array_foreach(json_object_get(r, "evidence"), j, ev)
			fprintf(out, "         %s on %s: record %s (%s)\n", str(ev, "status"), str(ev, "date"),
				str(ev, "record"), cli_join(json_object_get(ev, "sources"), src, sizeof src));
	}
}

static json_t *ask_obligations(struct cli *c, struct store *s, int day)
{
	return answer_obligations(s, day, &c->e);
}

static int run_obligations(struct cli *c)
{
	return cli_ask_dated(c, ask_obligations, obligations_text);
}

const struct command command_obligations = {
	.name = "obligations",
	.run = run_obligations,
	.summary = "what the resolutions require, met, overdue, pending or unknown",
	.usage = "muster obligations [--as-of DATE] [--json]",
	.help =
	"Lists each requirement a resolution sets (who, what, the paragraph and its text, the due\n"
	"date or the rule in the text's words) with its status on DATE (default today): met when a\n"
	"fulfilment record says so, overdue when the due date has passed without one, pending when\n"
	"it is still ahead, unknown when the text gives no date. The records that show it are listed.\n\n"
	"Options:\n"
	"  --as-of DATE   the day (YYYY-MM-DD); default today\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster obligations --as-of 2024-12-31\n",
	.opts = O_JSON | O_ASOF,
};

/* The qualifier of the promise's figure: that of the funding record it is
 * ("at_least" for "at least 835 million"), found among the donor's figures
 * listed as evidence; NULL when none says. */
static const char *figure_qualifier(const json_t *r, const json_t *f)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "funding"), i, x)
		if (json_equal(json_object_get(x, "record"), json_object_get(f, "record")))
			return json_string_value(json_object_get(x, "qualifier"));
	return NULL;
}

/* " (SOURCES)", or nothing when there are none: no empty brackets. */
static void print_sources(FILE *out, const json_t *srcs)
{
	char src[512];
	if (*cli_join(srcs, src, sizeof src))
		fprintf(out, " (%s)", src);
}

static void promises_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], n2[32];
	fprintf(out, "Promises as of %s: %lld kept, %lld missed, %lld pending, %lld unknown", str(doc, "as_of"),
		(long long)json_integer_value(json_object_get(a, "kept")),
		(long long)json_integer_value(json_object_get(a, "missed")),
		(long long)json_integer_value(json_object_get(a, "pending")),
		(long long)json_integer_value(json_object_get(a, "unknown")));
	long long stale = json_integer_value(json_object_get(a, "stale"));
	if (stale)
		fprintf(out, "; %lld judged on stale figures (reports older than %lld days)", stale,
			(long long)json_integer_value(json_object_get(a, "stale_after_days")));
	fputs("\n\n", out);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char src[512], m1[96], m2[96], m3[96];
		const char *who = json_string_value(json_object_get(r, "name"));
		const char *promised = json_string_value(json_object_get(r, "promised"));
		fprintf(out, "%-8s %s: %s (%s%s%sdeadline %s)%s\n", str(r, "status"),
			who ? who : str(r, "person"), str(r, "what"), promised ? "promised " : "", promised ? promised : "",
			promised ? ", " : "", str(r, "deadline"), json_is_true(json_object_get(r, "stale")) ? " [stale]" : "");
		const json_t *f = json_object_get(r, "figure");
		const json_t *target = json_object_get(r, "target");
		if (json_is_string(json_object_get(target, "amount"))) {
			const json_t *g = json_object_get(r, "gap");
			if (json_is_object(f))
				fprintf(out, "         largest figure %s", figure_money(str(f, "amount"), str(f, "currency"),
					figure_qualifier(r, f), &figure_style_cli, NULL, NULL, m1, sizeof m1));
			else
				fprintf(out, "         no figure at the committed stage or later");
			fprintf(out, " against %s, gap %s",
				figure_money(str(target, "amount"), str(target, "currency"), NULL, &figure_style_cli, NULL, NULL,
					     m2, sizeof m2),
				figure_money(str(g, "amount"), str(g, "currency"), NULL, &figure_style_cli, NULL, NULL, m3,
					     sizeof m3));
			if (json_is_string(json_object_get(r, "reached_on")))
				fprintf(out, ", reached on %s", str(r, "reached_on"));
			print_sources(out, json_object_get(f, "sources"));
			fputc('\n', out);
		} else if (json_is_object(f)) {
			json_t *t = json_object_get(r, "target_personnel"), *g = json_object_get(r, "gap");
			fprintf(out, "         %s present on %s", cli_num(json_integer_value(json_object_get(f, "personnel")), n1),
				str(f, "on"));
			if (json_is_integer(t))
				fprintf(out, " against %s, gap %s", cli_num(json_integer_value(t), n2),
					cli_num(json_integer_value(g), n1));
			if (json_is_string(json_object_get(r, "reached_on")))
				fprintf(out, ", reached on %s", str(r, "reached_on"));
			print_sources(out, json_object_get(f, "sources"));
			fputc('\n', out);
		}
		fprintf(out, "         %s; promise cited to %s\n", str(r, "why"),
			cli_join(json_object_get(r, "sources"), src, sizeof src));
	}
}

static int run_promises(struct cli *c)
{
	static const char *const names[] = {"status", NULL};
	const char *vals[1] = {NULL};
	struct store s;
	int day;
	if (extra_or_err(c, names, vals) < 0 || cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_promises(&s, day, vals[0], &c->e);
	int rc = doc ? cli_print_answer(c, doc, promises_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_promises = {
	.name = "promises",
	.run = run_promises,
	.summary = "promises of personnel and money: kept, missed, pending, with the gap",
	.usage = "muster promises [--status kept|missed|pending|unknown] [--as-of DATE] [--json]",
	.help =
	"Judges each promise (commitment record) made by DATE (default today) against the force\n"
	"records on its deadline; a month deadline such as 2025-01 is judged on its last day. Kept\n"
	"when the country's (or the mission's) strength reached the target, missed when the deadline\n"
	"passed without it, pending when the deadline is after DATE, unknown when the promise gives\n"
	"no number. Without a stated deadline, the end of the mission's authorisation is used. Shows\n"
	"the figure, its records and sources, and the gap. A money promise is kept when one figure\n"
	"the donor reported at the committed stage or later (not a pledge, not an \"up to\"), in the\n"
	"promise's currency, reaches the amount by the deadline; figures are compared one by one,\n"
	"never added. The donor's funding figures are listed as evidence. A judgement other than\n"
	"kept that rests on a report older than MUSTER_STALE_DAYS (default 90) on the day judged is\n"
	"marked [stale] and its reason says so: the record may lack what happened since.\n\n"
	"Options:\n"
	"  --status S     only the promises with this status\n"
	"  --as-of DATE   the day (YYYY-MM-DD); default today\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster promises --status missed\n",
	.opts = O_JSON | O_ASOF | O_FIELDS,
};

static void timeline_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "Timeline: %lld events", (long long)json_integer_value(json_object_get(a, "events")));
	if (json_is_string(json_object_get(a, "from")))
		fprintf(out, " from %s", str(a, "from"));
	if (json_is_string(json_object_get(a, "to")))
		fprintf(out, " to %s", str(a, "to"));
	fprintf(out, " (%lld undated records left out)\n\n", (long long)json_integer_value(json_object_get(a, "undated_left_out")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char src[512];
		/* The answer's text says its amount as people read it. */
		fprintf(out, "%-10s %-17s %s [%s]\n", str(r, "date"), str(r, "kind"), str(r, "what"),
			cli_join(json_object_get(r, "sources"), src, sizeof src));
	}
}

/* --from and --to take a day, a month or a year: --from 2024-02 starts on
 * its first day, --to 2024-04 ends on its last. */
static int period_opt_or_err(struct cli *c, const char *name, const char *v, int end, int *day)
{
	struct mdate d;
	*day = 0;
	if (!v)
		return 0;
	if (date_parse_or_err(v, &d, &c->e) < 0) {
		err_prefix(&c->e, "--%s", name);
		return -1;
	}
	if (!d.prec)
		return err_set(&c->e, "--%s: missing date (write YYYY-MM-DD, YYYY-MM or YYYY)", name);
	*day = end ? d.hi : d.lo;
	return 0;
}

static int run_timeline(struct cli *c)
{
	static const char *const names[] = {"from", "to", NULL};
	const char *vals[2] = {NULL, NULL};
	struct store s;
	int day, from, to;
	if (extra_or_err(c, names, vals) < 0 || period_opt_or_err(c, "from", vals[0], 0, &from) < 0 ||
	    period_opt_or_err(c, "to", vals[1], 1, &to) < 0 || cli_day_or_err(c, &day) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_timeline(&s, day, from, to, &c->e);
	int rc = doc ? cli_print_answer(c, doc, timeline_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_timeline = {
	.name = "timeline",
	.run = run_timeline,
	.summary = "one dated list: resolutions, arrivals, money, promises and deadlines",
	.usage = "muster timeline [--from DATE] [--to DATE] [--as-of DATE] [--json]",
	.help =
	"Lists the dated events of the record in order: resolutions adopted, authorisations starting,\n"
	"reviewed and ending, arrivals and departures, funding figures, promises and their deadlines,\n"
	"and requirements' due dates, each with its record and sources. Events of one day come in\n"
	"that order of kinds, a claim used before those that lost to it, then by what they say, not\n"
	"in the order their records were entered. Only records dated by DATE (default today) are\n"
	"used; undated ones are counted and left out. A month or year date is listed when its range\n"
	"meets [--from, --to]. With --json each event has its line in English (\"what\") and the\n"
	"values the line is made of (\"parts\"), from which the web pages say it in their own\n"
	"language.\n\n"
	"Options:\n"
	"  --from DATE    the first day (YYYY-MM-DD); a month or year starts on its first day\n"
	"  --to DATE      the last day (YYYY-MM-DD); a month or year ends on its last day\n"
	"  --as-of DATE   the day the record is read as of; default today\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster timeline --from 2025-01-01 --to 2025-01-31\n",
	.opts = O_JSON | O_ASOF | O_FIELDS,
};
