/* derive.c: building the derived tables (rec, cite, source, retraction and
 * each kind's own) from log records. */
#include "derive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "../search/search.h"

static const char core_sql[] =
	"CREATE TABLE IF NOT EXISTS rec(\n"
	"  seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT,  -- the id is in log\n"
	"  mission TEXT NOT NULL, date_text TEXT NOT NULL, date_prec INT NOT NULL,\n"
	"  date_lo INT NOT NULL, date_hi INT NOT NULL, visibility TEXT NOT NULL,\n"
	"  entered_by TEXT, entered_at TEXT,\n"
	"  grade TEXT, n_sources INT NOT NULL, pub_hi INT NOT NULL, -- from its sources\n"
	"  replaced_by INT, retracted_by INT,                      -- set by later records\n"
	"  restricted_replaced_by INT, restricted_retracted_by INT, -- by restricted ones (derive.h)\n"
	"  statement INT NOT NULL);                                -- record_statement_key\n"
	"CREATE INDEX IF NOT EXISTS rec_ref ON rec(ref) WHERE ref IS NOT NULL;\n"
	"CREATE TABLE IF NOT EXISTS cite(source TEXT NOT NULL, seq INT NOT NULL,\n"
	"  PRIMARY KEY(source, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS source(seq INTEGER PRIMARY KEY, publisher TEXT, title TEXT,\n"
	"  url TEXT, grade TEXT, accessed TEXT, language TEXT);\n"
	"CREATE TABLE IF NOT EXISTS retraction(seq INTEGER PRIMARY KEY, target INT NOT NULL, reason TEXT);\n"
	/* The live records whose ref another record holds (refs.c): their
	 * claim, and the record named by it in their place. */
	"CREATE TABLE IF NOT EXISTS ref_shadow(seq INTEGER PRIMARY KEY, ref TEXT NOT NULL, by INT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS ref_shadow_ref ON ref_shadow(ref);\n"
	/* The versions of a record that two sites each corrected, other than
	 * its correction (set_by_or_err), with the record. */
	"CREATE TABLE IF NOT EXISTS fork(seq INTEGER PRIMARY KEY, target INT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS fork_target ON fork(target);\n";

/* The readers' views of rec: the visibility and liveness rule is spelt here
 * once (derive.h says which reader reads which). Created with the derived
 * tables and dropped with them. Each view's WHERE reads a column of every
 * table it joins (some trivially true): SQLite flattens a view into the
 * query, and a table of which the flattened query reads no column is shown
 * to the authorizer as read whole, outside the view, which the public
 * connection's guard refuses for rec and the restricted kinds' tables. */
