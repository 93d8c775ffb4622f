/* ref_clash.c: the disagreements of the record itself, which only records
 * from elsewhere bring (src/sync): a ref that more than one record claims
 * (refs.c says which one it names), and a record that two sites each
 * corrected (its forks: derive.c). Listed by `conflicts` (areas "refs" and
 * "versions", registered in checks.c); `show` of a record with a clashing
 * ref says it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "record.h"
#include "ref_clash.h"
#include "say.h"

#define CLASH_RULE "A ref names one record. Two copies of the record that each gave this ref to a different " \
	"record hold both after a sync; the ref then names, in every copy alike, the record whose first version " \
	"was entered first (a public record before a restricted one), and the other is reached by its id. " \
	"Give it a ref of its own (muster correct ID --ref NEW), and correct the records that cite the ref " \
	"meaning it."

/* Two versions of one record share its ref: their disagreement is the
 * fork's ("versions"), not the ref's. */
#define NOT_FORK "seq NOT IN (SELECT seq FROM fork)"
#define NOT_PUB_FORK "seq NOT IN (SELECT seq FROM pub_fork)"

/* A claim of record `seq` (its parsed `body`) saying `value`, as who entered
 * it and when, with its sources and its id. */
static json_t *claim_new(struct store *s, struct answer *a, sqlite3_int64 seq, const json_t *body, const char *value)
{
	json_t *c = json_object();
	json_object_set_new(c, "value", json_string(value));
	char as[200];
	snprintf(as, sizeof as, "entered %.10s by %s", rec_str(body, "entered_at") ? rec_str(body, "entered_at") : "",
		 rec_str(body, "entered_by") ? rec_str(body, "entered_by") : "someone");
	json_object_set_new(c, "as", json_string(as));
	json_object_set_new(c, "sources", answer_cite_record(a, s, seq));
	json_t *records = json_array();
	json_array_append_new(records, answer_record_id(s, seq));
	json_object_set_new(c, "records", records);
	return c;
}

/* What record `seq` claims, in a few words: a source's publisher and grade,
 * another record's kind and date. */
static json_t *claim_of(struct store *s, sqlite3_int64 seq, struct answer *a)
{
	json_t *body = store_body(s, seq, NULL);
	char value[300];
	const char *kind = rec_str(body, "kind");
	if (kind && !strcmp(kind, "source"))
		snprintf(value, sizeof value, "%s, grade %s", rec_str(body, "publisher") ? rec_str(body, "publisher") : "",
			 rec_str(body, "grade") ? rec_str(body, "grade") : "none");
	else
		snprintf(value, sizeof value, "%s of %s", kind ? kind : "record",
			 rec_str(body, "date") ? rec_str(body, "date") : "no date");
	json_t *c = claim_new(s, a, seq, body, value);
	json_decref(body);
	return c;
}

int ref_clash_disagree(struct store *s, struct answer *a, const char *ref, int restricted_ok, struct err *e)
{
	sqlite3_stmt *st = restricted_ok
		? store_prep(s, "SELECT seq, by FROM ref_shadow WHERE ref = ?1 AND " NOT_FORK " ORDER BY seq")
		: store_prep(s, "SELECT seq, by FROM pub_ref_clash WHERE ref = ?1 AND " NOT_PUB_FORK " ORDER BY seq");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	json_t *seqs = json_array();
	sqlite3_int64 by = 0;
	while (store_row(s, st)) {
		json_array_append_new(seqs, json_integer(sqlite3_column_int64(st, 0)));
		by = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0] || !json_array_size(seqs)) {
		json_decref(seqs);
		return s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
	}
	json_t *claims = json_array();
	json_t *used = claim_of(s, by, a);
	json_t *value = json_incref(json_object_get(used, "value"));
	json_array_append_new(claims, used);
	size_t i;
	json_t *it;
	json_array_foreach(seqs, i, it)
		json_array_append_new(claims, claim_of(s, json_integer_value(it), a));
	json_decref(seqs);
	answer_disagree_said(a, say_new("ref {1}: records that claim it", say_name(ref), NULL), NULL, "ref", claims,
			     value, CLASH_RULE);
	return 1;
}

