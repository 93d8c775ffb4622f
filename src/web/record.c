/* record.c: one record (/record/ID) or one source (/source/REF) as a page,
 * and /api/v1/record/ID as the document `muster show ID --json` prints.
 * The document is answer_show's (src/core/record_answers.c), as for the CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/record.h"
#include "../core/record_answers.h"
#include "web.h"

static json_t *show_or_err(struct req *r)
{
	json_t *doc = answer_show_as(r->s, r->rest, role_sees_restricted(r->who->role), &r->e);
	return doc;
}

int api_record(struct req *r)
{
	json_t *doc = show_or_err(r);
	if (!doc) {
		web_error(r, 1, &r->e);
		return -1;
	}
	api_json_out(r, doc);
	return 0;
}

int page_record(struct req *r)
{
	json_t *doc = show_or_err(r);
	if (!doc) {
		web_error(r, 0, &r->e);
		return -1;
	}
	struct buf *b = &r->out;
	const json_t *a = json_object_get(doc, "answer"), *body = json_object_get(a, "record");
	const char *kind = json_string_value(json_object_get(body, "kind"));
	int source = kind && !strcmp(kind, "source");
	const char *name = json_string_value(json_object_get(source ? body : a, source ? "ref" : "id"));
	/* The title is text (page_begin escapes it): fill the template into a buffer. */
	struct buf title = {.pl = b->pl};
	struct frags f = FRAGS_INIT(b);
	buf_lit(&title, "");
	text_fill(&title, source ? _(b, "Source {1}") : _(b, "Record {1}"), name ? name : "?");
	page_begin(b, title.p, NULL);
	buf_free(&title);
	buf_lit(b, "<p>");
	const char *status = json_string_value(json_object_get(a, "status"));
	const char *kind_l = label_of_value("kind", kind);
	const char *kind_b = frag_wrap(&f, "<b>", kind_l ? _(b, kind_l) : kind, "</b>");
	if (status && !strcmp(status, "corrected"))
		buf_tf(b, "A {1} record, corrected.", kind_b, NULL);
	else if (status && !strcmp(status, "retracted"))
		buf_tf(b, "A {1} record, retracted.", kind_b, NULL);
	else
		buf_tf(b, "A {1} record, live (neither corrected nor retracted).", kind_b, NULL);
	frags_free(&f);
	const char *rb = json_string_value(json_object_get(a, "replaced_by"));
	const char *tb = json_string_value(json_object_get(a, "retracted_by"));
	struct buf link = {.pl = b->pl};
	if (rb) {
		buf_lit(b, " ");
		page_record_link(&link, rb);
		buf_tf(b, "Corrected by {1}.", link.p, NULL);
		buf_free(&link);
	}
	if (tb) {
		buf_lit(b, " ");
		page_record_link(&link, tb);
		buf_tf(b, "Retracted by {1}.", link.p, NULL);
		buf_free(&link);
	}
	buf_lit(b, " ");
	buf_tf(b, "Its id is {1}.", frag_wrap(&f, "<code>", json_string_value(json_object_get(a, "id")), "</code>"),
	       NULL);
	frags_free(&f);
	buf_lit(b, "</p>");
	forms_record_actions(b, r, kind, json_string_value(json_object_get(a, "id")), !rb && !tb);
	buf_lit(b, "<h2>");
	buf_t(b, "Fields");
	buf_lit(b, "</h2>");
	page_figures(b, body);
	if (source) {
		size_t n = json_array_size(json_object_get(doc, "rows"));
		buf_lit(b, "<h2>");
		buf_tfn(b, "Cited by {1} record", "Cited by {1} records", n, frag_int(&f, (long long)n), NULL);
		frags_free(&f);
		buf_lit(b, "</h2><ul>");
		size_t i;
		json_t *row;
		json_array_foreach(json_object_get(doc, "rows"), i, row) {
			if (i >= 200)
				break;
			buf_lit(b, "<li>");
			page_record_link(b, json_string_value(json_object_get(row, "record")));
			buf_lit(b, " ");
			const char *rk = json_string_value(json_object_get(row, "kind")), *rkl = label_of_value("kind", rk);
			buf_html(b, rkl ? _(b, rkl) : rk);
			const json_t *rb2 = json_object_get(row, "body");
			const char *what[] = {"country", "donor", "name", "what", "date"};
			for (int k = 0; k < 5; k++) {
				const char *v = json_string_value(json_object_get(rb2, what[k]));
				if (v) {
					/* Names and statements as recorded; a date is a date. */
					buf_lit(b, ", ");
					if (k < 4)
						page_en_open(b, "span");
					buf_html_cut(b, v, 80);
					if (k < 4)
						page_en_close(b, "span");
				}
			}
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ul>");
	}
	/* What the record's answer disagrees over (a ref another record
	 * claims too: src/core/ref_clash.c). */
	page_disagreements(b, json_object_get(doc, "disagreements"), 40);
	page_sources(b, json_object_get(doc, "sources"));
	char api[200];
	snprintf(api, sizeof api, "/api/v1/record/%s", json_string_value(json_object_get(a, "id")));
	page_end(b, api, NULL, r->head);
	json_decref(doc);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}
