/* dashboard.c: the page at / — strength against the plan and the ceiling,
 * pledged against deployed by country, money against the budget, the
 * mandate and the disagreements, each card built from its question's answer
 * document with its sources, its as-of date and a link to the same JSON. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/record.h"
#include "../force/force.h"
#include "../force/force_page.h"
#include "../record/conflicts.h"
#include "../mandate/mandate.h"
#include "../money/money.h"
#include "../money/money_page.h"
#include "web.h"

/* Opens a card; `q` names the question its figures come from. */
static void card_begin(struct buf *b, const char *title, const char *q, const char *as_of)
{
	/* Strength, pledges and money carry charts or a table: they take the whole row. */
	buf_lit(b, !strcmp(q, "strength") || !strcmp(q, "pledges") || !strcmp(q, "budget") ? "<section class=\"card wide\"><h2><a href=\"/"
		: "<section class=\"card\"><h2><a href=\"/");
	buf_url(b, q);
	if (as_of) {
		buf_lit(b, "?as_of=");
		buf_url(b, as_of);
	}
	buf_href_lang(b, !as_of);
	buf_lit(b, "\">");
	buf_t(b, title);
	buf_lit(b, "</a></h2>");
}

static void card_end(struct buf *b, const char *q, const char *as_of)
{
	buf_lit(b, "<p class=\"src noprint\"><a href=\"/api/v1/");
	buf_url(b, q);
	if (as_of) {
		buf_lit(b, "?as_of=");
		buf_url(b, as_of);
	}
	buf_lit(b, "\" hreflang=\"en\">JSON</a></p></section>");
}

static void card_failed(struct buf *b, const struct err *e)
{
	buf_lit(b, "<p>");
	buf_t(b, "No answer:");
	buf_lit(b, " ");
	page_en_open(b, "span");
	buf_html(b, e->msg);
	page_en_close(b, "span");
	buf_lit(b, "</p>");
}

static void dated_sources(struct buf *b, const json_t *fig)
{
	buf_lit(b, " <span class=\"src\">(");
	const char *d = json_string_value(json_object_get(fig, "date"));
	if (d) {
		buf_html(b, d);
		buf_lit(b, "; ");
	}
	page_sources_inline(b, json_object_get(fig, "sources"));
	buf_lit(b, ")</span>");
}

/* One line of history: an ended mission's figure on its last authorised day. */
static void history_line(struct buf *b, struct store *s, const char *mission, int end)
{
	struct err e = {0};
	json_t *doc = answer_strength(s, mission, end, "country", &e);
	if (!doc)
		return;
	char d[11];
	day_format(end, d);
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"note\">");
	/* TRANSLATORS: {1} a mission, {2} the last day of its authorisation, {3} its personnel that day. */
	buf_tf(b, "History: {1} ended on {2}, with {3} personnel on its last day.",
	       frag_wrap(&f, "<b>", mission, "</b>"), frag_html(&f, d),
	       frag_int(&f, json_integer_value(json_object_get(json_object_get(doc, "answer"), "total"))), NULL);
	frags_free(&f);
	buf_lit(b, " <a href=\"/strength?mission=");
	buf_url(b, mission);
	buf_lit(b, "&amp;as_of=");
	buf_url(b, d);
	buf_href_lang(b, 0);
	buf_lit(b, "\">");
	buf_t(b, "Its figures");
	buf_lit(b, "</a></p>");
	json_decref(doc);
}

/* Strength of the mission of record: the default mission, or, once it has
 * ended, the successor that took over (following successors as far as the
 * record goes), with the ended missions' last figures as dated history. A
 * mission whose own authorisation ended with no renewal in the record shows
 * its figures of its last day, said so, not as today's. */
