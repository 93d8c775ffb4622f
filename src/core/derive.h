/* derive.h: the tables derived from the log. Every table here can be dropped
 * and rebuilt from the log alone; nothing is ever updated in the log. */
#ifndef MUSTER_DERIVE_H
#define MUSTER_DERIVE_H

#include "record.h"
#include "store.h"

int derive_create_or_err(struct store *s, struct err *e);
int derive_drop_or_err(struct store *s, struct err *e);
/* Drops the readers' views alone (DERIVE_VIEWS; derive_drop_or_err drops
 * them too), before a migration changes what they read. */
int derive_drop_views_or_err(struct store *s, struct err *e);
/* The indexes that no append reads (kind.deferrable and the duplicate
 * check's), dropped and created again by bulk transactions (bulk.h). */
int derive_drop_deferrable_or_err(struct store *s, struct err *e);
int derive_create_deferrable_or_err(struct store *s, struct err *e);
/* Derives every record of the log in order (tables must be empty). */
int derive_all_or_err(struct store *s, struct err *e);
/* The same without the deferrable indexes (dropped, not made again): a
 * rebuild whose tables are only read whole (verify's). */
int derive_all_unindexed_or_err(struct store *s, struct err *e);
/* Derives one record: its rec row, citations, corrections/retractions it
 * makes, and its kind's own row. `body` is its canonical text (as in the log),
 * `rec` the same parsed. */
int derive_record_or_err(struct store *s, sqlite3_int64 seq, const char *body, const json_t *rec,
			 struct err *e);
/* The same, given the statement key of its body (record_statement_key_of). */
int derive_record_keyed_or_err(struct store *s, sqlite3_int64 seq, long long statement,
			       const json_t *rec, struct err *e);
/* The live source named `ref`, or NULL when there is none (cached). */
const struct source_info *derive_source_lookup(struct store *s, const char *ref);
/* Best grade, number of sources and latest publication day of the sources
 * named by the refs `srcs` (a record's "sources"). */
void derive_source_stats(struct store *s, const json_t *srcs, const char **grade, int *n, int *pub_hi);

/* Refs held by more than one record (refs.c, which says the rule). Settles
 * `ref`: which live record it names, the others kept in ref_shadow; then,
 * when `is_source` or the holder changed, the records citing it take their
 * grade from the source it names now (derive_regrade_or_err). */
int derive_ref_settle_or_err(struct store *s, const char *ref, int is_source, struct err *e);
/* Record `target` was corrected or retracted: settles the ref it claims. */
int derive_ref_released_or_err(struct store *s, sqlite3_int64 target, struct err *e);
/* Settles every ref that more than one live record claims (after a replay
 * of the log). */
int derive_settle_all_or_err(struct store *s, struct err *e);
/* The records citing `ref` take their grade, number of sources and
 * publication day from the sources their refs name now. */
int derive_regrade_or_err(struct store *s, const char *ref, struct err *e);

/* Runs the refresh of each kind whose bit is set in `touched`. */
int derive_refresh_or_err(struct store *s, unsigned touched, struct err *e);
/* Creates the TEMP tables of every kind (on a connection opened for writing). */
int derive_create_temp_or_err(struct store *s, struct err *e);
/* Record `by` corrects (or, with `retraction`, retracts) record `target`.
 * Restricted means invisible: when `by` is restricted and `target` public,
 * the public record stands for the public — only rec's restricted_replaced_by
 * (or restricted_retracted_by) is set, seen by the roles that read
 * restricted records (live_rec), and no public figure changes.
 * Otherwise replaced_by (retracted_by) is set and the kind told; a public
 * correction of a restricted version also replaces, for the public, the
 * public version that version corrected. */
int derive_supersede_or_err(struct store *s, sqlite3_int64 by, sqlite3_int64 target, int by_restricted,
			    int retraction, struct err *e);

