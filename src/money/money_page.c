/* money_page.c: the funding and budget pages — funding in sections by
 * channel (trust fund, bilateral and in kind, channel not stated), each a
 * table of donors by stage with the channel's totals, the fund's own reported
 * totals and the totals that include bilateral support apart, and FTS's
 * figures beside Muster's; the budget against pledged and raised as a bar and
 * in words, its records, and the trust fund over time. */
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "money_page.h"

/* Rows a section's table shows; the rest is one link away (the JSON). */
#define SECTION_ROWS 40

static const char *const stage_keys[] = {"pledged", "committed", "deposited", "disbursed", "spent", "frozen"};
#define N_STAGE 6

void money_page_figure(struct buf *b, const json_t *x)
{
	json_t *fig = json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}", "amount", json_object_get(x, "amount"),
				"currency", json_object_get(x, "currency"), "qualifier", json_object_get(x, "qualifier"),
				"date", json_object_get(x, "date"), "record", json_object_get(x, "record"), "sources",
				json_object_get(x, "sources"));
	page_value(b, NULL, fig);
	json_decref(fig);
}

/* The sections of the funding page: the channels each gathers. */
static const struct {
	const char *id, *title;
	const char *channels[3];
} sections[] = {
	{"trust-fund", N_("Trust fund"), {"trust_fund"}},
	{"bilateral", N_("Bilateral and in kind"), {"bilateral", "in_kind"}},
	{"unstated", N_("Channel not stated"), {"unspecified"}},
};
#define N_SECTIONS 3

static int in_section(int k, const json_t *row)
{
	const char *ch = json_string_value(json_object_get(row, "channel"));
	for (int i = 0; ch && i < 3 && sections[k].channels[i]; i++)
		if (!strcmp(ch, sections[k].channels[i]))
			return 1;
	return 0;
}

/* The stages some row of section k has (a bit each). */
static unsigned stages_used(int k, const json_t *rows)
{
	unsigned used = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (!in_section(k, r))
			continue;
		for (int st = 0; st < N_STAGE; st++) {
			json_t *v = json_object_get(r, stage_keys[st]);
			if (v && !json_is_null(v))
				used |= 1u << st;
		}
	}
	return used;
}

static void th(struct buf *b, const char *key, int num)
{
	buf_lit(b, num ? "<th class=\"n\" scope=\"col\">" : "<th scope=\"col\">");
	page_label(b, key);
	buf_lit(b, "</th>");
}

/* A cell with its column's label for narrow screens; empty cells are hidden there. */
static void td_open(struct buf *b, const char *key, int empty)
{
	if (empty) {
		buf_lit(b, "<td class=\"e\">");
		return;
	}
	buf_lit(b, "<td data-label=\"");
	page_label(b, key);
	buf_lit(b, "\">");
}

/* The donors of section k by stage: one row a donor (and component), a
 * column a stage some donor of the section has. */
static void donors_table(struct buf *b, int k, const json_t *rows, unsigned used, const struct qargs *q)
{
	size_t i, shown = 0, more = 0;
	json_t *r;
	int has_component = 0;
	json_array_foreach(rows, i, r)
		if (in_section(k, r) && json_is_string(json_object_get(r, "component")))
			has_component = 1;
	buf_lit(b, "<table class=\"money\"><thead><tr>");
	th(b, "donor", 0);
	if (has_component)
		th(b, "component", 0);
	if (k == 1)
		th(b, "channel", 0);
	for (int st = 0; st < N_STAGE; st++)
		if (used & (1u << st))
			th(b, stage_keys[st], 0);
	buf_lit(b, "</tr></thead><tbody>");
	json_array_foreach(rows, i, r) {
		if (!in_section(k, r))
			continue;
		if (shown >= SECTION_ROWS) {
			more++;
			continue;
		}
		shown++;
		buf_lit(b, "<tr><td>");
		buf_html(b, json_string_value(json_object_get(r, "name")));
		buf_lit(b, "</td>");
		if (has_component) {
			const char *c = json_string_value(json_object_get(r, "component"));
			td_open(b, "component", !c);
			if (c) {
				page_en_open(b, "span");
				buf_html(b, c);
				page_en_close(b, "span");
			}
			buf_lit(b, "</td>");
		}
		if (k == 1) {
			td_open(b, "channel", 0);
			page_value(b, "channel", json_object_get(r, "channel"));
			buf_lit(b, "</td>");
		}
		for (int st = 0; st < N_STAGE; st++) {
			if (!(used & (1u << st)))
				continue;
			json_t *v = json_object_get(r, stage_keys[st]);
			int empty = !v || json_is_null(v);
			td_open(b, stage_keys[st], empty);
			if (!empty)
				money_page_figure(b, v);
			buf_lit(b, "</td>");
		}
		buf_lit(b, "</tr>");
	}
	buf_lit(b, "</tbody></table>");
	page_more(b, more, "funding", q);
}

