/* append.c: appending a record to the log, with the checks that need the
 * file (sources exist, refs are free, corrections name live records, no
 * duplicates). */
#include "bulk.h"
#include "derive.h"
#include "../pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces the id-or-ref in field `f` by the full id of the live record it
 * names; writes its seq and kind. */
static int resolve_field(struct store *s, json_t *rec, const char *f, sqlite3_int64 *seq,
			 char kind[32], struct err *e)
{
	const char *name = rec_str(rec, f);
	if (store_resolve_or_err(s, name, seq, e) < 0) {
		err_prefix(e, "field \"%s\"", f);
		return -1;
	}
	/* A public record sees only public corrections and retractions: one by a
	 * restricted record does not exist for it (derive_supersede_or_err). */
	const char *vis = rec_str(rec, "visibility");
	sqlite3_stmt *st = store_prep(s,
		"SELECT l.id, r.kind, CASE WHEN ?2 THEN coalesce(r.replaced_by, r.restricted_replaced_by) ELSE r.replaced_by "
		"END, CASE WHEN ?2 THEN coalesce(r.retracted_by, r.restricted_retracted_by) ELSE r.retracted_by END "
		"FROM rec r JOIN log l USING(seq) WHERE seq = ?1");
	sqlite3_bind_int64(st, 1, *seq);
	sqlite3_bind_int(st, 2, vis && !strcmp(vis, "restricted"));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, "field \"%s\": \"%s\" is not a record", f, name);
	}
	char id[HASH_HEX];
	snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(kind, 32, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_int64 replaced = sqlite3_column_int64(st, 2), retracted = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	if (s->arriving && (retracted || replaced))
		retracted = replaced = 0;
	if (retracted)
		return err_set(e, "field \"%s\": record %.16s is retracted; nothing more can be said of it",
			       f, id);
	if (replaced) {
		char by[HASH_HEX] = "";
		json_decref(store_body(s, replaced, by));
		return err_set(e, "field \"%s\": record %.16s was already corrected by %.16s; "
			       "correct or retract that one instead", f, id, by);
	}
	json_object_set_new(rec, f, json_string(id));
	return 0;
}

static int check_sources(struct store *s, const json_t *rec, struct err *e)
{
	size_t i;
	json_t *it;
	const char *vis = rec_str(rec, "visibility");
	int public = !vis || strcmp(vis, "restricted");
	json_array_foreach(json_object_get(rec, "sources"), i, it) {
		const char *ref = json_string_value(it);
		const struct source_info *si = derive_source_lookup(s, ref);
		/* To a writer who may not read restricted records, a restricted
		 * source is no source: the same message as an unknown ref. */
		if (si && si->restricted && s->blind)
			si = NULL;
		if (si) {
			/* What a public record cites is public: its sources are shown with it. */
			if (public && si->restricted)
				return err_set(e, "field \"sources\": \"%s\" is a restricted source, and a public "
					       "record cannot cite it (make this record restricted too, or cite a "
					       "public source)", ref);
			continue;
		}
		/* Suggest the nearest source ref, if one is close: never a
		 * restricted one. */
		sqlite3_stmt *st = store_prep(s, "SELECT ref FROM pub_rec WHERE kind = 'source' LIMIT 2000");
		const char *cands[2000];
		char *owned[2000];
		size_t n = 0;
		while (store_row(s, st) && n < 2000) {
			owned[n] = strdup((const char *)sqlite3_column_text(st, 0));
			cands[n] = owned[n];
			n++;
		}
		sqlite3_reset(st);
		const char *near = err_nearest(ref, cands, n);
		if (near)
			err_set(e, "field \"sources\": \"%s\" is not a source in %s or earlier in this import "
				"(did you mean %s?)", ref, s->path, near);
		else
			err_set(e, "field \"sources\": \"%s\" is not a source in %s or earlier in this import "
				"(add it first: muster add source --ref %s --publisher … --title … --grade …)",
				ref, s->path, ref);
		for (size_t j = 0; j < n; j++)
			free(owned[j]);
		return -1;
	}
	return 0;
}

/* A retraction says why a record is withdrawn; of a restricted record, that
 * reason is as restricted as the record: it becomes restricted too, and
 * saying it is public is an error. */
