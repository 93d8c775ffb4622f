/* mandate_page.c: the pages of the mandate questions — the resolutions as
 * bands on a time axis with their expiry, review and succession (an SVG with
 * a table beside it) and the authorisation on the day in words; promises and
 * obligations grouped by status, each with its deadline, what was promised
 * or required and what the record shows. Reached through the question
 * table's page hook (src/web/questions.c). */
#include <string.h>

#include "../core/date.h"
#include "mandate.h"
#include "mandate_page.h"

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long dayno_of(const char *s)
{
	int d;
	struct err e;
	if (!s || day_parse_or_err(s, &d, &e) < 0)
		return -1;
	return day_number(d);
}

/* ---- the mandate ---- */

static void mandate_words(struct buf *b, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	if (json_is_true(json_object_get(a, "authorised"))) {
		long long left = json_integer_value(json_object_get(a, "days_left"));
		buf_tf(b, "{1} is authorised under {2} until {3}:", frag_wrap(&f, "<b>", str(a, "mission"), "</b>"),
		       frag_html(&f, str(a, "symbol")), frag_wrap(&f, "<b>", str(a, "until"), "</b>"), NULL);
		buf_lit(b, " ");
		buf_tfn(b, "{1} day left", "{1} days left", left < 0 ? 0 : (unsigned long long)left,
			frag_int_wrap(&f, "<span class=\"big\">", left, "</span>"), NULL);
		buf_lit(b, ".");
	} else {
		const char *next = str(a, "next_start");
		const char *on = frag_html(&f, str(doc, "as_of"));
		if (next)
			buf_tf(b, "No mission is authorised on {1}; the next authorisation begins on {2}.", on,
			       frag_html(&f, next), NULL);
		else
			buf_tf(b, "No mission is authorised on {1}.", on, NULL);
		frags_free(&f);
		const json_t *ended = json_object_get(a, "last_ended"), *last = json_object_get(a, "last_resolution");
		if (!next && json_is_object(ended)) {
			buf_lit(b, " ");
			buf_tf(b, "The last authorisation, of {1}, ended on {2}.", frag_html(&f, str(ended, "mission")),
			       frag_html(&f, str(ended, "end")), NULL);
			frags_free(&f);
		}
		if (!next && json_is_object(last)) {
			buf_lit(b, " ");
			buf_tf(b, "The record holds no resolution after {1} ({2}).", frag_html(&f, str(last, "date")),
			       frag_html(&f, str(last, "symbol")), NULL);
		}
	}
	frags_free(&f);
	buf_lit(b, "</p>");
}

/* The resolutions as bands: one lane each, oldest on top, from its start to
 * its end, its colour its mission's; a mark at its review; the day asked
 * about as a line across. */
