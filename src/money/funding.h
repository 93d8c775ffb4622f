/* funding.h: internals shared by the funding question's files — the latest
 * figure of each donor, channel, stage and component on a day, and the
 * checks run over them (funding_checks.c). Not for other features. */
#ifndef MUSTER_FUNDING_H
#define MUSTER_FUNDING_H

#include "money.h"

/* A flow that counts in the funding totals (alias f for funding, r for its
 * pub_rec row, bound ?1 mission, ?2 the day, ?3 1 to include shared flows):
 * an incoming flow, not on a shared boundary (unless asked), not an FTS
 * parent one of whose parts counts: in muster's own sums parent and parts are
 * never both counted (FTS counts both: fts_count.c shows FTS's figure and the
 * difference); and not the same statement as a flow entered before it. Entry
 * refuses a live record's statement, but two sites that each entered one
 * flow hold both after a sync (src/sync): one flow, counted once, whatever
 * the order they arrived in; nor a fork (two sites that each corrected one
 * flow: the version that became its correction counts, the disagreement is
 * listed by conflicts). */
#define FUNDING_FLOW_COUNTED_SQL                                                                              \
	"f.basis = 'flow' AND f.fts_boundary IN ('', 'incoming') AND (?3 OR f.fts_shared = 0) AND NOT "      \
	"(f.fts_flow IS NOT NULL AND EXISTS (SELECT 1 FROM funding k JOIN pub_rec rk ON rk.seq = k.seq WHERE "\
	"k.fts_parent = f.fts_flow AND (?3 OR k.fts_shared = 0) AND rk.mission = ?1 AND rk.date_hi <= ?2)) "  \
	"AND NOT EXISTS (SELECT 1 FROM pub_rec t WHERE t.statement = r.statement AND t.kind = 'funding' AND "  \
	"(coalesce(t.entered_at, ''), t.seq) < (coalesce(r.entered_at, ''), r.seq)) "                        \
	"AND NOT EXISTS (SELECT 1 FROM pub_fork k WHERE k.seq = r.seq)"

struct fig {
	sqlite3_int64 seq;
	char donor[128], donor_kind[8], channel[16], stage[16], currency[4], scope[8], qualifier[12];
	char component[64], purpose[256], date[11];
	int ib;                 /* includes bilateral support */
	int lo, hi;             /* the date's range */
	long long minor;        /* in its own currency */
	long long conv;         /* in the answer's currency (== minor when none) */
	char conv_currency[4];
	json_t *figure;         /* {"amount", "currency", …} */
	json_t *sources;        /* refs */
	json_t *record;         /* short id; for flows, an array of the flows' short ids */
	/* Flows (basis=flow) are summed per donor, channel, stage and currency:
	 * one fig holds the sum, its flows' seqs (from malloc) and how many. */
	sqlite3_int64 *flow_seqs;
	int n_flows;
	int dropped;            /* a report and a sum of flows of one key: the one not used */
};

struct figs {
	struct fig *f;
	size_t n;
};

/* Appends to fs one fig per donor, channel, stage and currency summing the
 * counted flows on or before the day (FUNDING_FLOW_COUNTED_SQL), with its
 * figure, sources and record ids; then, where a donor has both a report and
 * a sum of flows for one key, keeps the one dated later (the report on a tie)
 * and adds the disagreement when they differ. */
int funding_flows_or_err(struct mconv *c, const char *mission, struct figs *fs, struct err *e);
/* FTS's view of the flows imported from FTS (fts_count.c): per boundary and
 * currency, pledges, commitments, paid and funding (commitments + paid, as FTS
 * counts it) and the flows left out (shared); per search, FTS's published
 * totals beside the sum of its flows, given as FTS's only when the search is
 * imported whole. Adds the disagreements of money_conflicts to c->a. JSON
 * null when the mission has no FTS flows. */
json_t *funding_fts_or_err(struct mconv *c, const char *mission, struct err *e);

/* Display name of a donor: a country's English name, or the organisation. */
const char *funding_donor_name(const struct fig *f);
int funding_stage_index(const char *stage);

/* Adds to `a` the disagreements among claims about one donor, channel, stage
 * and date, and the parts_vs_total comparisons, up to `day`. */
int funding_disagreements_or_err(struct mconv *c, const char *mission, int day, struct err *e);
/* Arithmetic the figures must satisfy (committed = spent + frozen on one
 * day), as an array of {about, expression, holds}. */
json_t *funding_checks(const struct figs *fs);

#endif
