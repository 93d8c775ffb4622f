/* page_parts.c: the parts the features' pages are made of, beside the
 * generic answer page (page_answer.c): a long table cut with the full list
 * one link away, counts in words, the answer's rule as a note. */
#include <stddef.h>
#include <string.h>

#include "web.h"

/* The note of rows left out of a table: `more` after the rows shown, or
 * before them when `earlier`, with the link to the full list. */
static void more_note(struct buf *b, size_t more, int earlier, const char *question, const struct qargs *q)
{
	if (!more)
		return;
	static const struct {
		const char *key;
		size_t off;
	} keep[] = {{"as_of", offsetof(struct qargs, as_of)}, {"mission", offsetof(struct qargs, mission)},
		    {"by", offsetof(struct qargs, by)}, {"currency", offsetof(struct qargs, currency)},
		    {"status", offsetof(struct qargs, status)}};
	/* The API is English only: its links never carry the language. */
	struct buf link = {.pl = b->pl};
	buf_lit(&link, "<a href=\"/api/v1/");
	buf_url(&link, question);
	int first = 1;
	for (size_t i = 0; q && i < sizeof keep / sizeof *keep; i++) {
		const char *v = *(const char *const *)((const char *)q + keep[i].off);
		if (!v)
			continue;
		buf_lit(&link, first ? "?" : "&amp;");
		buf_lit(&link, keep[i].key);
		buf_lit(&link, "=");
		buf_url(&link, v);
		first = 0;
	}
	buf_lit(&link, "\" hreflang=\"en\">");
	buf_t(&link, "the full list");
	buf_lit(&link, "</a>");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"note\">");
	if (earlier)
		/* TRANSLATORS: {1} a count of the earliest rows, not shown above the
		 * latest ones; {2} a link "the full list". */
		buf_tfn(b, "{1} earlier row is not shown here: {2}.", "{1} earlier rows are not shown here: {2}.", more,
			frag_int(&f, (long long)more), link.p, NULL);
	else
		/* TRANSLATORS: {1} a count of rows not shown, {2} a link "the full list". */
		buf_tfn(b, "{1} more row is not shown here: {2}.", "{1} more rows are not shown here: {2}.", more,
			frag_int(&f, (long long)more), link.p, NULL);
	buf_lit(b, "</p>");
	frags_free(&f);
	buf_free(&link);
}

void page_more(struct buf *b, size_t more, const char *question, const struct qargs *q)
{
	more_note(b, more, 0, question, q);
}

void page_rows_latest(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen,
		      const char *question, const struct qargs *q)
{
	size_t n = json_array_size(rows);
	if (n <= max_rows) {
		page_rows(b, rows, max_rows, chosen);
		return;
	}
	more_note(b, n - max_rows, 1, question, q);
	json_t *last = json_array();
	for (size_t i = n - max_rows; i < n; i++)
		json_array_append(last, json_array_get(rows, i));
	page_rows(b, last, max_rows, chosen);
	json_decref(last);
}

void page_rows_more(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen,
		    const char *question, const struct qargs *q)
{
	size_t n = json_array_size(rows);
	if (n <= max_rows) {
		page_rows(b, rows, max_rows, chosen);
		return;
	}
	json_t *first = json_array();
	for (size_t i = 0; i < max_rows; i++)
		json_array_append(first, json_array_get(rows, i));
	page_rows(b, first, max_rows, chosen);
	json_decref(first);
	page_more(b, n - max_rows, question, q);
}

void page_counts(struct buf *b, const json_t *counts, const char *field)
{
	const char *k;
	json_t *v;
	int first = 1;
	json_object_foreach((json_t *)counts, k, v) {
		if (!first)
			buf_lit(b, "; ");
		first = 0;
		const char *l = field ? label_of_value(field, k) : NULL;
		if (l)
			buf_t(b, l);
		else
			page_label(b, k);
		buf_lit(b, " ");
		if (json_is_integer(v))
			buf_int(b, json_integer_value(v));
		else
			page_value(b, NULL, v);
	}
}

void page_rule(struct buf *b, const json_t *answer)
{
	const char *rule = json_string_value(json_object_get(answer, "rule"));
	if (!rule)
		return;
	buf_lit(b, "<p class=\"note\"><b>");
	buf_t(b, "Rule:");
	buf_lit(b, "</b> ");
	page_record_text(b, rule);
	buf_lit(b, "</p>");
}
