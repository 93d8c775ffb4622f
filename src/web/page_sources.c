/* page_sources.c: how a page names the record: a link to a record, the
 * sources of a figure inline (each once), and the numbered list of an
 * answer's sources with their grades. Declared in web.h. */
#include <string.h>

#include "web.h"

void page_record_link(struct buf *b, const char *id)
{
	if (!id)
		return;
	buf_lit(b, "<a href=\"/record/");
	buf_url(b, id);
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	buf_html_cut(b, id, 8);
	buf_lit(b, "</a>");
}

void page_sources_inline(struct buf *b, const json_t *refs)
{
	size_t i;
	json_t *v;
	int first = 1;
	json_array_foreach(refs, i, v) {
		const char *ref = json_string_value(v);
		size_t j = 0;
		/* Each once: a figure summed from several records cites one
		 * source as often as they do. */
		while (j < i && !json_equal(json_array_get(refs, j), v))
			j++;
		if (!ref || j < i)
			continue;
		if (!first)
			buf_lit(b, ", ");
		first = 0;
		buf_lit(b, "<a href=\"/source/");
		buf_url(b, ref);
		buf_href_lang(b, 1);
		buf_lit(b, "\">");
		buf_html(b, ref);
		buf_lit(b, "</a>");
	}
}

void page_sources(struct buf *b, const json_t *sources)
{
	if (!json_array_size(sources))
		return;
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<h2 id=\"sources\">");
	buf_tf(b, "Sources ({1})", frag_int(&f, (long long)json_array_size(sources)), NULL);
	buf_lit(b, "</h2><ol class=\"src\">");
	frags_free(&f);
	size_t i;
	json_t *s;
	json_array_foreach(sources, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));
		const char *url = json_string_value(json_object_get(s, "url"));
		const char *date = json_string_value(json_object_get(s, "date"));
		buf_lit(b, "<li>[");
		buf_html(b, json_string_value(json_object_get(s, "grade")));
		buf_lit(b, "] <a href=\"/source/");
		buf_url(b, id);
		buf_href_lang(b, 1);
		buf_lit(b, "\">");
		buf_html(b, id);
		buf_lit(b, "</a>: ");
		buf_html(b, json_string_value(json_object_get(s, "publisher")));
		buf_lit(b, ", ");
		/* Only web addresses become links: never javascript: or data:. */
		int link = url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7));
		if (link) {
			buf_lit(b, "<a href=\"");
			buf_html(b, url);
			buf_lit(b, "\" rel=\"noreferrer\">");
		}
		/* TRANSLATORS: a publication's title in quotation marks. */
		buf_tf(b, "\xE2\x80\x9C{1}\xE2\x80\x9D", frag_html(&f, json_string_value(json_object_get(s, "title"))),
		       NULL);
		frags_free(&f);
		if (link)
			buf_lit(b, "</a>");
		if (date) {
			buf_lit(b, ", ");
			buf_html(b, date);
		}
		buf_lit(b, "</li>");
	}
	buf_lit(b, "</ol>");
}
