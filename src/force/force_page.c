/* force_page.c: the strength and pledges pages — the strength headline and
 * its chart by country, then strength over time; pledged against deployed in
 * words, as a chart and as a table of chosen columns. */
#include <string.h>

#include "../core/date.h"
#include "force_page.h"

/* Rows the pages' tables show; the rest is one link away (the JSON). */
#define FORCE_ROWS 150

static const char *const strength_cols[] = {"mission", "country", "name", "unit", "category", "personnel_type",
					    "gender", "personnel", "missions", "basis", "snapshot_date", "latest_report",
					    "stale", "bounds", "countries", "sources", NULL};

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
	buf_lit(b, "<h2>");
	buf_t(b, "Answer");
	buf_lit(b, "</h2>");
	page_figures(b, json_object_get(doc, "answer"));
	(void)q;
	rows_table(b, json_object_get(doc, "rows"), strength_cols);
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
