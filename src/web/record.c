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
	if (!doc)
		err_prefix(&r->e, "muster show");
	return doc;
}

int api_record(struct req *r)
{
	json_t *doc = show_or_err(r);
	if (!doc) {
		web_error(r, 1, 404, r->e.msg);
		return -1;
	}
	char *s = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	buf_lit(&r->out, s);
	buf_lit(&r->out, "\n");
	free(s);
	r->status = 200;
	r->ctype = "application/json; charset=utf-8";
	return 0;
}

int page_record(struct req *r)
{
	json_t *doc = show_or_err(r);
	if (!doc) {
		web_error(r, 0, 404, r->e.msg);
		return -1;
	}
	struct buf *b = &r->out;
	const json_t *a = json_object_get(doc, "answer"), *body = json_object_get(a, "record");
	const char *kind = json_string_value(json_object_get(body, "kind"));
	int source = kind && !strcmp(kind, "source");
	char title[160];
	const char *name = json_string_value(json_object_get(source ? body : a, source ? "ref" : "id"));
	snprintf(title, sizeof title, "%s %s", source ? "Source" : "Record", name ? name : "?");
	page_begin(b, title, NULL);
	buf_lit(b, "<p>A <b>");
	buf_html(b, kind);
	buf_lit(b, "</b> record, ");
	buf_html(b, json_string_value(json_object_get(a, "status")));
	const char *rb = json_string_value(json_object_get(a, "replaced_by"));
	const char *tb = json_string_value(json_object_get(a, "retracted_by"));
	if (rb) {
		buf_lit(b, ", corrected by ");
		page_record_link(b, rb);
	}
	if (tb) {
		buf_lit(b, ", retracted by ");
		page_record_link(b, tb);
	}
	buf_lit(b, ". Its id is <code>");
	buf_html(b, json_string_value(json_object_get(a, "id")));
	buf_lit(b, "</code>.</p>");
	forms_record_actions(b, r, kind, json_string_value(json_object_get(a, "id")), !rb && !tb);
	buf_lit(b, "<h2>Fields</h2>");
	page_figures(b, body);
	if (source) {
		buf_num(b, "<h2>Cited by %zu records</h2>", json_array_size(json_object_get(doc, "rows")));
		buf_lit(b, "<ul>");
		size_t i;
		json_t *row;
		json_array_foreach(json_object_get(doc, "rows"), i, row) {
			if (i >= 200)
				break;
			buf_lit(b, "<li>");
			page_record_link(b, json_string_value(json_object_get(row, "record")));
			buf_lit(b, " ");
			buf_html(b, json_string_value(json_object_get(row, "kind")));
			const json_t *rb2 = json_object_get(row, "body");
			const char *what[] = {"country", "donor", "name", "what", "date"};
			for (int k = 0; k < 5; k++) {
				const char *v = json_string_value(json_object_get(rb2, what[k]));
				if (v) {
					buf_lit(b, ", ");
					buf_html_cut(b, v, 80);
				}
			}
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ul>");
	}
	page_sources(b, json_object_get(doc, "sources"));
	char api[200];
	snprintf(api, sizeof api, "/api/v1/record/%s", json_string_value(json_object_get(a, "id")));
	page_end(b, api, NULL, r->head);
	json_decref(doc);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}
