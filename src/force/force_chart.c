/* force_chart.c: the strength charts — strength over time (the strength
 * answer at the end of each month and on the day asked about, stacked by
 * country, with the pledged total, the planned strength and the ceiling as
 * lines and the resolutions marked) and pledged against deployed per
 * country; each with a sentence and a table of its figures as text
 * alternatives. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../mandate/mandate.h"
#include "force.h"
#include "force_page.h"

/* Countries drawn apart; the others are stacked as one. */
#define TOP_COUNTRIES (CHART_COLOURS - 1)

struct st_point {
	int day;
	long long total, pledged, target, ceiling;      /* -1: none */
	json_t *doc;            /* the strength answer (owned) */
};

static long long int_or(const json_t *o, const char *k, long long none)
{
	const json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? json_integer_value(v) : none;
}

/* Samples strength backwards from `day` month by month until a month has no
 * figure; oldest first. Returns the count. */
static int st_sample(struct store *s, const char *mission, int day, struct st_point *pts)
{
	int n = 0;
	for (int d = day; n < CHART_MONTHS; d = chart_prev_month_end(d)) {
		struct err e = {0};
		json_t *doc = answer_strength(s, mission, d, "country", &e);
		if (!doc)
			break;
		const json_t *a = json_object_get(doc, "answer");
		if (!int_or(json_object_get(a, "freshness"), "figures", 0)) {
			json_decref(doc);
			break;
		}
		struct st_point p = {.day = d, .doc = doc, .total = int_or(a, "total", 0),
				     .target = int_or(json_object_get(a, "target"), "personnel", -1),
				     .ceiling = int_or(json_object_get(a, "ceiling"), "personnel", -1), .pledged = -1};
		json_t *pl = answer_pledges(s, mission, d, &e);
		if (pl) {
			p.pledged = int_or(json_object_get(pl, "answer"), "pledged_personnel", -1);
			json_decref(pl);
		}
		pts[n++] = p;
	}
	for (int i = 0; i < n / 2; i++) {
		struct st_point t = pts[i];
		pts[i] = pts[n - 1 - i];
		pts[n - 1 - i] = t;
	}
	return n;
}

static long long personnel_of(const json_t *doc, const char *country)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "country")) ?: "", country))
			return int_or(r, "personnel", 0);
	return 0;
}

/* A step line of one of the point's figures (off: its offset in the struct). */
static void level_line(struct buf *b, const struct chart *c, const struct st_point *pts, int n, size_t off,
		       const char *cls, const char *colour, const char *dash)
{
	int open = 0, last_y = 0;
	struct buf d = {0};
	for (int i = 0; i < n; i++) {
		long long v = *(const long long *)((const char *)&pts[i] + off);
		if (v < 0) {
			open = 0;
			continue;
		}
		int x = chart_x(c, day_number(pts[i].day)), y = chart_y(c, v);
		if (!open)
			buf_num(&d, "M%d %d", x, y);
		else if (y != last_y)
			buf_num(&d, "H%dV%d", x, y);
		if (i + 1 == n || *(const long long *)((const char *)&pts[i + 1] + off) < 0)
			buf_num(&d, "H%d", i + 1 < n ? chart_x(c, day_number(pts[i + 1].day)) : c->w - c->right);
		open = 1;
		last_y = y;
	}
	if (d.p) {
		buf_lit(b, "<path class=\"");
		buf_lit(b, cls);
		buf_lit(b, "\" fill=\"none\" stroke-width=\"2\" stroke=\"");
		buf_lit(b, colour);
		buf_lit(b, "\" stroke-dasharray=\"");
		buf_lit(b, dash);
		buf_lit(b, "\" d=\"");
		buf_lit(b, d.p);
		buf_lit(b, "\"/>");
	}
	buf_free(&d);
}

/* The resolutions that start within the chart's range, as thin lines with
 * their number; returns how many. */
static int resolution_marks(struct buf *b, struct store *s, const struct chart *c, int day, struct buf *desc)
{
	struct err e = {0};
	json_t *doc = answer_mandate(s, day, &e);
	if (!doc)
		return 0;
	int marks = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		int d;
		if (day_parse_or_err(json_string_value(json_object_get(r, "start")), &d, &e) < 0)
			continue;
		long dn = day_number(d);
		if (dn < c->d0 || dn > c->d1)
			continue;
		int x = chart_x(c, dn);
		buf_num(b, "<path class=\"resolution\" d=\"M%d %dV%d\" stroke=\"#1b1b1b\" stroke-dasharray=\"2 3\"/>"
			"<text x=\"%d\" y=\"%d\">%lld</text>", x, c->top - 2, c->h - c->bottom, x + 2, c->top + 10,
			(long long)json_integer_value(json_object_get(r, "resolution")));
		buf_lit(desc, marks ? ", " : " ");
		buf_html(desc, json_string_value(json_object_get(r, "symbol")));
		buf_lit(desc, " (");
		buf_html(desc, json_string_value(json_object_get(r, "start")));
		buf_lit(desc, ")");
		marks++;
	}
	json_decref(doc);
	return marks;
}

