/* schema.c: the file's schema steps, one per version (store.c runs them
 * when it opens a file of an older version). */
#include "bulk.h"
#include "store.h"
#include "../trust/keys.h"
#include "../trust/users.h"

/* Migrations: entry i brings a file from user_version i to i + 1. No
 * migration changes a record of the log (its seq, id, body and chain);
 * derived tables are rebuilt instead. */
static const char *const migrations[] = {
	"CREATE TABLE log(\n"
	"  seq   INTEGER PRIMARY KEY,  -- position in the chain\n"
	"  id    TEXT NOT NULL UNIQUE,  -- sha256 of body\n"
	"  body  TEXT NOT NULL,         -- canonical JSON\n"
	"  chain TEXT NOT NULL          -- sha256(previous chain || id)\n"
	");\n"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN\n"
	"  SELECT RAISE(ABORT, 'the log is append-only: correct or retract a record instead'); END;\n"
	"CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN\n"
	"  SELECT RAISE(ABORT, 'the log is append-only: retract a record instead'); END;\n",
	/* 2: running totals count records (mv_day.n), cite is indexed by seq;
	 * the log is unchanged, the derived tables are rebuilt. */
	"SELECT 1;\n",
	/* 3: strength snapshots carry personnel_type and gender (UN tables). */
	"SELECT 1;\n",
	/* 4: funding rows say whether a record is a report or a flow (FTS, IATI)
	 * and carry FTS's flow ids, boundary and shared flag. */
	"SELECT 1;\n",
	/* 5: users, their audit log and web sessions (src/trust/users.h); the
	 * vetting and complaint tables are derived (rebuilt). Users are not
	 * mission records: they live beside the log, never in it. */
	USERS_SCHEMA_SQL,
	/* 6: running totals also by spans of days (mv_span), keys with their
	 * first and last day and final totals (mv_key). */
	"SELECT 1;\n",
	/* 7: the log's id is unique through a named index (log_id) instead of a
	 * column constraint, so that a bulk import can build it once at the end
	 * (bulk.c). The records are copied unchanged, in order. */
	"CREATE TABLE log_v7(\n"
	"  seq   INTEGER PRIMARY KEY,  -- position in the chain\n"
	"  id    TEXT NOT NULL,         -- sha256 of body (unique: log_id)\n"
	"  body  TEXT NOT NULL,         -- canonical JSON\n"
	"  chain TEXT NOT NULL          -- sha256(previous chain || id)\n"
	");\n"
	"INSERT INTO log_v7(seq, id, body, chain) SELECT seq, id, body, chain FROM log ORDER BY seq;\n"
	"DROP TABLE log;\n"
	"ALTER TABLE log_v7 RENAME TO log;\n"
	LOG_ID_INDEX_SQL
	"CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN\n"
	"  SELECT RAISE(ABORT, 'the log is append-only: correct or retract a record instead'); END;\n"
	"CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN\n"
	"  SELECT RAISE(ABORT, 'the log is append-only: retract a record instead'); END;\n",
	/* 8: the running totals per day (mv_day) are gone: mv_span holds the
	 * same totals on every real day, and mv_key a key's final ones. */
	"DROP TABLE IF EXISTS mv_day;\n",
	/* 9: strength rows carry their mission, day and `complete` flag (a table
	 * that lists everyone in its scope); a marker row may have no personnel. */
	"SELECT 1;\n",
	/* 10: rec keeps corrections and retractions by restricted records of
	 * public ones apart (restricted_replaced_by, restricted_retracted_by):
	 * for the public the public record stands. */
	"SELECT 1;\n",
	/* 11: the search index (src/search/index.c), derived: rebuilt. */
	"SELECT 1;\n",
	/* 12: a search row's rowid holds its record, part and length (search.h)
	 * in place of the seq and para columns: rebuilt. */
	"SELECT 1;\n",
	/* 13: the search rows' filter values (kind, mission, dates) beside
	 * the index (search_attr, search_code; search.h): rebuilt. */
	"SELECT 1;\n",
	/* 14: the readers' views of rec (live_rec, pub_rec, pub_any_rec) and the
	 * aggregate views of vetting and complaints (derive.h), created with the
	 * derived tables: rebuilt. */
	"SELECT 1;\n",
	/* 15: users' signing keys (sealed under their password) and the
	 * signatures beside the log (src/trust/keys.h); the key records' table
	 * is derived: rebuilt. */
	KEYS_SCHEMA_SQL,
	/* 16: refs held by more than one record (ref_shadow, pub_ref_clash;
	 * src/core/refs.c), and citing records' grades from the sources their
	 * refs name now: rebuilt. */
	"SELECT 1;\n",
	/* 17: each frequent word's figures beside the search index
	 * (search_stat; src/search/stat.c): rebuilt. */
	"SELECT 1;\n",
};

const char *const *store_migrations(size_t *n)
{
	*n = sizeof migrations / sizeof *migrations;
	return migrations;
}
