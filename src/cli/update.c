/* update.c: `muster update`, which brings a file made from an older bundled
 * record up to this binary's bundle. The bundle only grows (a shipped record
 * is changed by a later record naming it), and every record's id is the hash
 * of its text, so the file lacks exactly the bundle's records whose ids it
 * does not hold: update appends those, in the bundle's order, after whatever
 * the file holds, and never touches a record already there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "../core/record.h"
#include "bundled.h"
#include "cli.h"

/* The bundle, loaded into a private store: its records in order. */
struct bundle {
	struct store s;
	sqlite3_int64 n;
};

static int bundle_load_or_err(struct bundle *b, struct err *e)
{
	long long n = 0;
	if (store_open_or_err(&b->s, "", STORE_WRITE | STORE_CREATE | STORE_MEMORY, e) < 0)
		return -1;
	if (store_begin_or_err(&b->s, e) < 0 || bundled_import_or_err(&b->s, &n, e) < 0 ||
	    store_commit_or_err(&b->s, e) < 0) {
		store_rollback(&b->s);
		store_close(&b->s);
		err_prefix(e, "loading the bundled record");
		e->code = E_INTERNAL;   /* the bundle is ours: a bug, not bad input */
		return -1;
	}
	b->n = b->s.count;
	return 0;
}

static int has_id(struct store *s, const char *sql, const char *id)
{
	sqlite3_stmt *st = store_prep(s, sql);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* The file's own bundled records (entered by BUNDLED_BY) must all be in this
 * bundle, and there must be at least one. */
static int check_origin_or_err(struct store *s, struct bundle *b, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT l.id, r.kind, r.ref FROM rec r JOIN log l USING(seq) "
				      "WHERE r.entered_by = ? ORDER BY r.seq");
	sqlite3_bind_text(st, 1, BUNDLED_BY, -1, SQLITE_STATIC);
	long long held = 0, unknown = 0;
	char first[HASH_HEX] = "", what[160] = "";
	while (store_row(s, st)) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		held++;
		if (has_id(&b->s, "SELECT 1 FROM log WHERE id = ?", id))
			continue;
		if (!unknown++) {
			snprintf(first, sizeof first, "%s", id);
			const char *ref = (const char *)sqlite3_column_text(st, 2);
			snprintf(what, sizeof what, "%s%s%s", (const char *)sqlite3_column_text(st, 1),
				 ref ? " " : "", ref ? ref : "");
		}
	}
	sqlite3_reset(st);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	if (!held)
		return err_set(e, "%s: holds no record of the bundled Haiti record, so it was not made with "
			       "muster init --bundled and there is nothing to update; to start from the bundle, "
			       "make a new file with muster init --bundled and import your records into it",
			       s->path);
	if (unknown)
		return err_set(e, "%s: holds %lld bundled record%s this muster's bundle lacks (the first: %.16s, "
			       "%s): the file was made or updated by a newer muster; update it with that one, "
			       "nothing was changed", s->path, unknown, unknown == 1 ? "" : "s", first, what);
	return 0;
}

/* Why a bundled record is left out: it corrects or retracts a record that
 * was left out, or that the file's own records already correct or retract;
 * or it cites a source the file's own records retracted. Returns 1 and
 * writes the reason, or 0. */
static int left_out(struct store *s, const json_t *rec, json_t *skipped, char *why, size_t size)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(rec, "sources"), i, it) {
		const char *ref = json_string_value(it);
		if (!ref || derive_source_lookup(s, ref))
			continue;
		sqlite3_stmt *st = store_prep(s, "SELECT (SELECT l.id FROM log l WHERE l.seq = r.retracted_by) FROM rec r "
					      "WHERE r.kind = 'source' AND r.ref = ? AND r.retracted_by IS NOT NULL "
					      "ORDER BY r.seq DESC LIMIT 1");
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		int out = sqlite3_step(st) == SQLITE_ROW;
		if (out)
			snprintf(why, size, "it cites the source %s, which this file's record %.16s retracts; yours stands",
				 ref, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (out)
			return 1;
	}
	const char *f = rec_str(rec, "corrects") ? "corrects" : rec_str(rec, "retracts") ? "retracts" : NULL;
	if (!f)
		return 0;
	const char *target = rec_str(rec, f);
	if (json_object_get(skipped, target)) {
		snprintf(why, size, "it %s %.16s, which was left out", f, target);
		return 1;
	}
	sqlite3_stmt *st = store_prep(s, "SELECT (SELECT l2.id FROM log l2 WHERE l2.seq = "
				      "coalesce(r.retracted_by, r.replaced_by)), r.retracted_by IS NOT NULL, r.ref "
				      "FROM rec r JOIN log l USING(seq) WHERE l.id = ?");
	sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
	int out = 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		const char *ref = (const char *)sqlite3_column_text(st, 2);
		snprintf(why, size, "it %s %.16s%s%s%s, which this file's record %.16s already %s; yours stands",
			 f, target, ref ? " (" : "", ref ? ref : "", ref ? ")" : "",
			 (const char *)sqlite3_column_text(st, 0),
			 sqlite3_column_int(st, 1) ? "retracts" : "corrects");
		out = 1;
	}
	sqlite3_reset(st);
	return out;
}

