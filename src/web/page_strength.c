/* page_strength.c: the strength figures as a headline (total against the
 * planned strength and the ceiling, each with its sources) and as an inline
 * SVG bar chart by country drawn on the server: no script, prints as is. */
#include <string.h>

#include "web.h"

static void target_line(struct buf *b, const char *label, const json_t *t)
{
	if (!json_is_object(t))
		return;
	buf_lit(b, "<li>");
	buf_html(b, label);
	buf_lit(b, " <b>");
	buf_int(b, json_integer_value(json_object_get(t, "personnel")));
	buf_lit(b, "</b> (");
	buf_html(b, json_string_value(json_object_get(t, "set_by")));
	buf_lit(b, ", ");
	buf_html(b, json_string_value(json_object_get(t, "date")));
	buf_lit(b, "): ");
	buf_html(b, json_string_value(json_object_get(t, "share_pct")));
	buf_lit(b, "&nbsp;% reached, gap ");
	buf_int(b, json_integer_value(json_object_get(t, "gap")));
	buf_lit(b, " <span class=\"src\">");
	page_sources_inline(b, json_object_get(t, "sources"));
	buf_lit(b, "</span></li>");
}

void page_strength_headline(struct buf *b, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	buf_lit(b, "<p><span class=\"big\">");
	buf_int(b, json_integer_value(json_object_get(a, "total")));
	buf_lit(b, "</span> personnel from ");
	buf_int(b, json_integer_value(json_object_get(a, "countries")));
	buf_lit(b, " countries on ");
	buf_html(b, json_string_value(json_object_get(doc, "as_of")));
	buf_lit(b, "</p><ul>");
	target_line(b, "Planned", json_object_get(a, "target"));
	target_line(b, "Authorised ceiling", json_object_get(a, "ceiling"));
	const json_t *rep = json_object_get(a, "reported_total");
	if (json_is_object(rep)) {
		buf_lit(b, "<li>Latest reported mission total: ");
		const char *ql = json_string_value(json_object_get(rep, "qualifier"));
		if (ql && !strcmp(ql, "about"))
			buf_lit(b, "about ");
		buf_int(b, json_integer_value(json_object_get(rep, "personnel")));
		buf_lit(b, " on ");
		buf_html(b, json_string_value(json_object_get(rep, "date")));
		buf_lit(b, " <span class=\"src\">");
		page_sources_inline(b, json_object_get(rep, "sources"));
		buf_lit(b, "</span></li>");
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
	const int left = 130, width = 400, bar = 18, gap = 6;
	int height = (int)n * (bar + gap) + gap;
	buf_num(b, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-labelledby=\"chart-t\"><title id=\"chart-t\">",
		left + width + 70, height, left + width + 70, height);
	buf_lit(b, "Personnel by country on ");
	buf_html(b, json_string_value(json_object_get(doc, "as_of")));
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
	buf_lit(b, "</svg><figcaption class=\"note\">Personnel by country, as in the table below.</figcaption>"
		   "</figure>");
}