static const char views_sql[] =
	"CREATE VIEW IF NOT EXISTS live_rec AS SELECT * FROM rec\n"
	"  WHERE replaced_by IS NULL AND retracted_by IS NULL\n"
	"  AND restricted_replaced_by IS NULL AND restricted_retracted_by IS NULL;\n"
	"CREATE VIEW IF NOT EXISTS pub_rec AS SELECT " PUB_REC_COLS " FROM rec\n"
	"  WHERE replaced_by IS NULL AND retracted_by IS NULL AND visibility = 'public';\n"
	"CREATE VIEW IF NOT EXISTS pub_any_rec AS SELECT " PUB_REC_COLS " FROM rec WHERE visibility = 'public';\n"
	/* What an aggregate reader may know of vetting and complaints (counts,
	 * never who or what): the live records of both visibilities. */
	/* A vetting entered at two sites (the same statement, held twice
	 * after a sync) is counted once: the one entered first. */
	"CREATE VIEW IF NOT EXISTS vetting_tally AS SELECT r.seq, r.mission, r.date_hi, r.visibility, v.country,\n"
	"  v.result, v.scheme FROM vetting v CROSS JOIN rec r USING(seq)\n"
	"  WHERE v.country <> '' AND r.replaced_by IS NULL AND r.retracted_by IS NULL\n"
	"  AND r.restricted_replaced_by IS NULL AND r.restricted_retracted_by IS NULL\n"
	"  AND NOT EXISTS (SELECT 1 FROM rec t WHERE t.statement = r.statement AND t.kind = 'vetting'\n"
	"  AND t.replaced_by IS NULL AND t.retracted_by IS NULL AND t.restricted_replaced_by IS NULL\n"
	"  AND t.restricted_retracted_by IS NULL\n"
	"  AND (coalesce(t.entered_at, ''), t.seq) < (coalesce(r.entered_at, ''), r.seq));\n"
	"CREATE VIEW IF NOT EXISTS complaint_tally AS SELECT c.root, c.seq, c.status, c.status_hi, c.category,\n"
	"  r.mission, r.date_hi, r.replaced_by IS NULL AND r.restricted_replaced_by IS NULL AS current,\n"
	"  r.retracted_by IS NULL AND r.restricted_retracted_by IS NULL AS standing\n"
	"  FROM complaint c CROSS JOIN rec r USING(seq) WHERE c.root > 0 AND r.kind = 'complaint';\n"
	/* The chain as the public head walks it (src/trust/anchor.c): each
	 * record's link and whether it is restricted, never its body. */
	/* The public sources' own fields. */
	"CREATE VIEW IF NOT EXISTS pub_source AS SELECT s.* FROM source s JOIN rec r USING(seq)\n"
	"  WHERE s.publisher IS NOT NULL AND r.visibility = 'public';\n"
	/* The bodies of public records (a record's page). */
	"CREATE VIEW IF NOT EXISTS pub_log AS SELECT l.seq, l.id, l.body, l.chain FROM log l\n"
	"  JOIN rec r USING(seq) WHERE r.visibility = 'public';\n"
	/* The forks of public records (set_by_or_err). */
	"CREATE VIEW IF NOT EXISTS pub_fork AS SELECT k.seq, k.target FROM fork k\n"
	"  JOIN rec a ON a.seq = k.seq JOIN rec b ON b.seq = k.target\n"
	"  WHERE a.visibility = 'public' AND b.visibility = 'public';\n"
	/* The clashes of refs between public records (refs.c). */
	"CREATE VIEW IF NOT EXISTS pub_ref_clash AS SELECT k.seq, k.ref, k.by FROM ref_shadow k\n"
	"  JOIN rec a ON a.seq = k.seq JOIN rec b ON b.seq = k.by\n"
	"  WHERE a.visibility = 'public' AND b.visibility = 'public';\n"
	"CREATE VIEW IF NOT EXISTS log_walk AS SELECT seq, id, chain,\n"
	"  json_extract(body, '$.visibility') IS 'restricted' AS restricted FROM log;\n";

/* The index of the duplicate check and that of a record's sources, which a
 * bulk transaction defers. */
static const char core_deferrable_sql[] = "CREATE INDEX IF NOT EXISTS rec_statement ON rec(statement);\n"
	"CREATE INDEX IF NOT EXISTS cite_seq ON cite(seq);\n";

int derive_step_or_err(struct store *s, sqlite3_stmt *st, const char *what, struct err *e)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "deriving %s: %s", what, sqlite3_errmsg(s->db));
	return 0;
}

void derive_bind_opt_int(sqlite3_stmt *st, int i, const json_t *rec, const char *f)
{
	json_t *v = json_object_get(rec, f);
	if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else
		sqlite3_bind_null(st, i);
}

unsigned kind_bit(const struct kind *k)
{
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i] == k)
			return 1u << (i % 32);
	return 0;
}

int derive_create_or_err(struct store *s, struct err *e)
{
	if (store_exec_or_err(s, core_sql, e) < 0 || store_exec_or_err(s, search_table_sql, e) < 0)
		return -1;
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->table_sql && store_exec_or_err(s, all[i]->table_sql, e) < 0)
			return -1;
	if (store_exec_or_err(s, views_sql, e) < 0)
		return -1;
	return derive_create_deferrable_or_err(s, e);
}

int derive_create_deferrable_or_err(struct store *s, struct err *e)
{
	if (store_exec_or_err(s, core_deferrable_sql, e) < 0)
		return -1;
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->deferrable_sql && store_exec_or_err(s, all[i]->deferrable_sql, e) < 0)
			return -1;
	return 0;
}

