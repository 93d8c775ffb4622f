/* report_page.c: the periodic report as one HTML document — its parts built
 * from the answers of the existing questions and drawn by their own page
 * renderers (charts included), the pace of strength over the period, every
 * disagreement of the answers and every source cited, numbered once; a print
 * style sheet for A4 with page breaks and running headers. Serves /report. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/mission.h"
#include "report.h"

const struct question report_question = {
	"report", N_("Periodic report"),
	N_("One document for the oversight mechanism and the donors: strength, money, mandate, promises, "
	   "operations, oversight, disagreements and sources over a period."),
	P_MISSION | P_FROMTO, NULL, NULL, NULL};

/* The report's parts, in order: each a title and the questions it shows. */
static const struct {
	const char *id, *title;
	const char *questions[3];
} parts[] = {
	{"strength", N_("Strength and its pace"), {"strength", "pledges", NULL}},
	{"money", N_("Money against the budget"), {"budget", "funding", NULL}},
	{"mandate", N_("The mandate and what it requires"), {"mandate", "obligations", NULL}},
	{"promises", N_("Promises kept and missed"), {"promises", NULL, NULL}},
	{"operations", N_("Operations and places"), {"places", "incidents", NULL}},
	{"oversight", N_("Vetting and complaints"), {"vetting", "complaints", NULL}},
};

static const char css[] =
	"body{font:11pt/1.4 'DejaVu Sans',system-ui,sans-serif;margin:0 auto;max-width:60em;padding:0 1em;color:#1b1b1b}"
	"h1{font-size:1.5em;margin:.6em 0 .3em}h1.part{border-bottom:2px solid #0b3d5c;color:#0b3d5c}"
	"h2{font-size:1.15em;margin:1.2em 0 .4em;border-bottom:1px solid #ccc}h3{font-size:1em}"
	"table{border-collapse:collapse;font-size:.85em;width:100%}"
	"th,td{border-bottom:1px solid #ddd;padding:.2em .4em;text-align:left;vertical-align:top}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"dl.f{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dl.f dt{font-weight:600}dl.f dd{margin:0}"
	".big{font-size:1.8em;font-weight:700}.src,.note{color:#4a4a4a;font-size:.85em}"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14em,1fr));gap:.8em}"
	".card{border:1px solid #bbb;border-radius:4px;padding:.5em .7em}.card h2{margin-top:0}.wide{grid-column:1/-1}"
	"svg{max-width:100%;height:auto}svg text{font:12px sans-serif;fill:#1b1b1b}"
	"form,details>summary{display:none}a{color:#0a4f8a}.runhead{display:none}"
	"@media print{body{max-width:none;padding:0;color:#000}a{color:#000;text-decoration:none}"
	".src,.note{color:#000}h1.part{break-before:page}h1,h2,h3{break-after:avoid}"
	"tr,figure,svg,.card{break-inside:avoid}table{font-size:8pt}th,td{overflow-wrap:break-word}.pdf{display:none}}";

/* Appends `s` as text inside a CSS string: quotes, backslashes and anything
 * that could close the style element are escaped. */
static void css_string(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\' || *s == '<' || *s == '>' || (unsigned char)*s < 0x20)
			buf_num(b, "\\%x ", (unsigned char)*s);
		else
			buf_add(b, s, 1);
	}
}

/* The numbers given to the sources cited: ids -> numbers, and the sources in
 * their order. */
struct cited {
	json_t *num;            /* {"id": n} */
	json_t *list;           /* [source objects] */
	json_t *disagreements;  /* every disagreement met, each once */
};

/* Numbers the sources of `doc` not met before, and writes the numbers of all
 * its sources as one line ("Sources: —" when it has none); keeps its
 * disagreements not met before. */
static void cite(struct buf *b, struct cited *c, const json_t *doc)
{
	const json_t *srcs = json_object_get(doc, "sources");
	size_t i;
	json_t *src;
	buf_lit(b, "<p class=\"src\">");
	buf_t(b, "Sources:");
	if (!json_array_size(srcs))
		buf_lit(b, " \xE2\x80\x94");
	json_array_foreach(srcs, i, src) {
		const char *id = json_string_value(json_object_get(src, "id"));
		if (!id)
			continue;
		json_t *n = json_object_get(c->num, id);
		if (!n) {
			json_array_append(c->list, src);
			n = json_integer((json_int_t)json_array_size(c->list));
			json_object_set_new(c->num, id, n);
		}
		buf_num(b, " <a href=\"#s%lld\">[%lld]</a>", (long long)json_integer_value(n),
			(long long)json_integer_value(n));
	}
	buf_lit(b, "</p>");
	json_t *d;
	json_array_foreach(json_object_get(doc, "disagreements"), i, d) {
		size_t j;
		json_t *seen;
		int met = 0;
		json_array_foreach(c->disagreements, j, seen)
			if (json_equal(seen, d))
				met = 1;
		if (!met)
			json_array_append(c->disagreements, d);
	}
}

