/* money_cli.c: the funding and budget commands, rendered as text. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/figure.h"
#include "../core/iso.h"
#include "money.h"

/* The --currency value (upper-cased into code), or NULL when not given. */
static int currency_opt_or_err(struct cli *c, char code[4], const char **out)
{
	*out = NULL;
	const char *s = c->currency;
	if (!s)
		return 0;
	char up[8] = "";
	for (size_t i = 0; s[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)s[i]);
	if (strlen(s) != 3 || iso_currency_check_or_err(up, &c->e) < 0) {
		if (strlen(s) != 3)
			err_set(&c->e, "\"%s\" is not an ISO 4217 currency code (write three letters, e.g. USD)", s);
		err_prefix(&c->e, "--currency");
		return -1;
	}
	memcpy(code, up, 4);
	*out = code;
	return 0;
}

/* A figure's amount as people read it (core/figure.c): grouped, with its
 * currency and its qualifier ("about 600 million USD"). */
static const char *amount_text(const json_t *fig, char *buf, size_t n)
{
	if (!json_is_object(fig))
		return "-";
	return figure_money(json_string_value(json_object_get(fig, "amount")),
			    json_string_value(json_object_get(fig, "currency")),
			    json_string_value(json_object_get(fig, "qualifier")), &figure_style_cli, NULL, NULL, buf, n);
}

/* A plain decimal of the answer grouped ("430,400,000.00"); "-" for none. */
static const char *grouped(const char *amount, char *buf, size_t n)
{
	return amount ? figure_decimal(amount, &figure_style_cli, buf, n) : "-";
}

static void figure_line(FILE *out, const char *label, const json_t *fig)
{
	char a[96], src[512], flows[48] = "";
	json_int_t n = json_integer_value(json_object_get(fig, "flows"));
	if (n)
		snprintf(flows, sizeof flows, ", sum of %lld flow%s", (long long)n, n == 1 ? "" : "s");
	char stale[48] = "";
	if (json_is_true(json_object_get(fig, "stale")))
		snprintf(stale, sizeof stale, "; stale, %lld days old",
			 (long long)json_integer_value(json_object_get(fig, "age_days")));
	fprintf(out, "  %-44s %26s  %s (%s%s%s)\n", label, amount_text(fig, a, sizeof a),
		json_string_value(json_object_get(fig, "date")), cli_join(json_object_get(fig, "sources"), src, sizeof src),
		flows, stale);
}

/* One FTS search: FTS's published totals beside the sum of its flows. */
static void fts_search_text(FILE *out, const json_t *r)
{
	const json_t *fl = json_object_get(r, "flows"), *pub = json_object_get(r, "published");
	const json_t *cnt = json_object_get(r, "counted");
	int whole = json_is_true(json_object_get(r, "whole"));
	char pages[512], g1[48], g2[48];
	fprintf(out, "  Search in %s: %lld of %s%lld flows (meta.count)%s\n",
		cli_join(json_object_get(r, "pages"), pages, sizeof pages),
		(long long)json_integer_value(json_object_get(fl, "imported")),
		json_is_integer(json_object_get(fl, "listed")) ? "" : "?",
		(long long)json_integer_value(json_object_get(fl, "listed")), whole ? ": imported whole" :
		": NOT imported whole");
	static const char *const what[2][2] = {{"funding", "fundingTotal"}, {"pledges", "pledgeTotal"}};
	for (int k = 0; k < 2; k++) {
		const char *p = json_string_value(json_object_get(json_object_get(pub, "incoming"), what[k][0]));
		const char *c = json_string_value(json_object_get(json_object_get(cnt, "incoming"), what[k][0]));
		if (whole)
			fprintf(out, "    incoming %-8s FTS's count %16s USD (FTS publishes it: data.incoming.%s); its flows "
				"add up to %s USD\n", what[k][0], grouped(p, g1, sizeof g1), what[k][1], grouped(c, g2, sizeof g2));
		else
			fprintf(out, "    incoming %-8s FTS publishes %16s USD (data.incoming.%s), not set against these "
				"flows; these flows add up to %s USD, not FTS's total\n", what[k][0], grouped(p, g1, sizeof g1),
				what[k][1], grouped(c, g2, sizeof g2));
	}
	const json_t *pc = json_object_get(r, "parents_counted_with_parts");
	if (pc) {
		char ids[256];
		fprintf(out, "    FTS counts parent flows beside their parts (flows %s: %s USD): muster believes that money "
			"is counted twice (see the disagreement)\n", cli_join(json_object_get(pc, "flows"), ids, sizeof ids),
			grouped(json_string_value(json_object_get(pc, "amount")), g1, sizeof g1));
	}
	fprintf(out, "    %s\n", json_string_value(json_object_get(r, "note")));
}

