/* openapi.c: /api/v1/openapi.json, the OpenAPI 3.1 description of every
 * route of the route table — the JSON API with the answer frame every
 * question returns (components/schemas/Answer, as src/core/answer.c builds
 * it) and the error object, and the HTML pages with their parameters. */
#include <stdlib.h>
#include <string.h>

#include "web.h"
#include "../report/report.h"

#define REF(name) "#/components/schemas/" name

/* {"type": T}, with a description when not NULL. */
static json_t *typed(const char *type, const char *desc)
{
	json_t *o = json_pack("{s:s}", "type", type);
	if (desc)
		json_object_set_new(o, "description", json_string(desc));
	return o;
}

/* {"type": [T, "null"]}: a field that is null when unknown. */
static json_t *or_null(const char *type, const char *desc)
{
	return json_pack("{s:[s, s], s:s}", "type", type, "null", "description", desc);
}

static json_t *array_of(json_t *items, const char *desc)
{
	return json_pack("{s:s, s:o, s:s}", "type", "array", "items", items, "description", desc);
}

static json_t *ref(const char *to)
{
	return json_pack("{s:s}", "$ref", to);
}

static json_t *strings(const char *desc)
{
	return array_of(typed("string", NULL), desc);
}

/* The frame every question returns (answer.h): fixed keys, no others. */
static json_t *schema_answer(void)
{
	json_t *p = json_object();
	json_object_set_new(p, "question", typed("string", "the question answered (\"show\" for one record)"));
	json_object_set_new(p, "as_of", json_pack("{s:[s, s], s:s, s:s}", "type", "string", "null", "format", "date",
						  "description", "the day asked about; null for a question with no date"));
	json_object_set_new(p, "mission", typed("string", "the mission asked about, for questions about one"));
	json_object_set_new(p, "generated", json_pack("{s:s, s:s, s:s}", "type", "string", "format", "date-time",
						      "description", "when the answer was made (UTC)"));
	json_object_set_new(p, "answer", typed("object", "the figures"));
	json_object_set_new(p, "rows", array_of(typed("object", NULL),
						"the table behind the figures, each row naming its records and sources"));
	json_object_set_new(p, "sources", array_of(ref(REF("Source")), "every source the answer cites, by id"));
	json_object_set_new(p, "disagreements", array_of(ref(REF("Disagreement")),
							 "where sources or checks disagree, and the figure used"));
	return json_pack("{s:s, s:s, s:[s, s, s, s, s, s, s], s:o, s:b}", "type", "object", "description",
			 "The answer document: the same for `muster QUESTION --json`, the API and the pages.",
			 "required", "question", "as_of", "generated", "answer", "rows", "sources", "disagreements",
			 "properties", p, "additionalProperties", 0);
}

static json_t *schema_source(void)
{
	json_t *p = json_object();
	json_object_set_new(p, "id", typed("string", "the source's ref, as records cite it"));
	json_object_set_new(p, "record", or_null("string", "the short id of the source record"));
	json_object_set_new(p, "publisher", or_null("string", "who published it"));
	json_object_set_new(p, "title", or_null("string", "its title"));
	json_object_set_new(p, "date", or_null("string", "its date: a day, a month or a year"));
	json_object_set_new(p, "url", or_null("string", "where it is"));
	json_object_set_new(p, "grade", json_pack("{s:[s, s], s:[s, s, s, s, s, n], s:s}", "type", "string", "null",
						  "enum", "A", "B", "C", "D", "E", "description",
						  "A official primary document ... E unverified or aggregator"));
	return json_pack("{s:s, s:s, s:[s], s:o, s:b}", "type", "object", "description", "A publication cited.",
			 "required", "id", "properties", p, "additionalProperties", 0);
}

/* A sentence as its parts (core/say.h): an English template whose {1}…{9}
 * are filled by the holes, each one typed value. */
static json_t *said_schema(const char *description)
{
	json_t *hole = json_pack("{s:s, s:s}", "type", "object", "description",
				 "one of: {date}, {dates: [..]}, {words} (codes said in the reader's words), {name} "
				 "(as recorded), {count}, {amount, currency, qualifier} (money), {sum: [{name, amount, "
				 "currency}]}, {said} (a whole sentence)");
	return json_pack("{s:s, s:s, s:[s, s], s:{s:o, s:o}}", "type", "object", "description", description,
			 "required", "template", "holes", "properties", "template",
			 typed("string", "the English sentence with holes {1}…{9}"), "holes",
			 array_of(hole, "the values of the holes, {1} first"));
}