static void series_table(struct buf *b, const struct st_point *pts, int n)
{
	static const char *const head[] = {"date", "personnel", "pledged_personnel", "target", "ceiling"};
	buf_lit(b, "<details><summary>");
	buf_t(b, "The figures of the chart");
	buf_lit(b, "</summary><table class=\"series\"><thead><tr>");
	for (int k = 0; k < 5; k++) {
		buf_lit(b, k ? "<th class=\"n\" scope=\"col\">" : "<th scope=\"col\">");
		page_label(b, head[k]);
		buf_lit(b, "</th>");
	}
	buf_lit(b, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct st_point *p = &pts[i], *q = i ? &pts[i - 1] : NULL;
		if (q && i < n - 1 && p->total == q->total && p->pledged == q->pledged && p->target == q->target &&
		    p->ceiling == q->ceiling)
			continue;
		char d[11];
		buf_lit(b, "<tr><td>");
		buf_html(b, day_format(p->day, d));
		buf_lit(b, "</td>");
		long long v[4] = {p->total, p->pledged, p->target, p->ceiling};
		for (int k = 0; k < 4; k++) {
			if (v[k] < 0) {
				buf_lit(b, "<td class=\"e\"></td>");
				continue;
			}
			buf_lit(b, "<td class=\"n\" data-label=\"");
			page_label(b, head[k + 1]);
			buf_lit(b, "\">");
			buf_int(b, v[k]);
			buf_lit(b, "</td>");
		}
		buf_lit(b, "</tr>");
	}
	buf_lit(b, "</tbody></table></details>");
}

