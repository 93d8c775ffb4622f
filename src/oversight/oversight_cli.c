/* oversight_cli.c: the vetting and complaints commands. Without --user they
 * answer as the public does (aggregate figures, small counts hidden); with
 * --user NAME of an oversight or admin user, with the details. */
#include <stdio.h>
#include <string.h>

#include "../cli/cli.h"
#include "../trust/who.h"
#include "oversight.h"

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "-";
}

/* A count as the answer gives it: a number or "fewer than 5". */
static const char *count(const json_t *v, char buf[32])
{
	if (json_is_integer(v))
		return cli_num(json_integer_value(v), buf);
	return json_is_string(v) ? json_string_value(v) : "-";
}

static void breakdown(FILE *out, const char *label, const json_t *o)
{
	const char *k;
	json_t *v;
	char n[32];
	fprintf(out, "%s:", label);
	const char *sep = " ";
	json_object_foreach((json_t *)o, k, v) {
		fprintf(out, "%s%s %s", sep, k, count(v, n));
		sep = ", ";
	}
	fprintf(out, "\n");
}

static void vetting_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n1[32], n2[32], list[512];
	fprintf(out, "Vetting in %s on %s (%s): %lld of %lld deployed contingents covered (%s %%), "
		"%s of %s personnel\n", str(doc, "mission"), str(doc, "as_of"), str(a, "access"),
		(long long)json_integer_value(json_object_get(a, "countries_covered")),
		(long long)json_integer_value(json_object_get(a, "countries_deployed")), str(a, "coverage_pct"),
		cli_num(json_integer_value(json_object_get(a, "personnel_covered")), n1),
		cli_num(json_integer_value(json_object_get(a, "personnel_deployed")), n2));
	if (json_array_size(json_object_get(a, "not_covered")))
		fprintf(out, "Not covered: %s\n", cli_join(json_object_get(a, "not_covered"), list, sizeof list));
	fprintf(out, "Records: %s\n", count(json_object_get(a, "records"), n1));
	breakdown(out, "By result", json_object_get(a, "by_result"));
	breakdown(out, "By scheme", json_object_get(a, "by_scheme"));
	fprintf(out, "\n%-4s %-22s %9s  %-7s %-12s %-12s %-12s %-12s %s\n", "", "Country", "Personnel", "Covered",
		"Records", "Cleared", "Refused", "Pending", "Schemes");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char c[4][32], name[128];
		fprintf(out, "%-4s %s %9s  %-7s %-12s %-12s %-12s %-12s %s\n", str(r, "country"),
			cli_cell(str(r, "name"), 22, name, sizeof name),
			cli_num(json_integer_value(json_object_get(r, "personnel")), n1),
			json_is_true(json_object_get(r, "covered")) ? "yes" : "no",
			count(json_object_get(r, "records"), c[0]), count(json_object_get(r, "cleared"), c[1]),
			count(json_object_get(r, "refused"), c[2]), count(json_object_get(r, "pending"), c[3]),
			cli_join(json_object_get(r, "schemes"), list, sizeof list));
	}
	const json_t *d = json_object_get(a, "details");
	if (json_is_array(d)) {
		fprintf(out, "\nRecords (restricted details):\n");
		json_array_foreach(d, i, r)
			fprintf(out, "  %s %-10s %s %-8s %-6s %s%s%s%s: %s (%s)\n", str(r, "record"), str(r, "date"),
				str(r, "country"), str(r, "scheme"), str(r, "subject_type"), str(r, "subject"),
				json_is_string(json_object_get(r, "unit")) ? " [" : "",
				json_is_string(json_object_get(r, "unit")) ? str(r, "unit") : "",
				json_is_string(json_object_get(r, "unit")) ? "]" : "", str(r, "result"), str(r, "visibility"));
	} else {
		fprintf(out, "\n%s\n", str(a, "small_counts"));
	}
}