static int restricted_target_or_err(struct store *s, json_t *rec, sqlite3_int64 target, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT visibility FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, target);
	int restricted = sqlite3_step(st) == SQLITE_ROW &&
		!strcmp((const char *)sqlite3_column_text(st, 0), "restricted");
	sqlite3_reset(st);
	if (!restricted)
		return 0;
	const char *vis = rec_str(rec, "visibility");
	if (vis && !strcmp(vis, "public"))
		return err_set(e, "field \"visibility\": a retraction of a restricted record is restricted too "
			       "(leave visibility empty or make it restricted)");
	json_object_set_new(rec, "visibility", json_string("restricted"));
	return 0;
}

/* The record's canonical text, its id and statement key: final once the
 * file has resolved what a correction or retraction names. */
static void prepare_text(struct prepared *p)
{
	p->text = record_canonical(p->rec);
	hash_sha256_hex(p->text, strlen(p->text), p->id);
	p->statement = record_statement_key_of(p->text);
}

void store_prepare(const struct store *s, json_t *rec, struct prepared *p)
{
	memset(p, 0, sizeof *p);
	p->rec = rec;
	const char *kind = rec_str(rec, "kind");
	if (!json_object_get(rec, "entered_by"))
		json_object_set_new(rec, "entered_by", json_string(s->user));
	if (!json_object_get(rec, "entered_at"))
		json_object_set_new(rec, "entered_at", json_string(s->now));
	if (!json_object_get(rec, "mission") && strcmp(kind, "source"))
		json_object_set_new(rec, "mission", json_string(DEFAULT_MISSION));
	/* A correction or retraction names records by ref, resolved in the file
	 * first: its text is only final then. */
	if (rec_str(rec, "corrects") || rec_str(rec, "retracts"))
		return;
	prepare_text(p);
}

void store_prepared_free(struct prepared *p)
{
	free(p->text);
	p->text = NULL;
}

int store_append_or_err(struct store *s, json_t *rec, char id[HASH_HEX], struct err *e)
{
	struct prepared p;
	store_prepare(s, rec, &p);
	int rc = store_append_prepared_or_err(s, &p, e);
	if (rc == 0)
		memcpy(id, p.id, HASH_HEX);
	store_prepared_free(&p);
	return rc;
}