static void mandate_bands(struct buf *b, const json_t *doc)
{
	const json_t *rows = json_object_get(doc, "rows");
	size_t n = json_array_size(rows), i;
	if (!n)
		return;
	long d0 = -1, d1 = -1, asked = dayno_of(str(doc, "as_of"));
	json_t *r;
	json_array_foreach(rows, i, r) {
		long s = dayno_of(str(r, "start")), e = dayno_of(str(r, "end"));
		if (s >= 0 && (d0 < 0 || s < d0))
			d0 = s;
		if (e > d1)
			d1 = e;
	}
	if (d0 < 0)
		return;
	if (asked > d1)
		d1 = asked;
	if (d1 <= d0)
		d1 = d0 + 365;
	const int lane = 36;
	struct chart c = {.w = 460, .h = 40 + (int)n * lane + 24, .left = 8, .right = 8, .top = 24, .bottom = 24,
			  .d0 = d0 - 30, .d1 = d1 + 30, .vmax = 1};
	struct buf title = {.pl = b->pl}, desc = {.pl = b->pl};
	struct frags f = FRAGS_INIT(b);
	buf_t(&title, "The resolutions that authorised a mission, on a time axis");
	buf_tfn(&desc, "{1} authorisation in the record.", "{1} authorisations in the record.", n,
		frag_int(&f, (long long)n), NULL);
	frags_free(&f);
	json_array_foreach(rows, i, r) {
		buf_lit(&desc, " ");
		if (str(r, "successor_of"))
			buf_tf(&desc, "{1} ({2}) from {3} until {4}, succeeding {5}.", frag_html(&f, str(r, "symbol")),
			       frag_html(&f, str(r, "mission")), frag_html(&f, str(r, "start")),
			       frag_html(&f, str(r, "end")), frag_html(&f, str(r, "successor_of")), NULL);
		else
			buf_tf(&desc, "{1} ({2}) from {3} until {4}.", frag_html(&f, str(r, "symbol")),
			       frag_html(&f, str(r, "mission")), frag_html(&f, str(r, "start")),
			       frag_html(&f, str(r, "end")), NULL);
		frags_free(&f);
	}
	chart_open(b, &c, "mandate-bands", title.p, desc.p);
	/* Each mission keeps one colour. */
	json_t *colour = json_object();
	json_array_foreach(rows, i, r) {
		const char *m = str(r, "mission");
		if (m && !json_object_get(colour, m))
			json_object_set_new(colour, m, json_integer((json_int_t)json_object_size(colour) % CHART_COLOURS));
	}
	json_array_foreach(rows, i, r) {
		long s = dayno_of(str(r, "start")), e = dayno_of(str(r, "end"));
		if (s < 0)
			continue;
		if (e < 0)
			e = d1;
		int y = c.top + (int)i * lane, x0 = chart_x(&c, s), x1 = chart_x(&c, e);
		const char *col = chart_palette[json_integer_value(json_object_get(colour, str(r, "mission")))];
		/* The label above its band, moved left where it would leave the drawing. */
		struct buf label = {.pl = b->pl};
		buf_html(&label, str(r, "symbol"));
		buf_lit(&label, " \xC2\xB7 ");
		buf_html(&label, str(r, "mission"));
		int w = chart_text_width(label.p, 12), lx = x0;
		if (lx + w > c.w - 2)
			lx = c.w - 2 - w;
		buf_num(b, "<text x=\"%d\" y=\"%d\">", lx > 2 ? lx : 2, y + 11);
		buf_lit(b, label.p);
		buf_lit(b, "</text>");
		buf_free(&label);
		buf_num(b, "<rect class=\"band\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", x0, y + 15,
			x1 - x0 > 2 ? x1 - x0 : 2, lane - 20);
		buf_lit(b, col);
		buf_lit(b, "\" fill-opacity=\"0.25\" stroke=\"");
		buf_lit(b, col);
		buf_lit(b, "\"/>");
		long rv = dayno_of(str(r, "review"));
		if (rv >= 0)
			buf_num(b, "<path class=\"review\" d=\"M%d %dv%d\" stroke=\"#1b1b1b\" stroke-dasharray=\"3 2\"/>",
				chart_x(&c, rv), y + 15, lane - 20);
		/* Succession: an arrow from the predecessor's lane down to this band's start. */
		if (str(r, "successor_of") && i > 0)
			buf_num(b, "<path class=\"succession\" d=\"M%d %dV%d\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>"
				"<path d=\"M%d %dl-4 -6h8z\" fill=\"#1b1b1b\"/>", x0, y - 6, y + 15, x0, y + 15);
	}
	json_decref(colour);
	if (asked >= 0) {
		int x = chart_x(&c, asked);
		buf_num(b, "<path class=\"asked\" d=\"M%d %dV%d\" stroke=\"#b00020\" stroke-width=\"2\"/><text x=\"%d\" "
			"y=\"%d\" text-anchor=\"%s\">", x, c.top - 6, c.h - c.bottom, x > c.w / 2 ? x - 4 : x + 4, c.top - 10,
			x > c.w / 2 ? "end" : "start");
		buf_html(b, str(doc, "as_of"));
		buf_lit(b, "</text>");
	}
	c.top = c.h - c.bottom;
	chart_time_axis(b, &c);
	buf_lit(&desc, " ");
	buf_t(&desc, "The red line is the day asked about; a dashed mark is a review date.");
	chart_close(b, desc.p);
	buf_free(&title);
	buf_free(&desc);
}

static void mandate_table(struct buf *b, const json_t *rows)
{
	static const char *const cols[] = {"symbol", "mission", "start", "end", "review", "status", "ceiling",
					   "successor_of"};
	buf_lit(b, "<table><thead><tr>");
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
		buf_lit(b, "<th scope=\"col\">");
		page_label(b, cols[k]);
		buf_lit(b, "</th>");
	}
	buf_lit(b, "</tr></thead><tbody>");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		buf_lit(b, "<tr><td><a href=\"/record/");
		buf_url(b, str(r, "record"));
		buf_href_lang(b, 1);
		buf_lit(b, "\">");
		buf_html(b, str(r, "symbol"));
		buf_lit(b, "</a> <span class=\"src\">");
		page_sources_inline(b, json_object_get(r, "sources"));
		buf_lit(b, "</span></td>");
		for (size_t k = 1; k < sizeof cols / sizeof *cols; k++) {
			json_t *v = json_object_get(r, cols[k]);
			if (!strcmp(cols[k], "ceiling"))
				v = json_object_get(v, "total");
			if (!v || json_is_null(v)) {
				buf_lit(b, "<td class=\"e\"></td>");
				continue;
			}
			buf_lit(b, "<td data-label=\"");
			page_label(b, cols[k]);
			buf_lit(b, "\">");
			page_value(b, cols[k], v);
			buf_lit(b, "</td>");
		}
		buf_lit(b, "</tr>");
	}
	buf_lit(b, "</tbody></table>");
}

void mandate_page_mandate(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	(void)q;
	mandate_words(b, doc);
	const json_t *rows = json_object_get(doc, "rows");
	if (!json_array_size(rows)) {
		buf_lit(b, "<p>");
		buf_t(b, "The record holds no resolution that authorises a mission.");
		buf_lit(b, "</p>");
	} else {
		buf_lit(b, "<h2 id=\"resolutions\">");
		buf_t(b, "The resolutions over time");
		buf_lit(b, "</h2>");
		mandate_bands(b, doc);
		mandate_table(b, rows);
	}
	page_rule(b, json_object_get(doc, "answer"));
}
