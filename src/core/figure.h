/* figure.h: how figures read to people — one set of rules for the command
 * line, the pages (in each language's style) and the spreadsheets. Numbers
 * are grouped by thousands; an exact amount of money keeps its minor units
 * ("15,000,000.00 USD"); an estimate is rounded to three significant digits
 * and said in millions or billions ("about 600 million USD"); a bound is
 * said in millions only when no digit is lost ("at least 835 million USD").
 * The answer documents (JSON) keep the raw decimals: only renderings use this. */
#ifndef MUSTER_FIGURE_H
#define MUSTER_FIGURE_H

#include <stddef.h>

/* How one language writes numbers. */
struct figure_style {
	const char *group;      /* thousands separator */
	int group_min;          /* group whole parts of at least this many digits */
	const char *decimal;    /* decimal mark */
	const char *space;      /* between a number and its unit ("USD", "%") */
};

/* The command line's: "12,345.67 USD", "23.6 %". */
extern const struct figure_style figure_style_cli;

/* Translates a word of a figure ("about", "at least", "at most", and the
 * scale words "million"/"billion" with the count `n` they follow and
 * whether that count has decimals). NULL as a figure_tr: English. */
typedef const char *(*figure_tr)(void *ctx, const char *singular, const char *plural, unsigned long long n,
				 int fraction);

/* The words of a qualifier of records ("about", "at_least", "at_most"), in
 * English and marked for translation; NULL for "exact", NULL or another. */
const char *figure_qualifier_word(const char *qualifier);

/* The qualifier of a difference of two figures (a budget less what was
 * raised): "about" when either is not exact (a bound less an estimate
 * bounds nothing), NULL when both are. */
const char *figure_difference_qualifier(const char *qa, const char *qb);

/* `text`, a plain decimal ("-1234567.5", "600000000.00"), grouped and with
 * the style's decimal mark: "-1,234,567.5". Text of another shape is copied
 * as it is. Writes at most `n` bytes (NUL included) into out; returns out. */
const char *figure_decimal(const char *text, const struct figure_style *st, char *out, size_t n);

/* `v` grouped: 12345 -> "12,345". Returns out. */
const char *figure_int(long long v, const struct figure_style *st, char *out, size_t n);

/* An amount of money as people read it: "[qualifier ]NUMBER[ scale] CURRENCY".
 * `amount` is the plain decimal of an answer document, `qualifier` as
 * records carry it (NULL or "exact": exact). Exact: every digit grouped,
 * decimals as given. "about": from a million on, three significant digits
 * of millions or billions ("about 75.8 million"); below, three significant
 * digits of whole units ("about 12,300"). "at_least", "at_most": millions or
 * billions when that loses no digit, else every digit, so that a bound
 * stays true. `currency` NULL or "" leaves the unit out. `tr` NULL: English.
 * Not a plain decimal: "-" (for an absent figure too). Returns out. */
const char *figure_money(const char *amount, const char *currency, const char *qualifier,
			 const struct figure_style *st, figure_tr tr, void *ctx, char *out, size_t n);

/* The spreadsheet number format of an amount with `decimals` minor units
 * (0 to 3; others: "General"): grouped, every decimal shown, as exact
 * amounts read ("#,##0.00"). The cell keeps the number; its qualifier goes
 * in a column of its own. */
const char *figure_number_format(int decimals);

#endif