static json_t *schema_disagreement(void)
{
	json_t *claim = json_object();
	json_object_set_new(claim, "value", json_pack("{s:s}", "description", "what this claim says"));
	json_object_set_new(claim, "as", typed("string", "what the value is"));
	json_object_set_new(claim, "record", typed("string", "the record making the claim"));
	json_object_set_new(claim, "records", strings("the records making the claim"));
	json_object_set_new(claim, "sources", strings("the sources of the claim"));
	json_object_set_new(claim, "as_said", said_schema("what the value is, as its parts (when it is built from figures)"));
	json_t *p = json_object();
	json_object_set_new(p, "about", typed("string", "what is disputed"));
	json_object_set_new(p, "kind", typed("string", "which check found it"));
	json_object_set_new(p, "claims", array_of(json_pack("{s:s, s:[s], s:o}", "type", "object", "required",
							    "value", "properties", claim),
						  "what each side says"));
	json_object_set_new(p, "used", json_pack("{s:s}", "description", "the value the answer uses, or null"));
	json_object_set_new(p, "rule", typed("string", "why that value is used"));
	json_object_set_new(p, "date", or_null("string", "the day, month or year the disagreement is about, as "
					       "recorded; null when it has none (a search over several pages)"));
	json_object_set_new(p, "said", said_schema("what is disputed, as its parts: \"about\" is this sentence "
						   "in English with the command line's figures"));
	return json_pack("{s:s, s:s, s:[s, s, s, s, s], s:o}", "type", "object", "description",
			 "Two or more claims about the same thing, and the figure used.", "required", "about", "kind",
			 "claims", "used", "rule", "properties", p);
}

static json_t *schema_error(void)
{
	/* The code words of src/core/err.c's table: one decides the status. */
	json_t *words = json_array();
	for (int i = 0; i < E_N_CODES; i++)
		json_array_append_new(words, json_string(err_codes[i].word));
	json_t *code = typed("string", "what kind of error, a stable word to test (the HTTP status and the "
			     "command line's exit status follow from it): bad_input 400, not_found 404, no_answer "
			     "404, busy 503, unavailable 503, internal 500, …");
	json_object_set_new(code, "enum", words);
	return json_pack("{s:s, s:s, s:[s, s], s:{s:o, s:o}, s:b}", "type", "object", "description",
			 "An error: the message the command line prints after \"muster: \" (without the command's "
			 "name), and its code.", "required", "error", "code",
			 "properties", "error", typed("string", "what is wrong and how to fix it"), "code", code,
			 "additionalProperties", 0);
}

static json_t *components(void)
{
	json_t *err = json_pack("{s:{s:o}}", "application/json", "schema", ref(REF("Error")));
	return json_pack(
		"{s:{s:o, s:o, s:o, s:o}, s:{s:{s:s, s:O}, s:{s:s, s:O}, s:{s:s, s:O}, s:{s:s, s:o}, s:{s:s, s:{s:{s:o}}},"
		" s:{s:s}}, s:{s:{s:s, s:o}}}",
		"schemas", "Answer", schema_answer(), "Source", schema_source(), "Disagreement",
		schema_disagreement(), "Error", schema_error(),
		"responses",
		"BadRequest", "description", "bad input: a parameter the question does not take, or a malformed value",
		"content", err,
		"NotFound", "description", "no answer: nothing recorded, or no such record", "content", err,
		"Internal", "description", "a fault of the server or its file (a failed read, a full disk): "
		"never a short answer", "content", err,
		"Unavailable", "description", "the record cannot be read just now (busy, or it cannot be opened): "
		"try again", "content", err,
		"PageError", "description", "an HTML page saying what is wrong (400, 403, 404, 500 or 503)", "content", "text/html",
		"schema", typed("string", NULL),
		"NotModified", "description", "If-None-Match named the current ETag",
		"headers", "ETag", "description",
		"changes when the record, the path, the query or the day a missing as_of means changes", "schema",
		typed("string", NULL));
}

static json_t *param(const char *name, const char *desc, const char *format)
{
	json_t *schema = json_pack("{s:s}", "type", "string");
	if (format)
		json_object_set_new(schema, "format", json_string(format));
	return json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name, "in", "query", "required", 0, "description",
			 desc, "schema", schema);
}

