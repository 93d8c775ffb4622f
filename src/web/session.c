/* session.c: the web side of sessions — who asks (the session cookie looked
 * up in the file), the cookies sent (HttpOnly, SameSite=Strict, Secure when
 * served over TLS), the CSRF token of a form, and the signed-in user's name
 * and sign-out button in the page header. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

void web_who(struct MHD_Connection *conn, sqlite3 *db, struct who *w)
{
	const char *token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	if (session_lookup(db, token, w) < 0)
		memset(w, 0, sizeof *w);
}

const char *web_client(struct MHD_Connection *conn, char buf[64])
{
	snprintf(buf, 64, "unknown");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, 64);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, 64);
	return buf;
}

/* The attributes every cookie of ours carries: not readable by scripts, not
 * sent with requests from other sites, and only over TLS when served so. */
static void cookie(struct req *r, int slot, const char *name, const char *value, long max_age)
{
	snprintf(r->cookies[slot], sizeof r->cookies[slot], "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		 name, value, max_age, r->srv && r->srv->secure ? "; Secure" : "");
}

void web_cookie_session(struct req *r, int slot, const char *token)
{
	cookie(r, slot, SESSION_COOKIE, token, SESSION_SECONDS);
}

void web_cookie_clear(struct req *r, int slot, const char *name)
{
	cookie(r, slot, name, "", 0);
}

void web_cookie_presession(struct req *r, int slot, const char *token)
{
	cookie(r, slot, PRESESSION_COOKIE, token, 3600);
}

int web_csrf_matches(const json_t *form, const char *want)
{
	const char *got = json_string_value(json_object_get(form, "csrf"));
	if (!got || !want || strlen(want) != 64 || strlen(got) != 64)
		return 0;
	return sodium_memcmp(got, want, 64) == 0;
}

void page_csrf_field(struct buf *b, const struct req *r)
{
	const char *token = r->who && r->who->name[0] ? r->who->csrf : r->presession;
	buf_lit(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	buf_html(b, token ? token : "");
	buf_lit(b, "\">");
}

void web_header_who(struct req *r)
{
	if (!r->who || !r->who->name[0] || !r->out.p || !r->ctype || strncmp(r->ctype, "text/html", 9))
		return;
	char *from = strstr(r->out.p, WEB_WHO_BEGIN);
	char *to = from ? strstr(from, WEB_WHO_END) : NULL;
	if (!to)
		return;
	struct buf b = {0};
	buf_add(&b, r->out.p, (size_t)(from - r->out.p));
	buf_lit(&b, "<span class=\"who\">");
	buf_html(&b, r->who->name);
	buf_lit(&b, " (");
	buf_html(&b, role_name(r->who->role));
	buf_lit(&b, ")</span> <a href=\"/add\">Add a record</a><form method=\"post\" action=\"/signout\" "
		    "style=\"display:inline;margin:0;padding:0;background:none\">");
	page_csrf_field(&b, r);
	buf_lit(&b, "<button type=\"submit\">Sign out</button></form>");
	to += strlen(WEB_WHO_END);
	buf_add(&b, to, strlen(to));
	buf_free(&r->out);
	r->out = b;
}