static long long int_at(const json_t *o, const char *k1, const char *k2)
{
	const json_t *v = json_object_get(o, k1);
	if (k2)
		v = json_object_get(v, k2);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* n / of as a percentage to one decimal, rounded half up, as the answers
 * write shares ("46.4 %"), in the page's decimal style. */
static const char *share(struct frags *f, long long n, long long of)
{
	long long tenths = (n * 1000 + of / 2) / of;
	char d[32];
	snprintf(d, sizeof d, "%lld.%lld", tenths / 10, tenths % 10);
	struct buf *o = frag_buf(f);
	buf_decimal(o, d);
	buf_lit(o, "\xC2\xA0%");
	return o->p;
}

/* The pace of strength: deployed at the start and the end of the period,
 * the change and its monthly rate, against the pledges, the plan and the ceiling. */
static void pace(struct buf *b, const json_t *start, const json_t *end, const json_t *pledges, const struct qargs *q)
{
	const json_t *a0 = json_object_get(start, "answer"), *a1 = json_object_get(end, "answer");
	long long n0 = int_at(a0, "total", NULL), n1 = int_at(a1, "total", NULL);
	long long pledged = int_at(json_object_get(pledges, "answer"), "pledged_personnel", NULL);
	long long plan = int_at(a1, "target", "personnel"), ceiling = int_at(a1, "ceiling", "personnel");
	long days = day_number(q->to_day) - day_number(q->from_day);
	char d0[11], d1[11];
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<h2 id=\"pace\">");
	buf_t(b, "The pace of the period");
	buf_lit(b, "</h2><p>");
	if (n0 < 0 || n1 < 0) {
		buf_t(b, "The record gives no strength at one end of the period.");
		buf_lit(b, "</p>");
		return;
	}
	buf_tf(b, "Deployed on {1}: {2}; on {3}: {4}.", frag_html(&f, day_format(q->from_day, d0)),
	       frag_int_wrap(&f, "<b>", n0 < 0 ? 0 : n0, "</b>"), frag_html(&f, day_format(q->to_day, d1)),
	       frag_int_wrap(&f, "<b>", n1 < 0 ? 0 : n1, "</b>"), NULL);
	frags_free(&f);
	buf_lit(b, " ");
	long long change = (n1 < 0 ? 0 : n1) - (n0 < 0 ? 0 : n0);
	/* A month is 30.44 days on average; the rate is rounded to a whole person. */
	long long per_month = days > 0 ? (long long)((double)change * 30.44 / (double)days + (change < 0 ? -.5 : .5)) : 0;
	buf_tf(b, "A change of {1} in {2} days, about {3} a month.", frag_int(&f, change), frag_int(&f, days),
	       frag_int(&f, per_month), NULL);
	frags_free(&f);
	buf_lit(b, "</p><ul>");
	if (pledged > 0) {
		buf_lit(b, "<li>");
		buf_tf(b, "Pledged: {1}; deployed is {2} of it.", frag_int(&f, pledged), share(&f, n1, pledged), NULL);
		frags_free(&f);
		buf_lit(b, "</li>");
	}
	if (plan > 0) {
		buf_lit(b, "<li>");
		buf_tf(b, "Planned: {1}; deployed is {2} of it.", frag_int(&f, plan), share(&f, n1, plan), NULL);
		frags_free(&f);
		buf_lit(b, "</li>");
	}
	buf_lit(b, "<li>");
	if (ceiling > 0)
		buf_tf(b, "Ceiling: {1}.", frag_int(&f, ceiling), NULL);
	else
		buf_t(b, "Ceiling: none in the record on this date.");
	frags_free(&f);
	buf_lit(b, "</li></ul>");
}

/* Whether a disagreement's date (a day, month or year as recorded; NULL for
 * none) meets the period [from, to]. */
static int date_in_period(const char *text, int from, int to)
{
	struct mdate d;
	struct err ignored = {0};
	return text && date_parse_or_err(text, &d, &ignored) == 0 && d.prec && d.lo <= to && d.hi >= from;
}

/* Adds the record's disagreements dated within the period (their "date":
 * a day, month or year that meets it) that no part showed, numbering the sources their claims cite (found in the
 * conflicts answer's sources). */
