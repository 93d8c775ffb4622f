/* money.h: the money feature — funding, budget and exchange_rate records,
 * exact decimal amounts (int64 minor units of an ISO 4217 currency, never a
 * float), conversions that name their rate, and the funding and budget
 * questions. */
#ifndef MUSTER_MONEY_H
#define MUSTER_MONEY_H

#include <jansson.h>

#include "../core/answer.h"
#include "../core/err.h"
#include "../core/store.h"

/* A record counts when it is live (neither corrected nor retracted) and
 * public. Use with the rec table aliased r. */
#define MONEY_LIVE_SQL "r.replaced_by IS NULL AND r.retracted_by IS NULL AND r.visibility = 'public'"

/* Amounts above this many minor units are refused (keeps sums in int64). */
#define MONEY_MAX_MINOR 1000000000000000LL

/* Parses an amount in `currency`: digits with an optional point and at most
 * the currency's minor units of decimals ("10800000", "10800000.5",
 * "10800000.00" for USD). Writes minor units. The message names `field`,
 * the value and what to write instead. */
int money_parse_or_err(const char *field, const char *text, const char *currency, long long *minor,
		       struct err *e);
/* Writes minor units as a plain decimal with the currency's minor units:
 * 1080000000 USD -> "10800000.00". Returns buf. */
const char *money_format(long long minor, const char *currency, char buf[32]);

/* Parses an exchange rate: a decimal > 0 with at most 12 decimals, into
 * units / 10^scale. Writes the normalised text (no leading zeros) in norm. */
int rate_parse_or_err(const char *field, const char *text, long long *units, int *scale, char norm[40],
		      struct err *e);
/* Converts `minor` of currency `from` into currency `to` at `units/10^scale`
 * units of `to` per one `from` (or per one `to` when `inverse`), rounding
 * half away from zero. Returns -1 when the result would not fit. */
int money_convert(long long minor, const char *from, const char *to, long long units, int scale,
		  int inverse, long long *out);

/* A conversion context: the target currency (NULL: no conversion), the day
 * whose rates apply, and the rates used so far (array of objects). */
struct mconv {
	struct store *s;
	struct answer *a;
	const char *to;
	int day;
	json_t *rates;
};
/* A money figure as JSON: {"amount": "…", "currency": "…"} converted into
 * c->to when set (with "original" and "rate"), and its minor units in
 * *out_minor. Fails when no rate links the two currencies on or before
 * the day. Caller owns the result. */
json_t *money_figure_or_err(struct mconv *c, long long minor, const char *currency, long long *out_minor,
			    struct err *e);

json_t *answer_funding(struct store *s, const char *mission, int day, const char *by, const char *currency,
		       struct err *e);
json_t *answer_budget(struct store *s, const char *mission, int day, const char *currency, struct err *e);

/* The stages of funding, in order, and how many. */
extern const char *const funding_stages[];
#define N_STAGES 6

#endif