void force_chart_strength(struct buf *b, struct store *s, const char *mission, int day, int table)
{
	struct st_point *pts = calloc(CHART_MONTHS, sizeof *pts);
	if (!pts)
		abort();
	int n = st_sample(s, mission, day, pts);
	struct frags f = FRAGS_INIT(b);
	if (!n) {
		buf_lit(b, "<p>");
		buf_tf(b, "The record holds no strength figure for {1} on or before this date.", frag_html(&f, mission),
		       NULL);
		buf_lit(b, "</p>");
		frags_free(&f);
		free(pts);
		return;
	}
	const json_t *last = pts[n - 1].doc;
	/* The countries of the last point, largest first (the answer's order). */
	const char *top[TOP_COUNTRIES];
	const char *names[TOP_COUNTRIES];
	int n_top = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(last, "rows"), i, r) {
		if (n_top < TOP_COUNTRIES && int_or(r, "personnel", 0) > 0) {
			top[n_top] = json_string_value(json_object_get(r, "country"));
			names[n_top++] = json_string_value(json_object_get(r, "name"));
		}
	}
	long long vmax = 1, peak = 0;
	int peak_day = pts[0].day;
	for (int k = 0; k < n; k++) {
		long long m = pts[k].total;
		if (pts[k].total > peak) {
			peak = pts[k].total;
			peak_day = pts[k].day;
		}
		m = pts[k].pledged > m ? pts[k].pledged : m;
		m = pts[k].target > m ? pts[k].target : m;
		m = pts[k].ceiling > m ? pts[k].ceiling : m;
		vmax = m > vmax ? m : vmax;
	}
	struct chart c = {.w = 460, .h = 250, .left = 40, .right = 0, .top = 46, .bottom = 22,
			  .d0 = day_number(pts[0].day) - 31, .d1 = day_number(pts[n - 1].day) + 4,
			  .vmax = chart_nice_max(vmax)};
	char d0[11], d1[11], dp[11];
	day_format(pts[0].day, d0);
	day_format(pts[n - 1].day, d1);
	day_format(peak_day, dp);
	struct buf title = {.pl = b->pl}, desc = {.pl = b->pl};
	buf_tf(&title, "Strength of {1} over time, {2} to {3}", frag_html(&f, mission), frag_html(&f, d0),
	       frag_html(&f, d1), NULL);
	frags_free(&f);
	buf_tf(&desc, "Deployed on {1}: {2}; the highest, {3}, on {4}.", frag_html(&f, d1),
	       frag_int(&f, pts[n - 1].total), frag_int(&f, peak), frag_html(&f, dp), NULL);
	frags_free(&f);
	for (int k = 0; k < n_top; k++) {
		buf_lit(&desc, k ? ", " : " ");
		buf_html(&desc, names[k]);
		buf_lit(&desc, " ");
		buf_int(&desc, personnel_of(last, top[k]));
	}
	buf_lit(&desc, ".");
	static const struct {
		size_t off;
		const char *tmpl;
	} lv[] = {{offsetof(struct st_point, pledged), N_("Pledged: {1}.")},
		  {offsetof(struct st_point, target), N_("Planned: {1}.")},
		  {offsetof(struct st_point, ceiling), N_("Ceiling: {1}.")}};
	for (size_t k = 0; k < 3; k++) {
		long long v = *(const long long *)((const char *)&pts[n - 1] + lv[k].off);
		if (v < 0)
			continue;
		buf_lit(&desc, " ");
		buf_tf(&desc, lv[k].tmpl, frag_int(&f, v), NULL);
		frags_free(&f);
	}
	buf_lit(&desc, " ");
	buf_tfn(&desc, "{1} month-end point.", "{1} month-end points.", (unsigned long long)n, frag_int(&f, n), NULL);
	frags_free(&f);
	/* The resolutions are drawn first and named in the description. */
	struct buf marks = {.pl = b->pl}, named = {.pl = b->pl};
	int n_marks = resolution_marks(&marks, s, &c, day, &named);
	if (n_marks) {
		buf_lit(&desc, " ");
		buf_tfn(&desc, "Resolution marked:{1}.", "Resolutions marked:{1}.", (unsigned long long)n_marks,
			named.p, NULL);
	}
	chart_open(b, &c, "strength-time", title.p, desc.p);
	chart_value_axis(b, &c, 1);
	chart_time_axis(b, &c);
	if (marks.p)
		buf_lit(b, marks.p);
	/* One path a country (the others last), a bar a sample: "M x y h w v h h -w z". */
	long long *below = calloc((size_t)n, sizeof *below);
	if (!below)
		abort();
	for (int t = 0; t <= n_top; t++) {
		struct buf d = {0};
		for (int k = 0; k < n; k++) {
			long long v = t < n_top ? personnel_of(pts[k].doc, top[t]) : pts[k].total - below[k];
			if (v <= 0)
				continue;
			/* A month's bar spans the days since the sample before (a month for the first). */
			int x = chart_x(&c, k ? day_number(pts[k - 1].day) : day_number(pts[0].day) - 31);
			int w = chart_x(&c, day_number(pts[k].day)) - x - 1;
			w = w > 1 ? w : 1;
			int y1 = chart_y(&c, below[k]), y0 = chart_y(&c, below[k] + v);
			buf_num(&d, "M%d %dh%dv%dh%dz", x, y0, w, y1 - y0 > 0 ? y1 - y0 : 1, -w);
			below[k] += v;
		}
		if (d.p) {
			buf_lit(b, "<path class=\"stack\" fill=\"");
			buf_lit(b, chart_palette[t < n_top ? t : CHART_COLOURS - 1]);
			buf_lit(b, "\" d=\"");
			buf_lit(b, d.p);
			buf_lit(b, "\"/>");
		}
		buf_free(&d);
	}
	free(below);
	level_line(b, &c, pts, n, offsetof(struct st_point, pledged), "pledged", "#d55e00", "6 3");
	level_line(b, &c, pts, n, offsetof(struct st_point, target), "target", "#1b1b1b", "2 2");
	level_line(b, &c, pts, n, offsetof(struct st_point, ceiling), "ceiling", "#b00020", "8 3");
	/* The key: countries on one row, lines on the next. */
	int kx = c.left;
	for (int t = 0; t < n_top; t++) {
		struct buf nm = {0};
		buf_html_cut(&nm, names[t], 14);
		chart_key(b, kx, 12, chart_palette[t], 0, nm.p);
		kx += 22 + chart_text_width(nm.p, 12);
		buf_free(&nm);
		if (kx > c.w - 60)
			break;
	}
	/* The lines' keys, for the lines drawn. */
	int has[3] = {0, 0, 0};
	for (int k = 0; k < n; k++) {
		has[0] |= pts[k].pledged >= 0;
		has[1] |= pts[k].target >= 0;
		has[2] |= pts[k].ceiling >= 0;
	}
	kx = c.left;
	if (has[0]) {
		chart_key(b, kx, 28, "#d55e00", 1, _(b, "pledged"));
		kx += 90;
	}
	if (has[1]) {
		chart_key(b, kx, 28, "#1b1b1b", 1, _(b, "planned"));
		kx += 90;
	}
	if (has[2])
		chart_key(b, kx, 28, "#b00020", 1, _(b, "ceiling"));
	struct buf cap = {.pl = b->pl};
	buf_t(&cap, "Personnel deployed at the end of each month and on the day asked for, by country; dotted lines "
		    "mark resolutions.");
	buf_lit(&cap, " ");
	buf_lit(&cap, desc.p);
	chart_close(b, cap.p);
	if (table)
		series_table(b, pts, n);
	buf_free(&cap);
	buf_free(&marks);
	buf_free(&named);
	buf_free(&title);
	buf_free(&desc);
	for (int k = 0; k < n; k++)
		json_decref(pts[k].doc);
	free(pts);
}