/* A bundled record the file's own records stand in the way of: one of them
 * already says the same, or holds its ref. The update stops there, naming
 * the record to retract or correct; nothing is changed. */
static int in_the_way_or_err(struct store *s, const char *text, const json_t *rec, const char *id, struct err *e)
{
	const char *kind = rec_str(rec, "kind"), *ref = rec_str(rec, "ref");
	char *said = record_statement_canonical(text);
	sqlite3_stmt *st = store_prep(s, "SELECT l.body, l.id FROM rec r JOIN log l USING(seq) WHERE r.statement = ? "
				      "AND r.replaced_by IS NULL AND r.retracted_by IS NULL");
	sqlite3_bind_int64(st, 1, record_statement_key_of(text));
	char same[HASH_HEX] = "";
	while (!*same && store_row(s, st)) {
		char *other = record_statement_canonical((const char *)sqlite3_column_text(st, 0));
		if (!strcmp(other, said))
			snprintf(same, sizeof same, "%s", (const char *)sqlite3_column_text(st, 1));
		free(other);
	}
	sqlite3_reset(st);
	free(said);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	if (*same)
		return err_set(e, "%s: the bundled record %.16s (%s%s%s) says what this file's record %.16s already says; "
			       "retract yours (muster retract %.16s --reason \"in the bundled record\") and run muster "
			       "update again; nothing was changed", s->path, id, kind, ref ? " " : "", ref ? ref : "",
			       same, same);
	if (!ref || rec_str(rec, "corrects"))
		return 0;
	st = store_prep(s, "SELECT l.id FROM rec r JOIN log l USING(seq) WHERE r.ref = ? AND r.replaced_by IS NULL "
			"AND r.retracted_by IS NULL");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(same, sizeof same, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (*same)
		return err_set(e, "%s: the bundled record %.16s (%s %s) has the ref of this file's record %.16s; give "
			       "yours another (muster correct %.16s --ref %s-local) and run muster update again; nothing "
			       "was changed", s->path, id, kind, ref, same, same, ref);
	return 0;
}

/* Appends the bundle's records the file lacks, in order; counts them by kind
 * in `added` and lists in `skipped` (id → reason) those left out. */
static int append_missing_or_err(struct store *s, struct bundle *b, json_t *added, json_t *skipped,
				 struct err *e)
{
	sqlite3_stmt *st = store_prep(&b->s, "SELECT id, body FROM log ORDER BY seq");
	int rc = 0;
	while (rc == 0 && store_row(s, st)) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (has_id(s, "SELECT 1 FROM log WHERE id = ?", id))
			continue;
		const char *text = (const char *)sqlite3_column_text(st, 1);
		json_t *rec = json_loads(text, 0, NULL);
		if (!rec) {
			rc = err_set_code(e, E_INTERNAL, "the bundled record %.16s cannot be read", id);
			break;
		}
		char why[400], got[HASH_HEX];
		const char *kind = rec_str(rec, "kind"), *ref = rec_str(rec, "ref");
		if (left_out(s, rec, skipped, why, sizeof why)) {
			json_object_set_new(skipped, id, json_pack("{s:s,s:s?,s:s}", "kind", kind, "ref", ref,
								   "why", why));
		} else if (in_the_way_or_err(s, text, rec, id, e) < 0) {
			rc = -1;
		} else if (store_append_or_err(s, rec, got, e) < 0) {
			err_prefix(e, "the bundled record %.16s (%s%s%s) cannot be added", id, kind,
				   ref ? " " : "", ref ? ref : "");
			rc = -1;
		} else if (strcmp(got, id)) {
			rc = err_set_code(e, E_INTERNAL, "the bundled record %.16s was appended as %.16s", id, got);
		} else {
			json_object_set_new(added, kind, json_integer(json_integer_value(json_object_get(added, kind)) + 1));
		}
		json_decref(rec);
	}
	sqlite3_reset(st);
	if (rc == 0 && s->failed.msg[0])
		rc = store_failed_or_err(s, e);
	return rc;
}