/* FTS's own view of the flows imported from it: funding = commitments + paid. */
static void fts_text(FILE *out, const json_t *fts)
{
	size_t i;
	json_t *r;
	char g[4][48];
	if (!json_is_object(fts))
		return;
	fprintf(out, "\nFTS flows, counted as FTS counts them (incoming flows on a single boundary, each once at its "
		"latest status; funding = commitments + paid; parent flows beside their parts):\n");
	fprintf(out, "  %-9s %-4s %17s %17s %17s %17s %6s\n", "Boundary", "Cur", "pledges", "commitments", "paid",
		"funding", "flows");
	json_array_foreach(json_object_get(fts, "boundaries"), i, r)
		fprintf(out, "  %-9s %-4s %17s %17s %17s %17s %6lld\n", json_string_value(json_object_get(r, "boundary")),
			json_string_value(json_object_get(r, "currency")),
			grouped(json_string_value(json_object_get(r, "pledges")), g[0], sizeof g[0]),
			grouped(json_string_value(json_object_get(r, "commitments")), g[1], sizeof g[1]),
			grouped(json_string_value(json_object_get(r, "paid")), g[2], sizeof g[2]),
			grouped(json_string_value(json_object_get(r, "funding")), g[3], sizeof g[3]),
			(long long)json_integer_value(json_object_get(r, "flows")));
	json_array_foreach(json_object_get(fts, "left_out"), i, r) {
		json_int_t n = json_integer_value(json_object_get(r, "flows"));
		fprintf(out, "  Left out: %lld flow%s on a shared boundary, as FTS leaves them out (%s %s); --include-shared "
			"counts them\n", (long long)n, n == 1 ? "" : "s",
			grouped(json_string_value(json_object_get(r, "amount")), g[0], sizeof g[0]),
			json_string_value(json_object_get(r, "currency")));
	}
	if (json_is_true(json_object_get(fts, "include_shared")))
		fprintf(out, "  Flows on a shared boundary are counted (--include-shared): FTS's own totals leave them out.\n");
	json_array_foreach(json_object_get(fts, "searches"), i, r) {
		if (!i)
			fprintf(out, "\nFTS searches: FTS's published totals beside the sum of their flows:\n");
		fts_search_text(out, r);
	}
}

