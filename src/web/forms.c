/* forms.c: the editors' forms — one generic form per kind, built from the
 * kind's field table (the table `muster add KIND --help` prints), to add a
 * record (/add/KIND), correct one (/correct/ID) or retract one (/retract/ID).
 * A form's POST goes through record_add_or_err, as `muster add` and `muster
 * correct` do, so the checks and the messages are the same; the record names
 * the signed-in user as who entered it. Who may write what is role_may_write_kind. */
#include <stdio.h>
#include <string.h>

#include "../core/add.h"
#include "../core/record.h"
#include "http.h"

/* Fields muster sets itself: never in a form. */
static int set_by_muster(const char *name)
{
	return !strcmp(name, "kind") || !strcmp(name, "entered_by") || !strcmp(name, "entered_at") ||
		!strcmp(name, "corrects");
}

static void page_done(struct req *r, int status)
{
	buf_lit(&r->out, "</main></body></html>\n");
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
}

/* The page of a refusal: E_FORBIDDEN (403: sign in, or another role) or
 * E_NOTFOUND (404); any other code gets the usual error page (web_error). */
static int refuse(struct req *r, enum err_code code, const char *msg)
{
	if (code != E_FORBIDDEN && code != E_NOTFOUND) {
		web_error_code(r, 0, code, msg);
		return -1;
	}
	int status = err_codes[code].http_status;
	buf_free(&r->out);
	page_begin(&r->out, code == E_FORBIDDEN ? "Not allowed" : "Not found", NULL);
	buf_lit(&r->out, "<p role=\"alert\">");
	buf_html(&r->out, msg);
	buf_lit(&r->out, "</p>");
	if (!r->who->name[0])
		buf_lit(&r->out, "<p><a href=\"/signin\">Sign in</a></p>");
	page_done(r, status);
	return -1;
}

static int may_write_or_refuse(struct req *r, const char *kind)
{
	char msg[300];
	if (!r->who->name[0])
		return refuse(r, E_FORBIDDEN, "sign in as an editor to add or correct records");
	if (role_may_write_kind(r->who->role, kind))
		return 0;
	snprintf(msg, sizeof msg, "the %s role cannot add or correct %s records (%s)", role_name(r->who->role), kind,
		 !strcmp(kind, "vetting") || !strcmp(kind, "complaint") ? "they are for oversight"
		 : "oversight adds vetting, complaint and source records");
	return refuse(r, E_FORBIDDEN, msg);
}