/* The section's totals, one line a currency: "Total in USD: committed
 * 15,000,000.00; deposited 17,900,000.00…". */
static void totals_lines(struct buf *b, int k, const json_t *totals)
{
	size_t i;
	json_t *t;
	int any = 0;
	json_array_foreach(totals, i, t) {
		if (!in_section(k, t))
			continue;
		const char *cur = json_string_value(json_object_get(t, "currency"));
		if (!any)
			buf_lit(b, "<ul class=\"totals\">");
		any = 1;
		struct frags f = FRAGS_INIT(b);
		buf_lit(b, "<li><b>");
		buf_tf(b, "Total in {1}", frag_html(&f, cur), NULL);
		frags_free(&f);
		if (k == 1) {
			buf_lit(b, " (");
			page_value(b, "channel", json_object_get(t, "channel"));
			buf_lit(b, ")");
		}
		buf_lit(b, ":</b>");
		int first = 1;
		for (int st = 0; st < N_STAGE; st++) {
			const char *v = json_string_value(json_object_get(t, stage_keys[st]));
			if (!v)
				continue;
			buf_lit(b, first ? " " : "; ");
			first = 0;
			buf_t(b, label_of_value("stage", stage_keys[st]) ? label_of_value("stage", stage_keys[st])
				  : stage_keys[st]);
			buf_lit(b, " ");
			json_t *fig = json_pack("{s:s, s:s}", "amount", v, "currency", cur ? cur : "");
			page_money(b, fig);
			json_decref(fig);
		}
		buf_lit(b, "</li>");
	}
	if (any)
		buf_lit(b, "</ul>");
}

/* Reported totals (the fund's own, or a donor's that include bilateral
 * support): one line each, with its stage, date and sources. */
static void reported_list(struct buf *b, const json_t *list, int k)
{
	size_t i;
	json_t *x;
	int any = 0;
	json_array_foreach(list, i, x) {
		if (k >= 0 && !in_section(k, x))
			continue;
		if (!any)
			buf_lit(b, "<ul>");
		any = 1;
		buf_lit(b, "<li>");
		buf_html(b, json_string_value(json_object_get(x, "name")));
		buf_lit(b, ", ");
		page_value(b, "stage", json_object_get(x, "stage"));
		buf_lit(b, ": ");
		money_page_figure(b, x);
		const char *purpose = json_string_value(json_object_get(x, "purpose"));
		if (purpose) {
			buf_lit(b, " \xE2\x80\x94 ");
			page_en_open(b, "span");
			buf_html(b, purpose);
			page_en_close(b, "span");
		}
		buf_lit(b, "</li>");
	}
	if (any)
		buf_lit(b, "</ul>");
}

/* The sum of committed and deposited of the totals in `cur`: Muster's own
 * count of what FTS calls funding, each amount once. */
static int muster_funding(const json_t *totals, const char *cur, char out[32])
{
	long long sum = 0, m;
	struct err e;
	size_t i;
	json_t *t;
	json_array_foreach(totals, i, t) {
		if (!cur || strcmp(cur, json_string_value(json_object_get(t, "currency")) ?: ""))
			continue;
		for (int st = 1; st <= 2; st++) {
			const char *v = json_string_value(json_object_get(t, stage_keys[st]));
			if (v && money_parse_or_err("amount", v, cur, &m, &e) == 0)
				sum += m;
		}
	}
	money_format(sum, cur, out);
	return 0;
}

