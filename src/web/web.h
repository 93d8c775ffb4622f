/* web.h: the web server's machinery — an output buffer with the only HTML and
 * URL escaping helpers, the request a handler fills, the table of questions
 * (what each takes and which answer function it calls) and the table of
 * routes. No global state: every handler gets its request and its own
 * read-only store. */
#ifndef MUSTER_WEB_H
#define MUSTER_WEB_H

#include <pthread.h>
#include <jansson.h>
#include <stddef.h>

#include "../core/err.h"
#include "../core/figure.h"
#include "../core/record.h"
#include "../core/store.h"
#include "../i18n/i18n.h"
#include "../trust/users.h"

/* ---- buf.c: output ---- */

struct page_lang;

struct buf {
	char *p;                /* from malloc, NUL-terminated; NULL when empty */
	size_t len, cap;
	/* The language of the page written into this buffer (NULL: English, and
	 * links without a language): set once by the server, so that every
	 * renderer, which all take the buffer, writes its labels, numbers and
	 * links in it without another argument. buf_free keeps it. */
	const struct page_lang *pl;
};

void buf_add(struct buf *b, const void *data, size_t len);
/* Appends literal markup or text known to be safe (string literals, numbers). */
void buf_lit(struct buf *b, const char *s);
/* Appends printf output: only numeric conversions, never %s (text goes
 * through buf_html or buf_url). */
