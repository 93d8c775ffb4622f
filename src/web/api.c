/* api.c: the JSON API — /api/v1/QUESTION prints exactly what `muster
 * QUESTION --json` prints (the same JSON text, json_text.h, and a newline);
 * openapi.c describes every route. */
#include <stdlib.h>
#include <string.h>

#include "../core/err.h"
#include "../core/json_text.h"
#include "web.h"

void api_json_out(struct req *r, json_t *doc)
{
	char *s = json_text(doc, 2);
	json_decref(doc);
	buf_lit(&r->out, s);
	buf_lit(&r->out, "\n");
	free(s);
	r->status = 200;
	r->ctype = "application/json; charset=utf-8";
}

int api_question(struct req *r)
{
	json_t *doc = question_ask(r->q, r->s, r->args, &r->e);
	if (!doc) {
		web_error(r, 1, &r->e);
		return -1;
	}
	api_json_out(r, doc);
	return 0;
}
