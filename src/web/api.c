/* api.c: the JSON API — /api/v1/QUESTION prints exactly what `muster
 * QUESTION --json` prints (the same json_dumps flags and a newline), and
 * /api/v1/openapi.json describes every API route of the route table. */
#include <stdlib.h>
#include <string.h>

#include "../core/err.h"
#include "web.h"

static void json_out(struct req *r, json_t *doc)
{
	char *s = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	buf_lit(&r->out, s);
	buf_lit(&r->out, "\n");
	free(s);
	r->status = 200;
	r->ctype = "application/json; charset=utf-8";
}

int api_question(struct req *r)
{
	json_t *doc = r->q->answer(r->s, r->args, &r->e);
	if (!doc) {
		web_error(r, 1, r->e.exit_code == EXIT_NOANSWER ? 404 : 400, r->e.msg);
		return -1;
	}
	json_out(r, doc);
	return 0;
}

static json_t *param(const char *name, const char *desc, const char *format)
{
	json_t *schema = json_pack("{s:s}", "type", "string");
	if (format)
		json_object_set_new(schema, "format", json_string(format));
	return json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name, "in", "query", "required", 0, "description",
			 desc, "schema", schema);
}

int api_openapi(struct req *r)
{
	static const struct { unsigned bit; const char *name, *desc, *format; } ps[] = {
		{P_ASOF, "as_of", "the day asked about (default today), as --as-of", "date"},
		{P_MISSION, "mission", "the mission (default MSS-HTI), as --mission", NULL},
		{P_BY, "by", "the breakdown, as --by", NULL},
		{P_CURRENCY, "currency", "convert into this ISO 4217 currency, as --currency", NULL},
		{P_STATUS, "status", "only this status, as --status", NULL},
		{P_PLACE, "place", "only this place (ref, name or alias), as --place", NULL},
		{P_FROMTO, "from", "the first day, as --from", "date"},
		{P_FROMTO, "to", "the last day, as --to", "date"},
	};
	json_t *paths = json_object();
	json_t *err_schema = json_pack("{s:s, s:{s:{s:s}}}", "type", "object", "properties", "error", "type", "string");
	json_t *err = json_pack("{s:s, s:{s:{s:o}}}", "description",
				"bad input (400) or no answer (404); the message is the command line's", "content",
				"application/json", "schema", err_schema);
	for (size_t i = 0; i < web_n_routes; i++) {
		const struct route *rt = &web_routes[i];
		if (rt->kind != R_API && rt->kind != R_PREFIX_API)
			continue;
		json_t *params = json_array();
		const struct question *q = rt->question ? question_find(rt->question) : NULL;
		for (size_t k = 0; q && k < sizeof ps / sizeof *ps; k++)
			if (q->params & ps[k].bit)
				json_array_append_new(params, param(ps[k].name, ps[k].desc, ps[k].format));
		char path[160];
		snprintf(path, sizeof path, "%s%s", rt->path, rt->kind == R_PREFIX_API ? "{id}" : "");
		if (rt->kind == R_PREFIX_API)
			json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", "id", "in", "path",
								"required", 1, "schema", "type", "string"));
		json_t *ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", rt->summary, "content",
				       "application/json", "schema", "type", "object");
		json_t *op = json_pack("{s:s, s:o, s:{s:o, s:O, s:O}}", "summary", q ? q->blurb : rt->summary,
				       "parameters", params, "responses", "200", ok, "400", err, "404", err);
		json_object_set_new(paths, path, json_pack("{s:o}", "get", op));
	}
	json_decref(err);
	json_t *doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:o}", "openapi", "3.1.0", "info", "title", "Muster API",
				"version", "1", "description",
				"Every question of the muster command line, as the JSON document that "
				"`muster QUESTION --json` prints. Read-only.",
				"paths", paths);
	json_out(r, doc);
	return 0;
}
