/* force_cli.c: the strength and pledges commands, rendered as text. */
#include <stdio.h>
#include <string.h>

#include "../cli/cli.h"
#include "force.h"

static void strength_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], n2[32];
	const char *by = json_string_value(json_object_get(a, "by"));
	const char *mission = json_string_value(json_object_get(doc, "mission"));
	long long countries = (long long)json_integer_value(json_object_get(a, "countries"));
	fprintf(out, "Strength of %s on %s: %s personnel from %lld countr%s\n",
		strcmp(mission, "all") ? mission : "all missions", json_string_value(json_object_get(doc, "as_of")),
		cli_num(json_integer_value(json_object_get(a, "total")), n1), countries, countries == 1 ? "y" : "ies");
	const char *labels[] = {"target", "ceiling"};
	for (int i = 0; i < 2; i++) {
		const json_t *t = json_object_get(a, labels[i]);
		if (!json_is_object(t))
			continue;
		fprintf(out, "%s %s (%s, %s): gap %s, %s %% of it\n", i ? "Ceiling" : "Planned",
			cli_num(json_integer_value(json_object_get(t, "personnel")), n1),
			json_string_value(json_object_get(t, "set_by")), json_string_value(json_object_get(t, "date")),
			cli_num(json_integer_value(json_object_get(t, "gap")), n2),
			json_string_value(json_object_get(t, "share_pct")));
	}
	const json_t *rep = json_object_get(a, "reported_total");
	if (json_is_object(rep)) {
		char src[256];
		fprintf(out, "Latest reported mission total: %s%s on %s (%s)\n",
			strcmp(json_string_value(json_object_get(rep, "qualifier")), "about") ? "" : "about ",
			cli_num(json_integer_value(json_object_get(rep, "personnel")), n1),
			json_string_value(json_object_get(rep, "date")),
			cli_join(json_object_get(rep, "sources"), src, sizeof src));
	}
	const json_t *fr = json_object_get(a, "freshness");
	if (json_integer_value(json_object_get(fr, "stale_figures")) > 0)
		fprintf(out, "Stale: %lld of %lld figures rest on reports older than %lld days; the oldest carried "
			"forward is %s's of %s, %lld days before this date\n",
			(long long)json_integer_value(json_object_get(fr, "stale_figures")),
			(long long)json_integer_value(json_object_get(fr, "figures")),
			(long long)json_integer_value(json_object_get(fr, "stale_after_days")),
			json_string_value(json_object_get(fr, "oldest_country")),
			json_string_value(json_object_get(fr, "oldest_report")),
			(long long)json_integer_value(json_object_get(fr, "oldest_age_days")));
	fprintf(out, "\n");
	size_t i;
	json_t *r;
	if (!strcmp(by, "country")) {
		fprintf(out, "%-4s %-22s %9s  %-34s %s\n", "", "Country", "Personnel", "Basis", "Sources");
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			char basis[64], src[512];
			const char *sd = json_string_value(json_object_get(r, "snapshot_date"));
			snprintf(basis, sizeof basis, "%s%s%s%s", json_string_value(json_object_get(r, "basis")),
				 sd ? " " : "", sd ? sd : "", json_is_true(json_object_get(r, "stale")) ? " (stale)" : "");
			char cn[96];
			fprintf(out, "%-4s %s %9s  %-34s %s\n", json_string_value(json_object_get(r, "country")),
				cli_cell(json_string_value(json_object_get(r, "name")), 22, cn, sizeof cn),
				cli_num(json_integer_value(json_object_get(r, "personnel")), n1), basis,
				cli_join(json_object_get(r, "sources"), src, sizeof src));
		}
	} else if (!strcmp(by, "mission")) {
		fprintf(out, "%-20s %9s  %9s  %s\n", "Mission", "Personnel", "Countries", "Sources");
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			char src[512];
			fprintf(out, "%-20s %9s  %9lld  %s\n", json_string_value(json_object_get(r, "mission")),
				cli_num(json_integer_value(json_object_get(r, "personnel")), n1),
				(long long)json_integer_value(json_object_get(r, "countries")),
				cli_join(json_object_get(r, "sources"), src, sizeof src));
		}
	} else if (strcmp(by, "unit")) {
		/* category, personnel-type or gender: the rows name the value under that key. */
		const char *key = !strcmp(by, "category") ? "category" : !strcmp(by, "gender") ? "gender" : "personnel_type";
		fprintf(out, "%-20s %9s  %s\n", !strcmp(by, "category") ? "Category" : !strcmp(by, "gender") ? "Gender"
			: "Personnel type", "Personnel", "Countries");
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			char parts[512] = "";
			size_t j;
			json_t *p;
			json_array_foreach(json_object_get(r, "countries"), j, p)
				snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%s %lld", j ? ", " : "",
					 json_string_value(json_object_get(p, "country")),
					 (long long)json_integer_value(json_object_get(p, "personnel")));
			fprintf(out, "%-20s %9s  %s\n", json_string_value(json_object_get(r, key)),
				cli_num(json_integer_value(json_object_get(r, "personnel")), n1), parts);
		}
	} else {
		fprintf(out, "%-4s %-36s %-12s %9s\n", "", "Unit", "Category", "Personnel");
		json_array_foreach(json_object_get(doc, "rows"), i, r)
			fprintf(out, "%-4s %-36.36s %-12s %9s%s%s\n", json_string_value(json_object_get(r, "country")),
				json_string_value(json_object_get(r, "unit")),
				json_string_value(json_object_get(r, "category")),
				cli_num(json_integer_value(json_object_get(r, "personnel")), n1),
				json_object_get(r, "mission") ? "  " : "",
				json_string_value(json_object_get(r, "mission")) ?: "");
	}
	/* The label column's width: that of the table's name columns. */
	int w = !strcmp(by, "country") ? 27 : !strcmp(by, "unit") ? 54 : 20;
	long long total = json_integer_value(json_object_get(a, "total"));
	long long detail = json_integer_value(json_object_get(a, "detail_total"));
	if (detail != total) {
		/* The publisher's total is used; the rows add up to the detail. */
		fprintf(out, "%-*s %9s\n", w, !strcmp(by, "country") || !strcmp(by, "unit") ? "     Sum of the countries"
			: "Sum of the countries", cli_num(detail, n1));
		fprintf(out, "%-*s %9s\n", w, !strcmp(by, "country") || !strcmp(by, "unit") ? "     Total (reported)"
			: "Total (reported)", cli_num(total, n1));
	} else {
		fprintf(out, "%-*s %9s\n", w, !strcmp(by, "country") || !strcmp(by, "unit") ? "     Total" : "Total",
			cli_num(total, n1));
	}
	const json_t *pos = json_object_get(a, "possible");
	if (json_array_size(pos)) {
		fprintf(out, "\nNot counted, but may have happened by this date (date uncertain):\n");
		json_array_foreach(pos, i, r) {
			char src[256];
			const char *d = json_string_value(json_object_get(r, "date"));
			const char *m = json_string_value(json_object_get(r, "mission"));
			fprintf(out, "  %s%s%s %s %s, dated %s (%s)\n", m ? m : "", m ? ": " : "",
				json_string_value(json_object_get(r, "kind")),
				json_string_value(json_object_get(r, "country")),
				cli_num(json_integer_value(json_object_get(r, "personnel")), n1), d ? d : "unknown",
				cli_join(json_object_get(r, "sources"), src, sizeof src));
		}
	}
}

