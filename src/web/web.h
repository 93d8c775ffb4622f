/* web.h: the web server's machinery — an output buffer with the only HTML and
 * URL escaping helpers, the request a handler fills, the table of questions
 * (what each takes and which answer function it calls) and the table of
 * routes. No global state: every handler gets its request and its own
 * read-only store. */
#ifndef MUSTER_WEB_H
#define MUSTER_WEB_H

#include <jansson.h>
#include <stddef.h>

#include "../core/err.h"
#include "../core/store.h"
#include "../trust/users.h"

/* ---- buf.c: output ---- */

struct buf {
	char *p;                /* from malloc, NUL-terminated; NULL when empty */
	size_t len, cap;
};

void buf_add(struct buf *b, const void *data, size_t len);
/* Appends literal markup or text known to be safe (string literals, numbers). */
void buf_lit(struct buf *b, const char *s);
/* Appends printf output: only numeric conversions, never %s (text goes
 * through buf_html or buf_url). */
void buf_num(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` escaped for HTML text and quoted attribute values. NULL adds nothing. */
void buf_html(struct buf *b, const char *s);
/* Like buf_html, but at most `max` bytes of `s` (cut on a UTF-8 boundary, "…" added). */
void buf_html_cut(struct buf *b, const char *s, size_t max);
/* Appends `s` percent-encoded for a URL path segment or query value. */
void buf_url(struct buf *b, const char *s);
/* 12345 as "12,345". */
void buf_int(struct buf *b, long long n);
void buf_free(struct buf *b);
/* 1 when `s` is valid UTF-8 (what JSON strings need). */
int utf8_valid(const char *s);

/* ---- questions.c: the questions the API and the pages answer ---- */

/* Parameters a question takes (bit per query parameter). */
#define P_ASOF     0x01u  /* as_of=YYYY-MM-DD (default today) */
#define P_MISSION  0x02u  /* mission=CODE */
#define P_BY       0x04u  /* by=DIMENSION */
#define P_CURRENCY 0x08u  /* currency=CODE */
#define P_STATUS   0x10u  /* status=… (promises, places) */
#define P_PLACE    0x20u  /* place=NAME */
#define P_FROMTO   0x40u  /* from=, to= (days) */

/* The parsed query: strings point into the connection's memory. */
struct qargs {
	const char *as_of, *mission, *by, *currency, *status, *place, *from, *to;
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
};

extern const struct question web_questions[];
extern const size_t web_n_questions;
const struct question *question_find(const char *name);

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
	char db[1024];
	int secure;             /* cookies are Secure: served over TLS (--tls-cert) or --secure-cookies */
};

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
/* Fills r with an error for the route kind: a JSON {"error": …} or a page. */
void web_error(struct req *r, int api, int status, const char *msg);

/* ---- api.c ---- */
int api_question(struct req *r);
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

/* ---- page_answer.c: any answer document as HTML ---- */
void page_sources_inline(struct buf *b, const json_t *refs);
void page_record_link(struct buf *b, const char *id);
void page_figures(struct buf *b, const json_t *answer);
void page_rows(struct buf *b, const json_t *rows, size_t max_rows);
void page_disagreements(struct buf *b, const json_t *ds, size_t max);
void page_sources(struct buf *b, const json_t *sources);
int page_question(struct req *r);

/* ---- page_strength.c ---- */
/* An inline SVG bar chart of the strength answer's rows (by country). */
void svg_strength(struct buf *b, const json_t *doc);
void page_strength_headline(struct buf *b, const json_t *doc);



/* ---- dashboard.c, record.c ---- */
int page_dashboard(struct req *r);
int page_record(struct req *r);
int api_record(struct req *r);

/* ---- signin.c, forms.c: sign-in and the editors' forms ---- */

/* The sign-in link page_begin puts in the header, between markers that
 * session.c replaces with the signed-in user's name and a sign-out button. */
#define WEB_WHO_BEGIN "<!--who-->"
#define WEB_WHO_END "<!--/who-->"
#define WEB_SIGNIN_LINK WEB_WHO_BEGIN "<a href=\"/signin\">Sign in</a>" WEB_WHO_END

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