static void strength_card(struct buf *b, struct store *s, int day, const char *as_of)
{
	struct err e = {0};
	card_begin(b, N_("Strength"), "strength", as_of);
	struct succession sc;
	if (mandate_succession_or_err(s, day, DEFAULT_MISSION, &sc, &e) < 0) {
		card_failed(b, &e);
		card_end(b, "strength", as_of);
		return;
	}
	const char *cur = sc.mission[sc.n - 1];
	int ended = sc.end[sc.n - 1];
	json_t *doc = answer_strength(s, cur, ended ? ended : day, "country", &e);
	if (!doc) {
		card_failed(b, &e);
	} else {
		if (ended) {
			char d[11];
			struct frags f = FRAGS_INIT(b);
			buf_lit(b, "<p><b>");
			buf_tf(b, "{1}'s authorisation ended on {2}, and the record holds no renewal: these are its "
			       "figures of that day, not of today.", frag_html(&f, cur), frag_html(&f, day_format(ended, d)),
			       NULL);
			frags_free(&f);
			buf_lit(b, "</b></p>");
		}
		page_strength_headline(b, doc);
		force_chart_strength(b, s, cur, ended ? ended : day, 0);
	}
	for (int i = sc.n - 2; i >= 0; i--)
		history_line(b, s, sc.mission[i], sc.end[i]);
	json_decref(doc);
	card_end(b, "strength", as_of);
}

static void pledges_card(struct buf *b, struct store *s, int day, const char *as_of)
{
	struct err e = {0};
	card_begin(b, N_("Pledged and deployed"), "pledges", as_of);
	json_t *doc = answer_pledges(s, DEFAULT_MISSION, day, &e);
	if (!doc) {
		card_failed(b, &e);
		card_end(b, "pledges", as_of);
		return;
	}
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	long long countries = json_integer_value(json_object_get(a, "countries_pledged"));
	buf_lit(b, "<p>");
	buf_tfn(b, "{1} pledged by {2} country; {3} deployed.", "{1} pledged by {2} countries; {3} deployed.",
		(unsigned long long)countries,
		frag_int_wrap(&f, "<b>", json_integer_value(json_object_get(a, "pledged_personnel")), "</b>"),
		frag_int(&f, countries),
		frag_int_wrap(&f, "<b>", json_integer_value(json_object_get(a, "deployed_personnel")), "</b>"), NULL);
	frags_free(&f);
	buf_lit(b, "</p>");
	force_chart_pledges(b, doc);
	buf_lit(b, "<table><thead><tr><th scope=\"col\">");
	buf_t(b, "Country");
	buf_lit(b, "</th><th class=\"n\" scope=\"col\">");
	buf_t(b, "Pledged");
	buf_lit(b, "</th><th class=\"n\" scope=\"col\">");
	buf_t(b, "Deployed");
	buf_lit(b, "</th><th scope=\"col\">");
	buf_t(b, "Sources");
	buf_lit(b, "</th></tr></thead><tbody>");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		json_t *p = json_object_get(r, "pledged");
		buf_lit(b, "<tr><td>");
		buf_html(b, json_string_value(json_object_get(r, "name")));
		buf_lit(b, "</td><td class=\"n\" data-label=\"");
		buf_t(b, "Pledged");
		buf_lit(b, "\">");
		if (json_is_integer(p))
			buf_int(b, json_integer_value(p));
		else
			buf_lit(b, "\xE2\x80\x94");
		buf_lit(b, "</td><td class=\"n\" data-label=\"");
		buf_t(b, "Deployed");
		buf_lit(b, "\">");
		buf_int(b, json_integer_value(json_object_get(r, "deployed")));
		buf_lit(b, "</td><td class=\"src\" data-label=\"");
		buf_t(b, "Sources");
		buf_lit(b, "\">");
		page_sources_inline(b, json_object_get(r, "sources"));
		buf_lit(b, "</td></tr>");
	}
	buf_lit(b, "</tbody></table>");
	json_decref(doc);
	card_end(b, "pledges", as_of);
}

