/* force_page.c: the strength and pledges pages — the strength headline and
 * its chart by country, then strength over time; pledged against deployed in
 * words, as a chart and as a table of chosen columns. */
#include <string.h>

#include "../core/date.h"
#include "force_page.h"

/* Rows the pages' tables show; the rest is one link away (the JSON). */
#define FORCE_ROWS 150

static int day_of(const json_t *doc, int *day)
{
	struct err e;
	const char *s = json_string_value(json_object_get(doc, "as_of"));
	return s && day_parse_or_err(s, day, &e) == 0;
}

static void rows_table(struct buf *b, const json_t *rows, const char *const *cols)
{
	buf_lit(b, "<h2>");
	buf_t(b, "Table");
	buf_lit(b, "</h2>");
	page_rows(b, rows, FORCE_ROWS, cols);
}

/* How the total is made, in words: its basis, the countries' sum beside a
 * reported total, the latest complete table, the movements of uncertain date
 * left out, and the rule. */
static void how_made(struct buf *b, const json_t *a)
{
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<h2 id=\"how\">");
	buf_t(b, "How the figure is made");
	buf_lit(b, "</h2><ul>");
	const char *basis = json_string_value(json_object_get(a, "total_basis"));
	if (basis && !strcmp(basis, "reported total")) {
		buf_lit(b, "<li>");
		buf_tf(b, "The total is the publisher's reported total; the countries add up to {1}.",
		       frag_int(&f, json_integer_value(json_object_get(a, "detail_total"))), NULL);
		buf_lit(b, "</li>");
	} else if (basis) {
		buf_lit(b, "<li>");
		buf_t(b, "The total is the sum of the countries: no reported total is newer than their figures.");
		buf_lit(b, "</li>");
	}
	frags_free(&f);
	const json_t *ct = json_object_get(a, "complete_table");
	if (json_is_object(ct)) {
		struct buf v = {.pl = b->pl};
		page_value(&v, NULL, ct);
		buf_lit(b, "<li>");
		buf_tf(b, "The latest complete table of the mission: {1}.", v.p ? v.p : "", NULL);
		buf_lit(b, "</li>");
		buf_free(&v);
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(a, "possible"), i, p) {
		const char *date = json_string_value(json_object_get(p, "date"));
		buf_lit(b, "<li>");
		struct buf kind = {.pl = b->pl};
		page_value(&kind, "kind", json_object_get(p, "kind"));
		buf_tf(b, "Not counted, its date uncertain: {1} of {2} ({3}, {4}).", kind.p ? kind.p : "",
		       frag_int(&f, json_integer_value(json_object_get(p, "personnel"))),
		       frag_html(&f, json_string_value(json_object_get(p, "country"))),
		       date ? frag_html(&f, date) : _(b, "date unknown"), NULL);
		buf_free(&kind);
		frags_free(&f);
		buf_lit(b, " ");
		page_record_link(b, json_string_value(json_object_get(p, "record")));
		buf_lit(b, " <span class=\"src\">");
		page_sources_inline(b, json_object_get(p, "sources"));
		buf_lit(b, "</span></li>");
	}
	buf_lit(b, "</ul>");
	page_rule(b, a);
}

void force_page_strength(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	page_strength_headline(b, doc);
	const char *mission = json_string_value(json_object_get(doc, "mission"));
	int day;
	if (mission && strcmp(mission, "all") && day_of(doc, &day)) {
		buf_lit(b, "<h2 id=\"over-time\">");
		buf_t(b, "Strength over time");
		buf_lit(b, "</h2>");
		force_chart_strength(b, s, mission, day, 1);
	}
	how_made(b, json_object_get(doc, "answer"));
	(void)q;
	rows_table(b, json_object_get(doc, "rows"), question_find("strength")->columns);
}

static const char *const pledges_cols[] = {"name", "pledged", "status", "pledge_date", "deployed", "gap",
					   "share_pct", "sources", NULL};

void force_page_pledges(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	long long countries = json_integer_value(json_object_get(a, "countries_pledged"));
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} pledged by {2} country; {3} deployed.", "{1} pledged by {2} countries; {3} deployed.",
		(unsigned long long)countries,
		frag_int_wrap(&f, "<span class=\"big\">", json_integer_value(json_object_get(a, "pledged_personnel")),
			      "</span>"),
		frag_int(&f, countries),
		frag_int_wrap(&f, "<b>", json_integer_value(json_object_get(a, "deployed_personnel")), "</b>"), NULL);
	frags_free(&f);
	const json_t *never = json_object_get(a, "never_deployed_names");
	if (json_array_size(never)) {
		struct buf names = {.pl = b->pl};
		size_t i;
		json_t *v;
		json_array_foreach(never, i, v) {
			if (i)
				buf_lit(&names, ", ");
			buf_html(&names, json_string_value(v));
		}
		buf_lit(b, " ");
		buf_tf(b, "Never deployed: {1}.", names.p, NULL);
		buf_free(&names);
	}
	buf_lit(b, "</p>");
	force_chart_pledges(b, doc);
	(void)q;
	rows_table(b, json_object_get(doc, "rows"), pledges_cols);
	page_rule(b, a);
}
