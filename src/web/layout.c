/* layout.c: the frame of every page — the head with one small inline style
 * sheet (screen and print), the navigation built from the question table,
 * the language switch, the GET as-of form, the footer and the error page, in
 * the page's language. Pages need no JavaScript and print without the
 * navigation and forms, black on white, with the addresses of source links.
 * Colours meet WCAG AA (tests/cli/web_i18n.sh computes the ratios). */
#include <string.h>

#include "web.h"

static const char css[] =
	"body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}"
	"header{background:#0b3d5c;color:#fff;padding:.4em 1em;display:flex;flex-wrap:wrap;"
	"justify-content:space-between;gap:.3em}"
	"header a{color:#fff;margin-right:.9em;text-decoration:none}header a:hover{text-decoration:underline}"
	"header a[aria-current]{font-weight:bold;text-decoration:underline}header nav{display:flex;flex-wrap:wrap}"
	"nav.lang a{margin:0 0 0 .8em}"
	"main{max-width:64em;margin:0 auto;padding:0 1em 2em}"
	"a{color:#0a4f8a}:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}"
	"a:focus-visible{background:#ffdd00;color:#1b1b1b}"
	"a:focus-visible circle{stroke:#1b1b1b;stroke-width:4px}"
	"h1{font-size:1.6em;margin:.6em 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;font-size:.9em;width:100%}"
	"th,td{border-bottom:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"dl.f{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dl.f dt{font-weight:600}dl.f dd{margin:0}"
	".big{font-size:2.2em;font-weight:700}.src,.note{color:#4a4a4a;font-size:.85em}"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16em,1fr));gap:1em}"
	".card{border:1px solid #bbb;border-radius:4px;padding:.6em .8em}.card h2{margin-top:0}.wide{grid-column:1/-1}"
	".card dl.f{display:block}.card dd{margin:0 0 .5em}"
	"form{margin:.6em 0;padding:.5em;background:#f2f5f7}"
	"input,button{font:inherit;padding:.15em .4em}input,select,textarea{max-width:100%;box-sizing:border-box}button{background:#0b3d5c;color:#fff;border:0}"
	"svg{max-width:100%;height:auto}svg text{font:12px sans-serif;fill:#1b1b1b}"
	"footer{border-top:1px solid #ccc;margin-top:2em;padding-top:.5em}"
	/* A phone: each row a block of "label: value" lines headed by its first
	 * cell, the header row kept for screen readers only; long words break
	 * (only there: in a real table, breaking anywhere would squeeze columns). */
	"@media screen and (max-width:40em){main{padding:0 .6em 2em;overflow-wrap:anywhere}header a{margin-right:.6em}"
	"dl.f{display:block}dl.f dd{margin:0 0 .4em}figure{margin:1em 0}table,tr,td{display:block}"
	"thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"tr{border-bottom:1px solid #bbb;padding:.3em 0}td{border:0;padding:0}td.n{text-align:left}"
	"td:first-child{font-weight:600}td.e{display:none}"
	"td[data-label]::before{content:attr(data-label) \": \";font-weight:600}"
	":lang(fr) td[data-label]::before{content:attr(data-label) \"\\a0: \"}}"
	"@media print{header,form,.noprint{display:none}body{font-size:11pt;color:#000;background:#fff}"
	"a{color:#000;text-decoration:none}.src,.note{color:#000}"
	"a[href^=\"http\"]::after{content:\" <\" attr(href) \">\";word-break:break-all}"
	".card{border-color:#000;break-inside:avoid}svg text{fill:#000}"
	"main{max-width:none}table{page-break-inside:auto;font-size:8pt}tr{page-break-inside:avoid}"
	"th,td{overflow-wrap:anywhere}}";

void page_begin(struct buf *b, const char *title, const char *current)
{
	buf_lit(b, "<!DOCTYPE html>\n<html lang=\"");
	buf_lit(b, page_lang_code(b));
	buf_lit(b, "\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		   /* An empty icon: browsers would otherwise ask for /favicon.ico on every page (a 404). */
		   "<link rel=\"icon\" href=\"data:,\"><title>");
	buf_html(b, title);
	buf_lit(b, " \xE2\x80\x94 Muster</title><style>");
	buf_lit(b, css);
	buf_lit(b, "</style></head><body><header><nav aria-label=\"");
	buf_t(b, "Questions");
	buf_lit(b, "\"><a href=\"/");
	buf_href_lang(b, 1);
	buf_lit(b, "\"");
	if (current && !strcmp(current, "dashboard"))
		buf_lit(b, " aria-current=\"page\"");
	buf_lit(b, "><b>Muster</b></a>");
	for (size_t i = 0; i < web_n_questions; i++) {
		const struct question *q = &web_questions[i];
		buf_lit(b, "<a href=\"/");
		buf_url(b, q->name);
		buf_href_lang(b, 1);
		buf_lit(b, "\"");
		if (current && !strcmp(current, q->name))
			buf_lit(b, " aria-current=\"page\"");
		buf_lit(b, ">");
		buf_t(b, q->title);
		buf_lit(b, "</a>");
	}
	/* The periodic report (src/report/): not a question, one document made of them. */
	buf_lit(b, "<a href=\"/report");
	buf_href_lang(b, 1);
	buf_lit(b, "\"");
	if (current && !strcmp(current, "report"))
		buf_lit(b, " aria-current=\"page\"");
	buf_lit(b, ">");
	buf_t(b, "Periodic report");
	buf_lit(b, "</a>");
	/* session.c puts the signed-in user between the markers. */
	buf_lit(b, WEB_WHO_BEGIN "<a href=\"/signin");
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	buf_t(b, "Sign in");
	buf_lit(b, "</a>" WEB_WHO_END "</nav>");
	page_lang_switch(b);
	buf_lit(b, "</header><main><h1>");
	buf_html(b, title);
	buf_lit(b, "</h1>");
}

void page_asof_form(struct buf *b, const char *action, const struct qargs *q, const char *as_of)
{
	buf_lit(b, "<form method=\"get\" action=\"");
	buf_html(b, action);
	buf_lit(b, "\">");
	const char *keep[][2] = {{"mission", q ? q->mission : NULL}, {"by", q ? q->by : NULL},
				 {"currency", q ? q->currency : NULL}, {"status", q ? q->status : NULL},
				 {"place", q ? q->place : NULL}, {"from", q ? q->from : NULL}, {"to", q ? q->to : NULL}};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		if (!keep[i][1])
			continue;
		buf_lit(b, "<input type=\"hidden\" name=\"");
		buf_html(b, keep[i][0]);
		buf_lit(b, "\" value=\"");
		buf_html(b, keep[i][1]);
		buf_lit(b, "\">");
	}
	if (b->pl && b->pl->in_links) {
		buf_lit(b, "<input type=\"hidden\" name=\"lang\" value=\"");
		buf_lit(b, page_lang_code(b));
		buf_lit(b, "\">");
	}
	buf_lit(b, "<label for=\"as_of\">");
	buf_t(b, "As of");
	buf_lit(b, " </label><input type=\"date\" id=\"as_of\" name=\"as_of\""
		   " pattern=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\" placeholder=\"YYYY-MM-DD\"");
	if (as_of) {
		buf_lit(b, " value=\"");
		buf_html(b, as_of);
		buf_lit(b, "\"");
	}
	buf_lit(b, "> <button type=\"submit\">");
	buf_t(b, "Show");
	buf_lit(b, "</button></form>");
}