static json_t *ask_strength(struct cli *c, struct store *s, int day)
{
	return answer_strength(s, cli_mission(c), day, c->by ? c->by : "country", &c->e);
}

static int run_strength(struct cli *c)
{
	return cli_ask_dated(c, ask_strength, strength_text);
}

const struct command command_strength = {
	.name = "strength",
	.run = run_strength,
	.summary = "personnel deployed on a date, by country, category, unit, personnel type or gender",
	.usage = "muster strength [--as-of DATE] [--by country|category|unit|personnel-type|gender|mission] [--mission M|all] "
		 "[--json]",
	.help =
	"Counts the personnel present on DATE (default today): for each country its latest\n"
	"reported snapshot on or before DATE plus the arrivals and less the departures after it,\n"
	"or its arrivals and departures alone when nothing was reported. A complete table (a\n"
	"whole-mission snapshot marked complete, as the UN's monthly tables are) lists everyone:\n"
	"a country it leaves out counts 0 from its date. An exact reported mission total is the\n"
	"total while nothing in the detail is newer; the countries give the breakdown and their\n"
	"sum is shown beside it. Shows the planned\n"
	"strength and the authorised ceiling with the gap, the latest reported mission total,\n"
	"movements whose uncertain date may fall before DATE, the rule used, every disagreement\n"
	"met on the way and the sources.\n\n"
	"Options:\n"
	"  --as-of DATE   the day (YYYY-MM-DD); default today\n"
	"  --by DIM       country (default), category (police, military, …), unit,\n"
	"                 personnel-type (the UN's individual police, formed police units,\n"
	"                 experts on mission, troops) or gender\n"
	"  --mission M    the mission (default MSS-HTI; muster missions lists them); all: every\n"
	"                 mission, each counted as when asked alone, then added, its\n"
	"                 disagreements each naming its mission; --by mission breaks it down\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster strength --as-of 2025-01-04\n  muster strength --mission all --by mission\n",
	.opts = O_JSON | O_ASOF | O_BY | O_MISSION | O_ALLMISSIONS,
};

