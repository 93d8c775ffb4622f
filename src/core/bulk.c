/* bulk.c: bulk transactions. Past a size, the indexes that no append reads
 * (and the log's unique ids) are dropped and the duplicate checks deferred
 * to one pass at the end. The file stays in WAL mode throughout (a rollback
 * journal wrote the pages once instead of twice, about 7% faster, but a
 * killed import left a hot journal that readers could not roll back, and
 * readers waited for the whole import: docs/reliability.md). */
#include "bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"

int store_begin_bulk_or_err(struct store *s, int defer, struct err *e)
{
	if (store_begin_or_err(s, e) < 0)
		return -1;
	s->defer_ok = defer;
	s->defer_after = bulk_defer_after();
	return 0;
}

long bulk_defer_after(void)
{
	const char *v = getenv("MUSTER_BULK_ROWS");
	char *end;
	long n = v && *v ? strtol(v, &end, 10) : 0;
	return n > 0 && n <= 100000000 && !*end ? n : BULK_DEFER_AFTER;
}

int bulk_maybe_defer_or_err(struct store *s, struct err *e)
{
	sqlite3_int64 added = s->count - s->tx_start;
	if (!s->defer_ok || s->deferred || added < s->defer_after || added < s->tx_start / 2)
		return 0;
	/* Once only: a correction settles, and the rest goes row by row. */
	s->defer_ok = 0;
	struct err ignored;
	if (store_exec_or_err(s, "SAVEPOINT defer", e) < 0)
		return -1;
	if (store_exec_or_err(s, "DROP INDEX IF EXISTS log_id", &ignored) < 0 ||
	    derive_drop_deferrable_or_err(s, &ignored) < 0) {
		/* Not fatal (e.g. a statement still reading): keep the indexes. */
		sqlite3_exec(s->db, "ROLLBACK TO defer; RELEASE defer", NULL, NULL, NULL);
		return 0;
	}
	s->deferred = 1;
	s->redo = 1;
	s->defer_start = s->count;
	return store_exec_or_err(s, "RELEASE defer", e);
}

int bulk_settle_or_err(struct store *s, struct err *e)
{
	if (!s->deferred)
		return 0;
	s->deferred = 0;
	/* Two equal ids are two equal records: the redo names the row. */
	if (sqlite3_exec(s->db, LOG_ID_INDEX_SQL, NULL, NULL, NULL) != SQLITE_OK)
		return err_set(e, "%s: a record of this import repeats another (%s); checking row by row",
			       s->path, sqlite3_errmsg(s->db));
	if (derive_create_deferrable_or_err(s, e) < 0)
		return -1;
	/* Statement keys that more than one record has, one appended since the
	 * deferral: read off the index in order, without a sort. Then whether
	 * two of those records are live (a duplicate, or two keys colliding:
	 * the row-by-row redo tells them apart). */
	sqlite3_stmt *keys = store_prep(s, "SELECT statement FROM rec INDEXED BY rec_statement GROUP BY statement "
					"HAVING count(*) > 1 AND max(seq) > ?");
	sqlite3_bind_int64(keys, 1, s->defer_start);
	int found = 0;
	while (!found && store_row(s, keys)) {
		sqlite3_stmt *live = store_prep(s, "SELECT count(*), max(seq) FROM rec WHERE statement = ? "
						"AND replaced_by IS NULL AND retracted_by IS NULL");
		sqlite3_bind_int64(live, 1, sqlite3_column_int64(keys, 0));
		if (sqlite3_step(live) == SQLITE_ROW && sqlite3_column_int64(live, 0) > 1 &&
		    sqlite3_column_int64(live, 1) > s->defer_start)
			found = 1;
		sqlite3_reset(live);
	}
	sqlite3_reset(keys);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	if (found)
		return err_set(e, "%s: a record of this import may repeat another; checking row by row", s->path);
	return 0;
}
