/* http.h: what serve.c shares with the POST machinery (post.c) and the
 * session helpers (session.c): sending a response, reading a posted form,
 * and who is asking. */
#ifndef MUSTER_HTTP_H
#define MUSTER_HTTP_H

#include "mhd.h"
#include "web.h"

#define SESSION_COOKIE "muster_session"
#define PRESESSION_COOKIE "muster_presession"

/* Queues r's response: its body (gzipped when the client takes it), status,
 * content type, cookies, Location and the headers every response carries. */
enum MHD_Result web_send(struct MHD_Connection *conn, struct req *r, const char *etag);

/* ---- post.c ---- */
/* The handler for POST: collects the form (at most POST_MAX bytes) over the
 * calls of one request, then checks its CSRF token and hands it to the form
 * route with a writable store. */
enum MHD_Result web_post(const struct server *srv, struct MHD_Connection *conn, const char *url,
			 const char *upload_data, size_t *upload_size, void **con_cls);
/* Frees what web_post kept for a request (the daemon's completion callback). */
void web_post_free(void *state);
/* 1 when `state` (a request's con_cls) is web_post's. */
int web_post_owns(const void *state);

/* ---- session.c ---- */
/* Who asks, from the session cookie, looked up on `db`. */
void web_who(struct MHD_Connection *conn, sqlite3 *db, struct who *w);
/* The client's address as text, into buf. */
const char *web_client(struct MHD_Connection *conn, char buf[64]);
/* Replaces the sign-in link of an HTML page with the signed-in user's name,
 * the link to the forms and a sign-out button. */
void web_header_who(struct req *r);
/* Set-Cookie values: a new session, its end, the sign-in form's token. */
void web_cookie_session(struct req *r, int slot, const char *token);
void web_cookie_clear(struct req *r, int slot, const char *name);
void web_cookie_presession(struct req *r, int slot, const char *token);
/* 1 when the form's csrf field equals `want` (compared in constant time). */
int web_csrf_matches(const json_t *form, const char *want);

#endif
