/* snapshots.h: the reported snapshots behind strength (snapshots.c), private
 * to src/force: loading a mission's snapshots on a day, the complete table
 * that bounds them, choosing among claims about the same thing, and listing
 * those whose order cannot be known. */
#ifndef MUSTER_FORCE_SNAPSHOTS_H
#define MUSTER_FORCE_SNAPSHOTS_H

#include "force.h"

struct snap {
	sqlite3_int64 seq;
	char country[4];
	char unit[128];
	char category[16];
	char ptype[24];
	char gender[8];
	char part[192];         /* unit, personnel type and gender: "" for the whole country */
	long long n;
	int day;
	int used;               /* 1 when chosen among the claims about the same thing */
	int complete;           /* 1: the country's figure on its day is complete (no older breakdown) */
	int maximal;            /* 1: no other snapshot of the country surely came after it */
	char date[11];          /* its date as given (a day, a month or a year) */
};

/* A claim object for a disagreement: value, the record and its sources. */
json_t *strength_claim(struct store *s, struct answer *a, sqlite3_int64 seq, long long value);

/* The live snapshots of `mission` on or before `day` (exact or about), by
 * country, the latest first as LATEST_ORDER_SQL chooses, then by part and
 * precedence: *out from malloc (the caller frees it), *n_out of them. */
int snapshots_load(struct store *s, const char *mission, int day, struct snap **out, size_t *n_out);

/* The latest live complete table of `mission` on or before `day`: its day
 * into *cday and its marker's seq into *cseq (0 and 0 when none). */
void snapshots_complete_table(struct store *s, const char *mission, int day, int *cday, sqlite3_int64 *cseq);

/* Marks the used claim of each part among v[lo..hi) (one country and day)
 * and reports differing claims; returns the sum of the used parts, *total
 * the used whole-country figure or -1 (its record in *total_seq). */
long long snapshots_choose(struct store *s, struct answer *a, struct snap *v, size_t lo, size_t hi,
			   long long *total, sqlite3_int64 *total_seq);

/* Lists the whole-country snapshots among v[j..end) whose order against the
 * chosen one v[i] cannot be known and whose figure differs from `used`. */
void snapshots_order_unknown(struct store *s, struct answer *a, const struct snap *v, size_t i, size_t j,
			     size_t end, long long used);

#endif
