/* money_chart.c: the budget page and the money charts — the budget against
 * pledged and raised as one bar and in words, and the trust fund over time
 * (the budget answer at the end of each month) against the budget, each
 * chart with a sentence and a table of its figures as text alternatives. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "money.h"
#include "money_page.h"
#include "../core/figure.h"

/* The budget's gap as a figure for money_frag: an estimate when the budget or
 * what was raised is one (as the command line says it). A new object. */
static json_t *gap_figure(const json_t *a)
{
	const char *cur = json_string_value(json_object_get(a, "currency"));
	const char *q = figure_difference_qualifier(
		json_string_value(json_object_get(json_object_get(a, "budget"), "qualifier")),
		json_string_value(json_object_get(json_object_get(a, "raised"), "qualifier")));
	return json_pack("{s:s, s:s, s:s}", "amount", json_string_value(json_object_get(a, "gap")) ?: "0",
			 "currency", cur ? cur : "", "qualifier", q ? q : "exact");
}

/* The whole units of a decimal amount ("600000000.00" -> 600000000); -1 for none. */
static long long units_of(const json_t *fig)
{
	const char *s = json_string_value(json_is_string(fig) ? fig : json_object_get(fig, "amount"));
	if (!s || *s == '-')
		return -1;
	return strtoll(s, NULL, 10);
}

/* A percentage text ("19.2") followed by " %" in the page's style. */
static const char *pct_frag(struct frags *f, const char *pct)
{
	struct buf *o = frag_buf(f);
	buf_decimal(o, pct ? pct : "0");
	buf_lit(o, "\xC2\xA0%");
	return o->p;
}

static const char *money_frag(struct frags *f, const json_t *fig)
{
	struct buf *o = frag_buf(f);
	page_money(o, fig);
	return o->p;
}

void money_budget_bar(struct buf *b, const json_t *a)
{
	const json_t *budget = json_object_get(a, "budget"), *pledged = json_object_get(a, "pledged"),
		     *raised = json_object_get(a, "raised");
	long long vb = units_of(budget), vp = units_of(pledged), vr = units_of(raised);
	if (vb < 0 && vp < 0 && vr < 0)
		return;
	long long top = vb > vp ? vb : vp;
	top = top > vr ? top : vr;
	/* A bar has no time axis: its scale runs along x from 0 to the largest
	 * of the three, in whole units (chart_x takes them as it takes days). */
	struct chart c = {.w = 380, .h = 78, .left = 4, .right = 4, .top = 6, .bottom = 30, .d0 = 0, .d1 = top,
			  .vmax = 1};
	struct frags f = FRAGS_INIT(b);
	struct buf tb = {.pl = b->pl}, db = {.pl = b->pl}, *title = &tb, *desc = &db;
	buf_lit(desc, "");
	buf_t(title, "The budget against what was pledged and raised");
	if (vb >= 0 && vr >= 0) {
		json_t *g = gap_figure(a);
		buf_tf(desc, "Raised {1} of a budget of {2} ({3}); the gap is {4}.", money_frag(&f, raised),
		       money_frag(&f, budget), pct_frag(&f, json_string_value(json_object_get(a, "raised_pct"))),
		       money_frag(&f, g), NULL);
		json_decref(g);
		frags_free(&f);
	}
	if (vp >= 0) {
		buf_lit(desc, " ");
		buf_tf(desc, "Pledged to the trust fund: {1}.", money_frag(&f, pledged), NULL);
		frags_free(&f);
	}
	chart_open(b, &c, "budget-bar", title->p, desc->p ? desc->p : "");
	int y = c.top, h = 26;
	if (vb >= 0)
		buf_num(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e3ebf1\" stroke=\"#1b1b1b\"/>", c.left,
			y, chart_x(&c, vb) - c.left, h);
	if (vr >= 0)
		buf_num(b, "<rect class=\"raised\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", c.left,
			y, chart_x(&c, vr) - c.left > 1 ? chart_x(&c, vr) - c.left : 1, h, chart_palette[0]);
	if (vp >= 0)
		buf_num(b, "<path class=\"pledged\" d=\"M%d %dv%d\" stroke=\"%s\" stroke-width=\"3\"/>", chart_x(&c, vp),
			y - 4, h + 8, chart_palette[1]);
	int ky = y + h + 22;
	chart_key(b, c.left, ky, chart_palette[0], 0, _(b, "raised"));
	chart_key(b, c.left + 90, ky, chart_palette[1], 0, _(b, "pledged"));
	chart_key(b, c.left + 180, ky, "#e3ebf1", 0, _(b, "budget: the gap"));
	chart_close(b, desc->p);
	buf_free(title);
	buf_free(desc);
}

