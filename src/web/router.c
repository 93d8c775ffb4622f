/* router.c: the one table of routes — every page and API path, what it
 * serves and which question it answers. It drives dispatch and the OpenAPI
 * document; nothing else knows the paths. Errors are rendered here once per
 * interface: a JSON object for the API, a page for a browser. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "web.h"
#include "../report/report.h"

const struct route web_routes[] = {
	{"/", R_PAGE, NULL, page_dashboard, "the dashboard"},
	{"/strength", R_PAGE, "strength", page_question, NULL},
	{"/pledges", R_PAGE, "pledges", page_question, NULL},
	{"/conflicts", R_PAGE, "conflicts", page_question, NULL},
	{"/search", R_PAGE, "search", page_search, NULL},
	{"/sources", R_PAGE, "sources", page_question, NULL},
	{"/funding", R_PAGE, "funding", page_question, NULL},
	{"/budget", R_PAGE, "budget", page_question, NULL},
	{"/missions", R_PAGE, "missions", page_question, NULL},
	{"/mandate", R_PAGE, "mandate", page_question, NULL},
	{"/obligations", R_PAGE, "obligations", page_question, NULL},
	{"/promises", R_PAGE, "promises", page_question, NULL},
	{"/timeline", R_PAGE, "timeline", page_question, NULL},
	{"/places", R_PAGE, "places", page_question, NULL},
	{"/incidents", R_PAGE, "incidents", page_question, NULL},
	{"/vetting", R_PAGE, "vetting", page_question, NULL},
	{"/complaints", R_PAGE, "complaints", page_question, NULL},
	{"/report", R_PAGE, NULL, page_report, "the periodic report"},
	{"/report.pdf", R_PAGE, NULL, page_report_pdf, "the periodic report as a PDF (A4), as muster report --format pdf"},
	{"/signin", R_FORM, NULL, page_signin, NULL},
	{"/signout", R_FORM, NULL, page_signout, NULL},
	{"/add", R_FORM, NULL, page_add_index, NULL},
	{"/add/", R_PREFIX_FORM, NULL, page_add, NULL},
	{"/correct/", R_PREFIX_FORM, NULL, page_correct, NULL},
	{"/retract/", R_PREFIX_FORM, NULL, page_retract, NULL},
	{"/record/", R_PREFIX_PAGE, NULL, page_record, NULL},
	{"/source/", R_PREFIX_PAGE, NULL, page_record, NULL},
	{"/api/v1/strength", R_API, "strength", api_question, "as muster strength --json"},
	{"/api/v1/pledges", R_API, "pledges", api_question, "as muster pledges --json"},
	{"/api/v1/conflicts", R_API, "conflicts", api_question, "as muster conflicts --json"},
	{"/api/v1/search", R_API, "search", api_question,
	 "as muster search WORDS --json (restricted records too with an oversight or admin session)"},
	{"/api/v1/sources", R_API, "sources", api_question, "as muster sources --json"},
	{"/api/v1/funding", R_API, "funding", api_question, "as muster funding --json"},
	{"/api/v1/budget", R_API, "budget", api_question, "as muster budget --json"},
	{"/api/v1/missions", R_API, "missions", api_question, "as muster missions --json"},
	{"/api/v1/mandate", R_API, "mandate", api_question, "as muster mandate --json"},
	{"/api/v1/obligations", R_API, "obligations", api_question, "as muster obligations --json"},
	{"/api/v1/promises", R_API, "promises", api_question, "as muster promises --json"},
	{"/api/v1/timeline", R_API, "timeline", api_question, "as muster timeline --json"},
	{"/api/v1/places", R_API, "places", api_question, "as muster places --json"},
	{"/api/v1/incidents", R_API, "incidents", api_question, "as muster incidents --json"},
	{"/api/v1/vetting", R_API, "vetting", api_question,
	 "as muster vetting --json (details with an oversight or admin session)"},
	{"/api/v1/complaints", R_API, "complaints", api_question,
	 "as muster complaints --json (details with an oversight or admin session)"},
	{"/api/v1/record/", R_PREFIX_API, NULL, api_record, "one record or source, as muster show ID --json"},
	{"/api/v1/head", R_API, NULL, api_head, "the public head of the chain, to keep and check later (muster head, muster verify --head)"},
	{"/api/v1/openapi.json", R_API, NULL, api_openapi, "this description (OpenAPI 3.1)"},
};
const size_t web_n_routes = sizeof web_routes / sizeof *web_routes;

const struct route *route_find(const char *path, const char **rest)
{
	*rest = NULL;
	for (size_t i = 0; i < web_n_routes; i++) {
		const struct route *r = &web_routes[i];
		size_t n = strlen(r->path);
		if (r->kind == R_PAGE || r->kind == R_API || r->kind == R_FORM) {
			if (!strcmp(path, r->path))
				return r;
			continue;
		}
		/* A prefix route takes one plain segment: no slash, no dot-dot. */
		const char *seg = path + n;
		if (!strncmp(path, r->path, n) && *seg && !strchr(seg, '/') && !strstr(seg, "..") &&
		    strlen(seg) <= 128) {
			*rest = seg;
			return r;
		}
	}
	return NULL;
}

int web_status_of(const struct err *e)
{
	int status = err_http_status(e);
	if (status == 500)
		fprintf(stderr, "muster: serve: %s\n", e->msg);
	return status;
}

void web_error(struct req *r, int api, const struct err *e)
{
	const char *msg = e->msg;
	buf_free(&r->out);
	r->status = web_status_of(e);
	if (api) {
		json_t *o = json_object();
		json_object_set_new(o, "error", json_string(utf8_valid(msg) ? msg : "bad request (not UTF-8)"));
		json_object_set_new(o, "code", json_string(err_word(e)));
		char *s = json_dumps(o, JSON_INDENT(2));
		json_decref(o);
		buf_lit(&r->out, s);
		buf_lit(&r->out, "\n");
		free(s);
		r->ctype = "application/json; charset=utf-8";
	} else {
		page_error(&r->out, r->status, msg);
		r->ctype = "text/html; charset=utf-8";
	}
}

void web_error_code(struct req *r, int api, enum err_code code, const char *msg)
{
	struct err e;
	e.code = code;
	e.scope = ERR_PLAIN;
	snprintf(e.msg, sizeof e.msg, "%s", msg);
	web_error(r, api, &e);
}