static int period_disagreements(struct store *s, const struct qargs *q, struct cited *c, struct err *e)
{
	json_t *doc = question_ask(question_find("conflicts"), s, q, e);
	if (!doc)
		return -1;
	size_t i, j, k;
	json_t *d, *seen, *cl, *ref, *src;
	json_array_foreach(json_object_get(doc, "disagreements"), i, d) {
		int met = 0;
		/* One about one thing (the same kind and words) is shown once: as the
		 * answers read it on the last day of the period (the conflicts
		 * answer reads the whole record, and may cite more records). */
		json_array_foreach(c->disagreements, j, seen)
			if (json_equal(json_object_get(seen, "about"), json_object_get(d, "about")) &&
			    json_equal(json_object_get(seen, "kind"), json_object_get(d, "kind")))
				met = 1;
		if (met || !date_in_period(json_string_value(json_object_get(d, "date")), q->from_day, q->to_day))
			continue;
		json_array_append(c->disagreements, d);
		json_array_foreach(json_object_get(d, "claims"), j, cl) {
			json_array_foreach(json_object_get(cl, "sources"), k, ref) {
				const char *id = json_string_value(ref);
				if (!id || json_object_get(c->num, id))
					continue;
				size_t m;
				json_array_foreach(json_object_get(doc, "sources"), m, src)
					if (!strcmp(id, json_string_value(json_object_get(src, "id")) ?: "")) {
						json_array_append(c->list, src);
						json_object_set_new(c->num, id, json_integer((json_int_t)json_array_size(c->list)));
						break;
					}
			}
		}
	}
	json_decref(doc);
	return 0;
}

int report_period_or_err(const struct qargs *q, struct err *e)
{
	if (!q->from || !q->to)
		return err_set(e, "the report needs a period: give both --from and --to (YYYY-MM-DD)");
	if (q->from_day > q->to_day)
		return err_set(e, "--from %s is after --to %s: give the first day of the period first", q->from, q->to);
	return 0;
}

/* One question of a part: its title, its page renderer, its sources. */
static int part_question(struct buf *b, struct store *s, const struct qargs *q, const char *name, struct cited *c,
			 struct err *e)
{
	const struct question *qn = question_find(name);
	json_t *doc = qn ? question_ask(qn, s, q, e) : NULL;
	if (!doc && (!qn || e->code != E_NOANSWER))
		return -1;
	buf_lit(b, "<h2 id=\"q-");
	buf_html(b, name);
	buf_lit(b, "\">");
	buf_t(b, qn->title);
	buf_lit(b, "</h2><p class=\"note\">");
	buf_t(b, qn->blurb);
	buf_lit(b, "</p>");
	if (!doc) {
		/* No answer on this day (no budget recorded yet…): the part says
		 * why, in the command's words, and the report goes on. */
		buf_lit(b, "<p>");
		page_en_open(b, "span");
		buf_html(b, e->msg);
		page_en_close(b, "span");
		buf_lit(b, "</p>");
		memset(e, 0, sizeof *e);
		cite(b, c, NULL);
		return 0;
	}
	if (!strcmp(name, "strength")) {
		struct qargs at_start = *q;
		char d0[11];
		at_start.day = q->from_day;
		at_start.as_of = day_format(q->from_day, d0);
		json_t *start = question_ask(qn, s, &at_start, e);
		json_t *pledges = start ? question_ask(question_find("pledges"), s, q, e) : NULL;
		if (!pledges && e->code != E_NOANSWER) {
			json_decref(start);
			json_decref(doc);
			return -1;
		}
		/* A figure with no answer is left out of the pace (pledges
		 * none recorded yet), never said to be 0. */
		memset(e, 0, sizeof *e);
		pace(b, start, doc, pledges, q);
		json_decref(start);
		json_decref(pledges);
	}
	qn->page(b, s, doc, q);
	cite(b, c, doc);
	json_decref(doc);
	return 0;
}

