/* missions_page.c: the missions page (how many missions the file holds and
 * which is authorised on the day, then each with its record's reach and its
 * succession) and the timeline page (how many dated events of each kind, then
 * the dated list). Reached through the question table's page hook. */
#include "mandate_page.h"

/* Rows the tables show; the rest is one link away (the JSON). The timeline's
 * lines are long: 80 of them keep its page under 40 KB in every language;
 * it shows the latest 80, the events a reader of the day asks for first. */
#define LIST_ROWS 150
#define TIMELINE_ROWS 80

static const char *const missions_cols[] = {"mission", "records", "first", "last", "last_kind", "authorised",
					    "symbol", "end", "predecessor", "successor", "sources", NULL};

void mandate_page_missions(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "missions"));
	const json_t *auth = json_object_get(a, "authorised");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} mission in the record.", "{1} missions in the record.", (unsigned long long)n,
		frag_int_wrap(&f, "<span class=\"big\">", n, "</span>"), NULL);
	frags_free(&f);
	buf_lit(b, " ");
	if (!json_array_size(auth)) {
		buf_tf(b, "None is authorised on {1}.", frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	} else {
		struct buf names = {.pl = b->pl};
		size_t i;
		json_t *v;
		json_array_foreach(auth, i, v) {
			if (i)
				buf_lit(&names, ", ");
			buf_html(&names, json_string_value(json_is_object(v) ? json_object_get(v, "mission") : v));
		}
		buf_tf(b, "Authorised on {1}: {2}.", frag_html(&f, json_string_value(json_object_get(doc, "as_of"))),
		       names.p ? names.p : "", NULL);
		buf_free(&names);
	}
	frags_free(&f);
	buf_lit(b, "</p>");
	page_rows_more(b, json_object_get(doc, "rows"), LIST_ROWS, missions_cols, "missions", q);
	page_rule(b, a);
}

static const char *const timeline_cols[] = {"date", "kind", "what", NULL};

void mandate_page_timeline(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "events"));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} dated event in the record on or before {2}.", "{1} dated events in the record on or before {2}.",
		(unsigned long long)n, frag_int_wrap(&f, "<span class=\"big\">", n, "</span>"),
		frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	long long undated = json_integer_value(json_object_get(a, "undated_left_out"));
	if (undated > 0) {
		buf_lit(b, " ");
		buf_tfn(b, "{1} record without a date is left out.", "{1} records without a date are left out.",
			(unsigned long long)undated, frag_int(&f, undated), NULL);
		frags_free(&f);
	}
	buf_lit(b, "</p>");
	if (json_object_size(json_object_get(a, "by_kind"))) {
		buf_lit(b, "<p><b>");
		buf_t(b, "By kind:");
		buf_lit(b, "</b> ");
		page_counts(b, json_object_get(a, "by_kind"), NULL);
		buf_lit(b, ".</p>");
	}
	page_rows_latest(b, json_object_get(doc, "rows"), TIMELINE_ROWS, timeline_cols, "timeline", q);
	page_rule(b, a);
}