/* The headline of the budget page in words. */
static void budget_words(struct buf *b, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	const json_t *budget = json_object_get(a, "budget"), *pledged = json_object_get(a, "pledged"),
		     *raised = json_object_get(a, "raised");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	if (!json_is_object(budget)) {
		buf_tf(b, "The record holds no budget for {1} on or before {2}.",
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
		       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	} else {
		const char *period = json_string_value(json_object_get(budget, "period"));
		buf_tf(b, "The budget of {1} is {2}, for its {3}.",
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
		       money_frag(&f, budget), frag_html(&f, period ? period : "?"), NULL);
		frags_free(&f);
		if (json_is_object(raised)) {
			json_t *g = gap_figure(a);
			buf_lit(b, " ");
			buf_tf(b, "{1} has been raised, {2} of it: a gap of {3}.", money_frag(&f, raised),
			       pct_frag(&f, json_string_value(json_object_get(a, "raised_pct"))), money_frag(&f, g), NULL);
			frags_free(&f);
			json_decref(g);
		}
		if (json_is_object(pledged)) {
			buf_lit(b, " ");
			buf_tf(b, "{1} was pledged to the trust fund, {2} of the budget.", money_frag(&f, pledged),
			       pct_frag(&f, json_string_value(json_object_get(a, "pledged_pct"))), NULL);
			frags_free(&f);
		}
	}
	buf_lit(b, "</p>");
	frags_free(&f);
}

void money_page_budget(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)q;
	const json_t *a = json_object_get(doc, "answer");
	budget_words(b, doc);
	money_budget_bar(b, a);
	static const char *const figs[][2] = {{"budget", N_("Budget")}, {"pledged", N_("Pledged to the trust fund")},
					      {"raised", N_("Deposited (raised)")}};
	buf_lit(b, "<dl class=\"f\">");
	for (int k = 0; k < 3; k++) {
		const json_t *fig = json_object_get(a, figs[k][0]);
		if (!json_is_object(fig))
			continue;
		buf_lit(b, "<dt>");
		buf_t(b, figs[k][1]);
		buf_lit(b, "</dt><dd>");
		money_page_figure(b, fig);
		buf_lit(b, "</dd>");
	}
	buf_lit(b, "</dl>");
	const json_t *rows = json_object_get(doc, "rows");
	if (json_array_size(rows)) {
		buf_lit(b, "<h2 id=\"budgets\">");
		buf_t(b, "Budgets in the record");
		buf_lit(b, "</h2><ul>");
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			buf_lit(b, "<li>");
			money_page_figure(b, r);
			const char *period = json_string_value(json_object_get(r, "period"));
			if (period) {
				buf_lit(b, " \xE2\x80\x94 ");
				page_value(b, "period", json_object_get(r, "period"));
			}
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ul>");
	}
	const char *mission = json_string_value(json_object_get(doc, "mission"));
	int day = 0;
	struct err e;
	if (day_parse_or_err(json_string_value(json_object_get(doc, "as_of")), &day, &e) == 0) {
		buf_lit(b, "<h2 id=\"over-time\">");
		buf_t(b, "The trust fund over time");
		buf_lit(b, "</h2>");
		money_chart_trust_fund(b, s, mission, day, 1);
	}
	page_rule(b, a);
}

/* One month of the trust fund: the budget answer's three figures. */
struct tf_point {
	int day;
	long long v[3];         /* budget, pledged, raised in whole units; -1: none */
	json_t *fig[3];         /* the figures (borrowed from doc) */
	json_t *doc;            /* owned */
};

static const char *const tf_keys[3] = {"budget", "pledged", "raised"};