static json_t *params_of(const struct question *q, int prefix)
{
	static const struct { unsigned bit; const char *name, *desc, *format; } ps[] = {
		{P_ASOF, "as_of", "the day asked about (default today), as --as-of", "date"},
		{P_MISSION, "mission", "the mission (default MSS-HTI), as --mission; one of /api/v1/missions, else 400 "
		 "naming the nearest", NULL},
		{P_BY, "by", "the breakdown, as --by", NULL},
		{P_CURRENCY, "currency", "convert into this ISO 4217 currency, as --currency", NULL},
		{P_STATUS, "status", "only this status, as --status", NULL},
		{P_PLACE, "place", "only this place (ref, name or alias), as --place", NULL},
		{P_FROMTO, "from", "the first day, as --from", "date"},
		{P_FROMTO, "to", "the last day, as --to", "date"},
		{P_AT, "at", "the public head after the first N public records (default all of them)", NULL},
		{P_QUERY, "q", "the words to search for, as muster search WORDS (phrases in quotes, prefix*, "
		 "source:, country:, kind:, mission:)", NULL},
		{P_KIND, "kind", "only records of this kind, as --kind", NULL},
	};
	json_t *params = json_array();
	for (size_t k = 0; q && k < sizeof ps / sizeof *ps; k++)
		if (q->params & ps[k].bit)
			json_array_append_new(params, param(ps[k].name, ps[k].bit == P_MISSION && (q->params & P_QUERY)
							   ? "only this mission's records, as --mission (default: every mission)"
							   : ps[k].bit == P_MISSION && (q->params & P_ALLMISSIONS)
							   ? "the mission (default MSS-HTI), as --mission; one of "
							     "/api/v1/missions, else 400 naming the nearest; all: every "
							     "mission, each as asked alone, then added"
							   : ps[k].desc, ps[k].format));
	if (prefix)
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i}}", "name", "id", "in",
							"path", "required", 1, "description",
							"a record id (6 to 64 hex digits) or a source's ref", "schema",
							"type", "string", "maxLength", 128));
	return params;
}