void buf_num(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` escaped for HTML text and quoted attribute values. NULL adds nothing. */
void buf_html(struct buf *b, const char *s);
/* The first `n` bytes of `s`, escaped. */
void buf_html_n(struct buf *b, const char *s, size_t n);
/* Like buf_html, but at most `max` bytes of `s` (cut on a UTF-8 boundary, "…" added). */
void buf_html_cut(struct buf *b, const char *s, size_t max);
/* Appends `s` percent-encoded for a URL path segment or query value. */
void buf_url(struct buf *b, const char *s);
/* 12345 as "12,345" (in the page's language: "12 345" in French). */
void buf_int(struct buf *b, long long n);
/* An amount written as a decimal ("-1234567.50", as money is kept) grouped
 * and with the decimal mark of the page's language: "-1,234,567.50" in
 * English, "-1 234 567,50" in French. Anything after the digits is escaped. */
void buf_amount(struct buf *b, const char *s);
/* The page language's way of writing numbers (core/figure.c's rules in its
 * marks), a no-break space before units. */
struct figure_style page_figure_style(const struct buf *b);
/* Empties the buffer; its language stays. */
void buf_free(struct buf *b);

/* ---- page_lang.c: the page's language ---- */

struct page_lang {
	const struct lang *lang;
	int in_links;           /* chosen by ?lang=: every link inside the site carries it */
	const char *path;       /* this page's path and canonical query without lang, */
	const char *query;      /* for the language switch ("" when none) */
};

/* Marks a string for xgettext without translating it (tables of labels);
 * translate it where it is shown. */
#define N_(s) (s)
/* The translation of `msgid` in b's language (xgettext keyword _:2). */
#define _(b, msgid) lang_tr((b)->pl ? (b)->pl->lang : NULL, (msgid))
/* The form of `singular`/`plural` that the count `n` takes (keyword _n:2,3). */
#define _n(b, singular, plural, n) lang_trn((b)->pl ? (b)->pl->lang : NULL, (singular), (plural), (n))

/* Appends the translation of `msgid`, HTML-escaped: translations carry no markup. */
void buf_t(struct buf *b, const char *msgid);
/* Appends the translation of the template `msgid`, escaped, with each {1}…{9}
 * replaced by the HTML fragment given in that place of the NULL-terminated
 * list (fragments are markup already: built with the buf_ helpers or frag_). */
void buf_tf(struct buf *b, const char *msgid, ...) __attribute__((sentinel));
/* As buf_tf for a count: the template is the form of `singular`/`plural` that
 * `n` takes in the page's language. */
void buf_tfn(struct buf *b, const char *singular, const char *plural, unsigned long long n, ...)
	__attribute__((sentinel));

/* Fragments for buf_tf: small HTML strings that live until frags_free. */
struct frags {
	const struct page_lang *pl;
	struct buf f[8];
	int n;
};
/* Writes the translated template `tmpl` with {1} replaced by `arg`, all as
 * plain text, for a text that is escaped later (a page title). */
void text_fill(struct buf *out, const char *tmpl, const char *arg);

#define FRAGS_INIT(b) {.pl = (b)->pl}
/* `n` formatted as in the page's language. */
const char *frag_int(struct frags *f, long long n);
/* `s` escaped. */
const char *frag_html(struct frags *f, const char *s);
/* `s` escaped, marked lang="en" on a page in another language: text as recorded. */
const char *frag_en(struct frags *f, const char *s);
/* `s` escaped between two literal pieces of markup: frag_wrap(f, "<b>", s, "</b>"). */
const char *frag_wrap(struct frags *f, const char *open, const char *s, const char *close);
/* A number wrapped the same way. */
const char *frag_int_wrap(struct frags *f, const char *open, long long n, const char *close);
/* A new empty fragment to write into with the buf_ helpers; its text is o->p. */
struct buf *frag_buf(struct frags *f);
void frags_free(struct frags *f);

/* The page's language code ("en" when none was set). */
const char *page_lang_code(const struct buf *b);
/* Appends "?lang=xx" (when `first`) or "&amp;lang=xx" to an href being written,
 * when the page's language was chosen by ?lang=; nothing otherwise. */
void buf_href_lang(struct buf *b, int first);
/* Appends `s` (a decimal number as text, "60.5") as buf_amount writes it. */
void buf_decimal(struct buf *b, const char *s);
/* Opens <span lang="en"> around English data (rules, messages) on a page in
 * another language; page_en_close closes it. Screen readers then switch voice. */
void page_en_open(struct buf *b, const char *tag);
void page_en_close(struct buf *b, const char *tag);
/* The language switch: a link per language to this page with the same query. */
void page_lang_switch(struct buf *b);

/* ---- record_words.c: the answers' own English texts in the page's language ---- */

/* Writes an answer's rule (or a disagreement's), sentence by sentence from
 * the catalogue when every sentence has a translation, else as it is, marked
 * lang="en". The sentences, NULL-terminated, for the tests. */
void page_record_text(struct buf *b, const char *text);
extern const char *const record_sentences[];
/* Writes what a claim's figure is ("as": "reported total"), translated, else
 * marked lang="en". */
void page_record_as(struct buf *b, const char *text);
extern const char *const record_as[];
/* `text` is one of record_as (a fixed text an answer gives as a value: "fewer than 5"). */
int record_as_known(const char *text);
/* The field `key` holds text as the record or a source words it (a title, a
 * name, a statement): shown as recorded, marked lang="en". */
int record_text_key(const char *key);
/* Writes what a disagreement is about, said with its template's translation
 * and the same names, codes and dates in the holes; else as it is, marked
 * lang="en". */
void page_record_about(struct buf *b, const char *text);
/* Writes a sentence an answer gives as its parts (core/say.h: {"template",
 * "holes"}): the template's translation with each hole said in the page's
 * language and figures (an amount as page_money says it); a template with
 * no translation in English, marked lang="en". The templates are listed in
 * record_said[] for the catalogue. */
void page_said(struct buf *b, const json_t *said);
extern const char *const record_said[];

/* ---- labels.c: the labels of answer fields ---- */

/* The English label of an answer field ("pledged_personnel" -> "Pledged
 * personnel"), marked for translation; NULL for a key it does not know. */
const char *label_of(const char *key);
/* Every key the table knows, in order, NULL-terminated (for test-i18n). */
const char *label_key(size_t i);
/* The label of `value` in a field `key` that takes one of a few words
 * (channel, stage, status…), in English (translate with buf_t), or NULL. */
const char *label_of_value(const char *key, const char *value);
/* The i-th value of that table and its English label (search's synonyms
 * read them), or NULL past the end. */
const char *label_value_at(size_t i, const char **label);

/* ---- questions.c: the questions the API and the pages answer ---- */

/* Parameters a question takes (bit per query parameter). */
#define P_ASOF     0x01u  /* as_of=YYYY-MM-DD (default today) */
#define P_MISSION  0x02u  /* mission=CODE */
#define P_BY       0x04u  /* by=DIMENSION */
#define P_CURRENCY 0x08u  /* currency=CODE */
#define P_STATUS   0x10u  /* status=… (promises, places) */
#define P_PLACE    0x20u  /* place=NAME */
#define P_FROMTO   0x40u  /* from=, to= (days) */
#define P_ALLMISSIONS 0x80u /* not a parameter: mission=all asks across missions */
#define P_AT       0x100u /* at=N: after the first N public records (/api/v1/head) */
#define P_QUERY    0x200u /* q=WORDS (search) */
#define P_KIND     0x400u /* kind=KIND (search) */

/* The parsed query: strings point into the connection's memory. */
struct qargs {
	const char *as_of, *mission, *by, *currency, *status, *place, *from, *to, *at, *q, *kind;
	int day, from_day, to_day;
	char cur[4];
	enum role role;         /* who asks: vetting and complaints answer by role */
	struct err e;           /* the first problem met while collecting */
};

struct question {
	const char *name;       /* "strength": /api/v1/strength and /strength */
	const char *title;      /* "Strength", for pages */
	const char *blurb;      /* one line under the title */
	unsigned params;
	/* Calls the answer function; NULL with `e` set on failure. */
	json_t *(*answer)(struct store *s, const struct qargs *q, struct err *e);
	/* The keys of the rows its page shows as columns, in order, NULL-
	 * terminated; NULL: every key. The JSON has the others. */
	const char *const *columns;
	/* Its page, written by its feature (src/FEATURE/FEATURE_page.c): the headline
	 * in words, the sections, tables and charts between the as-of form and
	 * the disagreements; it may ask `s` more (a chart over time). NULL: the
	 * generic figures and table. */
	void (*page)(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
};

extern const struct question web_questions[];
extern const size_t web_n_questions;
const struct question *question_find(const char *name);

/* Checks the mission asked about (mission_check_or_err, as the command line
 * does), then calls the question's answer function: the one way the pages,
 * the API and `export --question` ask. NULL with `e` set on failure. */
json_t *question_ask(const struct question *qn, struct store *s, const struct qargs *q, struct err *e);

/* Records one query parameter (from the connection) into `q`, checking that
 * the question takes it. The first problem is kept in q->e. */
void qargs_add(struct qargs *q, const struct question *qn, const char *key, const char *value);
/* Checks and converts the values (dates, currency) with the CLI's messages. */
int qargs_check_or_err(struct qargs *q, const struct question *qn, struct err *e);
/* The CLI option a parameter stands for ("as_of" -> "--as-of"). */
const char *qargs_option(const char *key);

/* ---- the request ---- */

/* The server's settings, read-only once it runs. */
struct server {
	char db[1024];          /* read-only once the daemon runs */
	int secure;             /* cookies are Secure: served over TLS (--tls-cert) or --secure-cookies */
	pthread_key_t store_key;        /* each pool thread's struct store for anonymous readers */
	struct resp_cache *cache;       /* NULL: no caching */
	struct conns *conns;            /* deadlines and room for new clients (conns.c) */
	struct anchor_memo *anchor;     /* the public chain so far (src/trust/anchor.c) */
};

/* Opens the server's file for a request. Messages a visitor may see never
 * name the server's paths: once open, the store calls itself "the record
 * file"; a failure to open is logged on stderr and told as E_UNAVAILABLE
 * (503: try again later). */
int web_store_open_or_err(const struct server *srv, struct store *s, int mode, struct err *e);

struct req {
	const struct server *srv;
	const char *method;     /* "GET", "HEAD" or "POST" */
	const struct who *who;  /* who asks; role ROLE_PUBLIC when nobody is signed in */
	json_t *form;           /* POST: the form's fields as strings; NULL for GET and HEAD */
	const char *client;     /* the client's address (the sign-in limit counts by it) */
	const char *presession; /* the sign-in form's cookie token, or NULL */
	char cookies[2][256];   /* Set-Cookie headers to send ("" for none) */
	char location[512];     /* Location of a 303 See Other ("" for none) */
	int no_store;           /* Cache-Control: no-store and no ETag (forms, signed-in pages) */
	int retry_after;        /* seconds, for a 429 */
	const char *path;       /* the decoded path, without the query */
	const char *rest;       /* what follows a prefix route ("/record/ID" -> "ID") */
	struct store *s;        /* GET: read-only, in one read transaction; POST: writable */
	const struct question *q;
	struct qargs *args;
	const char *query;      /* the canonical query, "a=1&b=2", for links */
	struct buf out;
	const char *ctype;
	int status;
	char head[17];          /* the log head, short */
	struct err e;
};

/* ---- serve.c ---- */
/* How to serve: TLS certificate and key files (PEM) or none, and whether a
 * TLS proxy in front makes cookies Secure. */
struct serve_opts {
	const char *tls_cert, *tls_key;
	int secure_cookies;
};
/* Serves the store at `db` on `listen` (ADDRESS:PORT) until SIGINT or
 * SIGTERM; returns 0 then, or -1 when it cannot listen. GET and HEAD read;
 * only the POST of a form (signin.c, forms.c) opens the file for writing. */
int web_serve_or_err(const char *db, const char *listen, const struct serve_opts *o, struct err *e);

/* ---- router.c ---- */

/* R_FORM and R_PREFIX_FORM are pages with a form: they take POST, and are
 * never cached. */
enum route_kind { R_PAGE, R_API, R_PREFIX_PAGE, R_PREFIX_API, R_FORM, R_PREFIX_FORM };

struct route {
	const char *path;
	enum route_kind kind;
	const char *question;   /* the question served, or NULL */
	int (*serve)(struct req *r);   /* fills r->out, r->status, r->ctype */
	const char *summary;    /* for the OpenAPI document */
};

extern const struct route web_routes[];
extern const size_t web_n_routes;
/* The route for `path`, or NULL; writes the rest of a prefix route. */
const struct route *route_find(const char *path, const char **rest);
/* Fills r with the error `e` for the route kind: the HTTP status of its code
 * (err_codes[] in src/core/err.h), and a JSON {"error": message, "code":
 * word} or a page saying the message. A fault (status 500) is also written to
 * the server's standard error. */
void web_error(struct req *r, int api, const struct err *e);
/* web_error of an error made here: `code` and the message `msg`. */
void web_error_code(struct req *r, int api, enum err_code code, const char *msg);
/* The HTTP status of a failure, from its code; a fault (500) is also written
 * to the server's standard error. */
int web_status_of(const struct err *e);

/* ---- api.c, openapi.c ---- */
/* Answers with `doc` (taken over) as the CLI prints it with --json: the
 * same JSON text and a newline, status 200. */
void api_json_out(struct req *r, json_t *doc);
int api_question(struct req *r);
/* /api/v1/openapi.json: the OpenAPI 3.1 document of every route. */
int api_openapi(struct req *r);

/* ---- layout.c: page frame ---- */

/* Starts a page: doctype, head with the CSS, the navigation, <main>, <h1>. */
void page_begin(struct buf *b, const char *title, const char *current);
/* The GET as-of form for `action` (a path), showing `as_of`; the other
 * parameters of `q` (when not NULL) ride along as hidden fields. */
void page_asof_form(struct buf *b, const char *action, const struct qargs *q, const char *as_of);
/* Closes <main> with a footer naming the log head and the JSON link. */
void page_end(struct buf *b, const char *json_path, const char *query, const char *head);
void page_error(struct buf *b, int status, const char *msg);

/* ---- chart.c: charts drawn as SVG on the server ---- */

/* A chart's frame in SVG units: w x h, with margins for the axes; a time
 * scale from day number d0 to d1 (day_number) and a value scale from 0 to
 * vmax. */
struct chart {
	int w, h, left, right, top, bottom;
	long d0, d1;
	long long vmax;
};
#define CHART_COLOURS 8
extern const char *const chart_palette[CHART_COLOURS];
/* Where a day number (clamped to the range) and a value fall. */
int chart_x(const struct chart *c, long dayno);
int chart_y(const struct chart *c, long long v);
/* The smallest of 1, 2, …, 10 times a power of ten that is at least v. */
long long chart_nice_max(long long v);
/* Opens <figure><svg role="img"> labelled by its <title> and <desc>, whose
 * ids are ID-t and ID-d; `title` and `desc` are HTML fragments already. */
void chart_open(struct buf *b, const struct chart *c, const char *id, const char *title, const char *desc);
/* Closes the SVG and the figure with `caption` (HTML) as its figcaption. */
void chart_close(struct buf *b, const char *caption);
/* The time axis along the bottom, a tick and label at each year. */
void chart_time_axis(struct buf *b, const struct chart *c);
/* Four gridlines with their values divided by `unit`. */
void chart_value_axis(struct buf *b, const struct chart *c, long long unit);
/* A key entry at (x, y): a box of `colour`, or a dashed line; `label` is HTML. */
void chart_key(struct buf *b, int x, int y, const char *colour, int dashed, const char *label);
/* The last day of the month before `day`'s (yyyymmdd): a chart over time
 * samples its answer on the as-of day and at the end of each month before. */
int chart_prev_month_end(int day);
/* The most months a chart over time goes back. */
#define CHART_MONTHS 120
/* The width of `s` in a sans-serif font of `size` units, roughly. */
int chart_text_width(const char *s, int size);

/* ---- page_answer.c: any answer document as HTML ---- */
/* The source refs of `refs` as links, each once, joined with ", ". */
void page_sources_inline(struct buf *b, const json_t *refs);
void page_record_link(struct buf *b, const char *id);
void page_figures(struct buf *b, const json_t *answer);
/* One value as a table cell shows it: a figure object as "about 120,000,000.00
 * USD (2024-07) sources", a money key's amount grouped, a record linked. */
void page_value(struct buf *b, const char *key, const json_t *v);
/* "N more rows are not shown here: the full list." under a table cut
 * short to keep the page light, the link leading to the same answer as
 * JSON (/api/v1/QUESTION with q's parameters). Nothing when `more` is 0. */
void page_more(struct buf *b, size_t more, const char *question, const struct qargs *q);
/* page_rows of the first `max_rows` rows, then page_more for the rest: the
 * full list one link away (the same answer as JSON). */
void page_rows_more(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen,
		    const char *question, const struct qargs *q);
/* page_rows of the last `max_rows` rows (the latest of a list in date order),
 * after a note of the earlier ones left out with the link to the full list. */
void page_rows_latest(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen,
		      const char *question, const struct qargs *q);
/* An object of counts ({"force": 15, "pledges": 2}) in words: "Force
 * generation 15; Pledges 2", each key said as a value of `field` (a status, a
 * kind; NULL: as a field's label). */
void page_counts(struct buf *b, const json_t *counts, const char *field);
/* The label of an answer field in the page's language. */
void page_label(struct buf *b, const char *key);
/* The answer's "rule" as a note, in English (marked so). */
void page_rule(struct buf *b, const json_t *answer);
/* The rows as a table of the columns `chosen` (NULL-terminated keys; those
 * no row has are skipped) or, when NULL, of every key in the order first met;
 * at most `max_rows` rows. Notes under it name the keys and count the rows
 * left to the JSON. */
void page_rows(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen);
/* A money figure {"amount": "600000000.00", "currency": "USD", "qualifier":
 * "about"} as "about 600,000,000.00 USD" in the page's language. */
void page_money(struct buf *b, const json_t *fig);
/* events.c: a timeline row's "what" in the page's language, from its
 * "parts"; 0 (nothing written) for a row without parts it can say. */
int page_event_what(struct buf *b, const json_t *row);
void page_disagreements(struct buf *b, const json_t *ds, size_t max);
void page_sources(struct buf *b, const json_t *sources);
int page_question(struct req *r);
/* page_search.c: the search form and its hits (/search). */
int page_search(struct req *r);

/* ---- page_strength.c ---- */
/* An inline SVG bar chart of the strength answer's rows (by country). */
void svg_strength(struct buf *b, const json_t *doc);
void page_strength_headline(struct buf *b, const json_t *doc);



/* ---- map_places.c ---- */
/* The map of the places answer: the departments and a dot per place with a
 * point (an inline SVG in a <figure class="map">). */
void svg_places_map(struct buf *b, const json_t *doc);
struct dept_map;
/* The departments' outlines, built at the first call (thread-safe); NULL
 * when the embedded areas hold none. */
const struct dept_map *map_shapes(void);

/* ---- dashboard.c, record.c ---- */
int page_dashboard(struct req *r);
int page_record(struct req *r);
int api_record(struct req *r);

/* ---- head.c ---- */

/* /api/v1/head: the public head a reader can keep (muster head). */
extern const struct question head_question;
int api_head(struct req *r);

/* ---- signin.c, forms.c: sign-in and the editors' forms ---- */

/* The sign-in link page_begin puts in the header, between markers that
 * session.c replaces with the signed-in user's name and a sign-out button. */
#define WEB_WHO_BEGIN "<!--who-->"
#define WEB_WHO_END "<!--/who-->"

int page_signin(struct req *r);
int page_signout(struct req *r);
int page_add_index(struct req *r);
int page_add(struct req *r);
int page_correct(struct req *r);
int page_retract(struct req *r);
/* The links to correct or retract a record on its page, when `r->who` may. */
void forms_record_actions(struct buf *b, const struct req *r, const char *kind, const char *id, int live);
/* The hidden CSRF field of a form of the signed-in user (or of the sign-in form). */
void page_csrf_field(struct buf *b, const struct req *r);

#endif