static void budget_card(struct buf *b, struct store *s, int day, const char *as_of)
{
	struct err e = {0};
	card_begin(b, N_("Money"), "budget", as_of);
	json_t *doc = answer_budget(s, DEFAULT_MISSION, day, NULL, &e);
	if (!doc) {
		card_failed(b, &e);
		card_end(b, "budget", as_of);
		return;
	}
	const json_t *a = json_object_get(doc, "answer");
	money_budget_bar(b, a);
	static const char *const figs[][2] = {{"budget", N_("Budget")}, {"pledged", N_("Pledged to the trust fund")},
					      {"raised", N_("Deposited (raised)")}};
	buf_lit(b, "<dl class=\"f\">");
	for (int k = 0; k < 3; k++) {
		const json_t *f = json_object_get(a, figs[k][0]);
		if (!json_is_object(f))
			continue;
		buf_lit(b, "<dt>");
		buf_t(b, figs[k][1]);
		buf_lit(b, "</dt><dd>");
		page_money(b, f);
		dated_sources(b, f);
		buf_lit(b, "</dd>");
	}
	const char *gap = json_string_value(json_object_get(a, "gap"));
	if (gap) {
		json_t *g = json_pack("{s:s, s:s}", "amount", gap, "currency",
				      json_string_value(json_object_get(a, "currency")) ?: "");
		const char *q = figure_difference_qualifier(
			json_string_value(json_object_get(json_object_get(a, "budget"), "qualifier")),
			json_string_value(json_object_get(json_object_get(a, "raised"), "qualifier")));
		if (q)
			json_object_set_new(g, "qualifier", json_string(q));
		buf_lit(b, "<dt>");
		buf_t(b, "Gap");
		buf_lit(b, "</dt><dd>");
		page_money(b, g);
		buf_lit(b, "; ");
		struct buf pct = {.pl = b->pl};
		buf_decimal(&pct, json_string_value(json_object_get(a, "raised_pct")));
		/* xgettext:no-c-format */
		buf_tf(b, "{1}\xC2\xA0% of the budget raised", pct.p ? pct.p : "", NULL);
		buf_free(&pct);
		buf_lit(b, "</dd>");
		json_decref(g);
	}
	buf_lit(b, "</dl>");
	money_chart_trust_fund(b, s, DEFAULT_MISSION, day, 0);
	json_decref(doc);
	card_end(b, "budget", as_of);
}

static void mandate_card(struct buf *b, struct store *s, int day, const char *as_of)
{
	struct err e = {0};
	card_begin(b, N_("Mandate"), "mandate", as_of);
	json_t *doc = answer_mandate(s, day, &e);
	if (!doc) {
		card_failed(b, &e);
		card_end(b, "mandate", as_of);
		return;
	}
	const json_t *a = json_object_get(doc, "answer");
	struct frags f = FRAGS_INIT(b);
	if (json_is_true(json_object_get(a, "authorised"))) {
		long long left = json_integer_value(json_object_get(a, "days_left"));
		buf_lit(b, "<p>");
		buf_tf(b, "{1} is authorised under {2} until {3}:",
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(a, "mission")), "</b>"),
		       frag_html(&f, json_string_value(json_object_get(a, "symbol"))),
		       frag_wrap(&f, "<b>", json_string_value(json_object_get(a, "until")), "</b>"), NULL);
		buf_lit(b, " ");
		buf_tfn(b, "{1} day left", "{1} days left", left < 0 ? 0 : (unsigned long long)left,
			frag_int_wrap(&f, "<span class=\"big\">", left, "</span>"), NULL);
		buf_lit(b, " <span class=\"src\">(");
		page_sources_inline(b, json_object_get(a, "sources"));
		buf_lit(b, ")</span></p>");
	} else {
		const char *next = json_string_value(json_object_get(a, "next_start"));
		const char *on = frag_html(&f, json_string_value(json_object_get(doc, "as_of")));
		buf_lit(b, "<p>");
		if (next)
			buf_tf(b, "No mission is authorised on {1}; the next authorisation begins on {2}.", on,
			       frag_html(&f, next), NULL);
		else
			buf_tf(b, "No mission is authorised on {1}.", on, NULL);
		const json_t *last = json_object_get(a, "last_resolution"), *ended = json_object_get(a, "last_ended");
		if (!next && json_is_object(last)) {
			buf_lit(b, " ");
			buf_tf(b, "The record holds no resolution after {1} ({2}).",
			       frag_html(&f, json_string_value(json_object_get(last, "date"))),
			       frag_html(&f, json_string_value(json_object_get(last, "symbol"))), NULL);
		}
		if (!next && json_is_object(ended)) {
			buf_lit(b, " ");
			buf_tf(b, "The last authorisation, of {1}, ended on {2}.",
			       frag_html(&f, json_string_value(json_object_get(ended, "mission"))),
			       frag_html(&f, json_string_value(json_object_get(ended, "end"))), NULL);
		}
		buf_lit(b, "</p>");
	}
	frags_free(&f);
	json_decref(doc);
	card_end(b, "mandate", as_of);
}

