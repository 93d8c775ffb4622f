/* money.h: the money feature — funding, budget and exchange_rate records,
 * exact decimal amounts (int64 minor units of an ISO 4217 currency, never a
 * float), conversions that name their rate, and the funding and budget
 * questions. */
#ifndef MUSTER_MONEY_H
#define MUSTER_MONEY_H

#include <jansson.h>
#include <stdio.h>

#include "../core/answer.h"
#include "../core/err.h"
#include "../core/store.h"

/* A record counts in an answer when it is live and public: answers read
 * pub_rec (src/core/derive.h), never rec. */

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
 * whose rates apply, and the rates used so far (array of objects); and
 * whether the question counts shared FTS flows. */
struct mconv {
	struct store *s;
	struct answer *a;
	const char *to;
	int day;
	json_t *rates;
	int include_shared;     /* count flows on a shared FTS boundary too */
};
/* A money figure as JSON: {"amount": "…", "currency": "…"} converted into
 * c->to when set (with "original" and "rate"), and its minor units in
 * *out_minor. Fails when no rate links the two currencies on or before
 * the day. Caller owns the result. */
json_t *money_figure_or_err(struct mconv *c, long long minor, const char *currency, long long *out_minor,
			    struct err *e);

/* The funding question. `include_shared`: count flows that FTS marks on a
 * shared boundary (left out by default, as FTS leaves them out). */
json_t *answer_funding(struct store *s, const char *mission, int day, const char *by, const char *currency,
		       int include_shared, struct err *e);
json_t *answer_budget(struct store *s, const char *mission, int day, const char *currency, struct err *e);
/* The money checks that are disagreements, for the conflicts question
 * (fts_count.c): for each FTS search of `mission`, parent flows that FTS
 * counts beside their parts (kind fts_parent_and_parts) and, for a search
 * imported whole, FTS's published totals that its flows do not add up to
 * (fts_published_vs_flows); as of a->doc's as_of when set, else every flow.
 * Appends them to `a` with answer_disagree. Returns 0 (-1 with `e` set on
 * failure). */
int money_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e);

struct import_stats;

/* Reading files into records (money_io.c), shared by the FTS and IATI
 * readers. */
/* Normalises `in` (taken), appends it and counts it in st->records. */
int money_append_or_err(struct store *s, json_t *in, struct import_stats *st, struct err *e);
/* Adds a line made from the format to *lines (from malloc; NULL at first). */
void money_lines_add(char **lines, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the source record that stands for the file `name`: ref PREFIX-STEM
 * (the file's name without folder and ending, other characters made '-'),
 * written into ref. Refuses a file whose source is already in the store:
 * it was imported before. */
int money_file_source_or_err(struct store *s, const char *name, const char *prefix, json_t *fields, char ref[65],
			     struct import_stats *st, struct err *e);
/* The whole of `f`, NUL-terminated, from malloc (length in *len); NULL with
 * the message set on a read error. */
char *money_read_all_or_err(FILE *f, const char *name, size_t *len, struct err *e);

/* OCHA FTS flow pages (fts.c): reads the n files, each one page of an FTS API
 * flow search (data.flows, meta.count, meta.nextLink), into funding flows
 * citing one source per file, in the caller's transaction. Lines for stdout
 * (FTS's totals against the flows') go to st->report, warnings (flows whose
 * amountUSD does not match originalAmount / exchangeRate, missing pages) to
 * st->warnings. */
int fts_import_or_err(struct store *s, FILE *const *files, char *const *names, int n, struct import_stats *st,
		      struct err *e);
/* Whether amountUSD (usd_minor, in cents) differs from orig_minor of
 * orig_currency divided by the rate units/10^scale (units of the original
 * currency per dollar, as FTS gives it) by more than 1 USD; the quotient,
 * rounded to the cent, in *expected. -1 when it cannot be computed. */
int fts_rate_mismatch(long long usd_minor, long long orig_minor, const char *orig_currency, long long units,
		      int scale, long long *expected);

/* IATI 2.01-2.03 activity files (iati_import.c): validates `f` against the
 * IATI 2.03 schema and reads its incoming transactions (and muster's own
 * extension elements) into funding records citing a source made from the
 * file, in the caller's transaction. */
int iati_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e);
/* Validates the XML document in buf against the IATI 2.03 activity schema
 * (iati_schema.c); the message names the file, line and the schema's words. */
int iati_validate_or_err(const char *buf, size_t len, const char *name, struct err *e);
/* Writes the funding records of `mission` (NULL: every mission) as IATI 2.03
 * activity XML (iati_export.c): one activity per mission and channel, its
 * donors as participating organisations, their money as transactions.
 * `reporting_org` is the IATI organisation identifier of the publisher. */
int iati_export_or_err(struct store *s, FILE *out, const char *mission, const char *reporting_org, long long *n,
		       struct err *e);

/* The stages of funding, in order, and how many. */
extern const char *const funding_stages[];
#define N_STAGES 6

#endif
