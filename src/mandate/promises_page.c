/* promises_page.c: the promises and obligations pages — grouped by status
 * (missed or overdue first, then pending, kept or met, unknown), one table a
 * group with who, what was promised or required, the deadline and what the
 * record shows, and why the status was given. */
#include <string.h>

#include "mandate_page.h"

/* Rows a group's table shows; the rest is one link away (the JSON). */
#define GROUP_ROWS 40

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* One group's heading: "Missed (7)", with the status as its id. */
static void group_heading(struct buf *b, const char *status, size_t n)
{
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<h2 id=\"");
	buf_html(b, status);
	buf_lit(b, "\">");
	const char *l = label_of(status);
	buf_tf(b, "{1} ({2})", l ? _(b, l) : status, frag_int(&f, (long long)n), NULL);
	buf_lit(b, "</h2>");
	frags_free(&f);
}

static void head_row(struct buf *b, const char *const *cols, int n)
{
	buf_lit(b, "<table class=\"grouped\"><thead><tr>");
	for (int k = 0; k < n; k++) {
		buf_lit(b, "<th scope=\"col\">");
		buf_t(b, cols[k]);
		buf_lit(b, "</th>");
	}
	buf_lit(b, "</tr></thead><tbody>");
}

static void cell_open(struct buf *b, const char *label)
{
	buf_lit(b, "<td data-label=\"");
	buf_t(b, label);
	buf_lit(b, "\">");
}

/* English text from the record or the rule (a reason), marked as English. */
static void english(struct buf *b, const char *s)
{
	page_en_open(b, "span");
	buf_html(b, s);
	page_en_close(b, "span");
}

static const char *const promise_cols[] = {N_("Who"), N_("What was promised"), N_("Deadline"),
					   N_("What the record shows"), N_("Why")};

static void promise_row(struct buf *b, const json_t *r)
{
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<tr><td><a href=\"/record/");
	buf_url(b, str(r, "record"));
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	const char *who = str(r, "name") ? str(r, "name") : str(r, "person") ? str(r, "person") : str(r, "mission");
	buf_html(b, who);
	buf_lit(b, "</a>");
	if (str(r, "person") && who != str(r, "person")) {
		buf_lit(b, " (");
		buf_html(b, str(r, "person"));
		buf_lit(b, ")");
	}
	buf_lit(b, "</td>");
	cell_open(b, promise_cols[1]);
	buf_lit(b, "\xE2\x80\x9C");
	english(b, str(r, "what"));
	buf_lit(b, "\xE2\x80\x9D");
	const json_t *target = json_object_get(r, "target");
	if (json_is_object(target)) {
		buf_lit(b, "; ");
		struct buf tv = {.pl = b->pl};
		page_value(&tv, NULL, target);
		buf_tf(b, "target {1}", tv.p ? tv.p : "", NULL);
		buf_free(&tv);
	}
	if (str(r, "promised")) {
		buf_lit(b, " ");
		buf_tf(b, "(promised {1})", frag_html(&f, str(r, "promised")), NULL);
		frags_free(&f);
	}
	buf_lit(b, " <span class=\"src\">");
	page_sources_inline(b, json_object_get(r, "sources"));
	buf_lit(b, "</span></td>");
	cell_open(b, promise_cols[2]);
	buf_html(b, str(r, "deadline") ? str(r, "deadline") : "\xE2\x80\x94");
	const char *basis = str(r, "deadline_basis");
	if (basis && strcmp(basis, "stated")) {
		buf_lit(b, " <span class=\"note\">");
		english(b, basis);
		buf_lit(b, "</span>");
	}
	buf_lit(b, "</td>");
	cell_open(b, promise_cols[3]);
	const json_t *fig = json_object_get(r, "figure");
	if (json_is_object(fig)) {
		page_value(b, NULL, fig);
	} else {
		buf_t(b, "no figure");
	}
	const json_t *gap = json_object_get(r, "gap");
	if (gap && !json_is_null(gap)) {
		buf_lit(b, "; ");
		buf_t(b, "gap");
		buf_lit(b, " ");
		page_value(b, json_is_object(gap) ? NULL : "gap", gap);
	}
	if (str(r, "reached_on")) {
		buf_lit(b, "; ");
		buf_tf(b, "reached on {1}", frag_html(&f, str(r, "reached_on")), NULL);
		frags_free(&f);
	}
	if (json_is_true(json_object_get(r, "stale"))) {
		buf_lit(b, " <b class=\"stale\">");
		buf_t(b, "stale");
		buf_lit(b, "</b>");
	}
	buf_lit(b, "</td>");
	cell_open(b, promise_cols[4]);
	english(b, str(r, "why"));
	buf_lit(b, "</td></tr>");
}

static const char *const obligation_cols[] = {N_("Resolution"), N_("Who"), N_("What is required"), N_("Due"),
					      N_("What the record shows")};