/* "/api/v1/record/" -> "api_v1_record_id"; "/" -> "dashboard". */
static json_t *operation_id(const struct route *rt)
{
	char id[160];
	size_t n = 0;
	for (const char *p = rt->path; *p && n < sizeof id - 4; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			id[n++] = *p;
		else if (n && id[n - 1] != '_')
			id[n++] = '_';
	if (n && id[n - 1] == '_')
		n--;
	if (rt->kind == R_PREFIX_PAGE || rt->kind == R_PREFIX_API || rt->kind == R_PREFIX_FORM) {
		memcpy(id + n, "_id", 3);
		n += 3;
	}
	id[n] = 0;
	return json_string(n ? id : "dashboard");
}

/* The 200 response of a route: the answer frame naming its question, the
 * OpenAPI document itself, or an HTML page. */
static json_t *ok_response(const struct route *rt, const struct question *q)
{
	const char *desc = rt->summary ? rt->summary : q ? q->blurb : "a page";
	json_t *schema;
	const char *ctype = "application/json";
	if (rt->serve == api_openapi)
		schema = json_pack("{s:s, s:[s, s, s], s:{s:{s:s}, s:o, s:o}}", "type", "object", "required", "openapi",
				   "info", "paths", "properties", "openapi", "const", "3.1.0", "info",
				   typed("object", NULL), "paths", typed("object", "every route, pages and API"));
	else if (rt->kind == R_API || rt->kind == R_PREFIX_API)
		/* allOf, not $ref with siblings: tools that inline $ref drop the siblings. */
		schema = json_pack("{s:[{s:s}, {s:s, s:{s:{s:s}}}]}", "allOf", "$ref", REF("Answer"), "type", "object",
				   "properties", "question", "const", q ? q->name : "show");
	else if (rt->serve == page_report_pdf) {
		schema = typed("string", "an A4 PDF, as muster report --format pdf writes it");
		ctype = "application/pdf";
	} else {
		schema = typed("string", "HTML5 that needs no JavaScript");
		ctype = "text/html";
	}
	return json_pack("{s:s, s:{s:{s:s}}, s:{s:{s:o}}}", "description", desc, "headers", "ETag", "$ref",
			 "#/components/headers/ETag", "content", ctype, "schema", schema);
}

int api_openapi(struct req *r)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < web_n_routes; i++) {
		const struct route *rt = &web_routes[i];
		int api = rt->kind == R_API || rt->kind == R_PREFIX_API;
		int prefix = rt->kind == R_PREFIX_PAGE || rt->kind == R_PREFIX_API || rt->kind == R_PREFIX_FORM;
		int form = rt->kind == R_FORM || rt->kind == R_PREFIX_FORM;
		const struct question *q = rt->question ? question_find(rt->question)
						: rt->serve == api_head ? &head_question : NULL;
		char path[160];
		snprintf(path, sizeof path, "%s%s", rt->path, prefix ? "{id}" : "");
		/* The dashboard takes as_of, as its form does. */
		static const struct question asof_only = {"dashboard", "Dashboard", "", P_ASOF, NULL, NULL, NULL};
		/* The report takes its period and mission, as muster report does;
		 * the PDF needs the period (its page without one is the form). */
		static const struct question period = {"report", "Report", "", P_FROMTO | P_MISSION, NULL, NULL, NULL};
		int report = rt->serve == page_report || rt->serve == page_report_pdf;
		json_t *params = params_of(q ? q : rt->serve == page_dashboard ? &asof_only : report ? &period : NULL,
					   prefix);
		size_t pi;
		json_t *pv;
		json_array_foreach(params, pi, pv)
			if (rt->serve == page_report_pdf && json_object_get(pv, "schema") &&
			    (!strcmp(json_string_value(json_object_get(pv, "name")), "from") ||
			     !strcmp(json_string_value(json_object_get(pv, "name")), "to")))
				json_object_set_new(pv, "required", json_true());
		const char *summary = q ? q->blurb : rt->summary ? rt->summary : "a record or a source";
		json_t *responses = json_pack("{s:o, s:{s:s}}", "200", ok_response(rt, q), "304", "$ref",
					      "#/components/responses/NotModified");
		if (api) {
			json_object_set_new(responses, "400", ref("#/components/responses/BadRequest"));
			json_object_set_new(responses, "404", ref("#/components/responses/NotFound"));
			json_object_set_new(responses, "500", ref("#/components/responses/Internal"));
			json_object_set_new(responses, "503", ref("#/components/responses/Unavailable"));
		} else {
			json_object_set_new(responses, "400", ref("#/components/responses/PageError"));
			json_object_set_new(responses, "404", ref("#/components/responses/PageError"));
			json_object_set_new(responses, "500", ref("#/components/responses/PageError"));
		}
		if (form)
			json_object_set_new(responses, "403", ref("#/components/responses/PageError"));
		json_t *op = json_pack("{s:o, s:s, s:[s], s:o, s:o}", "operationId", operation_id(rt), "summary",
				       summary, "tags", api ? "api" : "pages", "parameters", params, "responses",
				       responses);
		json_t *item = json_pack("{s:o}", "get", op);
		if (form) {
			/* A form's POST: the fields, with the CSRF token; the answer is
			 * a page, or a redirection (303) once the record is added. */
			char post_id[200];
			snprintf(post_id, sizeof post_id, "%s_post", json_string_value(json_object_get(op, "operationId")));
			json_t *post = json_pack(
				"{s:s, s:s, s:[s], s:o, s:{s:b, s:{s:{s:{s:s}}}}, s:{s:{s:s}, s:{s:s}, s:o, s:o, s:{s:s}}}",
				"operationId", post_id, "summary", "send the form (signed in; with its CSRF token)", "tags",
				"pages", "parameters", params_of(NULL, prefix), "requestBody", "required", 1, "content",
				"application/x-www-form-urlencoded", "schema", "type", "object", "responses", "200",
				"description", "the form again, saying what to fix", "303", "description",
				"done: see the Location header", "400", ref("#/components/responses/PageError"), "403",
				ref("#/components/responses/PageError"), "429", "description",
				"too many failed sign-ins: see Retry-After");
			json_object_set_new(item, "post", post);
		}
		json_object_set_new(paths, path, item);
	}
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s}, {s:s, s:s}], s:o, s:o}", "openapi", "3.1.0", "info",
		"title", "Muster API", "version", "1", "description",
		"Every question of the muster command line, as the JSON document that `muster QUESTION --json` "
		"prints, and the HTML pages that render the same documents. Read-only (GET and HEAD) but for "
		"the sign-in and editor forms, which take POST.",
		"tags", "name", "api", "description", "JSON answer documents", "name", "pages",
		"description", "HTML pages (no JavaScript needed)", "paths", paths, "components", components());
	api_json_out(r, doc);
	return 0;
}
