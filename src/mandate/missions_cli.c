/* missions_cli.c: the missions command, rendering answer_missions
 * (missions.c) as text. */
#include <stdio.h>
#include <string.h>

#include "../cli/cli.h"
#include "mandate.h"

static const char *str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "-";
}

static void missions_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], buf[128];
	fprintf(out, "%lld missions in this file; authorised on %s: ", (long long)json_integer_value(json_object_get(a, "missions")),
		json_string_value(json_object_get(doc, "as_of")));
	char names[512];
	fprintf(out, "%s\n\n", json_array_size(json_object_get(a, "authorised"))
		? cli_join(json_object_get(a, "authorised"), names, sizeof names) : "none");
	fprintf(out, "%-16s %7s  %-10s %-10s %-13s %-50s %-12s %s\n", "Mission", "Records", "First", "Last", "Last fact",
		"Authorisation on the day", "Predecessor", "Successor");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		const char *status = str(r, "authorised");
		if (json_is_integer(json_object_get(r, "resolution")))
			snprintf(buf, sizeof buf, "%s: %s, %s to %s", status, str(r, "symbol"), str(r, "start"),
				 str(r, "end"));
		else
			snprintf(buf, sizeof buf, "%s", status);
		char m[64];
		snprintf(m, sizeof m, "%s%s", str(r, "mission"), json_is_true(json_object_get(r, "default_mission")) ? " *" : "");
		fprintf(out, "%-16s %7s  %-10s %-10s %-13s %-50s %-12s %s\n", m,
			cli_num(json_integer_value(json_object_get(r, "records")), n1), str(r, "first"), str(r, "last"),
			str(r, "last_kind"), buf, str(r, "predecessor"), str(r, "successor"));
	}
	fprintf(out, "\n* the default mission (--mission may be left out for it)\n");
}

static json_t *ask_missions(struct cli *c, struct store *s, int day)
{
	return answer_missions(s, day, &c->e);
}

static int run_missions(struct cli *c)
{
	return cli_ask_dated(c, ask_missions, missions_text);
}

const struct command command_missions = {
	.name = "missions",
	.run = run_missions,
	.summary = "the missions in the file: how far each one's record reaches, its authorisation, its succession",
	.usage = "muster missions [--as-of DATE] [--json]",
	.help =
	"Lists every mission the file holds records of, and the default mission: how many live public\n"
	"records it has (sources, shared by all, not counted), its first and last dated fact (so you\n"
	"see how far the record reaches), its authorisation on DATE (default today) from the\n"
	"resolutions in the record (in force, ended, not yet, or no resolution in the record), and\n"
	"its predecessor and successor as the authorisations name them. Every --mission takes one\n"
	"of these names; strength and conflicts also take --mission all.\n\n"
	"Options:\n"
	"  --as-of DATE   the day of the authorisations (YYYY-MM-DD); default today\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster missions --as-of 2025-10-01\n",
	.opts = O_JSON | O_ASOF,
};