/* The readers' views of rec (derive.c), where the live and public rule is
 * spelt once; every answer reads the one that fits its reader:
 *   live_rec     live for a reader who may see restricted records: not
 *                corrected or retracted by any record, public or restricted
 *                (oversight and admin: docs/roles.md);
 *   pub_rec      live for the public: public, not corrected or retracted by a
 *                public record — a public record corrected or retracted by a
 *                restricted one stands for the public (derive_supersede_or_err);
 *   pub_any_rec  every public record, live or not (record pages, history);
 *   vetting_tally, complaint_tally  what an aggregate reader may count of
 *                vetting and complaints: their records' counted fields;
 *   pub_source   the source table's rows of public sources;
 *   pub_log      the log's rows of public records, bodies included;
 *   log_walk     the log's seq, id, chain and restricted flag, not its body
 *                (the public chain's head, src/trust/anchor.c);
 *   pub_sig      the signatures of public records (created with the table of
 *                the kind key, src/trust/keys_trust.c).
 * The public views leave out restricted_replaced_by and
 * restricted_retracted_by. The public connection reads these views and the
 * public tables only (src/trust/guard.c). */
#define PUB_REC_COLS "seq, kind, ref, mission, date_text, date_prec, date_lo, date_hi, visibility, " \
	"entered_by, entered_at, grade, n_sources, pub_hi, replaced_by, retracted_by, statement"
#define DERIVE_VIEWS "live_rec pub_rec pub_any_rec vetting_tally complaint_tally pub_source pub_log log_walk " \
	"pub_ref_clash pub_fork pub_sig"
/* Tells the kind of record `seq` that it was corrected or retracted. */
int derive_invalidate_or_err(struct store *s, sqlite3_int64 seq, struct err *e);

/* Steps an INSERT of a derived row; a failure is a bug, named by `what`. */
int derive_step_or_err(struct store *s, sqlite3_stmt *st, const char *what, struct err *e);
/* Binds field `f` of `rec` at `i` when it is an integer, else NULL. */
void derive_bind_opt_int(sqlite3_stmt *st, int i, const json_t *rec, const char *f);

/* The bit of a kind in store.touched. */
unsigned kind_bit(const struct kind *k);

/* Precedence among claims about the same thing, as an SQL ORDER BY over rec
 * columns (alias r): a better grade, more sources, a more precise date, a
 * later publication; then, all else equal, a fixed order of their content
 * (the statement key), so that the same records give the same answer
 * whatever order they arrived in (a file brought up to date by `muster
 * update` answers as a new one); the first entered only between records
 * that say the same. Shown to users as PRECEDENCE_TEXT. */
#define PRECEDENCE_SQL "r.grade IS NULL, r.grade, r.n_sources DESC, r.date_prec DESC, r.pub_hi DESC, " \
	"r.statement, r.seq"
#define PRECEDENCE_TEXT "A correction replaces what it corrects; among claims about the same thing " \
	"the one with the better-graded source is used, then the one with more sources, then the " \
	"more precise date, then the later publication"

/* "The latest claim on or before a day" among claims with imprecise dates.
 * A claim surely came before another when its range ends before the other's
 * begins; one dated only to a month or a year must not win over a more
 * precise claim just because its range ends later. So: among the claims that
 * no other surely follows (those ending on or after the latest beginning),
 * the most precise is used, then the latest ending, then PRECEDENCE_SQL; the
 * others among them are claims whose order cannot be known, to be listed
 * beside it. Use as
 *   SELECT … FROM (SELECT …, LATEST_COLS FROM … rec r … WHERE …) r
 *   WHERE r.date_hi >= r.latest_lo ORDER BY LATEST_ORDER_SQL
 * where the inner select also names the rec columns of PRECEDENCE_SQL
 * (CLAIM_REC_COLS). */
#define CLAIM_REC_COLS "r.seq, r.date_text, r.date_lo, r.date_hi, r.date_prec, r.grade, r.n_sources, r.pub_hi, " \
	"r.statement"
#define LATEST_COLS "max(r.date_lo) OVER () AS latest_lo"
#define LATEST_ORDER_SQL "r.date_prec DESC, r.date_hi DESC, " PRECEDENCE_SQL
#define LATEST_TEXT "A report dated only to a month or a year does not displace a more precise one whose " \
	"date falls within it or after its start: where the order of two reports cannot be known, the " \
	"more precise is used and both are listed"

#endif
