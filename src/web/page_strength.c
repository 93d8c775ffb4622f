/* page_strength.c: the strength figures as a headline (total against the
 * planned strength and the ceiling, each with its sources) and as an inline
 * SVG bar chart by country drawn on the server: no script, prints as is. */
#include <string.h>

#include "web.h"

/* `tmpl` is "Planned {1} ({2}, {3}): {4} % reached, gap {5}" or the ceiling's. */
static void target_line(struct buf *b, const char *tmpl, const json_t *t)
{
	if (!json_is_object(t))
		return;
	struct frags f = FRAGS_INIT(b);
	struct buf pct = {.pl = b->pl};
	buf_decimal(&pct, json_string_value(json_object_get(t, "share_pct")));
	buf_lit(b, "<li>");
	buf_tf(b, tmpl, frag_int_wrap(&f, "<b>", json_integer_value(json_object_get(t, "personnel")), "</b>"),
	       frag_en(&f, json_string_value(json_object_get(t, "set_by"))),
	       frag_html(&f, json_string_value(json_object_get(t, "date"))), pct.p ? pct.p : "",
	       frag_int(&f, json_integer_value(json_object_get(t, "gap"))), NULL);
	buf_free(&pct);
	frags_free(&f);
	buf_lit(b, " <span class=\"src\">");
	page_sources_inline(b, json_object_get(t, "sources"));
	buf_lit(b, "</span></li>");
}

void page_strength_headline(struct buf *b, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	long long countries = json_integer_value(json_object_get(a, "countries"));
	if (!json_integer_value(json_object_get(json_object_get(a, "freshness"), "figures"))) {
		/* Nothing reported: say so rather than "0 personnel". */
		buf_lit(b, "<p>");
		buf_tf(b, "The record holds no strength figure for {1} on or before {2}.",
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(doc, "mission")), "</b>"),
		       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
		frags_free(&f);
		buf_lit(b, "</p>");
		return;
	}
	buf_lit(b, "<p>");
	buf_tfn(b, "{1} personnel from {2} country on {3}", "{1} personnel from {2} countries on {3}",
		(unsigned long long)countries,
		frag_int_wrap(&f, "<span class=\"big\">", json_integer_value(json_object_get(a, "total")), "</span>"),
		frag_int(&f, countries), frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	buf_lit(b, "</p><ul>");
	/* xgettext:no-c-format */
	target_line(b, N_("Planned {1} ({2}, {3}): {4}\xC2\xA0% reached, gap {5}"), json_object_get(a, "target"));
	/* xgettext:no-c-format */
	target_line(b, N_("Authorised ceiling {1} ({2}, {3}): {4}\xC2\xA0% reached, gap {5}"),
		    json_object_get(a, "ceiling"));
	const json_t *rep = json_object_get(a, "reported_total");
	if (json_is_object(rep)) {
		const char *ql = json_string_value(json_object_get(rep, "qualifier"));
		const char *n = frag_int(&f, json_integer_value(json_object_get(rep, "personnel")));
		const char *on = frag_html(&f, json_string_value(json_object_get(rep, "date")));
		buf_lit(b, "<li>");
		if (ql && !strcmp(ql, "about"))
			buf_tf(b, "Latest reported mission total: about {1} on {2}", n, on, NULL);
		else
			buf_tf(b, "Latest reported mission total: {1} on {2}", n, on, NULL);
		frags_free(&f);
		buf_lit(b, " <span class=\"src\">");
		page_sources_inline(b, json_object_get(rep, "sources"));
		buf_lit(b, "</span></li>");
	}
	const json_t *fr = json_object_get(a, "freshness");
	long long n_stale = json_integer_value(json_object_get(fr, "stale_figures"));
	if (n_stale > 0) {
		buf_lit(b, "<li class=\"stale\"><b>");
		/* TRANSLATORS: {1} of {2} figures are older than {3} days; {4} is a
		 * country code, {5} the date of its report, {6} how many days before. */
		buf_tfn(b, "Stale: {1} of {2} figure rests on reports older than {3} days; the oldest carried "
			"forward is {4}'s of {5}, {6} days before this date",
			"Stale: {1} of {2} figures rest on reports older than {3} days; the oldest carried forward is "
			"{4}'s of {5}, {6} days before this date",
			(unsigned long long)json_integer_value(json_object_get(fr, "figures")), frag_int(&f, n_stale),
			frag_int(&f, json_integer_value(json_object_get(fr, "figures"))),
			frag_int(&f, json_integer_value(json_object_get(fr, "stale_after_days"))),
			frag_html(&f, json_string_value(json_object_get(fr, "oldest_country"))),
			frag_html(&f, json_string_value(json_object_get(fr, "oldest_report"))),
			frag_int(&f, json_integer_value(json_object_get(fr, "oldest_age_days"))), NULL);
		frags_free(&f);
		buf_lit(b, "</b></li>");
	}
	buf_lit(b, "</ul>");
	const char *by = json_string_value(json_object_get(a, "by"));
	if (by && !strcmp(by, "country"))
		svg_strength(b, doc);
}

void svg_strength(struct buf *b, const json_t *doc)
{
	const json_t *rows = json_object_get(doc, "rows");
	size_t n = json_array_size(rows), i;
	if (!n)
		return;
	long long max = 1;
	json_t *r;
	json_array_foreach(rows, i, r)
		if (json_integer_value(json_object_get(r, "personnel")) > max)
			max = json_integer_value(json_object_get(r, "personnel"));
	/* 380 units wide: on a phone (about 360 px of page) the labels stay
	 * near their 12 px; a wider drawing would shrink them to 7 px. */
	const int left = 130, width = 180, bar = 18, gap = 6;
	int height = (int)n * (bar + gap) + gap;
	buf_num(b, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-labelledby=\"chart-t\"><title id=\"chart-t\">",
		left + width + 70, height, left + width + 70, height);
	struct frags f = FRAGS_INIT(b);
	buf_tf(b, "Personnel by country on {1}", frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	buf_lit(b, "</title>");
	json_array_foreach(rows, i, r) {
		long long v = json_integer_value(json_object_get(r, "personnel"));
		int y = gap + (int)i * (bar + gap);
		int w = (int)(v * width / max);
		buf_num(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + bar - 5);
		buf_html_cut(b, json_string_value(json_object_get(r, "name")), 20);
		buf_num(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#0b5c8a\"/>"
			"<text x=\"%d\" y=\"%d\">", left, y, w > 1 ? w : 1, bar, left + w + 4, y + bar - 5);
		buf_int(b, v);
		buf_lit(b, "</text>");
	}
	buf_lit(b, "</svg><figcaption class=\"note\">");
	buf_t(b, "Personnel by country, as in the table below.");
	buf_lit(b, "</figcaption></figure>");
}