/* A field's value as the form shows it: text, a number, or sources joined by ';'. */
static void value_text(struct buf *b, const json_t *v)
{
	if (json_is_string(v)) {
		buf_html(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		buf_num(b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_array(v)) {
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (i)
				buf_lit(b, ";");
			buf_html(b, json_string_value(it));
		}
	}
}

static void field_input(struct buf *b, const struct field *f, const json_t *v)
{
	buf_lit(b, "<p><label for=\"f_");
	buf_html(b, f->name);
	buf_lit(b, "\">");
	buf_html(b, f->name);
	buf_lit(b, f->flags & FF_REQUIRED ? " <b>(required)</b>" : "");
	buf_lit(b, "</label><br>");
	if (f->type == FT_ENUM) {
		buf_lit(b, "<select id=\"f_");
		buf_html(b, f->name);
		buf_lit(b, "\" name=\"");
		buf_html(b, f->name);
		buf_lit(b, "\" aria-describedby=\"h_");
		buf_html(b, f->name);
		buf_lit(b, "\"><option value=\"\"></option>");
		for (const char *const *c = f->choices; *c; c++) {
			buf_lit(b, "<option");
			if (json_is_string(v) && !strcmp(json_string_value(v), *c))
				buf_lit(b, " selected");
			buf_lit(b, ">");
			buf_html(b, *c);
			buf_lit(b, "</option>");
		}
		buf_lit(b, "</select>");
	} else {
		int area = !strcmp(f->name, "narrative") || !strcmp(f->name, "verbatim") || !strcmp(f->name, "note") ||
			!strcmp(f->name, "reason");
		buf_lit(b, area ? "<textarea rows=\"3\" cols=\"60\" id=\"f_" : "<input size=\"40\" id=\"f_");
		buf_html(b, f->name);
		buf_lit(b, "\" name=\"");
		buf_html(b, f->name);
		buf_lit(b, "\" aria-describedby=\"h_");
		buf_html(b, f->name);
		buf_lit(b, "\"");
		if (f->type == FT_INT)
			buf_lit(b, " inputmode=\"numeric\"");
		if (f->type == FT_DATE)
			buf_lit(b, " placeholder=\"YYYY-MM-DD, YYYY-MM or YYYY\"");
		if (f->type == FT_COUNTRY)
			buf_lit(b, " placeholder=\"KEN\"");
		if (f->type == FT_SOURCES)
			buf_lit(b, " placeholder=\"source-ref;another-ref\"");
		if (area) {
			buf_lit(b, ">");
			value_text(b, v);
			buf_lit(b, "</textarea>");
		} else {
			buf_lit(b, " value=\"");
			value_text(b, v);
			buf_lit(b, "\">");
		}
	}
	buf_lit(b, "<br><span class=\"note\" id=\"h_");
	buf_html(b, f->name);
	buf_lit(b, "\">");
	buf_html(b, f->help);
	buf_lit(b, "</span></p>");
}

/* The form of kind `k` posting to `action`, with `values` (a record body or
 * what was posted) and the error of the last try, if any. */
static void form_page(struct req *r, const struct kind *k, const char *action, const char *title,
		      const json_t *values, const char *error, int status)
{
	struct buf *b = &r->out;
	buf_free(b);
	page_begin(b, title, NULL);
	if (error) {
		buf_lit(b, "<p role=\"alert\"><b>");
		buf_html(b, error);
		buf_lit(b, "</b></p>");
	}
	buf_lit(b, "<p class=\"note\">A ");
	buf_html(b, k->name);
	buf_lit(b, ": ");
	buf_html(b, k->summary);
	buf_lit(b, ". The same checks as <code>muster add ");
	buf_html(b, k->name);
	buf_lit(b, "</code>; the record names you as who entered it.</p><form method=\"post\" action=\"");
	buf_html(b, action);
	buf_lit(b, "\">");
	page_csrf_field(b, r);
	for (const struct field *f = k->fields; f->name; f++)
		field_input(b, f, json_object_get(values, f->name));
	buf_lit(b, "<h2>Every record</h2>");
	for (const struct field *f = record_common_fields(); f->name; f++)
		if (!set_by_muster(f->name))
			field_input(b, f, json_object_get(values, f->name));
	buf_lit(b, "<p><button type=\"submit\">Save</button></p></form>");
	page_done(r, status);
}

/* The posted fields but the token; a field muster sets is an error. */
static json_t *posted_or_err(struct req *r, struct err *e)
{
	json_t *in = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(r->form, k, v) {
		if (!strcmp(k, "csrf"))
			continue;
		if (set_by_muster(k)) {
			json_decref(in);
			err_set(e, "field \"%s\": set by muster (the signed-in user, the time, the record corrected); "
				"leave it out", k);
			return NULL;
		}
		json_object_set(in, k, v);
	}
	return in;
}

static void saved_page(struct req *r, const char *what, const char *id)
{
	struct buf *b = &r->out;
	page_begin(b, what, NULL);
	buf_lit(b, "<p>");
	buf_html(b, what);
	buf_lit(b, ": record <a href=\"/record/");
	buf_url(b, id);
	buf_lit(b, "\"><code>");
	buf_html(b, id);
	buf_lit(b, "</code></a>, entered by ");
	buf_html(b, r->who->name);
	buf_lit(b, ".</p><p><a href=\"/add\">Add another record</a></p>");
	page_done(r, 201);
}

int page_add_index(struct req *r)
{
	if (r->form)
		return refuse(r, E_NOTFOUND, "choose a kind of record: post to /add/KIND");
	if (!r->who->name[0])
		return refuse(r, E_FORBIDDEN, "sign in as an editor to add or correct records");
	page_begin(&r->out, "Add a record", NULL);
	buf_lit(&r->out, "<p>Choose the kind of record. To correct or retract a record, open its page.</p><ul>");
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(all[i]->name, "retraction") || !role_may_write_kind(r->who->role, all[i]->name))
			continue;
		buf_lit(&r->out, "<li><a href=\"/add/");
		buf_url(&r->out, all[i]->name);
		buf_lit(&r->out, "\">");
		buf_html(&r->out, all[i]->name);
		buf_lit(&r->out, "</a>: ");
		buf_html(&r->out, all[i]->summary);
		buf_lit(&r->out, "</li>");
	}
	buf_lit(&r->out, "</ul>");
	page_done(r, 200);
	return 0;
}

