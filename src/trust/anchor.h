/* anchor.h: heads of the chain a reader can keep and check later (anchor.c):
 * the chain's link at any record, and the public chain, the same chain taken
 * over the public records alone (what a reader without access to restricted
 * records can hold, and what does not move when a restricted record is
 * added). */
#ifndef MUSTER_ANCHOR_H
#define MUSTER_ANCHOR_H

#include "../core/store.h"

/* The public chain links the ids of the records that are not restricted (a
 * body whose "visibility" is not "restricted"), in the log's order, exactly as
 * the chain links every record: link = sha256(previous link || id) as hex,
 * starting from 64 zeros. */
#define ANCHOR_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

struct anchor_head {
	sqlite3_int64 seq;              /* the record it is taken at (0: the log is empty) */
	sqlite3_int64 records;          /* records in the log */
	char head[HASH_HEX];            /* the chain's link at record seq, as stored */
	sqlite3_int64 public_n;         /* public records up to seq */
	char public_head[HASH_HEX];     /* the public chain after them */
};

/* Fills `h` for record `at` (0: the last). Reads every record up to it.
 * Returns -1 with `e` set (exit 2) when the log has no record `at`. */
int anchor_head_or_err(struct store *s, sqlite3_int64 at, struct anchor_head *h, struct err *e);

/* What a server keeps between requests so that the public head costs a few
 * records per request: the public chain folded up to the last record it saw,
 * and its link after every ANCHOR_STEP-th public record. Safe to share
 * between threads. */
#define ANCHOR_STEP 1024
struct anchor_memo;
struct anchor_memo *anchor_memo_new(void);
void anchor_memo_free(struct anchor_memo *m);

/* The public head after the first `n` public records of the log as `s` sees
 * it (n = 0: after all of them): *n_out public records, link `out`. Returns
 * -1 with `e` set: exit 1 when the log has fewer than `n` public records,
 * exit 3 when it cannot be read. */
int anchor_public_or_err(struct anchor_memo *m, struct store *s, sqlite3_int64 n, sqlite3_int64 *n_out,
			 char out[HASH_HEX], struct err *e);

/* The head a reader of role `role` (enum role) may know: the public head for
 * one who may not see restricted records, so that nothing shown to them
 * moves when a restricted record is added; the chain's last link for the
 * others. `out` is "" when the log is empty. -1 with `e` set when the log
 * cannot be read (exit 3). The pages' footer and ETag and the report use it. */
int anchor_visible_head_or_err(struct anchor_memo *m, struct store *s, int role, char out[HASH_HEX],
			       struct err *e);

/* --at SEQ: a position in the log, 1 or more. -1 with `e` set (exit 2). */
int anchor_seq_or_err(const char *text, sqlite3_int64 *seq, struct err *e);
/* --head HASH: 64 hex digits, copied lower-cased into `out`. -1 with `e` set. */
int anchor_hash_or_err(const char *text, char out[HASH_HEX], struct err *e);

#endif
