/* checks.h: the registry of disagreement checks. Each feature defines its
 * checks beside its answers (src/force/checks.c, src/money/checks.c,
 * src/places/checks.c), each once; checks.c lists the features; the
 * conflicts question (src/record/conflicts.c) walks them all. */
#ifndef MUSTER_CHECKS_H
#define MUSTER_CHECKS_H

#include "answer.h"
#include "store.h"

struct conflict_check {
	const char *area;       /* named in each disagreement it finds; NULL ends a feature's list */
	/* Either an answer whose disagreements are gathered by asking it on
	 * every day a record of `kinds` (space-separated) begins or ends… */
	const char *kinds;
	json_t *(*ask)(struct store *s, const char *mission, int day, struct err *e);
	/* …or a function that adds every disagreement of its area to `a`. */
	int (*all)(struct store *s, struct answer *a, const char *mission, struct err *e);
	int across;             /* 1: it also reads the records of the mission "all" (a
				 * publisher's totals across missions) */
};

/* The features' lists of checks, one entry per feature, in the order the
 * conflicts question lists their areas; `*n` is how many. */
const struct conflict_check *const *conflict_checks_by_feature(size_t *n);

#endif