int page_add(struct req *r)
{
	const struct kind *k = kind_find(r->rest);
	if (!k || !strcmp(k->name, "retraction"))
		return refuse(r, E_NOTFOUND, "no such kind of record (see /add for the kinds)");
	if (may_write_or_refuse(r, k->name) < 0)
		return -1;
	char action[96], title[96];
	snprintf(action, sizeof action, "/add/%s", k->name);
	snprintf(title, sizeof title, "Add a %s", k->name);
	if (!r->form) {
		form_page(r, k, action, title, NULL, NULL, 200);
		return 0;
	}
	char id[HASH_HEX];
	json_t *in = posted_or_err(r, &r->e);
	if (in)
		json_object_set_new(in, "kind", json_string(k->name));
	if (!in || record_add_or_err(r->s, in, id, &r->e) < 0) {
		form_page(r, k, action, title, r->form, r->e.msg, web_status_of(&r->e));
		json_decref(in);
		return -1;
	}
	json_decref(in);
	saved_page(r, "Added", id);
	return 0;
}

/* The record named by r->rest, if the asker may see it and write its kind:
 * its body (caller decrefs), its full id and whether it is live. */
static json_t *target_or_refuse(struct req *r, char id[HASH_HEX], int *live)
{
	sqlite3_int64 seq;
	json_t *body;
	int sees = role_sees_restricted(r->who->role);
	if (store_resolve_as_or_err(r->s, r->rest, sees, &seq, &r->e) < 0) {
		refuse(r, r->e.code, r->e.msg);
		return NULL;
	}
	if (!(body = store_body(r->s, seq, id))) {
		refuse(r, E_INTERNAL, "the record's body cannot be read");
		return NULL;
	}
	/* Live as the asker sees it: restricted corrections only for a role
	 * that may read them. */
	sqlite3_stmt *st = sees ? store_prep(r->s, "SELECT visibility = 'restricted', "
					     "EXISTS(SELECT 1 FROM live_rec l WHERE l.seq = ?1) FROM rec "
					     "WHERE seq = ?1")
		: store_prep(r->s, "SELECT 0, EXISTS(SELECT 1 FROM pub_rec p WHERE p.seq = ?1) FROM "
			"pub_any_rec WHERE seq = ?1");
	sqlite3_bind_int64(st, 1, seq);
	int restricted = 1;
	*live = 0;
	if (store_row(r->s, st)) {
		restricted = sqlite3_column_int(st, 0);
		*live = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	/* A restricted record is, to whoever may not see it, no record at all. */
	if (restricted && !sees) {
		json_decref(body);
		store_unknown_or_err(r->rest, &r->e);
		refuse(r, r->e.code, r->e.msg);
		return NULL;
	}
	if (may_write_or_refuse(r, rec_str(body, "kind")) < 0) {
		json_decref(body);
		return NULL;
	}
	return body;
}

/* 1 when the correction `in` says what `old` says. */
static int changes_nothing(const json_t *in, const json_t *old)
{
	json_t *n;
	struct err ignore;
	if (record_normalize_or_err(in, &n, &ignore) < 0)
		return 0;
	json_t *o = json_deep_copy(old);
	const char *drop[] = {"entered_by", "entered_at", "corrects"};
	for (int i = 0; i < 3; i++) {
		json_object_del(n, drop[i]);
		json_object_del(o, drop[i]);
	}
	int same = json_equal(n, o);
	json_decref(n);
	json_decref(o);
	return same;
}

int page_correct(struct req *r)
{
	char id[HASH_HEX], newid[HASH_HEX], action[96];
	int live;
	json_t *body = target_or_refuse(r, id, &live);
	if (!body)
		return -1;
	const struct kind *k = kind_find(rec_str(body, "kind"));
	snprintf(action, sizeof action, "/correct/%.16s", id);
	if (!r->form) {
		form_page(r, k, action, "Correct a record", body, live ? NULL
			  : "this record was already corrected or retracted: correct its latest version instead", 200);
		json_decref(body);
		return 0;
	}
	json_t *changes = posted_or_err(r, &r->e), *in = NULL, *old = NULL;
	if (changes)
		in = record_correction_or_err(r->s, id, changes, &old, &r->e);
	if (in && changes_nothing(in, old)) {
		err_set(&r->e, "nothing changed: change at least one field (and say why in note)");
		json_decref(in);
		in = NULL;
	}
	int rc = in ? record_add_or_err(r->s, in, newid, &r->e) : -1;
	if (rc < 0)
		form_page(r, k, action, "Correct a record", r->form, r->e.msg, web_status_of(&r->e));
	else
		saved_page(r, "Corrected", newid);
	json_decref(changes);
	json_decref(in);
	json_decref(old);
	json_decref(body);
	return rc;
}

static void retract_form(struct req *r, const char *id, const char *reason, const char *error, int status)
{
	struct buf *b = &r->out;
	buf_free(b);
	page_begin(b, "Retract a record", NULL);
	if (error) {
		buf_lit(b, "<p role=\"alert\"><b>");
		buf_html(b, error);
		buf_lit(b, "</b></p>");
	}
	buf_lit(b, "<p>The record stays in the log, marked retracted; no answer counts it any more.</p>"
		   "<form method=\"post\" action=\"/retract/");
	buf_url(b, id);
	buf_lit(b, "\">");
	page_csrf_field(b, r);
	buf_lit(b, "<p><label for=\"f_reason\">reason <b>(required)</b></label><br><textarea rows=\"3\" cols=\"60\" "
		   "id=\"f_reason\" name=\"reason\">");
	buf_html(b, reason);
	buf_lit(b, "</textarea></p><p><button type=\"submit\">Retract</button></p></form>");
	page_done(r, status);
}

int page_retract(struct req *r)
{
	char id[HASH_HEX], newid[HASH_HEX], shortid[17];
	int live;
	json_t *body = target_or_refuse(r, id, &live);
	if (!body)
		return -1;
	json_decref(body);
	snprintf(shortid, sizeof shortid, "%.16s", id);
	if (!r->form) {
		retract_form(r, shortid, "", live ? NULL : "this record was already corrected or retracted", 200);
		return 0;
	}
	json_t *in = posted_or_err(r, &r->e);
	if (in) {
		json_object_set_new(in, "kind", json_string("retraction"));
		json_object_set_new(in, "retracts", json_string(id));
	}
	int rc = in ? record_add_or_err(r->s, in, newid, &r->e) : -1;
	json_decref(in);
	if (rc < 0) {
		retract_form(r, shortid, json_string_value(json_object_get(r->form, "reason")), r->e.msg,
			     web_status_of(&r->e));
		return -1;
	}
	saved_page(r, "Retracted", newid);
	return 0;
}

void forms_record_actions(struct buf *b, const struct req *r, const char *kind, const char *id, int live)
{
	if (!live || !kind || !id || !r->who->name[0] || !role_may_write_kind(r->who->role, kind))
		return;
	buf_lit(b, "<p class=\"noprint\"><a href=\"/correct/");
	buf_url(b, id);
	buf_lit(b, "\">Correct this record</a> \xC2\xB7 <a href=\"/retract/");
	buf_url(b, id);
	buf_lit(b, "\">Retract it</a></p>");
}