static void money_cell(struct buf *b, const char *amount, const char *cur)
{
	if (!amount) {
		buf_lit(b, "<td class=\"e\"></td>");
		return;
	}
	buf_lit(b, "<td class=\"n\">");
	json_t *fig = json_pack("{s:s, s:s}", "amount", amount, "currency", cur ? cur : "");
	page_money(b, fig);
	json_decref(fig);
	buf_lit(b, "</td>");
}

/* FTS's figures beside Muster's: for each search, what FTS publishes, what
 * its flows add up to as FTS counts them, and Muster's own count. */
static void fts_section(struct buf *b, const json_t *a)
{
	const json_t *fts = json_object_get(a, "fts");
	buf_lit(b, "<h2 id=\"fts\">");
	buf_t(b, "FTS's figures beside Muster's");
	buf_lit(b, "</h2>");
	if (!json_array_size(json_object_get(fts, "searches"))) {
		buf_lit(b, "<p>");
		buf_t(b, "No FTS flow search has been imported for this mission: every figure above is Muster's own, "
			 "from the reports it cites.");
		buf_lit(b, "</p>");
		return;
	}
	size_t i;
	json_t *sr;
	json_array_foreach(json_object_get(fts, "searches"), i, sr) {
		const char *cur = json_string_value(json_object_get(sr, "currency"));
		const json_t *pub = json_object_get(json_object_get(sr, "published"), "incoming");
		const json_t *cnt = json_object_get(json_object_get(sr, "counted"), "incoming");
		char own[32];
		muster_funding(json_object_get(a, "totals"), cur, own);
		struct frags f = FRAGS_INIT(b);
		buf_lit(b, "<p>");
		json_t *fl = json_object_get(sr, "flows");
		buf_tf(b, "A search of {1} flows on {2} pages, of which {3} imported.",
		       frag_int(&f, json_integer_value(json_object_get(fl, "listed"))),
		       frag_int(&f, (long long)json_array_size(json_object_get(sr, "pages"))),
		       frag_int(&f, json_integer_value(json_object_get(fl, "imported"))), NULL);
		frags_free(&f);
		buf_lit(b, " ");
		buf_t(b, json_is_true(json_object_get(sr, "whole"))
			 ? "It was imported whole: FTS's figure is FTS's own."
			 : "It was not imported whole: FTS's published figure is kept beside the flows' sum, not claimed.");
		buf_lit(b, "</p><table class=\"money\"><thead><tr><th scope=\"col\"></th><th class=\"n\" scope=\"col\">");
		buf_t(b, "FTS publishes");
		buf_lit(b, "</th><th class=\"n\" scope=\"col\">");
		buf_t(b, "Its flows, as FTS counts them");
		buf_lit(b, "</th><th class=\"n\" scope=\"col\">");
		buf_t(b, "Muster, each amount once");
		buf_lit(b, "</th></tr></thead><tbody><tr><td>");
		buf_t(b, "Funding (commitments and paid)");
		buf_lit(b, "</td>");
		money_cell(b, json_string_value(json_object_get(pub, "funding")), cur);
		money_cell(b, json_string_value(json_object_get(cnt, "funding")), cur);
		money_cell(b, own, cur);
		buf_lit(b, "</tr><tr><td>");
		buf_t(b, "Pledges");
		buf_lit(b, "</td>");
		money_cell(b, json_string_value(json_object_get(pub, "pledges")), cur);
		money_cell(b, json_string_value(json_object_get(cnt, "pledges")), cur);
		buf_lit(b, "<td class=\"e\"></td></tr><tr><td>");
		buf_t(b, "Incoming flows");
		buf_lit(b, "</td><td class=\"n\">");
		buf_int(b, json_integer_value(json_object_get(pub, "flows")));
		buf_lit(b, "</td><td class=\"n\">");
		buf_int(b, json_integer_value(json_object_get(cnt, "flows")));
		buf_lit(b, "</td><td class=\"e\"></td></tr></tbody></table>");
		buf_lit(b, "<p class=\"note\">");
		page_en_open(b, "span");
		buf_html(b, json_string_value(json_object_get(sr, "note")));
		page_en_close(b, "span");
		buf_lit(b, "</p>");
	}
}

