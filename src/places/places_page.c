/* places_page.c: the places page (how many places, by status, how many on
 * the map, then the map and the list) and the incidents page (reports and
 * incidents, deaths as the reports' range, then the list). */
#include "places_page.h"

/* Rows the tables show; the rest is one link away (the JSON). */
#define LIST_ROWS 150

static const char *const places_cols[] = {"name", "aliases", "place_type", "areas", "status", "lat", "lon",
					  "sources", NULL};

void places_page_places(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	long long n = json_integer_value(json_object_get(a, "places"));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} place in the record on {2}.", "{1} places in the record on {2}.", (unsigned long long)n,
		frag_int_wrap(&f, "<span class=\"big\">", n, "</span>"),
		frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	if (json_object_size(json_object_get(a, "by_status"))) {
		buf_lit(b, " ");
		buf_t(b, "By status:");
		buf_lit(b, " ");
		page_counts(b, json_object_get(a, "by_status"), "status");
		buf_lit(b, ".");
	}
	long long without = json_integer_value(json_object_get(a, "without_point"));
	buf_lit(b, " ");
	buf_tf(b, "{1} on the map; {2} without a point.", frag_int(&f, json_integer_value(json_object_get(a, "with_point"))),
	       frag_int(&f, without), NULL);
	frags_free(&f);
	buf_lit(b, "</p>");
	svg_places_map(b, doc);
	page_rows_more(b, json_object_get(doc, "rows"), LIST_ROWS, places_cols, "places", q);
	page_rule(b, a);
}

static const char *const incidents_cols[] = {"date", "place_name", "incident_kind", "fatalities_low",
					     "fatalities_best", "fatalities_high", "injuries_best", "actors", "used",
					     "sources", NULL};

void places_page_incidents(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	long long reports = json_integer_value(json_object_get(a, "reports"));
	long long events = json_integer_value(json_object_get(a, "events"));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, "{1} report of {2} incidents.", "{1} reports of {2} incidents.", (unsigned long long)reports,
		frag_int_wrap(&f, "<span class=\"big\">", reports, "</span>"), frag_int(&f, events), NULL);
	frags_free(&f);
	long long conflicting = json_integer_value(json_object_get(a, "events_with_conflicting_reports"));
	if (conflicting > 0) {
		buf_lit(b, " ");
		buf_tfn(b, "The reports of {1} incident disagree: see below.",
			"The reports of {1} incidents disagree: see below.", (unsigned long long)conflicting,
			frag_int(&f, conflicting), NULL);
		frags_free(&f);
	}
	const json_t *fat = json_object_get(a, "fatalities");
	if (json_is_object(fat)) {
		buf_lit(b, " ");
		buf_tf(b, "Deaths reported: {1} (at least {2}, at most {3}).",
		       frag_int(&f, json_integer_value(json_object_get(fat, "best"))),
		       frag_int(&f, json_integer_value(json_object_get(fat, "low"))),
		       frag_int(&f, json_integer_value(json_object_get(fat, "high"))), NULL);
		frags_free(&f);
	}
	buf_lit(b, "</p>");
	page_rows_more(b, json_object_get(doc, "rows"), LIST_ROWS, incidents_cols, "incidents", q);
	page_rule(b, a);
}
