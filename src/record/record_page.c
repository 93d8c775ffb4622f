/* record_page.c: the disagreements page (how many, by area and by kind of
 * check, in words; the disagreements themselves follow, each with its
 * claims, the figure used and the rule) and the sources page (how many by
 * grade, what the grades mean, and the list with how many records cite
 * each). */
#include "record_page.h"

#define SOURCES_ROWS 150

void record_page_conflicts(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	(void)q;
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "disagreements"));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} disagreement between sources in the record.", "{1} disagreements between sources in the record.",
		(unsigned long long)n, frag_int_wrap(&f, "<span class=\"big\">", n, "</span>"), NULL);
	frags_free(&f);
	buf_lit(b, " ");
	buf_t(b, "Each is shown with every claim, the figure the answers use and the rule that chose it.");
	buf_lit(b, "</p>");
	if (n) {
		buf_lit(b, "<ul><li><b>");
		buf_t(b, "By area:");
		buf_lit(b, "</b> ");
		page_counts(b, json_object_get(a, "by_area"), NULL);
		buf_lit(b, "</li><li><b>");
		buf_t(b, "By kind of check:");
		buf_lit(b, "</b> ");
		page_counts(b, json_object_get(a, "by_kind"), NULL);
		buf_lit(b, "</li></ul>");
	}
	page_rule(b, a);
}

static const char *const source_cols[] = {"id", "publisher", "title", "date", "grade", "records", NULL};

void record_page_sources(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "sources"));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "The record cites {1} source.", "The record cites {1} sources.", (unsigned long long)n,
		frag_int_wrap(&f, "<span class=\"big\">", n, "</span>"), NULL);
	frags_free(&f);
	buf_lit(b, " ");
	buf_t(b, "By grade:");
	buf_lit(b, " ");
	page_counts(b, json_object_get(a, "by_grade"), NULL);
	buf_lit(b, ".</p>");
	const char *grades = json_string_value(json_object_get(a, "grades"));
	if (grades) {
		buf_lit(b, "<p class=\"note\"><b>");
		buf_t(b, "Grades:");
		buf_lit(b, "</b> ");
		page_record_text(b, grades);
		buf_lit(b, "</p>");
	}
	const json_t *rows = json_object_get(doc, "rows");
	if (json_array_size(rows)) {
		buf_lit(b, "<h2 id=\"list\">");
		buf_t(b, "The sources");
		buf_lit(b, "</h2>");
		page_rows_more(b, rows, SOURCES_ROWS, source_cols, "sources", q);
	}
}