static void funding_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	const char *by = json_string_value(json_object_get(a, "by"));
	size_t i;
	json_t *r;
	fprintf(out, "Funding of %s as of %s (stages are separate; never add them up)\n",
		json_string_value(json_object_get(doc, "mission")), json_string_value(json_object_get(doc, "as_of")));
	fprintf(out, "\nSums of the donors' figures (their latest reports; their flows added up), by channel:\n");
	fprintf(out, "  %-12s %-4s", "Channel", "Cur");
	for (int k = 0; k < N_STAGES; k++)
		fprintf(out, " %17s", funding_stages[k]);
	fprintf(out, "\n");
	json_array_foreach(json_object_get(a, "totals"), i, r) {
		fprintf(out, "  %-12s %-4s", json_string_value(json_object_get(r, "channel")),
			json_string_value(json_object_get(r, "currency")));
		for (int k = 0; k < N_STAGES; k++) {
			char g[48];
			fprintf(out, " %17s", grouped(json_string_value(json_object_get(r, funding_stages[k])), g, sizeof g));
		}
		fprintf(out, "\n");
	}
	if (json_array_size(json_object_get(a, "reported_totals"))) {
		fprintf(out, "\nReported channel totals (as reported, not sums):\n");
		json_array_foreach(json_object_get(a, "reported_totals"), i, r) {
			char label[128];
			snprintf(label, sizeof label, "%s %s", json_string_value(json_object_get(r, "channel")),
				 json_string_value(json_object_get(r, "stage")));
			figure_line(out, label, r);
		}
	}
	if (json_array_size(json_object_get(a, "including_bilateral"))) {
		fprintf(out, "\nTotals that include bilateral support (never added to trust-fund figures):\n");
		json_array_foreach(json_object_get(a, "including_bilateral"), i, r) {
			char label[160];
			snprintf(label, sizeof label, "%s %s", json_string_value(json_object_get(r, "name")),
				 json_string_value(json_object_get(r, "stage")));
			figure_line(out, label, r);
		}
	}
	fts_text(out, json_object_get(a, "fts"));
	json_array_foreach(json_object_get(a, "checks"), i, r)
		fprintf(out, "%sCheck %s: %s: %s\n", i ? "" : "\n", json_string_value(json_object_get(r, "about")),
			json_string_value(json_object_get(r, "expression")),
			json_is_true(json_object_get(r, "holds")) ? "holds" : "DOES NOT HOLD");
	json_array_foreach(json_object_get(a, "rates"), i, r) {
		char src[256];
		fprintf(out, "%sRate used: 1 %s = %s %s on %s (%s)\n", i ? "" : "\n",
			json_string_value(json_object_get(r, "base")), json_string_value(json_object_get(r, "rate")),
			json_string_value(json_object_get(r, "quote")), json_string_value(json_object_get(r, "date")),
			cli_join(json_object_get(r, "sources"), src, sizeof src));
	}
	fprintf(out, "\n");
	if (!strcmp(by, "donor")) {
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			const char *comp = json_string_value(json_object_get(r, "component"));
			fprintf(out, "%s (%s)%s%s%s\n", json_string_value(json_object_get(r, "name")),
				json_string_value(json_object_get(r, "channel")), comp ? ", part: " : "", comp ? comp : "",
				comp ? " (not added to totals)" : "");
			for (int k = 0; k < N_STAGES; k++) {
				json_t *f = json_object_get(r, funding_stages[k]);
				if (json_is_object(f))
					figure_line(out, funding_stages[k], f);
			}
		}
	} else if (!strcmp(by, "stage")) {
		fprintf(out, "%-10s %-12s %26s  %s\n", "Stage", "Channel", "Amount", "Donors");
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			char d[512], m[96];
			fprintf(out, "%-10s %-12s %26s  %s\n", json_string_value(json_object_get(r, "stage")),
				json_string_value(json_object_get(r, "channel")), amount_text(r, m, sizeof m),
				cli_join(json_object_get(r, "donors"), d, sizeof d));
		}
	}
}