int ref_clash_of_record(struct store *s, struct answer *a, sqlite3_int64 seq, int restricted_ok, struct err *e)
{
	sqlite3_stmt *st = restricted_ok
		? store_prep(s, "SELECT ref FROM ref_shadow WHERE (seq = ?1 OR by = ?1) AND " NOT_FORK " LIMIT 1")
		: store_prep(s, "SELECT ref FROM pub_ref_clash WHERE (seq = ?1 OR by = ?1) AND " NOT_PUB_FORK " LIMIT 1");
	sqlite3_bind_int64(st, 1, seq);
	char ref[256] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(ref, sizeof ref, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return ref[0] ? ref_clash_disagree(s, a, ref, restricted_ok, e) : 0;
}

/* conflicts' check: every clash the reader may see. */
static int all_clashes(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	(void)mission; /* a ref is one name across missions */
	int restricted_ok = !s->public_only && !s->blind;
	sqlite3_stmt *st = restricted_ok
		? store_prep(s, "SELECT DISTINCT ref FROM ref_shadow WHERE " NOT_FORK " ORDER BY ref")
		: store_prep(s, "SELECT DISTINCT ref FROM pub_ref_clash WHERE " NOT_PUB_FORK " ORDER BY ref");
	json_t *refs = json_array();
	while (store_row(s, st))
		json_array_append_new(refs, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	int rc = s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
	size_t i;
	json_t *it;
	json_array_foreach(refs, i, it)
		if (rc == 0 && ref_clash_disagree(s, a, json_string_value(it), restricted_ok, e) < 0)
			rc = -1;
	json_decref(refs);
	return rc;
}

#define FORK_RULE "Two copies of the record each corrected this record before they were synced, each its own " \
	"way: both versions stand as claims, and the answers choose between them as between any two claims " \
	"(funding flows, which add up, count the correction only). Its correction is, in every copy alike, the " \
	"version entered first, and its ref names that one. Correct or retract the version that is wrong."

/* Fields of `a` that `b` says otherwise, as "field value; …" (the fields
 * every record carries left out). */
static void differing(const json_t *a, const json_t *b, char *out, size_t n)
{
	static const char *const skip[] = {"entered_at", "entered_by", "corrects", "note", "kind", NULL};
	const char *k;
	json_t *v;
	out[0] = 0;
	json_object_foreach((json_t *)a, k, v) {
		int skipped = 0;
		for (int i = 0; skip[i]; i++)
			skipped |= !strcmp(k, skip[i]);
		if (skipped || json_equal(v, json_object_get(b, k)))
			continue;
		char *t = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s %s", len ? "; " : "", k, t ? t : json_string_value(v));
		free(t);
	}
	if (!out[0])
		snprintf(out, n, "the same fields");
}

static json_t *version_claim(struct store *s, struct answer *a, sqlite3_int64 seq, const json_t *body,
			     const json_t *other)
{
	char value[600];
	differing(body, other, value, sizeof value);
	return claim_new(s, a, seq, body, value);
}

/* The disagreement over record `target`'s versions: its correction `by` and
 * the forks the reader may see. */
static int fork_disagree(struct store *s, struct answer *a, sqlite3_int64 target, int restricted_ok, struct err *e)
{
	sqlite3_stmt *st = restricted_ok
		? store_prep(s, "SELECT k.seq, coalesce(r.replaced_by, r.restricted_replaced_by) FROM fork k "
			     "JOIN rec r ON r.seq = k.target WHERE k.target = ?1 ORDER BY k.seq")
		: store_prep(s, "SELECT k.seq, r.replaced_by FROM pub_fork k JOIN pub_any_rec r ON r.seq = k.target "
			     "WHERE k.target = ?1 ORDER BY k.seq");
	sqlite3_bind_int64(st, 1, target);
	json_t *seqs = json_array();
	sqlite3_int64 by = 0;
	while (store_row(s, st)) {
		json_array_append_new(seqs, json_integer(sqlite3_column_int64(st, 0)));
		by = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0] || !json_array_size(seqs) || !by) {
		json_decref(seqs);
		return s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
	}
	json_t *used_body = store_body(s, by, NULL);
	json_t *claims = json_array(), *value = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(seqs, i, it) {
		json_t *body = store_body(s, json_integer_value(it), NULL);
		if (!value) {
			json_t *u = version_claim(s, a, by, used_body, body);
			value = json_incref(json_object_get(u, "value"));
			json_array_append_new(claims, u);
		}
		json_array_append_new(claims, version_claim(s, a, json_integer_value(it), body, used_body));
		json_decref(body);
	}
	json_decref(used_body);
	json_decref(seqs);
	json_t *id = answer_record_id(s, target);
	answer_disagree_said(a, say_new("record {1}: corrected in two copies of the record", say_name(json_string_value(id)),
					NULL), NULL, "fork", claims, value, FORK_RULE);
	json_decref(id);
	return 1;
}

/* conflicts' check: every record two sites corrected, as the reader may see. */
static int all_forks(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	(void)mission; /* a record's versions, whatever its mission */
	int restricted_ok = !s->public_only && !s->blind;
	sqlite3_stmt *st = restricted_ok ? store_prep(s, "SELECT DISTINCT target FROM fork ORDER BY target")
		: store_prep(s, "SELECT DISTINCT target FROM pub_fork ORDER BY target");
	json_t *targets = json_array();
	while (store_row(s, st))
		json_array_append_new(targets, json_integer(sqlite3_column_int64(st, 0)));
	sqlite3_reset(st);
	int rc = s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
	size_t i;
	json_t *it;
	json_array_foreach(targets, i, it)
		if (rc == 0 && fork_disagree(s, a, json_integer_value(it), restricted_ok, e) < 0)
			rc = -1;
	json_decref(targets);
	return rc;
}

const struct conflict_check record_checks[] = {
	{.area = "refs", .all = all_clashes},
	{.area = "versions", .all = all_forks},
	{.area = NULL},
};