void force_chart_pledges(struct buf *b, const json_t *doc)
{
	const json_t *rows = json_object_get(doc, "rows");
	size_t n = 0, i;
	json_t *r;
	long long vmax = 1;
	json_array_foreach(rows, i, r) {
		long long p = int_or(r, "pledged", 0), d = int_or(r, "deployed", 0);
		if (p <= 0 && d <= 0)
			continue;
		n++;
		vmax = p > vmax ? p : vmax;
		vmax = d > vmax ? d : vmax;
	}
	if (!n)
		return;
	const int left = 120, width = 220, bar = 9, lane = 2 * bar + 8;
	struct chart c = {.w = left + width + 80, .h = 24 + (int)n * lane, .left = left, .right = 80, .top = 22,
			  .bottom = 2, .d0 = 0, .d1 = vmax, .vmax = vmax};
	struct buf title = {.pl = b->pl}, desc = {.pl = b->pl};
	struct frags f = FRAGS_INIT(b);
	buf_tf(&title, "Personnel pledged and deployed per country on {1}",
	       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	const json_t *a = json_object_get(doc, "answer");
	buf_tf(&desc, "{1} pledged, {2} deployed.", frag_int(&f, int_or(a, "pledged_personnel", 0)),
	       frag_int(&f, int_or(a, "deployed_personnel", 0)), NULL);
	frags_free(&f);
	json_array_foreach(rows, i, r) {
		long long p = int_or(r, "pledged", -1), d = int_or(r, "deployed", 0);
		if (p <= 0 && d <= 0)
			continue;
		buf_lit(&desc, " ");
		if (p >= 0)
			buf_tf(&desc, "{1}: {2} of {3}.", frag_html(&f, json_string_value(json_object_get(r, "name"))),
			       frag_int(&f, d), frag_int(&f, p), NULL);
		else
			buf_tf(&desc, "{1}: {2}, no number pledged.",
			       frag_html(&f, json_string_value(json_object_get(r, "name"))), frag_int(&f, d), NULL);
		frags_free(&f);
	}
	chart_open(b, &c, "pledges-chart", title.p, desc.p);
	chart_key(b, left, 12, "#9ecae1", 0, _(b, "pledged"));
	chart_key(b, left + 90, 12, chart_palette[0], 0, _(b, "deployed"));
	size_t k = 0;
	json_array_foreach(rows, i, r) {
		long long p = int_or(r, "pledged", -1), d = int_or(r, "deployed", 0);
		if (p <= 0 && d <= 0)
			continue;
		int y = c.top + (int)k++ * lane;
		buf_num(b, "<g class=\"country\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + bar + 4);
		buf_html_cut(b, json_string_value(json_object_get(r, "name")), 18);
		buf_lit(b, "</text>");
		if (p > 0) {
			int w = (int)(p * width / vmax);
			buf_num(b, "<rect class=\"pledged\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#9ecae1\"/>"
				"<text x=\"%d\" y=\"%d\">", left, y, w > 1 ? w : 1, bar, left + w + 4, y + bar - 1);
			buf_int(b, p);
			buf_lit(b, "</text>");
		}
		int w = (int)(d * width / vmax);
		buf_num(b, "<rect class=\"deployed\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">", left, y + bar, w > 1 ? w : 1, bar, chart_palette[0], left + w + 4,
			y + 2 * bar - 1);
		buf_int(b, d);
		buf_lit(b, "</text></g>");
	}
	chart_close(b, desc.p);
	buf_free(&title);
	buf_free(&desc);
}
