/* figure.c: the rules by which figures read to people (figure.h): grouping,
 * the decimal mark, and amounts of money said exactly, as an estimate or as
 * a bound. Integer arithmetic on the decimal text, never a float. */
#include <stdio.h>
#include <string.h>

#include "figure.h"

const struct figure_style figure_style_cli = {",", 4, ".", " "};

const char *figure_qualifier_word(const char *q)
{
	if (!q)
		return NULL;
	if (!strcmp(q, "about"))
		return "about";
	if (!strcmp(q, "at_least"))
		return "at least";
	if (!strcmp(q, "at_most"))
		return "at most";
	return NULL;
}

const char *figure_number_format(int decimals)
{
	static const char *const fmt[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
	return decimals >= 0 && decimals < 4 ? fmt[decimals] : "General";
}

const char *figure_difference_qualifier(const char *qa, const char *qb)
{
	return (qa && strcmp(qa, "exact")) || (qb && strcmp(qb, "exact")) ? "about" : NULL;
}

/* Appends `s` to out[*at] within n bytes, always NUL-terminated. */
static void put(char *out, size_t n, size_t *at, const char *s)
{
	size_t len = strlen(s);
	if (*at + len >= n)
		len = n > *at + 1 ? n - *at - 1 : 0;
	memcpy(out + *at, s, len);
	*at += len;
	out[*at] = 0;
}

/* The `len` digits at `d` grouped as the style groups a number of that many. */
static void put_grouped(char *out, size_t n, size_t *at, const char *d, size_t len, const struct figure_style *st)
{
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0 && len >= (size_t)st->group_min)
			put(out, n, at, st->group);
		char c[2] = {d[i], 0};
		put(out, n, at, c);
	}
}

/* A plain decimal: an optional '-', digits, optionally '.' and digits. The
 * length of its whole part in *whole. */
static int plain(const char *s, size_t *whole)
{
	if (!s)
		return 0;
	s += *s == '-';
	size_t w = strspn(s, "0123456789");
	*whole = w;
	if (!w)
		return 0;
	if (!s[w])
		return 1;
	size_t f = strspn(s + w + 1, "0123456789");
	return s[w] == '.' && f && !s[w + 1 + f];
}

const char *figure_decimal(const char *text, const struct figure_style *st, char *out, size_t n)
{
	size_t at = 0, whole;
	out[0] = 0;
	if (!plain(text, &whole)) {
		put(out, n, &at, text ? text : "");
		return out;
	}
	if (*text == '-')
		put(out, n, &at, "-");
	text += *text == '-';
	put_grouped(out, n, &at, text, whole, st);
	if (text[whole] == '.') {
		put(out, n, &at, st->decimal);
		put(out, n, &at, text + whole + 1);
	}
	return out;
}

const char *figure_int(long long v, const struct figure_style *st, char *out, size_t n)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", v);
	return figure_decimal(tmp, st, out, n);
}

static const long long pow10_tab[] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
				      100000000LL, 1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL,
				      10000000000000LL, 100000000000000LL, 1000000000000000LL,
				      10000000000000000LL, 100000000000000000LL};

static int n_digits(long long v)
{
	int k = 1;
	while (v >= 10) {
		v /= 10;
		k++;
	}
	return k;
}

/* q / d rounded half away from zero (q >= 0, d > 0). */
static long long div_round(__int128 q, __int128 d)
{
	return (long long)((q + d / 2) / d);
}

/* The number of a scaled amount: `v` / 10^dec written with its decimals,
 * trailing zeros (and a bare point) dropped, grouped in the style. */
static void put_scaled(char *out, size_t n, size_t *at, long long v, int dec, const struct figure_style *st)
{
	char tmp[40];
	long long whole = v / pow10_tab[dec], frac = v % pow10_tab[dec];
	while (dec && frac % 10 == 0) {
		frac /= 10;
		dec--;
	}
	if (dec)
		snprintf(tmp, sizeof tmp, "%lld.%0*lld", whole, dec, frac);
	else
		snprintf(tmp, sizeof tmp, "%lld", whole);
	char g[64];
	put(out, n, at, figure_decimal(tmp, st, g, sizeof g));
}

static const char *word(figure_tr tr, void *ctx, const char *s, const char *pl, unsigned long long k, int fraction)
{
	return tr ? tr(ctx, s, pl, k, fraction) : s;
}

const char *figure_money(const char *amount, const char *currency, const char *qualifier,
			 const struct figure_style *st, figure_tr tr, void *ctx, char *out, size_t n)
{
	size_t at = 0, whole;
	out[0] = 0;
	if (!plain(amount, &whole)) {
		put(out, n, &at, "-");
		return out;
	}
	const char *q = figure_qualifier_word(qualifier);
	if (q) {
		put(out, n, &at, word(tr, ctx, q, q, 1, 0));
		put(out, n, &at, " ");
	}
	int neg = *amount == '-';
	const char *digits = amount + neg;
	const char *fr = digits[whole] == '.' ? digits + whole + 1 : "";
	size_t nf = strlen(fr);
	int scaled = 0;
	long long v = 0, scale = 1;
	int dec = 0;
	/* Only the amounts whose digits fit in an int64 with room are said in
	 * millions; the rest (none of the record's) are said exactly. */
	if (q && whole + nf <= 17) {
		long long num = 0, den = pow10_tab[nf];
		for (size_t i = 0; i < whole; i++)
			num = num * 10 + (digits[i] - '0');
		for (size_t i = 0; i < nf; i++)
			num = num * 10 + (fr[i] - '0');
		long long units = num / den;
		if (!strcmp(qualifier, "about") && units >= 1) {
			/* Three significant digits; a rounding that reaches the next
			 * scale (999,600 -> 1,000,000) is said in that one. */
			for (scale = units >= 1000000000LL ? 1000000000LL : units >= 1000000LL ? 1000000LL : 1;;) {
				int k = n_digits(units / scale ? units / scale : 1);
				long long step = k > 3 ? pow10_tab[k - 3] : 1;
				dec = scale > 1 && k < 3 ? 3 - k : 0;
				v = div_round((__int128)num * pow10_tab[dec], (__int128)den * scale * step) * step;
				long long next = scale == 1 ? 1000000LL : scale == 1000000LL ? 1000LL * pow10_tab[dec] : 0;
				if (!next || v < next)
					break;
				scale = scale == 1 ? 1000000LL : 1000000000LL;
			}
			scaled = 1;
		} else if (units >= 1000000LL) {
			/* A bound: millions (or billions) with at most three decimals,
			 * when they hold every digit. */
			scale = units >= 1000000000LL ? 1000000000LL : 1000000LL;
			__int128 per = (__int128)den * scale / 1000;
			if ((__int128)num % per == 0) {
				dec = 3;
				v = (long long)(num / per);
				scaled = 1;
			}
		}
	}
	if (!scaled) {
		char g[64];
		put(out, n, &at, figure_decimal(amount, st, g, sizeof g));
	} else {
		if (neg && v)
			put(out, n, &at, "-");
		put_scaled(out, n, &at, v, dec, st);
		if (scale > 1) {
			long long w = v / pow10_tab[dec];
			int fraction = v % pow10_tab[dec] != 0;
			put(out, n, &at, st->space);
			put(out, n, &at, scale == 1000000LL ? word(tr, ctx, "million", "million", (unsigned long long)w, fraction)
				: word(tr, ctx, "billion", "billion", (unsigned long long)w, fraction));
		}
	}
	if (currency && *currency) {
		put(out, n, &at, st->space);
		put(out, n, &at, currency);
	}
	return out;
}