/* The headline: how many donors, and the trust fund's deposits in words. */
static void funding_headline(struct buf *b, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer"), *rows = json_object_get(doc, "rows");
	struct frags f = FRAGS_INIT(b);
	json_t *donors = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *d = json_string_value(json_object_get(r, "donor"));
		if (d)
			json_object_set_new(donors, d, json_true());
	}
	buf_lit(b, "<p class=\"lead\">");
	if (!json_array_size(json_object_get(a, "totals"))) {
		buf_tf(b, "The record holds no funding figure for {1} on or before {2}.",
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
		       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	} else {
		const char *by = json_string_value(json_object_get(a, "by"));
		if (by && !strcmp(by, "donor"))
			buf_tfn(b, "{1} donor named in the record for {2} on {3}.",
				"{1} donors named in the record for {2} on {3}.", json_object_size(donors),
				frag_int_wrap(&f, "<span class=\"big\">", (long long)json_object_size(donors), "</span>"),
				frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
				frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
		else
			buf_tf(b, "Funding of {1} on {2}, by channel and stage.",
			       frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
			       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
		buf_lit(b, " ");
		buf_t(b, "Stages are never added up: each is a donor's latest report of that stage. Trust-fund, "
			 "bilateral and in-kind money are kept apart.");
	}
	buf_lit(b, "</p>");
	frags_free(&f);
	json_decref(donors);
}

void money_page_funding(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer"), *rows = json_object_get(doc, "rows");
	const json_t *totals = json_object_get(a, "totals");
	const char *by = json_string_value(json_object_get(a, "by"));
	int by_donor = by && !strcmp(by, "donor");
	funding_headline(b, doc);
	for (int k = 0; k < N_SECTIONS; k++) {
		unsigned used = stages_used(k, by_donor ? rows : totals);
		int reported = 0;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(a, "reported_totals"), i, x)
			reported |= in_section(k, x);
		if (!used && !reported)
			continue;
		buf_lit(b, "<h2 id=\"");
		buf_lit(b, sections[k].id);
		buf_lit(b, "\">");
		buf_t(b, sections[k].title);
		buf_lit(b, "</h2>");
		if (by_donor && used)
			donors_table(b, k, rows, used, q);
		totals_lines(b, k, totals);
		if (reported) {
			buf_lit(b, "<p>");
			buf_t(b, "Totals the fund reported itself, for all donors:");
			buf_lit(b, "</p>");
			reported_list(b, json_object_get(a, "reported_totals"), k);
		}
	}
	if (json_array_size(json_object_get(a, "including_bilateral"))) {
		buf_lit(b, "<h2 id=\"including-bilateral\">");
		buf_t(b, "Totals that include bilateral support");
		buf_lit(b, "</h2><p>");
		buf_t(b, "A donor's figure that includes its bilateral support is shown apart, never added to the "
			 "trust fund's.");
		buf_lit(b, "</p>");
		reported_list(b, json_object_get(a, "including_bilateral"), -1);
	}
	fts_section(b, a);
	const json_t *checks = json_object_get(a, "checks");
	if (json_array_size(checks)) {
		buf_lit(b, "<h2 id=\"checks\">");
		buf_t(b, "Checks");
		buf_lit(b, "</h2><ul>");
		size_t i;
		json_t *c;
		json_array_foreach(checks, i, c) {
			buf_lit(b, "<li>");
			buf_t(b, json_is_true(json_object_get(c, "holds")) ? "holds:" : "does not hold:");
			buf_lit(b, " ");
			page_en_open(b, "span");
			buf_html(b, json_string_value(json_object_get(c, "about")));
			page_en_close(b, "span");
			buf_lit(b, ": ");
			if (json_object_get(c, "expression_said"))
				page_said(b, json_object_get(c, "expression_said"));
			else
				buf_html(b, json_string_value(json_object_get(c, "expression")));
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ul>");
	}
	page_rule(b, a);
}