int report_write_or_err(struct buf *b, struct store *s, const struct qargs *q0, const char *head,
			const char *pdf_href, struct err *e)
{
	struct qargs q = *q0;
	char to[11], gen[21];
	q.day = q.to_day;
	q.as_of = day_format(q.to_day, to);
	const char *mission = q.mission && *q.mission ? q.mission : DEFAULT_MISSION;
	q.mission = mission;
	struct buf title = {.pl = b->pl};
	struct frags f = FRAGS_INIT(b);
	text_fill(&title, _(b, "Periodic report: {1}"), mission);
	buf_lit(&title, ", ");
	buf_add(&title, q.from, strlen(q.from));
	buf_lit(&title, " \xE2\x80\x93 ");
	buf_add(&title, q.to, strlen(q.to));
	buf_lit(b, "<!DOCTYPE html>\n<html lang=\"");
	buf_lit(b, page_lang_code(b));
	buf_lit(b, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		   "<link rel=\"icon\" href=\"data:,\"><title>");
	buf_html(b, title.p);
	buf_lit(b, " \xE2\x80\x94 Muster</title><style>");
	buf_lit(b, css);
	/* The running header and the page numbers of the printed report. */
	buf_lit(b, "@page{size:A4;margin:20mm 15mm 18mm;@top-left{font:8pt sans-serif;content:\"Muster \\2014  ");
	css_string(b, title.p);
	buf_lit(b, "\"}@bottom-right{font:8pt sans-serif;content:counter(page) \" / \" counter(pages)}}</style></head><body>");
	buf_lit(b, "<h1 id=\"top\">");
	buf_html(b, title.p);
	buf_lit(b, "</h1><p>");
	now_iso(gen);
	buf_tf(b, "The record of {1} read as of {2}, the last day of the period; the incidents are those of the period. "
		  "Written on {3}.", frag_wrap(&f, "<b>", mission, "</b>"), frag_wrap(&f, "<b>", q.as_of, "</b>"),
	       frag_html(&f, gen), NULL);
	frags_free(&f);
	if (head) {
		buf_lit(b, " ");
		buf_tf(b, "Record head {1}.", frag_wrap(&f, "<code>", head, "</code>"), NULL);
		frags_free(&f);
	}
	buf_lit(b, "</p>");
	if (pdf_href) {
		buf_lit(b, "<p class=\"pdf\"><a href=\"");
		buf_html(b, pdf_href);
		buf_lit(b, "\">");
		buf_t(b, "The same report as a PDF (A4)");
		buf_lit(b, "</a></p>");
	}
	buf_lit(b, "<nav><ol>");
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		buf_lit(b, "<li><a href=\"#");
		buf_lit(b, parts[i].id);
		buf_lit(b, "\">");
		buf_t(b, parts[i].title);
		buf_lit(b, "</a></li>");
	}
	buf_lit(b, "<li><a href=\"#disagreements\">");
	buf_t(b, "Disagreements");
	buf_lit(b, "</a></li><li><a href=\"#sources\">");
	buf_t(b, "Sources");
	buf_lit(b, "</a></li></ol></nav>");
	struct cited c = {json_object(), json_array(), json_array()};
	int rc = 0;
	for (size_t i = 0; i < sizeof parts / sizeof *parts && !rc; i++) {
		buf_lit(b, "<h1 class=\"part\" id=\"");
		buf_lit(b, parts[i].id);
		buf_lit(b, "\">");
		buf_t(b, parts[i].title);
		buf_lit(b, "</h1>");
		for (int j = 0; j < 3 && parts[i].questions[j] && !rc; j++)
			rc = part_question(b, s, &q, parts[i].questions[j], &c, e);
	}
	size_t shown = json_array_size(c.disagreements);
	if (!rc)
		rc = period_disagreements(s, &q, &c, e);
	if (!rc) {
		buf_lit(b, "<h1 class=\"part\" id=\"disagreements\">");
		buf_t(b, "Disagreements");
		buf_lit(b, "</h1>");
		if (!json_array_size(c.disagreements)) {
			buf_lit(b, "<p>");
			buf_t(b, "No disagreement between sources in these answers.");
			buf_lit(b, "</p>");
		} else {
			buf_lit(b, "<p class=\"note\">");
			buf_tf(b, "{1} shown by the answers above, and {2} more of the record about a day or month of "
				  "the period.", frag_int(&f, (long long)shown),
			       frag_int(&f, (long long)(json_array_size(c.disagreements) - shown)), NULL);
			frags_free(&f);
			buf_lit(b, "</p>");
		}
		page_disagreements(b, c.disagreements, json_array_size(c.disagreements));
		buf_lit(b, "<h1 class=\"part\" id=\"sources\">");
		buf_t(b, "Sources");
		buf_lit(b, "</h1><ol class=\"cited\">");
		size_t i;
		json_t *src;
		json_array_foreach(c.list, i, src) {
			const char *url = json_string_value(json_object_get(src, "url"));
			const char *date = json_string_value(json_object_get(src, "date"));
			buf_num(b, "<li id=\"s%zu\">[", i + 1);
			buf_html(b, json_string_value(json_object_get(src, "grade")));
			buf_lit(b, "] <code>");
			buf_html(b, json_string_value(json_object_get(src, "id")));
			buf_lit(b, "</code>: ");
			/* The publisher and the title as the source gives them. */
			page_en_open(b, "span");
			buf_html(b, json_string_value(json_object_get(src, "publisher")));
			buf_lit(b, ", \xE2\x80\x9C");
			buf_html(b, json_string_value(json_object_get(src, "title")));
			buf_lit(b, "\xE2\x80\x9D");
			page_en_close(b, "span");
			if (date) {
				buf_lit(b, ", ");
				buf_html(b, date);
			}
			/* Only web addresses are shown as such: never javascript: or data:. */
			if (url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))) {
				buf_lit(b, ", <span class=\"src\">");
				buf_html(b, url);
				buf_lit(b, "</span>");
			}
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ol></body></html>\n");
	}
	json_decref(c.num);
	json_decref(c.list);
	json_decref(c.disagreements);
	buf_free(&title);
	return rc;
}

