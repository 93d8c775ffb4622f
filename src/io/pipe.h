/* pipe.h: an import in two stages on two threads. A reading thread parses
 * rows, normalises them and prepares each record (canonical text, id, the
 * statement key: store_prepare); the calling thread appends them to the store
 * in order. The outcome is the same as appending each row as it is read: the
 * first error in row order wins, and a failed import appends nothing that
 * outlives the caller's rollback. */
#ifndef MUSTER_PIPE_H
#define MUSTER_PIPE_H

#include "../core/store.h"

struct pipe;

/* Reads `ud`'s rows on the reading thread and passes each to pipe_put. On an
 * error of its own (a malformed row) it sets `e` and returns -1; when
 * pipe_put fails it returns -1 too, leaving `e` alone. */
typedef int (*pipe_reader)(void *ud, struct pipe *p, struct err *e);

/* Runs `read` on a second thread and appends what it passes, in order, with
 * store_append_prepared_or_err; adds the records appended to *records. An
 * error of an append names `name` and the row's line. */
int pipe_run_or_err(struct store *s, const char *name, pipe_reader read, void *ud, long long *records,
		    struct err *e);

/* On the reading thread: normalises `in` (the row at `line`; the caller
 * keeps it), prepares the record and queues it. Returns -1 with `e` set when the row is not a
 * valid record, and -1 with `e` untouched when the appending side has
 * stopped at an earlier row. */
int pipe_put(struct pipe *p, json_t *in, long line, struct err *e);

#endif