static void conflicts_card(struct buf *b, struct store *s)
{
	struct err e = {0};
	card_begin(b, N_("Disagreements"), "conflicts", NULL);
	json_t *doc = answer_conflicts(s, DEFAULT_MISSION, &e);
	if (!doc) {
		card_failed(b, &e);
		card_end(b, "conflicts", NULL);
		return;
	}
	const json_t *ds = json_object_get(doc, "disagreements");
	size_t n = json_array_size(ds);
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p>");
	buf_tfn(b, "{1} disagreement between sources in the record; the last ones:",
		"{1} disagreements between sources in the record; the last ones:", n, frag_int(&f, (long long)n), NULL);
	frags_free(&f);
	buf_lit(b, "</p><ul>");
	for (size_t i = n > 5 ? n - 5 : 0; i < n; i++) {
		const json_t *d = json_array_get(ds, i);
		buf_lit(b, "<li>");
		/* Said from its parts where the answer gives them. */
		if (json_object_get(d, "said"))
			page_said(b, json_object_get(d, "said"));
		else
			page_record_about(b, json_string_value(json_object_get(d, "about")));
		json_t *used = json_object_get(d, "used");
		if (json_is_integer(used)) {
			buf_lit(b, " \xE2\x80\x94 ");
			buf_tf(b, "used {1}", frag_int(&f, json_integer_value(used)), NULL);
			frags_free(&f);
		}
		buf_lit(b, "</li>");
	}
	buf_lit(b, "</ul>");
	json_decref(doc);
	card_end(b, "conflicts", NULL);
}

int page_dashboard(struct req *r)
{
	struct buf *b = &r->out;
	int day = r->args->day;
	char as_of[11];
	day_format(day, as_of);
	page_begin(b, _(b, "Muster: the mission's record"), "dashboard");
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<p class=\"note\">");
	buf_tf(b, "The public record of the Multinational Security Support mission in Haiti, as of {1}. "
		  "Every figure names its sources; follow a title for the whole answer.",
	       frag_wrap(&f, "<b>", as_of, "</b>"), NULL);
	frags_free(&f);
	buf_lit(b, "</p>");
	page_asof_form(b, "/", NULL, as_of);
	/* Links keep the day only when one was asked for, so that / stays "today". */
	const char *keep = r->args->as_of ? as_of : NULL;
	buf_lit(b, "<div class=\"cards\">");
	strength_card(b, r->s, day, keep);
	mandate_card(b, r->s, day, keep);
	budget_card(b, r->s, day, keep);
	conflicts_card(b, r->s);
	pledges_card(b, r->s, day, keep);
	buf_lit(b, "</div>");
	page_end(b, NULL, NULL, r->head);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}