/* Checks the period and the mission that /report and /report.pdf were asked
 * for: -1 with r->e set. */
static int report_ask_or_err(struct req *r)
{
	if (report_period_or_err(r->args, &r->e) < 0)
		return -1;
	if (r->args->mission && *r->args->mission &&
	    mission_check_or_err(r->s, r->args->mission, "report", 0, &r->e) < 0)
		return -1;
	return 0;
}

int page_report(struct req *r)
{
	struct buf *b = &r->out;
	if (!r->args->from && !r->args->to) {
		/* No period yet: the form that asks for one. */
		page_begin(b, _(b, report_question.title), "report");
		buf_lit(b, "<p class=\"note\">");
		buf_t(b, report_question.blurb);
		buf_lit(b, "</p><form method=\"get\" action=\"/report\"><label for=\"from\">");
		buf_t(b, "From");
		buf_lit(b, " </label><input type=\"date\" id=\"from\" name=\"from\" required> <label for=\"to\">");
		buf_t(b, "To");
		buf_lit(b, " </label><input type=\"date\" id=\"to\" name=\"to\" required>");
		if (b->pl && b->pl->in_links) {
			buf_lit(b, "<input type=\"hidden\" name=\"lang\" value=\"");
			buf_lit(b, page_lang_code(b));
			buf_lit(b, "\">");
		}
		buf_lit(b, " <button type=\"submit\">");
		buf_t(b, "Show");
		buf_lit(b, "</button></form>");
		page_end(b, NULL, r->query, r->head);
	} else {
		/* The PDF: this page's query, its language kept. */
		struct buf href = {.pl = b->pl};
		buf_lit(&href, "/report.pdf?");
		buf_lit(&href, r->query);
		if (b->pl && b->pl->in_links) {
			buf_lit(&href, "&lang=");
			buf_lit(&href, page_lang_code(b));
		}
		int rc = report_ask_or_err(r) < 0 || report_write_or_err(b, r->s, r->args, r->head, href.p, &r->e) < 0;
		buf_free(&href);
		if (rc) {
			buf_free(b);
			web_error(r, 0, &r->e);
			return -1;
		}
	}
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}

int page_report_pdf(struct req *r)
{
	struct buf html = {.pl = r->out.pl};
	char *pdf = NULL;
	size_t n = 0;
	FILE *f = NULL;
	if (!r->args->from && !r->args->to)
		err_set(&r->e, "/report.pdf needs a period: from=YYYY-MM-DD&to=YYYY-MM-DD (the form at /report asks for it)");
	else if (report_ask_or_err(r) == 0 && report_write_or_err(&html, r->s, r->args, r->head, NULL, &r->e) == 0) {
		f = open_memstream(&pdf, &n);
		/* One PDF at a time: the server's threads share the fonts pango
		 * loaded, and a PDF is laid out in a fraction of a second. */
		static pthread_mutex_t one_pdf = PTHREAD_MUTEX_INITIALIZER;
		pthread_mutex_lock(&one_pdf);
		int pdf_rc = f ? report_pdf_or_err(html.p, NULL, f, &r->e) : -1;
		pthread_mutex_unlock(&one_pdf);
		if (!f)
			err_set_code(&r->e, E_INTERNAL, "/report.pdf: out of memory");
		else if (pdf_rc == 0 && fclose(f) == 0) {
			f = NULL;
			buf_add(&r->out, pdf, n);
			r->status = 200;
			r->ctype = "application/pdf";
		} else if (!r->e.msg[0]) {
			err_set_code(&r->e, E_INTERNAL, "/report.pdf: the PDF could not be written");
		}
	}
	if (f)
		fclose(f);
	free(pdf);
	buf_free(&html);
	if (r->status != 200) {
		buf_free(&r->out);
		web_error(r, 0, &r->e);
		return -1;
	}
	return 0;
}