static void complaints_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	char n[32];
	fprintf(out, "Complaints in %s received by %s (%s): %s\n", str(doc, "mission"), str(doc, "as_of"),
		str(a, "access"), count(json_object_get(a, "complaints"), n));
	breakdown(out, "By status", json_object_get(a, "by_status"));
	fprintf(out, "\n%-28s %s\n", "Category", "Complaints");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r)
		fprintf(out, "%-28s %s\n", str(r, "category"), count(json_object_get(r, "complaints"), n));
	const json_t *d = json_object_get(a, "details");
	if (json_is_array(d)) {
		fprintf(out, "\nComplaints (restricted details):\n");
		json_array_foreach(d, i, r) {
			fprintf(out, "  %s received %s, %s, %s", str(r, "record"), str(r, "received"), str(r, "category"),
				str(r, "status"));
			if (json_is_string(json_object_get(r, "status_date")))
				fprintf(out, " since %s", str(r, "status_date"));
			if (json_is_string(json_object_get(r, "country")))
				fprintf(out, "; %s", str(r, "country"));
			if (json_is_string(json_object_get(r, "unit")))
				fprintf(out, " %s", str(r, "unit"));
			fprintf(out, "\n");
			if (json_is_string(json_object_get(r, "narrative")))
				fprintf(out, "      %s\n", str(r, "narrative"));
		}
	} else {
		fprintf(out, "\n%s\n", str(a, "small_counts"));
	}
}

static int ask(struct cli *c, int complaints)
{
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (see muster %s --help)",
			       c->args[0], c->cmd->name);
	struct store s;
	struct who w;
	int day;
	if (cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	if (cli_who_or_err(c, &s, &w) < 0) {
		store_close(&s);
		return -1;
	}
	guard_install(&s, w.role);
	json_t *doc = complaints ? answer_complaints(&s, cli_mission(c), day, w.role, &c->e)
		: answer_vetting(&s, cli_mission(c), day, w.role, &c->e);
	int rc = doc ? cli_print_answer(c, doc, complaints ? complaints_text : vetting_text) : -1;
	store_close(&s);
	return rc;
}

static int run_vetting(struct cli *c)
{
	return ask(c, 0);
}

static int run_complaints(struct cli *c)
{
	return ask(c, 1);
}

const struct command command_vetting = {
	.name = "vetting",
	.run = run_vetting,
	.summary = "vetting coverage of the deployed contingents (details for oversight)",
	.usage = "muster vetting [--as-of DATE] [--mission M] [--user NAME] [--json]",
	.help = "The countries with personnel deployed on DATE (default today), as muster strength\n"
		"counts them, and whether any vetting record (UN, Leahy or national; of a unit or a\n"
		"person; cleared, refused or pending) dated by then covers each; the records by result\n"
		"and by scheme. Without --user, or for an editor, the figures are aggregate and every\n"
		"count under 5 reads \"fewer than 5\" (in --json too: a string, not a number). With\n"
		"--user NAME of an oversight or admin user (the password is asked on the terminal, or\n"
		"read from standard input), the records themselves, restricted ones included.\n\n"
		"Example:\n  muster vetting --as-of 2025-01-04\n  muster vetting --user amina --json\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_USER,
};

const struct command command_complaints = {
	.name = "complaints",
	.run = run_complaints,
	.summary = "complaints of misconduct by status and category (details for oversight)",
	.usage = "muster complaints [--as-of DATE] [--mission M] [--user NAME] [--json]",
	.help = "The complaints received by DATE (default today), each with its status on that date\n"
		"(received, under_investigation, substantiated, unsubstantiated, closed), counted by\n"
		"status and by category. Complaints are always restricted: without --user, or for an\n"
		"editor, only these counts are shown, and every count under 5 reads \"fewer than 5\"\n"
		"(in --json too). With --user NAME of an oversight or admin user, each complaint with\n"
		"its dates, country, unit and narrative. A complaint's status changes by correcting it\n"
		"(muster correct ID --status substantiated --status-date 2025-03-01).\n\n"
		"Example:\n  muster complaints --as-of 2025-06-30\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_USER,
};