/* DROP `what` (INDEX or TABLE) IF EXISTS for each space-separated name. */
static int drop_all(struct store *s, const char *what, const char *names, struct err *e)
{
	char buf[512], sql[600], *save = NULL;
	snprintf(buf, sizeof buf, "%s", names);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		snprintf(sql, sizeof sql, "DROP %s IF EXISTS \"%s\"", what, t); /* names are ours */
		if (store_exec_or_err(s, sql, e) < 0)
			return -1;
	}
	return 0;
}

int derive_drop_deferrable_or_err(struct store *s, struct err *e)
{
	if (drop_all(s, "INDEX", "rec_statement cite_seq", e) < 0)
		return -1;
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->deferrable && drop_all(s, "INDEX", all[i]->deferrable, e) < 0)
			return -1;
	return 0;
}

int derive_drop_views_or_err(struct store *s, struct err *e)
{
	return drop_all(s, "VIEW", DERIVE_VIEWS, e);
}

int derive_drop_or_err(struct store *s, struct err *e)
{
	/* The statement cache may hold statements on the tables we drop. */
	for (int i = 0; i < s->n_stmts; i++)
		sqlite3_finalize(s->stmts[i].st);
	s->n_stmts = 0;
	if (drop_all(s, "VIEW", DERIVE_VIEWS, e) < 0 || drop_all(s, "TABLE", "rec cite source "
		"retraction ref_shadow fork", e) < 0 || drop_all(s, "TABLE", search_tables, e) < 0)
		return -1;
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->table && drop_all(s, "TABLE", all[i]->table, e) < 0)
			return -1;
	return 0;
}

int derive_all_or_err(struct store *s, struct err *e)
{
	/* The indexes no derivation reads are built once at the end: a sort
	 * costs less than a million inserts at random places. */
	return derive_all_unindexed_or_err(s, e) < 0 ? -1 : derive_create_deferrable_or_err(s, e);
}

int derive_all_unindexed_or_err(struct store *s, struct err *e)
{
	if (derive_drop_deferrable_or_err(s, e) < 0)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT seq, body FROM log ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	int rc = 0;
	while (rc == 0 && store_row(s, st)) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		json_error_t je;
		const char *body = (const char *)sqlite3_column_text(st, 1);
		json_t *rec = json_loads(body, 0, &je);
		if (!rec) {
			rc = err_set_code(e, E_INTERNAL, "%s: log record %lld is not JSON (%s); "
					  "run muster verify", s->path, (long long)seq, je.text);
			break;
		}
		rc = derive_record_or_err(s, seq, body, rec, e);
		if (rc < 0)
			err_prefix(e, "%s: log record %lld", s->path, (long long)seq);
		json_decref(rec);
	}
	sqlite3_finalize(st);
	if (rc == 0 && s->failed.msg[0])
		rc = store_failed_or_err(s, e);
	/* Refs held by more than one record, which only records from
	 * elsewhere bring (refs.c). */
	if (rc == 0)
		rc = derive_settle_all_or_err(s, e);
	return rc;
}

const struct source_info *derive_source_lookup(struct store *s, const char *ref)
{
	for (int i = 0; i < s->n_sources; i++)
		if (!strcmp(s->sources[i].ref, ref))
			return &s->sources[i];
	sqlite3_stmt *st = store_prep(s,
		"SELECT s.grade, r.date_hi, r.date_prec, r.visibility = 'restricted', s.publisher FROM rec r JOIN source s USING(seq) "
		"WHERE r.ref = ? AND r.kind = 'source' AND r.replaced_by IS NULL AND r.retracted_by IS NULL");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	if (s->n_sources == STORE_MAX_SOURCES)
		s->n_sources = 0;
	struct source_info *si = &s->sources[s->n_sources++];
	snprintf(si->ref, sizeof si->ref, "%s", ref);
	const char *g = (const char *)sqlite3_column_text(st, 0);
	si->grade = g && g[0] >= 'A' && g[0] <= 'E' ? g[0] : 0;
	si->pub_hi = sqlite3_column_int(st, 2) == DATE_UNKNOWN ? 0 : sqlite3_column_int(st, 1);
	si->restricted = sqlite3_column_int(st, 3);
	const unsigned char *pub = sqlite3_column_text(st, 4);
	snprintf(si->publisher, sizeof si->publisher, "%s", pub ? (const char *)pub : "");
	sqlite3_reset(st);
	return si;
}