void page_end(struct buf *b, const char *json_path, const char *query, const char *head)
{
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<footer class=\"src\">");
	if (json_path) {
		/* The API is English only: its links never carry the language. */
		struct buf link = {0};
		buf_lit(&link, "<a href=\"");
		buf_html(&link, json_path);
		if (query && *query) {
			buf_lit(&link, "?");
			buf_html(&link, query);  /* already URL-encoded by the server */
		}
		buf_lit(&link, "\">");
		buf_html(&link, json_path);
		buf_lit(&link, "</a>");
		buf_tf(b, "The same answer as JSON: {1}.", link.p, NULL);
		buf_lit(b, " ");
		buf_free(&link);
	}
	buf_tf(b, "Record head {1}.", frag_html(&f, head), NULL);
	buf_lit(b, " ");
	buf_tf(b, "Every figure names its sources; the API is described at {1}.",
	       "<a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>", NULL);
	buf_lit(b, "</footer></main></body></html>\n");
	frags_free(&f);
}

void page_error(struct buf *b, int status, const char *msg)
{
	const char *title = status == 404 ? N_("Not found") : status == 405 ? N_("Method not allowed")
		: status >= 500 ? N_("The record cannot be read") : N_("Bad request");
	page_begin(b, _(b, title), NULL);
	/* The message is the command line's, in English. */
	buf_lit(b, "<p role=\"alert\"");
	if (strcmp(page_lang_code(b), "en"))
		buf_lit(b, " lang=\"en\"");
	buf_lit(b, ">");
	buf_html(b, msg);
	buf_lit(b, "</p><p class=\"note\">");
	buf_num(b, "HTTP %d. ", status);
	buf_lit(b, "<a href=\"/");
	buf_href_lang(b, 1);
	buf_lit(b, "\">");
	buf_t(b, "Back to the dashboard");
	buf_lit(b, "</a>.</p></main></body></html>\n");
}