static void pledges_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], n2[32], n3[32];
	fprintf(out, "Pledges to %s as of %s: %lld countries pledged %s personnel (where a number was "
		"given); %s deployed\n", json_string_value(json_object_get(doc, "mission")),
		json_string_value(json_object_get(doc, "as_of")),
		(long long)json_integer_value(json_object_get(a, "countries_pledged")),
		cli_num(json_integer_value(json_object_get(a, "pledged_personnel")), n1),
		cli_num(json_integer_value(json_object_get(a, "deployed_personnel")), n2));
	char names[1024];
	if (json_array_size(json_object_get(a, "never_deployed")))
		fprintf(out, "Pledged and never deployed: %s\n",
			cli_join(json_object_get(a, "never_deployed_names"), names, sizeof names));
	fprintf(out, "\n%-4s %-22s %9s %-10s %-11s %9s %9s  %s\n", "", "Country", "Pledged", "Status", "Date",
		"Deployed", "Gap", "Sources");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		json_t *p = json_object_get(r, "pledged"), *g = json_object_get(r, "gap");
		const char *st = json_string_value(json_object_get(r, "status"));
		const char *d = json_string_value(json_object_get(r, "pledge_date"));
		char date[16], src[512];
		snprintf(date, sizeof date, "%s%s", d ? d : "unknown",
			 json_is_true(json_object_get(r, "date_uncertain")) ? "?" : "");
		char cn[96];
		fprintf(out, "%-4s %s %9s %-10s %-11s %9s %9s  %s\n",
			json_string_value(json_object_get(r, "country")),
			cli_cell(json_string_value(json_object_get(r, "name")), 22, cn, sizeof cn),
			json_is_integer(p) ? cli_num(json_integer_value(p), n1) : "-", st ? st : "none",
			st ? date : "", cli_num(json_integer_value(json_object_get(r, "deployed")), n2),
			json_is_integer(g) ? cli_num(json_integer_value(g), n3) : "-",
			cli_join(json_object_get(r, "sources"), src, sizeof src));
	}
}

static json_t *ask_pledges(struct cli *c, struct store *s, int day)
{
	return answer_pledges(s, cli_mission(c), day, &c->e);
}

static int run_pledges(struct cli *c)
{
	return cli_ask_dated(c, ask_pledges, pledges_text);
}

const struct command command_pledges = {
	.name = "pledges",
	.run = run_pledges,
	.summary = "personnel pledged against deployed, per country; who never deployed",
	.usage = "muster pledges [--as-of DATE] [--mission M] [--json]",
	.help =
	"Lists each country that pledged personnel by DATE (default today): the number pledged\n"
	"and its status (announced, formal, withdrawn), the personnel deployed on DATE, the gap,\n"
	"and the countries that pledged and had deployed no one. A date marked '?' may fall after\n"
	"DATE (it is unknown or imprecise).\n\n"
	"Options:\n"
	"  --as-of DATE   the day (YYYY-MM-DD); default today\n"
	"  --mission M    the mission (default MSS-HTI)\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster pledges --as-of 2025-01-03\n",
	.opts = O_JSON | O_ASOF | O_MISSION,
};
