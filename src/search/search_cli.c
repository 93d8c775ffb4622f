/* search_cli.c: `muster search WORDS`, rendered as text: each hit with its
 * kind, date, record id and the words matched in their context. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/date.h"
#include "../trust/who.h"
#include "search.h"

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void search_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "matches")), shown = json_integer_value(json_object_get(a, "shown"));
	fprintf(out, "Search %s: %lld match%s", str(a, "query"), n, n == 1 ? "" : "es");
	if (shown < n)
		fprintf(out, " (the best %lld shown)", shown);
	if (json_is_true(json_object_get(a, "restricted_included")))
		fprintf(out, ", restricted records included");
	fprintf(out, "\n");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char c1[64], where[64] = "";
		if (json_is_string(json_object_get(r, "paragraph")))
			snprintf(where, sizeof where, " paragraph %s", str(r, "paragraph"));
		fprintf(out, "\n%s %-10s %s%s%s%s%s%s\n", cli_cell(str(r, "kind"), 14, c1, sizeof c1), str(r, "date"),
			str(r, "record"), where, strcmp(str(r, "status"), "live") ? " (" : "",
			strcmp(str(r, "status"), "live") ? str(r, "status") : "", strcmp(str(r, "status"), "live") ? ")" : "",
			json_is_true(json_object_get(r, "restricted")) ? " [restricted]" : "");
		fprintf(out, "    %s\n", str(r, "context"));
	}
}

static int day_opt_or_err(struct cli *c, const char *name, int *day)
{
	const char *v = json_string_value(json_object_get(c->fields, name));
	*day = 0;
	if (v && day_parse_or_err(v, day, &c->e) < 0) {
		err_prefix(&c->e, "--%s", name);
		return -1;
	}
	return 0;
}

static int run_search(struct cli *c)
{
	static const char *const allowed[] = {"kind", "from", "to"};
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v) {
		int ok = 0;
		for (size_t i = 0; i < 3; i++)
			ok |= !strcmp(allowed[i], key);
		if (ok)
			continue;
		const char *near = err_nearest(key, allowed, 3);
		return err_usage(&c->e, "unknown option --%s (%s%s%s)", key, near ? "did you mean --" : "see muster search --help",
			       near ? near : "", near ? "?" : "");
	}
	if (!c->n_args)
		return err_usage(&c->e, "give the words to search for (muster search \"Pont-Sondé\")");
	size_t len = 1;
	for (int i = 0; i < c->n_args; i++)
		len += strlen(c->args[i]) + 1;
	char *words = calloc(1, len);
	for (int i = 0; i < c->n_args; i++)
		snprintf(words + strlen(words), len - strlen(words), "%s%s", i ? " " : "", c->args[i]);
	struct search_args a = {.words = words, .kind = json_string_value(json_object_get(c->fields, "kind")),
				.mission = c->mission};
	struct store s;
	struct who w;
	int rc = -1;
	if (day_opt_or_err(c, "from", &a.from) < 0 || day_opt_or_err(c, "to", &a.to) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0) {
		free(words);
		return -1;
	}
	if (cli_who_or_err(c, &s, &w) == 0) {
		guard_install(&s, w.role);
		a.restricted_ok = role_sees_restricted(w.role);
		json_t *doc = answer_search(&s, &a, &c->e);
		rc = doc ? cli_print_answer(c, doc, search_text) : -1;
	}
	store_close(&s);
	free(words);
	return rc;
}

const struct command command_search = {
	.name = "search",
	.run = run_search,
	.summary = "find records, sources, places and resolutions' paragraphs by their words",
	.usage = "muster search WORDS [--kind K] [--mission M] [--from DATE] [--to DATE] [--user NAME] [--json]",
	.help =
	"Finds the records whose words match WORDS, best first (at most 50 shown, all counted):\n"
	"records, sources (their publisher and title), places (their names and aliases) and the\n"
	"operative paragraphs of resolutions, each with its kind, date, id and the words matched\n"
	"in their context ([brackets]). Every word must match. Case and accents are ignored\n"
	"(Riviere finds Rivière), and so are hyphens (Petionville finds Pétion-Ville). A status\n"
	"or place type in French, Creole or Spanish (disputé, konteste, disputado) finds the\n"
	"records that hold it, and a country's name in any of the four languages (Guatemala,\n"
	"Gwatemala) finds its ISO code.\n\n"
	"In WORDS:\n"
	"  \"two words\"      a phrase (quote it for the shell too: '\"Le Nouvelliste\"')\n"
	"  Guatem*          a prefix (two letters at least)\n"
	"  source:reuters   records citing a source whose ref or publisher has this word\n"
	"  country:GTM      records about a country (a code, or a name: country:Guatemala)\n"
	"  kind:incident    only records of this kind (as --kind)\n"
	"  mission:M        only this mission's records (as --mission)\n\n"
	"Options:\n"
	"  --kind K         only records of kind K (muster add --help lists them)\n"
	"  --mission M      only this mission's records (default: every mission)\n"
	"  --from DATE      only records whose date may fall on or after DATE\n"
	"  --to DATE        only records whose date may fall on or before DATE\n"
	"  --user NAME      ask as this user: oversight and admin also find restricted records\n"
	"  --json           print the answer document\n\n"
	"Bad input (an unbalanced quote, an unknown field, more than 32 words or 1,000 bytes)\n"
	"exits 2 with a message starting \"search:\".\n\n"
	"Examples:\n  muster search Pont-Sondé\n  muster search 'Guatem*' --kind pledge\n"
	"  muster search source:nouvelliste --from 2024-10-01\n",
	.opts = O_JSON | O_MISSION | O_FIELDS | O_USER,
};