/* Samples the budget answer backwards from `day`, month by month, until a
 * month has no figure (figures carry forward, so none before either). The
 * points come out oldest first; returns how many (0 on none or failure). */
static int tf_sample(struct store *s, const char *mission, int day, struct tf_point *pts, const char **cur)
{
	int n = 0;
	*cur = NULL;
	for (int d = day; n < CHART_MONTHS; d = chart_prev_month_end(d)) {
		struct err e = {0};
		json_t *doc = answer_budget(s, mission, d, NULL, &e);
		if (!doc)
			break;
		const json_t *a = json_object_get(doc, "answer");
		struct tf_point p = {.day = d, .doc = doc};
		int any = 0;
		for (int k = 0; k < 3; k++) {
			p.fig[k] = json_object_get(a, tf_keys[k]);
			p.v[k] = json_is_object(p.fig[k]) ? units_of(p.fig[k]) : -1;
			/* A month in another currency than the latest is left out of the line. */
			const char *c = json_string_value(json_object_get(p.fig[k], "currency"));
			if (p.v[k] >= 0 && *cur && c && strcmp(c, *cur))
				p.v[k] = -1;
			if (p.v[k] >= 0 && !*cur)
				*cur = json_string_value(json_object_get(p.fig[k], "currency"));
			any |= p.v[k] >= 0;
		}
		if (!any) {
			json_decref(doc);
			break;
		}
		pts[n++] = p;
	}
	for (int i = 0; i < n / 2; i++) {
		struct tf_point t = pts[i];
		pts[i] = pts[n - 1 - i];
		pts[n - 1 - i] = t;
	}
	return n;
}

/* A step line through the points of series k (a break where it has none). */
static void step_line(struct buf *b, const struct chart *c, const struct tf_point *pts, int n, int k,
		      const char *colour, int dashed)
{
	int open = 0;
	buf_lit(b, "<path class=\"");
	buf_lit(b, tf_keys[k]);
	buf_lit(b, "\" fill=\"none\" stroke-width=\"2\" stroke=\"");
	buf_lit(b, colour);
	buf_lit(b, dashed ? "\" stroke-dasharray=\"6 3\" d=\"" : "\" d=\"");
	int last_y = 0;
	for (int i = 0; i < n; i++) {
		if (pts[i].v[k] < 0) {
			open = 0;
			continue;
		}
		int x = chart_x(c, day_number(pts[i].day)), y = chart_y(c, pts[i].v[k]);
		if (!open)
			buf_num(b, "M%d %d", x, y);
		else if (y != last_y)
			buf_num(b, "H%dV%d", x, y);
		/* The value holds to the next sample. */
		if (i + 1 == n || pts[i + 1].v[k] < 0)
			buf_num(b, "H%d", i + 1 < n ? chart_x(c, day_number(pts[i + 1].day)) : x + 2);
		open = 1;
		last_y = y;
	}
	buf_lit(b, "\"/>");
}