static int run_funding(struct cli *c)
{
	struct store s;
	int day;
	char code[4];
	const char *cur;
	if (currency_opt_or_err(c, code, &cur) < 0 || cli_day_or_err(c, &day) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_funding(&s, cli_mission(c), day, c->by ? c->by : "donor", cur, c->include_shared, &c->e);
	int rc = doc ? cli_print_answer(c, doc, funding_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_funding = {
	.name = "funding",
	.run = run_funding,
	.summary = "money pledged, committed, deposited, spent and frozen, by donor, stage or channel",
	.usage = "muster funding [--as-of DATE] [--by donor|stage|channel] [--currency CODE] [--include-shared] "
		 "[--mission M] [--json]",
	.help =
	"Shows each donor's latest figure of each stage on or before DATE (default today): pledged,\n"
	"committed, deposited, disbursed, spent, frozen. Reports are cumulative, so a donor's figure\n"
	"is its latest report, never a sum over time; stages are separate columns, never added up.\n"
	"Trust-fund, bilateral and in-kind money are separate totals. Reported channel totals are\n"
	"shown beside the donors' sums, and where parts dated within a total do not add up to it the\n"
	"difference is listed as a disagreement (parts_vs_total). A donor's total that includes\n"
	"bilateral support is shown apart and never added to trust-fund figures. Amounts are exact\n"
	"decimals in their own currency.\n\n"
	"Flows (FTS flows and IATI transactions, imported with muster import --format fts|iati)\n"
	"add up instead: a donor's figure of a stage is the sum of its flows on or before DATE\n"
	"(where it also has a report of that stage, the one dated later is used). FTS gives each\n"
	"flow one status, its latest: pledge is pledged, commitment committed, paid deposited;\n"
	"the answer's fts part adds commitments and paid into funding, as FTS does. Flows that\n"
	"FTS marks on a shared boundary (counted under another location or year too) are left\n"
	"out, as FTS leaves them out, and the answer says how many; a parent flow is counted\n"
	"beside its parts, as FTS counts it. Per FTS search the answer keeps FTS's published\n"
	"totals beside the flows' sum and gives FTS's figure as FTS's count only for a search\n"
	"imported whole; a parent counted beside its parts is a disagreement, and muster's own\n"
	"sums count each amount once (a parent is left out while a part of it counts). Outgoing\n"
	"and internal FTS flows are shown apart, never as funding of the mission.\n\n"
	"Options:\n"
	"  --as-of DATE     the day (YYYY-MM-DD); default today\n"
	"  --by DIM         donor (default), stage or channel\n"
	"  --currency CODE  convert every figure into CODE (ISO 4217) at the latest exchange_rate\n"
	"                   record on or before DATE, naming the rate and its source; refused when\n"
	"                   no rate links two currencies\n"
	"  --include-shared count the FTS flows on a shared boundary too (FTS's totals leave them out)\n"
	"  --mission M      the mission (default MSS-HTI)\n"
	"  --json           print the answer document (amounts as strings, e.g. \"17900000.00\")\n\n"
	"Example:\n  muster funding --as-of 2025-02-04 --by channel\n",
	.opts = O_JSON | O_ASOF | O_BY | O_MISSION | O_CURRENCY | O_SHARED,
};

static void budget_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	const json_t *b = json_object_get(a, "budget");
	char x[96];
	fprintf(out, "Budget of %s as of %s\n\n", json_string_value(json_object_get(doc, "mission")),
		json_string_value(json_object_get(doc, "as_of")));
	char label[200];
	snprintf(label, sizeof label, "Budget (%s)", json_string_value(json_object_get(b, "period")));
	figure_line(out, label, b);
	if (json_is_object(json_object_get(a, "pledged")))
		figure_line(out, "Pledged to the trust fund (reported total)", json_object_get(a, "pledged"));
	if (json_is_object(json_object_get(a, "raised")))
		figure_line(out, "Raised (deposited, reported total)", json_object_get(a, "raised"));
	const char *gap = json_string_value(json_object_get(a, "gap"));
	if (gap) {
		figure_money(gap, json_string_value(json_object_get(a, "currency")),
			     figure_difference_qualifier(json_string_value(json_object_get(b, "qualifier")),
				json_string_value(json_object_get(json_object_get(a, "raised"), "qualifier"))),
			     &figure_style_cli, NULL, NULL, x, sizeof x);
		fprintf(out, "\n  Gap: %s; raised %s %% of the budget", x,
			json_string_value(json_object_get(a, "raised_pct")));
		const char *pp = json_string_value(json_object_get(a, "pledged_pct"));
		if (pp)
			fprintf(out, ", pledged %s %%", pp);
		fprintf(out, "\n");
	} else {
		fprintf(out, "\n  Nothing raised is reported on or before this date.\n");
	}
	size_t i;
	json_t *r;
	if (json_array_size(json_object_get(doc, "rows"))) {
		fprintf(out, "\nEarlier budgets:\n");
		json_array_foreach(json_object_get(doc, "rows"), i, r) {
			snprintf(label, sizeof label, "%s", json_string_value(json_object_get(r, "period")));
			figure_line(out, label, r);
		}
	}
}

static int run_budget(struct cli *c)
{
	struct store s;
	int day;
	char code[4];
	const char *cur;
	if (currency_opt_or_err(c, code, &cur) < 0 || cli_day_or_err(c, &day) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_budget(&s, cli_mission(c), day, cur, &c->e);
	int rc = doc ? cli_print_answer(c, doc, budget_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_budget = {
	.name = "budget",
	.run = run_budget,
	.summary = "the mission's budget against what was pledged and raised; the gap",
	.usage = "muster budget [--as-of DATE] [--currency CODE] [--mission M] [--json]",
	.help =
	"Shows the latest budget on or before DATE (default today), what was pledged and what was\n"
	"raised (deposited) against it according to the latest reported trust-fund totals, the\n"
	"gap (budget less raised) and the shares, computed exactly. Earlier budgets are listed.\n\n"
	"Options:\n"
	"  --as-of DATE     the day (YYYY-MM-DD); default today\n"
	"  --currency CODE  show the figures in CODE (default: the budget's currency), converted at\n"
	"                   the latest exchange_rate on or before DATE\n"
	"  --mission M      the mission (default MSS-HTI)\n"
	"  --json           print the answer document\n\n"
	"Example:\n  muster budget --as-of 2025-09-30\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_CURRENCY,
};