static void obligation_row(struct buf *b, const json_t *r)
{
	buf_lit(b, "<tr><td><a href=\"/record/");
	buf_url(b, str(r, "record"));
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	buf_num(b, "%lld", (long long)json_integer_value(json_object_get(r, "resolution")));
	if (json_is_integer(json_object_get(r, "paragraph")))
		buf_num(b, " \xC2\xB6%lld", (long long)json_integer_value(json_object_get(r, "paragraph")));
	buf_lit(b, "</a></td>");
	cell_open(b, obligation_cols[1]);
	english(b, str(r, "who"));
	buf_lit(b, "</td>");
	cell_open(b, obligation_cols[2]);
	english(b, str(r, "what"));
	buf_lit(b, "</td>");
	cell_open(b, obligation_cols[3]);
	buf_html(b, str(r, "due") ? str(r, "due") : "\xE2\x80\x94");
	if (str(r, "rule")) {
		buf_lit(b, " <span class=\"note\">");
		english(b, str(r, "rule"));
		buf_lit(b, "</span>");
	}
	buf_lit(b, "</td>");
	cell_open(b, obligation_cols[4]);
	const json_t *ev = json_object_get(r, "evidence");
	size_t i;
	json_t *x;
	json_array_foreach(ev, i, x) {
		if (i)
			buf_lit(b, "; ");
		page_value(b, "status", json_object_get(x, "status"));
		buf_lit(b, " (");
		page_record_link(b, str(x, "record"));
		buf_lit(b, " ");
		buf_html(b, str(x, "date"));
		buf_lit(b, ") <span class=\"src\">");
		page_sources_inline(b, json_object_get(x, "sources"));
		buf_lit(b, "</span>");
	}
	if (json_array_size(ev))
		buf_lit(b, ". ");
	english(b, str(r, "why"));
	buf_lit(b, "</td></tr>");
}

/* The rows of `status`, under their heading, in a table; a group cut at
 * GROUP_ROWS links the full list. */
static void group(struct buf *b, const json_t *rows, const char *status, const char *question,
		  const struct qargs *q)
{
	size_t n = 0, i, shown = 0;
	json_t *r;
	json_array_foreach(rows, i, r)
		n += str(r, "status") && !strcmp(str(r, "status"), status);
	if (!n)
		return;
	int promises = !strcmp(question, "promises");
	group_heading(b, status, n);
	if (promises)
		head_row(b, promise_cols, 5);
	else
		head_row(b, obligation_cols, 5);
	json_array_foreach(rows, i, r) {
		if (!str(r, "status") || strcmp(str(r, "status"), status) || shown >= GROUP_ROWS)
			continue;
		shown++;
		if (promises)
			promise_row(b, r);
		else
			obligation_row(b, r);
	}
	buf_lit(b, "</tbody></table>");
	page_more(b, n - shown, question, q);
}

/* "14 promises: 4 kept, 7 missed, 1 pending, 2 unknown." */
static void counts(struct buf *b, const json_t *doc, const char *total_key, const char *one, const char *many,
		   const char *const *statuses)
{
	const json_t *a = json_object_get(doc, "answer");
	long long total = json_integer_value(json_object_get(a, total_key));
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"lead\">");
	buf_tfn(b, one, many, (unsigned long long)total, frag_int_wrap(&f, "<span class=\"big\">", total, "</span>"),
		frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	for (int k = 0; statuses[k]; k++) {
		buf_lit(b, k ? ", " : " ");
		buf_int(b, json_integer_value(json_object_get(a, statuses[k])));
		buf_lit(b, " ");
		buf_t(b, label_of_value("status", statuses[k]) ? label_of_value("status", statuses[k]) : statuses[k]);
	}
	buf_lit(b, ".</p>");
}

void mandate_page_promises(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	static const char *const order[] = {"missed", "pending", "kept", "unknown", NULL};
	counts(b, doc, "promises", "{1} promise judged on {2}:", "{1} promises judged on {2}:", order);
	const json_t *rows = json_object_get(doc, "rows");
	if (!json_array_size(rows)) {
		buf_lit(b, "<p>");
		buf_t(b, "The record holds no promise with this status.");
		buf_lit(b, "</p>");
	}
	for (int k = 0; order[k]; k++)
		group(b, rows, order[k], "promises", q);
	page_rule(b, json_object_get(doc, "answer"));
}

void mandate_page_obligations(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q)
{
	(void)s;
	static const char *const order[] = {"overdue", "pending", "met", "unknown", NULL};
	counts(b, doc, "requirements", "{1} requirement of the resolutions on {2}:",
	       "{1} requirements of the resolutions on {2}:", order);
	const json_t *rows = json_object_get(doc, "rows");
	if (!json_array_size(rows)) {
		buf_lit(b, "<p>");
		buf_t(b, "The record holds no requirement of a resolution.");
		buf_lit(b, "</p>");
	}
	for (int k = 0; order[k]; k++)
		group(b, rows, order[k], "obligations", q);
	page_rule(b, json_object_get(doc, "answer"));
}
