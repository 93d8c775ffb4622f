/* funding.h: internals shared by the funding question's files — the latest
 * figure of each donor, channel, stage and component on a day, and the
 * checks run over them (funding_checks.c). Not for other features. */
#ifndef MUSTER_FUNDING_H
#define MUSTER_FUNDING_H

#include "money.h"

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
	json_t *record;         /* short id */
};

struct figs {
	struct fig *f;
	size_t n;
};

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
