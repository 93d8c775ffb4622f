/* decimal.c: exact decimal amounts. Parses the plain decimals records carry
 * into int64 minor units of their currency (ISO 4217 minor units), formats
 * them back, and converts between currencies at an exact decimal rate with
 * 128-bit intermediates. No floating point anywhere. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../core/iso.h"
#include "money.h"

static const long long pow10_tab[] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
				      100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
				      1000000000000LL};

/* Splits "ddd[.ddd]" into its parts; 0 when the text has another shape. */
static int split_decimal(const char *t, size_t *n_int, const char **frac, size_t *n_frac)
{
	size_t i = 0;
	while (isdigit((unsigned char)t[i]))
		i++;
	*n_int = i;
	*frac = NULL;
	*n_frac = 0;
	if (!i)
		return 0;
	if (t[i] == 0)
		return 1;
	if (t[i] != '.')
		return 0;
	*frac = t + i + 1;
	size_t j = 0;
	while (isdigit((unsigned char)(*frac)[j]))
		j++;
	*n_frac = j;
	return j > 0 && (*frac)[j] == 0;
}

int money_parse_or_err(const char *field, const char *text, const char *currency, long long *minor,
		       struct err *e)
{
	int digits = iso_currency_minor(currency);
	if (digits < 0)
		return err_set(e, "field \"%s\": the currency \"%s\" is unknown, so the amount cannot be read",
			       field, currency ? currency : "");
	const char *t = text ? text : "";
	size_t n_int, n_frac;
	const char *frac;
	if (t[0] == '-' && isdigit((unsigned char)t[1]))
		return err_set(e, "field \"%s\": \"%s\" is negative (an amount is 0 or more; to withdraw money "
			       "record a later figure, or retract the record)", field, t);
	if (!split_decimal(t, &n_int, &frac, &n_frac)) {
		if (strchr(t, ','))
			return err_set(e, "field \"%s\": \"%s\" is not a plain amount (write digits with an optional "
				       "decimal point and no separators, e.g. 1500000 or 1500000.00 for 1.5 million)",
				       field, t);
		return err_set(e, "field \"%s\": \"%s\" is not a plain amount (write digits with an optional "
			       "decimal point, e.g. 8700000 or 8700000.00 for 8.7 million; no words, signs or "
			       "exponents)", field, t);
	}
	if ((int)n_frac > digits) {
		if (digits == 0)
			return err_set(e, "field \"%s\": \"%s\" has decimals but %s has no minor units (write a "
				       "whole number, e.g. %.*s)", field, t, currency, (int)n_int, t);
		return err_set(e, "field \"%s\": \"%s\" has %zu decimals but %s has %d (write at most %d, "
			       "e.g. %.*s.%.*s)", field, t, n_frac, currency, digits, digits, (int)n_int, t,
			       digits, frac);
	}
	while (n_int > 1 && *t == '0') {
		t++;
		n_int--;
	}
	if (n_int > 16)
		goto too_big;
	long long v = 0;
	for (size_t i = 0; i < n_int; i++)
		v = v * 10 + (t[i] - '0');
	for (int i = 0; i < digits; i++)
		v = v * 10 + (i < (int)n_frac ? frac[i] - '0' : 0);
	if (v > MONEY_MAX_MINOR)
		goto too_big;
	*minor = v;
	return 0;
too_big:
	return err_set(e, "field \"%s\": \"%s\" is too large for an amount (at most 10^15 minor units)",
		       field, text);
}

const char *money_format(long long minor, const char *currency, char buf[32])
{
	int digits = iso_currency_minor(currency);
	if (digits < 0)
		digits = 2;
	long long m = minor < 0 ? -minor : minor;
	if (digits == 0)
		snprintf(buf, 32, "%s%lld", minor < 0 ? "-" : "", m);
	else
		snprintf(buf, 32, "%s%lld.%0*lld", minor < 0 ? "-" : "", m / pow10_tab[digits], digits,
			 m % pow10_tab[digits]);
	return buf;
}

int rate_parse_or_err(const char *field, const char *text, long long *units, int *scale, char norm[40],
		      struct err *e)
{
	const char *t = text ? text : "";
	size_t n_int, n_frac;
	const char *frac;
	if (!split_decimal(t, &n_int, &frac, &n_frac))
		return err_set(e, "field \"%s\": \"%s\" is not a rate (write a decimal with a point, e.g. 0.74: "
			       "units of the quote currency for one unit of the base)", field, t);
	while (n_int > 1 && *t == '0') {
		t++;
		n_int--;
	}
	while (n_frac && frac[n_frac - 1] == '0')
		n_frac--;
	if (n_frac > 12 || n_int > 6)
		return err_set(e, "field \"%s\": \"%s\" has too many digits (at most 6 before the point and 12 "
			       "after)", field, text);
	long long v = 0;
	for (size_t i = 0; i < n_int; i++)
		v = v * 10 + (t[i] - '0');
	for (size_t i = 0; i < n_frac; i++)
		v = v * 10 + (frac[i] - '0');
	if (v == 0)
		return err_set(e, "field \"%s\": \"%s\" must be more than 0 (units of the quote currency for one "
			       "unit of the base, e.g. 0.74)", field, text);
	*units = v;
	*scale = (int)n_frac;
	snprintf(norm, 40, "%.*s%s%.*s", (int)n_int, t, n_frac ? "." : "", (int)n_frac, n_frac ? frac : "");
	return 0;
}

/* n / d rounded half away from zero (n >= 0, d > 0). */
static __int128 div_round(__int128 n, __int128 d)
{
	return (n + d / 2) / d;
}

int money_convert(long long minor, const char *from, const char *to, long long units, int scale,
		  int inverse, long long *out)
{
	int df = iso_currency_minor(from), dt = iso_currency_minor(to);
	if (df < 0 || dt < 0 || scale < 0 || scale > 12 || units <= 0 || minor < 0)
		return -1;
	/* to_minor = minor / 10^df * rate * 10^dt, rate = units / 10^scale
	 * (or its inverse), kept as one fraction until the final rounding. */
	__int128 num = (__int128)minor * pow10_tab[dt];
	__int128 den = (__int128)pow10_tab[df];
	if (inverse) {
		num *= pow10_tab[scale];
		den *= units;
	} else {
		num *= units;
		den *= pow10_tab[scale];
	}
	__int128 r = div_round(num, den);
	if (r > MONEY_MAX_MINOR * 100)
		return -1;
	*out = (long long)r;
	return 0;
}