static void print_report(struct cli *c, struct store *s, struct bundle *b, json_t *added, json_t *skipped)
{
	long long n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(added, k, v)
		n += json_integer_value(v);
	if (c->json) {
		json_t *doc = json_pack("{s:s,s:I,s:O,s:O,s:I,s:I,s:s}", "db", s->path, "added", (json_int_t)n,
					"by_kind", added, "left_out", skipped, "bundle", (json_int_t)b->n,
					"records", (json_int_t)s->count, "head", s->head);
		char *t = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
		fprintf(c->out, "%s\n", t);
		free(t);
		json_decref(doc);
		return;
	}
	size_t out = json_object_size(skipped);
	if (!n) {
		fprintf(c->out, "%s: already holds the bundled Haiti record of this muster (%lld records)", s->path,
			(long long)b->n - (long long)out);
		if (out)
			fprintf(c->out, " but for the %zu left out below", out);
		fprintf(c->out, "; nothing added\n");
	} else {
		fprintf(c->out, "%s: %lld record%s of the bundled Haiti record added", s->path, n, n == 1 ? "" : "s");
		const char *sep = " (";
		json_object_foreach(added, k, v) {
			fprintf(c->out, "%s%lld %s", sep, (long long)json_integer_value(v), k);
			sep = ", ";
		}
		fprintf(c->out, "); %lld in the file; head %.16s\n", (long long)s->count, s->head);
	}
	json_object_foreach(skipped, k, v)
		fprintf(c->out, "left out %.16s (%s%s%s): %s\n", k, rec_str(v, "kind"), rec_str(v, "ref") ? " " : "",
			rec_str(v, "ref") ? rec_str(v, "ref") : "", rec_str(v, "why"));
}

static int run_update(struct cli *c)
{
	if (c->n_args)
		return err_usage(&c->e, "takes no arguments (name the file with --db)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	struct bundle b;
	if (bundle_load_or_err(&b, &c->e) < 0) {
		store_close(&s);
		return -1;
	}
	json_t *added = json_object(), *skipped = json_object();
	int rc = check_origin_or_err(&s, &b, &c->e);
	if (rc == 0 && (rc = store_begin_or_err(&s, &c->e)) == 0) {
		rc = append_missing_or_err(&s, &b, added, skipped, &c->e);
		if (rc == 0)
			rc = store_commit_or_err(&s, &c->e);
		if (rc < 0)
			store_rollback(&s);
	}
	if (rc == 0)
		print_report(c, &s, &b, added, skipped);
	json_decref(added);
	json_decref(skipped);
	store_close(&b.s);
	store_close(&s);
	return rc;
}

const struct command command_update = {
	.name = "update",
	.run = run_update,
	.summary = "bring a file made from an older bundled record up to this muster's",
	.usage = "muster update [--json] [--db FILE]",
	.help = "Appends the records of the bundled Haiti record (data/haiti/) that the file lacks, in\n"
		"the bundle's order, after the file's own: a file made by muster init --bundled of an\n"
		"older release, with records of its own added, then gives the answers a new file of\n"
		"this bundle with the same records of its own would give. Nothing in the file changes:\n"
		"the bundle only grows, a shipped record being corrected or retracted by a new record\n"
		"that names it, and a record's id is the hash of its text, so a record already there\n"
		"is never added twice. A second update adds nothing and says so.\n\n"
		"A correction or retraction of the bundle is left out, and listed, when the file's own\n"
		"records already correct or retract the record it names: yours stands. A file that\n"
		"holds no bundled record, or bundled records this muster does not know (a newer\n"
		"muster updated it), is refused and left as it was. With --json, the counts by kind\n"
		"and the records left out.\n\n"
		"Example:\n  muster update --db muster.db\n",
	.opts = O_JSON,
};
