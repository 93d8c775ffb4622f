/* signin.c: /signin and /signout. Signing in checks the name and password
 * (users.c), after the limit on failed sign-ins (5 per user name and per
 * client address in 15 minutes, then 429), and starts a session whose token
 * only the cookie holds. Signing out ends the session in the file, so a
 * copied cookie is worth nothing afterwards. Both are POSTed forms with a
 * CSRF token; GET shows the form. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

static void page_done(struct req *r, int status)
{
	buf_lit(&r->out, "</main></body></html>\n");
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
}

static void signin_form(struct req *r, const char *name, const char *error, int status)
{
	struct buf *b = &r->out;
	buf_free(b);
	page_begin(b, "Sign in", NULL);
	if (error) {
		buf_lit(b, "<p role=\"alert\"><b>");
		buf_html(b, error);
		buf_lit(b, "</b></p>");
	}
	buf_lit(b, "<p class=\"note\">Editors sign in to add and correct records; oversight staff to see "
		   "vetting records and complaints. Everyone else reads the public record without signing in.</p>"
		   "<form method=\"post\" action=\"/signin\">");
	page_csrf_field(b, r);
	buf_lit(b, "<p><label for=\"name\">User name</label><br><input id=\"name\" name=\"name\" "
		   "autocomplete=\"username\" maxlength=\"64\" value=\"");
	buf_html(b, name);
	buf_lit(b, "\"></p><p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\" "
		   "type=\"password\" autocomplete=\"current-password\" maxlength=\"256\"></p>"
		   "<p><button type=\"submit\">Sign in</button></p></form>");
	page_done(r, status);
}

/* GET: the form, with a fresh token for it in a cookie when there is none. */
static void signin_get(struct req *r, char token[65])
{
	if (r->who->name[0]) {
		page_begin(&r->out, "Signed in", NULL);
		buf_lit(&r->out, "<p>You are signed in as <b>");
		buf_html(&r->out, r->who->name);
		buf_lit(&r->out, "</b> (");
		buf_html(&r->out, role_name(r->who->role));
		buf_lit(&r->out, ").</p><form method=\"post\" action=\"/signout\">");
		page_csrf_field(&r->out, r);
		buf_lit(&r->out, "<button type=\"submit\">Sign out</button></form>");
		page_done(r, 200);
		return;
	}
	if (!r->presession || strlen(r->presession) != 64) {
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(token, 65, raw, sizeof raw);
		r->presession = token;
		web_cookie_presession(r, 0, token);
	}
	signin_form(r, "", NULL, 200);
}

int page_signin(struct req *r)
{
	char token[65];
	if (!r->form) {
		signin_get(r, token);
		return 0;
	}
	const char *name = json_string_value(json_object_get(r->form, "name"));
	const char *pw = json_string_value(json_object_get(r->form, "password"));
	char shown[65];
	snprintf(shown, sizeof shown, "%s", name ? name : "");
	if (!name || !*name || !pw || !*pw) {
		signin_form(r, shown, "give your user name and password", 400);
		return -1;
	}
	/* The limit comes first: a pair that must wait gets no password
	 * check, so guessing does not go on in the background. */
	int wait = signin_wait(r->s, shown, r->client);
	if (wait > 0) {
		buf_free(&r->out);
		page_begin(&r->out, "Too many failed sign-ins", NULL);
		buf_num(&r->out, "<p role=\"alert\">Too many failed sign-ins for this user name from this "
			"address: wait %d second%s, then try again.</p>", wait, wait == 1 ? "" : "s");
		r->retry_after = wait;
		page_done(r, 429);
		return -1;
	}
	struct who w;
	if (users_authenticate_or_err(r->s, name, pw, &w, &r->e) < 0) {
		signin_failed(r->s, shown, r->client);
		signin_form(r, shown, r->e.msg, web_status_of(&r->e));
		return -1;
	}
	if (session_create_or_err(r->s, &w, token, &r->e) < 0) {
		web_error(r, 0, &r->e);
		return -1;
	}
	web_cookie_session(r, 0, token);
	web_cookie_clear(r, 1, PRESESSION_COOKIE);
	sodium_memzero(token, sizeof token);
	snprintf(r->location, sizeof r->location, "/");
	page_begin(&r->out, "Signed in", NULL);
	buf_lit(&r->out, "<p>Signed in. <a href=\"/\">Go to the dashboard</a>.</p>");
	page_done(r, 303);
	return 0;
}

int page_signout(struct req *r)
{
	if (!r->who->name[0]) {
		page_begin(&r->out, "Not signed in", NULL);
		buf_lit(&r->out, "<p>You are not signed in. <a href=\"/signin\">Sign in</a>.</p>");
		page_done(r, r->form ? 403 : 200);
		return 0;
	}
	if (!r->form) {
		page_begin(&r->out, "Sign out", NULL);
		buf_lit(&r->out, "<form method=\"post\" action=\"/signout\">");
		page_csrf_field(&r->out, r);
		buf_lit(&r->out, "<button type=\"submit\">Sign out</button></form>");
		page_done(r, 200);
		return 0;
	}
	if (session_end_or_err(r->s, r->who->token_hash, &r->e) < 0) {
		web_error(r, 0, &r->e);
		return -1;
	}
	web_cookie_clear(r, 0, SESSION_COOKIE);
	/* The page that follows is nobody's. */
	static const struct who nobody;
	r->who = &nobody;
	snprintf(r->location, sizeof r->location, "/");
	page_begin(&r->out, "Signed out", NULL);
	buf_lit(&r->out, "<p>Signed out. <a href=\"/\">Go to the dashboard</a>.</p>");
	page_done(r, 303);
	return 0;
}
