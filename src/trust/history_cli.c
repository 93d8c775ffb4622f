/* history_cli.c: `muster history ID` — the chain of corrections and the
 * retraction of a record, oldest first, each with who entered it and when
 * and the fields it changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/answer.h"
#include "../core/derive.h"
#include "who.h"

/* The fields whose values differ between two versions of a record. */
static json_t *changed_fields(const json_t *old, const json_t *new)
{
	static const char *const skip[] = {"entered_by", "entered_at", "corrects", NULL};
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)new, k, v) {
		int ignore = 0;
		for (const char *const *s = skip; *s; s++)
			ignore |= !strcmp(*s, k);
		if (!ignore && !json_equal(json_object_get(old, k), v))
			json_object_set_new(out, k, json_pack("{s:O?, s:O}", "from", json_object_get(old, k), "to", v));
	}
	json_object_foreach((json_t *)old, k, v)
		if (!json_object_get(new, k) && strcmp(k, "entered_by") && strcmp(k, "entered_at"))
			json_object_set_new(out, k, json_pack("{s:O, s:n}", "from", v, "to"));
	return out;
}

static json_t *answer_history(struct store *s, const char *name, int restricted_ok, struct err *e)
{
	sqlite3_int64 seq;
	if (store_resolve_as_or_err(s, name, restricted_ok, &seq, e) < 0)
		return NULL;
	/* Back to the first version. */
	for (;;) {
		json_t *b = store_body(s, seq, NULL);
		const char *prev = rec_str(b, "corrects");
		sqlite3_int64 p = 0;
		if (prev) {
			sqlite3_stmt *st = store_prep(s, "SELECT seq FROM log WHERE id = ?");
			sqlite3_bind_text(st, 1, prev, -1, SQLITE_STATIC);
			if (store_row(s, st))
				p = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
		json_decref(b);
		if (!p)
			break;
		seq = p;
	}
	struct answer a;
	json_t *first = store_body(s, seq, NULL);
	answer_init(&a, "history", 0, rec_str(first, "mission"));
	json_t *prev = NULL;
	int n = 0;
	while (seq) {
		char id[HASH_HEX];
		json_t *b = store_body(s, seq, id);
		/* A restricted version, or a restricted retraction, hides the
		 * whole history from a reader who may not see it, in the words
		 * used for a name that names nothing. */
		/* Corrections and retractions by restricted records exist only
		 * for a reader who may see them (derive_supersede_or_err). */
		sqlite3_stmt *st = store_prep(s,
			"SELECT CASE WHEN ?2 THEN coalesce(min(r.replaced_by, r.restricted_replaced_by), r.replaced_by, "
			"r.restricted_replaced_by) ELSE r.replaced_by END, CASE WHEN ?2 THEN coalesce(r.retracted_by, "
			"r.restricted_retracted_by) ELSE r.retracted_by END, r.visibility = 'restricted' OR "
			"coalesce(t.visibility = 'restricted', 0) FROM rec r LEFT JOIN rec t "
			"ON t.seq = CASE WHEN ?2 THEN coalesce(r.retracted_by, r.restricted_retracted_by) ELSE r.retracted_by END "
			"WHERE r.seq = ?1");
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_int(st, 2, restricted_ok);
		sqlite3_step(st);
		sqlite3_int64 next = sqlite3_column_int64(st, 0), retr = sqlite3_column_int64(st, 1);
		int restricted = sqlite3_column_int(st, 2);
		sqlite3_reset(st);
		if (restricted && !restricted_ok) {
			json_decref(b);
			json_decref(prev);
			json_decref(first);
			json_decref(answer_finish(&a, s));
			store_unknown_or_err(name, e);
			return NULL;
		}
		json_t *row = json_object();
		json_object_set_new(row, "record", json_stringn(id, 16));
		json_object_set_new(row, "seq", json_integer(seq));
		json_object_set_new(row, "action", json_string(n ? "correction" : "original"));
		json_object_set_new(row, "entered_by", json_incref(json_object_get(b, "entered_by")));
		json_object_set_new(row, "entered_at", json_incref(json_object_get(b, "entered_at")));
		json_object_set_new(row, "changed", prev ? changed_fields(prev, b) : json_object());
		json_object_set_new(row, "note", json_incref(json_object_get(b, "note") ? json_object_get(b, "note") : json_null()));
		answer_cite_refs(&a, json_object_get(b, "sources"));
		json_array_append_new(a.rows, row);
		if (retr) {
			json_t *r = store_body(s, retr, id);
			json_t *rr = json_object();
			json_object_set_new(rr, "record", json_stringn(id, 16));
			json_object_set_new(rr, "seq", json_integer(retr));
			json_object_set_new(rr, "action", json_string("retraction"));
			json_object_set_new(rr, "entered_by", json_incref(json_object_get(r, "entered_by")));
			json_object_set_new(rr, "entered_at", json_incref(json_object_get(r, "entered_at")));
			json_object_set_new(rr, "changed", json_object());
			json_object_set_new(rr, "note", json_incref(json_object_get(r, "reason")));
			json_array_append_new(a.rows, rr);
			json_decref(r);
		}
		json_decref(prev);
		prev = b;
		seq = next;
		n++;
	}
	json_t *last = json_array_get(a.rows, json_array_size(a.rows) - 1);
	json_object_set_new(a.answer, "versions", json_integer(n));
	json_object_set_new(a.answer, "current", json_incref(json_object_get(last, "record")));
	json_object_set_new(a.answer, "status", json_string(!strcmp(json_string_value(json_object_get(last, "action")),
								    "retraction") ? "retracted" : "live"));
	json_object_set_new(a.answer, "kind", json_incref(json_object_get(first, "kind")));
	json_decref(prev);
	json_decref(first);
	return answer_finish(&a, s);
}

static void history_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "%s record, %lld version%s, %s\n", json_string_value(json_object_get(a, "kind")),
		(long long)json_integer_value(json_object_get(a, "versions")),
		json_integer_value(json_object_get(a, "versions")) == 1 ? "" : "s",
		json_string_value(json_object_get(a, "status")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		fprintf(out, "  #%-6lld %s %-10s by %s at %s", (long long)json_integer_value(json_object_get(r, "seq")),
			json_string_value(json_object_get(r, "record")), json_string_value(json_object_get(r, "action")),
			json_string_value(json_object_get(r, "entered_by")) ?: "?",
			json_string_value(json_object_get(r, "entered_at")) ?: "?");
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(r, "changed"), k, v) {
			char *from = json_dumps(json_object_get(v, "from"), JSON_ENCODE_ANY);
			char *to = json_dumps(json_object_get(v, "to"), JSON_ENCODE_ANY);
			fprintf(out, "; %s %s -> %s", k, from, to);
			free(from);
			free(to);
		}
		const char *note = json_string_value(json_object_get(r, "note"));
		fprintf(out, "%s%s\n", note ? ": " : "", note ? note : "");
	}
}

static int run_history(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name one record (its id, at least 6 digits, or its ref)");
	struct store s;
	struct who w;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	if (cli_who_or_err(c, &s, &w) < 0) {
		store_close(&s);
		return -1;
	}
	json_t *doc = answer_history(&s, c->args[0], role_sees_restricted(w.role), &c->e);
	if (!doc)
		err_in_command(&c->e, ERR_COMMAND);
	int rc = doc ? cli_print_answer(c, doc, history_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_history = {
	.name = "history",
	.run = run_history,
	.summary = "the corrections and retraction of a record, who made each and when",
	.usage = "muster history ID [--user NAME] [--json]",
	.help = "Starting from any version of a record (an id prefix or a ref), lists the original\n"
		"and every correction in order, then the retraction if there is one: each with its id,\n"
		"who entered it and when, and the fields it changed. A restricted record's history\n"
		"is shown only with --user NAME of an oversight or admin user (password asked).\n",
	.opts = O_JSON | O_USER,
};