int store_append_prepared_or_err(struct store *s, struct prepared *p, struct err *e)
{
	json_t *rec = p->rec;
	if (!s->writable)
		return err_set(e, "%s: opened read-only", s->path);
	/* With a log in PostgreSQL, the first append takes its lock and
	 * applies what the file lacks: the checks below read the whole log. */
	if (pglog_hold_or_err(s, e) < 0)
		return -1;
	const char *kind = rec_str(rec, "kind");
	if (!strcmp(kind, "source") && !rec_str(rec, "ref"))
		return err_set(e, "field \"ref\": missing (a source needs a ref that records cite, "
			       "e.g. guardian-2024-06-25)");

	/* A correction or retraction changes which records are live: the
	 * deferred duplicate check must see the records before it. */
	if (s->deferred && (rec_str(rec, "corrects") || rec_str(rec, "retracts")) && bulk_settle_or_err(s, e) < 0)
		return -1;
	sqlite3_int64 target = 0;
	char tkind[32];
	if (rec_str(rec, "corrects")) {
		if (resolve_field(s, rec, "corrects", &target, tkind, e) < 0)
			return -1;
		if (strcmp(tkind, kind))
			return err_set(e, "field \"corrects\": a %s cannot correct a %s; retract it and add "
				       "a new record instead", kind, tkind);
	}
	if (rec_str(rec, "retracts") && resolve_field(s, rec, "retracts", &target, tkind, e) < 0)
		return -1;
	if (rec_str(rec, "retracts") && restricted_target_or_err(s, rec, target, e) < 0)
		return -1;
	if (check_sources(s, rec, e) < 0)
		return -1;
	/* The same statement already live, whoever entered it and when? The
	 * canonical text is final here: nothing below changes the record. */
	if (!p->text)
		prepare_text(p);
	const char *text = p->text, *id = p->id;
	/* In a bulk transaction that deferred it, one pass checks at the end. */
	char *said = s->deferred || s->arriving ? NULL : record_statement_canonical(text);
	/* A writer who may not read restricted records is never told that one
	 * holds the same content (it could be guessed by trying): for them a
	 * restricted record does not exist, and theirs is appended. */
	const char *vis = rec_str(rec, "visibility");
	sqlite3_stmt *dq = said ? store_prep(s, "SELECT r.seq, l.body, l.id FROM rec r JOIN log l USING(seq) "
				      "WHERE r.statement = ?1 AND r.replaced_by IS NULL AND r.retracted_by IS NULL "
				      "AND (?2 OR r.visibility = 'public')") : NULL;
	if (said) {
		sqlite3_bind_int64(dq, 1, p->statement);
		sqlite3_bind_int(dq, 2, !s->blind);
	}
	while (said && store_row(s, dq)) {
		char *other_said = record_statement_canonical((const char *)sqlite3_column_text(dq, 1));
		int same = !strcmp(other_said, said);
		long long oseq = sqlite3_column_int64(dq, 0);
		char oid[HASH_HEX];
		snprintf(oid, sizeof oid, "%s", (const char *)sqlite3_column_text(dq, 2));
		free(other_said);
		if (same) {
			sqlite3_reset(dq);
			free(said);
			if (oseq > s->tx_start && oseq > pglog_base(s))
				return err_set(e, "duplicate: repeats record %.16s earlier in this import "
					       "(remove the repeated row)", oid);
			return err_set(e, "duplicate: %s already holds the same record as %.16s (remove the "
				       "row, or correct that record if something changed)", s->path, oid);
		}
	}
	if (dq)
		sqlite3_reset(dq);
	free(said);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);

	const char *ref = rec_str(rec, "ref");
	if (ref && !s->arriving) {
		sqlite3_stmt *st = store_prep(s,
			"SELECT l.id, r.seq, r.visibility = 'restricted' FROM rec r JOIN log l USING(seq) WHERE r.ref = ? "
			"AND r.replaced_by IS NULL AND r.retracted_by IS NULL");
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		int taken = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) != target;
		char other[HASH_HEX] = "";
		int hidden = 0;
		if (taken) {
			snprintf(other, sizeof other, "%s", (const char *)sqlite3_column_text(st, 0));
			hidden = sqlite3_column_int(st, 2) && (s->blind || !(vis && !strcmp(vis, "restricted")));
		}
		sqlite3_reset(st);
		/* Refs are one name space; a public record is not told which
		 * restricted record holds the ref. */
		if (hidden)
			return err_set(e, "field \"ref\": \"%s\" is taken; pick another ref", ref);
		if (taken)
			return err_set(e, "field \"ref\": \"%s\" is already the ref of record %.16s; pick "
				       "another ref, or use muster correct %s to change that record", ref,
				       other, ref);
	}

	char chain[HASH_HEX];
	if (p->chained && !memcmp(p->prev, s->head, HASH_HEX))
		memcpy(chain, p->chain, HASH_HEX);
	else
		hash_chain(s->head, id, chain);
	/* The unique index on id finds a duplicate: nothing is inserted then.
	 * While a bulk transaction defers it, its settling finds them. */
	sqlite3_stmt *st = s->deferred ? store_prep(s, "INSERT INTO log(seq, id, body, chain) VALUES(?,?,?,?)")
		: store_prep(s, "INSERT INTO log(seq, id, body, chain) VALUES(?,?,?,?) ON CONFLICT(id) DO NOTHING");
	sqlite3_bind_int64(st, 1, s->count + 1);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, chain, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE && sqlite3_changes(s->db) == 0)
		return err_set(e, "duplicate: %s already holds the same record as %.16s (remove the row)",
			       s->path, id);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "%s: appending to the log: %s", s->path,
				    sqlite3_errmsg(s->db));
	/* Its author's signature, beside it (a record arriving brings its own). */
	if (s->sign && !s->arriving && s->sign(s, id, e) < 0)
		return -1;
	s->count++;
	memcpy(s->head, chain, HASH_HEX);
	rc = derive_record_keyed_or_err(s, s->count, p->statement, rec, e);
	return rc < 0 ? rc : bulk_maybe_defer_or_err(s, e);
}