/* Best grade, number of sources and latest publication day of the sources a
 * record cites. */
void derive_source_stats(struct store *s, const json_t *srcs, const char **grade, int *n, int *pub_hi)
{
	static const char *const grades[] = {"A", "B", "C", "D", "E"};
	int best = 99;
	*n = 0;
	*pub_hi = 0;
	size_t i;
	json_t *it;
	json_array_foreach(srcs, i, it) {
		const struct source_info *si = derive_source_lookup(s, json_string_value(it));
		if (!si)
			continue;
		if (si->grade && si->grade - 'A' < best)
			best = si->grade - 'A';
		if (si->pub_hi > *pub_hi)
			*pub_hi = si->pub_hi;
		(*n)++;
	}
	*grade = best < 5 ? grades[best] : NULL;
}

int derive_record_or_err(struct store *s, sqlite3_int64 seq, const char *body, const json_t *rec,
			 struct err *e)
{
	return derive_record_keyed_or_err(s, seq, record_statement_key_of(body), rec, e);
}

int derive_record_keyed_or_err(struct store *s, sqlite3_int64 seq, long long statement,
			       const json_t *rec, struct err *e)
{
	const struct kind *k = kind_find(rec_str(rec, "kind"));
	if (!k)
		return err_set_code(e, E_INTERNAL, "unknown kind \"%s\"", rec_str(rec, "kind"));
	struct mdate d;
	if (date_parse_or_err(rec_str(rec, "date"), &d, e) < 0)
		return -1;
	const char *grade = NULL;
	int n_src = 0, pub_hi = 0;
	json_t *srcs = json_object_get(rec, "sources");
	if (!strcmp(k->name, "source")) {
		grade = rec_str(rec, "grade");
		n_src = 1;
		pub_hi = d.prec == DATE_UNKNOWN ? 0 : d.hi;
	} else if (srcs) {
		derive_source_stats(s, srcs, &grade, &n_src, &pub_hi);
	}
	const char *mission = rec_str(rec, "mission");
	const char *vis = rec_str(rec, "visibility");
	sqlite3_stmt *st = store_prep(s,
		"INSERT INTO rec(seq,kind,ref,mission,date_text,date_prec,date_lo,date_hi,visibility,"
		"entered_by,entered_at,grade,n_sources,pub_hi,statement) "
		"VALUES(?1,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 3, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "ref"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, mission ? mission : DEFAULT_MISSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d.text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 7, d.prec);
	sqlite3_bind_int(st, 8, d.lo);
	sqlite3_bind_int(st, 9, d.hi);
	sqlite3_bind_text(st, 10, vis ? vis : "public", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, rec_str(rec, "entered_by"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, rec_str(rec, "entered_at"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, grade, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, n_src);
	sqlite3_bind_int(st, 15, pub_hi);
	sqlite3_bind_int64(st, 16, statement);
	if (sqlite3_step(st) != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "deriving rec: %s", sqlite3_errmsg(s->db));
	size_t i;
	json_t *it;
	json_array_foreach(srcs, i, it) {
		st = store_prep(s, "INSERT OR IGNORE INTO cite(source, seq) VALUES(?,?)");
		sqlite3_bind_text(st, 1, json_string_value(it), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		if (sqlite3_step(st) != SQLITE_DONE)
			return err_set_code(e, E_INTERNAL, "deriving cite: %s", sqlite3_errmsg(s->db));
	}
	const char *corrects = rec_str(rec, "corrects");
	if (corrects) {
		st = store_prep(s, "SELECT seq FROM log WHERE id = ?");
		sqlite3_bind_text(st, 1, corrects, -1, SQLITE_STATIC);
		sqlite3_int64 old = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (old && derive_supersede_or_err(s, seq, old, vis && !strcmp(vis, "restricted"), 0, e) < 0)
			return -1;
	}
	if (k->derive && k->derive(s, seq, rec, e) < 0)
		return -1;
	/* Whether another record holds its ref (refs.c): only a record that
	 * arrived from elsewhere can clash; a source may be the one that
	 * records citing its ref take their grade from. */
	const char *ref = rec_str(rec, "ref");
	int is_source = !strcmp(k->name, "source");
	if (ref && (s->arriving || is_source) && derive_ref_settle_or_err(s, ref, is_source, e) < 0)
		return -1;
	/* The search index reads the sources as they stand before this record
	 * (a source record's own row needs none of them). */
	if (!s->no_search && search_index_or_err(s, seq, rec, e) < 0)
		return -1;
	if (corrects || !strcmp(k->name, "source") || !strcmp(k->name, "retraction"))
		s->n_sources = 0;
	s->touched |= kind_bit(k);
	return 0;
}

/* Whether record `seq` is restricted. */
static int rec_restricted(struct store *s, sqlite3_int64 seq)
{
	sqlite3_stmt *st = store_prep(s, "SELECT visibility = 'restricted' FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	int r = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return r;
}

static sqlite3_int64 col_of(struct store *s, const char *sql, sqlite3_int64 seq)
{
	sqlite3_stmt *st = store_prep(s, sql);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_int64 v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

static int fork_add_or_err(struct store *s, sqlite3_int64 seq, sqlite3_int64 target, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT OR IGNORE INTO fork(seq, target) VALUES(?1, ?2)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, target);
	return derive_step_or_err(s, st, "fork", e);
}

/* Record `by` corrected `target`, whose correction was `prev` before and is
 * `now` after (0: none). Two sites that each corrected one record (src/sync)
 * hold two versions of it: the one that did not become its correction is a
 * fork (the derived table fork: the version and the record both correct),
 * and so is every later correction of a fork. */
static int fork_or_err(struct store *s, sqlite3_int64 target, sqlite3_int64 by, sqlite3_int64 prev,
		       sqlite3_int64 now, struct err *e)
{
	/* The version that was its correction, and its own corrections. */
	for (sqlite3_int64 d = prev != now ? prev : 0; d; d = col_of(s, "SELECT replaced_by FROM rec WHERE seq = ?1", d))
		if (fork_add_or_err(s, d, target, e) < 0)
			return -1;
	if (now != by && fork_add_or_err(s, by, target, e) < 0)
		return -1;
	sqlite3_int64 of = col_of(s, "SELECT target FROM fork WHERE seq = ?1", target);
	return of ? fork_add_or_err(s, by, of, e) : 0;
}

/* Sets column `col` (replaced_by or retracted_by, or their restricted_
 * twins) of `target` to `by`, where it is not set yet. */
static int set_by_or_err(struct store *s, const char *col, sqlite3_int64 target, sqlite3_int64 by, struct err *e)
{
	static const char *const cols[] = {"replaced_by", "retracted_by", "restricted_replaced_by",
					   "restricted_retracted_by"};
	/* Set once at entry. Two records from two sites may correct (or
	 * retract) one record (src/sync): the one entered first is kept, then
	 * the smaller id, whatever the order they arrived in. */
#define FIRST_BY(col) "UPDATE rec SET " col " = ?1 WHERE seq = ?2 AND (" col " IS NULL OR " \
	"(SELECT coalesce(b.entered_at, '') || ' ' || l.id FROM rec b JOIN log l USING(seq) WHERE b.seq = ?1) < " \
	"(SELECT coalesce(b.entered_at, '') || ' ' || l.id FROM rec b JOIN log l USING(seq) WHERE b.seq = rec." col "))"
	static const char *const sql[] = {
		FIRST_BY("replaced_by"), FIRST_BY("retracted_by"), FIRST_BY("restricted_replaced_by"),
		FIRST_BY("restricted_retracted_by"),
	};
#undef FIRST_BY
	static const char *const get[] = {
		"SELECT replaced_by FROM rec WHERE seq = ?1", "SELECT retracted_by FROM rec WHERE seq = ?1",
		"SELECT restricted_replaced_by FROM rec WHERE seq = ?1", "SELECT restricted_retracted_by FROM rec WHERE seq = ?1",
	};
	for (int i = 0; i < 4; i++)
		if (!strcmp(cols[i], col)) {
			sqlite3_int64 prev = col_of(s, get[i], target);
			sqlite3_stmt *st = store_prep(s, sql[i]);
			sqlite3_bind_int64(st, 1, by);
			sqlite3_bind_int64(st, 2, target);
			if (derive_step_or_err(s, st, col, e) < 0)
				return -1;
			/* Retractions of one record agree; corrections may not. */
			return i == 0 || i == 2 ? fork_or_err(s, target, by, prev, col_of(s, get[i], target), e) : 0;
		}
	return err_set_code(e, E_INTERNAL, "bug: no column %s", col);
}

int derive_supersede_or_err(struct store *s, sqlite3_int64 by, sqlite3_int64 target, int by_restricted,
			    int retraction, struct err *e)
{
	int target_restricted = rec_restricted(s, target);
	if (by_restricted && !target_restricted)
		/* For the public nothing happened: the public record stands. */
		return set_by_or_err(s, retraction ? "restricted_retracted_by" : "restricted_replaced_by", target, by, e);
	if (set_by_or_err(s, retraction ? "retracted_by" : "replaced_by", target, by, e) < 0 ||
	    derive_invalidate_or_err(s, target, e) < 0 || derive_ref_released_or_err(s, target, e) < 0)
		return -1;
	if (retraction || by_restricted || !target_restricted)
		return 0;
	/* A public correction of a restricted version: for the public it
	 * corrects the public version that the restricted one corrected (the
	 * nearest public record back along the chain), if no public record
	 * replaced it yet. */
	sqlite3_int64 at = target;
	for (int hops = 0; at && rec_restricted(s, at) && hops < 100000; hops++) {
		sqlite3_stmt *st = store_prep(s,
			"SELECT p.seq FROM rec p WHERE p.restricted_replaced_by = ?1 OR p.replaced_by = ?1 LIMIT 1");
		sqlite3_bind_int64(st, 1, at);
		at = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
	}
	if (!at || rec_restricted(s, at))
		return 0;
	sqlite3_stmt *st = store_prep(s, "SELECT replaced_by IS NULL FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, at);
	int open = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!open)
		return 0;
	return set_by_or_err(s, "replaced_by", at, by, e) < 0 || derive_invalidate_or_err(s, at, e) < 0 ||
		derive_ref_released_or_err(s, at, e) < 0 ? -1 : 0;
}

int derive_create_temp_or_err(struct store *s, struct err *e)
{
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->temp_sql && store_exec_or_err(s, all[i]->temp_sql, e) < 0)
			return -1;
	return 0;
}

int derive_invalidate_or_err(struct store *s, sqlite3_int64 seq, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT kind FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	char kind[32] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	const struct kind *k = kind_find(kind);
	if (!k)
		return 0;
	s->touched |= kind_bit(k);
	return k->invalidate ? k->invalidate(s, seq, e) : 0;
}

int derive_refresh_or_err(struct store *s, unsigned touched, struct err *e)
{
	/* The search index's word figures take the transaction's rows in. */
	if (search_stat_flush_or_err(s, e) < 0)
		return -1;
	size_t n;
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (!(touched & kind_bit(all[i])) || !all[i]->refresh)
			continue;
		/* Kinds that share a refresh (arrival, departure) run it once. */
		int done = 0;
		for (size_t j = 0; j < i; j++)
			if ((touched & kind_bit(all[j])) && all[j]->refresh == all[i]->refresh)
				done = 1;
		if (!done && all[i]->refresh(s, e) < 0)
			return -1;
	}
	return 0;
}
