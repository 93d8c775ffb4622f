/* bulk.h: what a bulk transaction (store_begin_bulk_or_err) does: past a size, the indexes that no append reads are
 * dropped and the duplicate check on statements is deferred; both come back
 * at the commit (or at the first correction or retraction), and any failure
 * while they are away is redone row by row, so that the error is the one the
 * rows give one at a time. */
#ifndef MUSTER_BULK_H
#define MUSTER_BULK_H

#include "store.h"

/* A transaction defers once it has appended bulk_defer_after() records
 * (BULK_DEFER_AFTER, or $MUSTER_BULK_ROWS: the tests under the sanitizers
 * use fewer) and at least half as many as the file held when it began. */
#define BULK_DEFER_AFTER 10000
long bulk_defer_after(void);

/* The unique index on the log's ids, which a bulk transaction drops while it
 * defers and builds again at the end (a sort instead of a million inserts at
 * random places). */
#define LOG_ID_INDEX_SQL "CREATE UNIQUE INDEX IF NOT EXISTS log_id ON log(id);\n"

/* After each append: drops the deferrable indexes when the transaction has
 * grown large enough. */
int bulk_maybe_defer_or_err(struct store *s, struct err *e);

/* Creates the deferred indexes again and checks the records appended since
 * the deferral for duplicates of live records; a duplicate (or two statements
 * whose keys collide) fails with s->redo set. Nothing to do when nothing was
 * deferred. */
int bulk_settle_or_err(struct store *s, struct err *e);

#endif