void money_chart_trust_fund(struct buf *b, struct store *s, const char *mission, int day, int table)
{
	struct tf_point *pts = calloc(CHART_MONTHS, sizeof *pts);
	if (!pts)
		abort();
	const char *cur;
	int n = tf_sample(s, mission, day, pts, &cur);
	struct frags f = FRAGS_INIT(b);
	if (n == 0) {
		buf_lit(b, "<p>");
		buf_tf(b, "The record holds no budget or trust-fund figure for {1} on or before this date.",
		       frag_html(&f, mission), NULL);
		buf_lit(b, "</p>");
		frags_free(&f);
		free(pts);
		return;
	}
	long long top = 1;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			top = pts[i].v[k] > top ? pts[i].v[k] : top;
	long long unit = top >= 10000000 ? 1000000 : 1;
	struct chart c = {.w = 440, .h = 230, .left = 40, .right = 12, .top = 30, .bottom = 22,
			  .d0 = day_number(pts[0].day) - (n == 1 ? 30 : 0), .d1 = day_number(pts[n - 1].day),
			  .vmax = chart_nice_max(top)};
	char d0[11], d1[11];
	day_format(pts[0].day, d0);
	day_format(pts[n - 1].day, d1);
	struct buf tb = {.pl = b->pl}, db = {.pl = b->pl}, cb = {.pl = b->pl}, *title = &tb, *desc = &db, *cap = &cb;
	buf_tf(title, "The trust fund of {1} against its budget, {2} to {3}", frag_html(&f, mission), frag_html(&f, d0),
	       frag_html(&f, d1), NULL);
	frags_free(&f);
	const struct tf_point *last = &pts[n - 1];
	/* The sentence: the latest figures, and where the raised line started. */
	buf_tf(desc, "On {1}: budget {2}, pledged {3}, raised {4}.", frag_html(&f, d1),
	       last->v[0] >= 0 ? money_frag(&f, last->fig[0]) : "\xE2\x80\x94",
	       last->v[1] >= 0 ? money_frag(&f, last->fig[1]) : "\xE2\x80\x94",
	       last->v[2] >= 0 ? money_frag(&f, last->fig[2]) : "\xE2\x80\x94", NULL);
	frags_free(&f);
	int points = 0;
	for (int i = 0; i < n; i++)
		points += pts[i].v[0] >= 0 || pts[i].v[1] >= 0 || pts[i].v[2] >= 0;
	buf_lit(desc, " ");
	buf_tfn(desc, "{1} month-end point.", "{1} month-end points.", (unsigned long long)points,
		frag_int(&f, points), NULL);
	frags_free(&f);
	chart_open(b, &c, "tf-chart", title->p, desc->p);
	chart_value_axis(b, &c, unit);
	chart_time_axis(b, &c);
	step_line(b, &c, pts, n, 0, "#1b1b1b", 1);
	step_line(b, &c, pts, n, 1, chart_palette[1], 0);
	step_line(b, &c, pts, n, 2, chart_palette[0], 0);
	chart_key(b, c.left, 14, "#1b1b1b", 1, _(b, "budget"));
	chart_key(b, c.left + 100, 14, chart_palette[1], 0, _(b, "pledged"));
	chart_key(b, c.left + 200, 14, chart_palette[0], 0, _(b, "raised"));
	if (unit > 1)
		buf_tf(cap, "In millions of {1}, at the end of each month and on the day asked for.",
		       frag_html(&f, cur ? cur : ""), NULL);
	else
		buf_tf(cap, "In {1}, at the end of each month and on the day asked for.", frag_html(&f, cur ? cur : ""),
		       NULL);
	buf_lit(cap, " ");
	buf_lit(cap, desc->p);
	chart_close(b, cap->p);
	frags_free(&f);
	buf_free(title);
	buf_free(desc);
	buf_free(cap);
	if (table) {
		/* The table equivalent: each month where a figure changed, and the last. */
		buf_lit(b, "<details><summary>");
		buf_t(b, "The figures of the chart");
		buf_lit(b, "</summary><table class=\"series\"><thead><tr>");
		static const char *const head[] = {"date", "budget", "pledged", "raised"};
		for (int k = 0; k < 4; k++) {
			buf_lit(b, k ? "<th class=\"n\" scope=\"col\">" : "<th scope=\"col\">");
			page_label(b, head[k]);
			buf_lit(b, "</th>");
		}
		buf_lit(b, "</tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			int changed = i == 0 || i == n - 1;
			for (int k = 0; k < 3; k++)
				changed |= i > 0 && pts[i].v[k] != pts[i - 1].v[k];
			if (!changed)
				continue;
			char d[11];
			buf_lit(b, "<tr><td>");
			buf_html(b, day_format(pts[i].day, d));
			buf_lit(b, "</td>");
			for (int k = 0; k < 3; k++) {
				buf_lit(b, "<td class=\"n\" data-label=\"");
				page_label(b, tf_keys[k]);
				buf_lit(b, "\">");
				if (pts[i].v[k] >= 0)
					page_money(b, pts[i].fig[k]);
				else
					buf_lit(b, "\xE2\x80\x94");
				buf_lit(b, "</td>");
			}
			buf_lit(b, "</tr>");
		}
		buf_lit(b, "</tbody></table></details>");
	}
	for (int i = 0; i < n; i++)
		json_decref(pts[i].doc);
	free(pts);
}
