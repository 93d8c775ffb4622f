/* page_search.c: /search — the search form, and the hits of the search
 * question (src/search/search.c) as a list: each with its kind, date and
 * status, a link to its record and the words matched in their context. */
#include <stdio.h>
#include <string.h>

#include "web.h"

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void text_input(struct buf *b, const char *name, const char *type, const char *label, const char *value)
{
	buf_lit(b, "<label for=\"");
	buf_html(b, name);
	buf_lit(b, "\">");
	buf_t(b, label);
	buf_lit(b, "</label> <input type=\"");
	buf_lit(b, type);
	buf_lit(b, "\" id=\"");
	buf_html(b, name);
	buf_lit(b, "\" name=\"");
	buf_html(b, name);
	buf_lit(b, "\"");
	if (value) {
		buf_lit(b, " value=\"");
		buf_html(b, value);
		buf_lit(b, "\"");
	}
	buf_lit(b, "> ");
}

static void search_form(struct buf *b, const struct qargs *q)
{
	buf_lit(b, "<form method=\"get\" action=\"/search\" role=\"search\">");
	if (b->pl && b->pl->in_links) {
		buf_lit(b, "<input type=\"hidden\" name=\"lang\" value=\"");
		buf_lit(b, page_lang_code(b));
		buf_lit(b, "\">");
	}
	text_input(b, "q", "search", N_("Words"), q ? q->q : NULL);
	text_input(b, "kind", "text", N_("Kind"), q ? q->kind : NULL);
	text_input(b, "mission", "text", N_("Mission"), q ? q->mission : NULL);
	text_input(b, "from", "date", N_("From"), q ? q->from : NULL);
	text_input(b, "to", "date", N_("To"), q ? q->to : NULL);
	buf_lit(b, "<button type=\"submit\">");
	buf_t(b, "Search");
	buf_lit(b, "</button></form>");
}

/* The context with each [match] marked; the rest escaped. */
static void context(struct buf *b, const char *s)
{
	while (*s) {
		const char *open = strchr(s, '['), *close = open ? strchr(open, ']') : NULL;
		if (!open || !close) {
			buf_html(b, s);
			return;
		}
		buf_html_n(b, s, (size_t)(open - s));
		buf_lit(b, "<mark>");
		buf_html_n(b, open + 1, (size_t)(close - open - 1));
		buf_lit(b, "</mark>");
		s = close + 1;
	}
}

static void hit(struct buf *b, const json_t *r)
{
	buf_lit(b, "<li><a href=\"/record/");
	buf_url(b, str(r, "record"));
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	const char *k = str(r, "kind"), *lk = label_of_value("kind", k);
	buf_html(b, lk ? _(b, lk) : k);
	if (*str(r, "date")) {
		buf_lit(b, " ");
		buf_html(b, str(r, "date"));
	}
	buf_lit(b, "</a>");
	if (json_is_string(json_object_get(r, "paragraph"))) {
		struct frags f = FRAGS_INIT(b);
		buf_lit(b, " ");
		buf_tf(b, "paragraph {1}", frag_html(&f, str(r, "paragraph")), NULL);
		frags_free(&f);
	}
	if (strcmp(str(r, "status"), "live")) {
		const char *ls = label_of_value("status", str(r, "status"));
		buf_lit(b, " (");
		buf_html(b, ls ? _(b, ls) : str(r, "status"));
		buf_lit(b, ")");
	}
	if (json_is_true(json_object_get(r, "restricted"))) {
		buf_lit(b, " <b>");
		buf_t(b, "restricted");
		buf_lit(b, "</b>");
	}
	buf_lit(b, " <code>");
	buf_html(b, str(r, "record"));
	buf_lit(b, "</code><br>");
	page_en_open(b, "span");
	context(b, str(r, "context"));
	page_en_close(b, "span");
	buf_lit(b, "</li>");
}

int page_search(struct req *r)
{
	const struct question *q = r->q;
	struct buf *b = &r->out;
	json_t *doc = NULL;
	if (r->args->q || r->args->kind || r->args->from || r->args->to || r->args->mission) {
		doc = question_ask(q, r->s, r->args, &r->e);
		if (!doc) {
			web_error(r, 0, &r->e);
			return -1;
		}
	}
	page_begin(b, _(b, q->title), q->name);
	buf_lit(b, "<p class=\"note\">");
	buf_t(b, q->blurb);
	buf_lit(b, "</p>");
	search_form(b, r->args);
	if (!doc) {
		buf_lit(b, "<p>");
		buf_t(b, "Every word must match; case and accents are ignored. \"Two words\" in quotes is a phrase, "
		      "Guatem* a prefix; source:reuters finds the records citing a source, country:GTM or "
		      "country:Guatemala those about a country, kind:incident those of one kind.");
		buf_lit(b, "</p>");
	} else {
		const json_t *a = json_object_get(doc, "answer");
		long long n = json_integer_value(json_object_get(a, "matches"));
		long long shown = json_integer_value(json_object_get(a, "shown"));
		struct frags f = FRAGS_INIT(b);
		buf_lit(b, "<h2>");
		buf_tfn(b, "{1} record matches", "{1} records match", (unsigned long long)n, frag_int(&f, n), NULL);
		buf_lit(b, "</h2>");
		if (shown < n) {
			buf_lit(b, "<p class=\"note\">");
			buf_tf(b, "The best {1} are shown.", frag_int(&f, shown), NULL);
			buf_lit(b, "</p>");
		}
		frags_free(&f);
		buf_lit(b, "<ol class=\"hits\">");
		size_t i;
		json_t *row;
		json_array_foreach(json_object_get(doc, "rows"), i, row)
			hit(b, row);
		buf_lit(b, "</ol>");
	}
	page_end(b, "/api/v1/search", r->query, r->head);
	json_decref(doc);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}
