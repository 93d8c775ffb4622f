/* oversight_page.c: the vetting page (coverage of the deployed contingents
 * in words, counts by result and scheme, the table by country) and the
 * complaints page (how many, by status, the table by category); the records
 * themselves only when the answer holds them, which it does for the
 * oversight role alone (src/oversight/vetting.c, complaints.c decide). */
#include "oversight_page.h"

#define LIST_ROWS 150

/* A count that may be a number or the words for a small count. */
static const char *count_frag(struct frags *f, const json_t *v)
{
	struct buf *o = frag_buf(f);
	page_value(o, NULL, v);
	return o->p;
}

static void small_counts_note(struct buf *b, const json_t *a)
{
	const char *small = json_string_value(json_object_get(a, "small_counts"));
	if (!small)
		return;
	buf_lit(b, "<p class=\"note\">");
	page_record_text(b, small);
	buf_lit(b, "</p>");
}

static void details(struct buf *b, const json_t *a, const char *title, const char *question, const struct qargs *q)
{
	const json_t *d = json_object_get(a, "details");
	if (!json_is_array(d))
		return;
	buf_lit(b, "<h2 id=\"records\">");
	buf_t(b, title);
	buf_lit(b, "</h2>");
	page_rows_more(b, d, LIST_ROWS, NULL, question, q);
}

static const char *const vetting_cols[] = {"name", "personnel", "covered", "records", "cleared", "refused", "pending",
					   "schemes", "sources", NULL};

void oversight_page_vetting(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	struct buf pct = {.pl = b->pl};
	buf_decimal(&pct, json_string_value(json_object_get(a, "coverage_pct")));
	buf_lit(b, "<p class=\"lead\">");
	/* xgettext:no-c-format */
	buf_tf(b, "Vetting covers {1} of the {2} deployed countries ({3}\xC2\xA0%) and {4} of their {5} personnel.",
	       frag_int_wrap(&f, "<span class=\"big\">", json_integer_value(json_object_get(a, "countries_covered")),
			     "</span>"),
	       frag_int(&f, json_integer_value(json_object_get(a, "countries_deployed"))), pct.p ? pct.p : "",
	       frag_int(&f, json_integer_value(json_object_get(a, "personnel_covered"))),
	       frag_int(&f, json_integer_value(json_object_get(a, "personnel_deployed"))), NULL);
	buf_free(&pct);
	frags_free(&f);
	buf_lit(b, " ");
	buf_tf(b, "Vetting records: {1}.", count_frag(&f, json_object_get(a, "records")), NULL);
	frags_free(&f);
	buf_lit(b, "</p><ul><li><b>");
	buf_t(b, "By result:");
	buf_lit(b, "</b> ");
	page_counts(b, json_object_get(a, "by_result"), "result");
	buf_lit(b, "</li><li><b>");
	buf_t(b, "By scheme:");
	buf_lit(b, "</b> ");
	page_counts(b, json_object_get(a, "by_scheme"), NULL);
	buf_lit(b, "</li></ul>");
	small_counts_note(b, a);
	page_rows_more(b, json_object_get(doc, "rows"), LIST_ROWS, vetting_cols, "vetting", q);
	details(b, a, N_("The vetting records (oversight)"), "vetting", q);
	page_rule(b, a);
}

void oversight_page_complaints(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tf(b, "Complaints of misconduct in the record: {1}.", count_frag(&f, json_object_get(a, "complaints")), NULL);
	frags_free(&f);
	buf_lit(b, "</p><p><b>");
	buf_t(b, "By status:");
	buf_lit(b, "</b> ");
	page_counts(b, json_object_get(a, "by_status"), "status");
	buf_lit(b, ".</p>");
	small_counts_note(b, a);
	page_rows_more(b, json_object_get(doc, "rows"), LIST_ROWS, NULL, "complaints", q);
	details(b, a, N_("The complaints (oversight)"), "complaints", q);
	page_rule(b, a);
}
