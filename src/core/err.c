/* err.c: setting error messages and suggesting the nearest valid word. */
#include "err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->exit_code = EXIT_BADINPUT;
	return -1;
}

int err_set_code(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->exit_code = code;
	return -1;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char pre[512], old[sizeof e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	snprintf(old, sizeof old, "%s", e->msg);
	snprintf(e->msg, sizeof e->msg, "%s: %s", pre, old);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 99;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			/* a swap of two neighbours counts as one edit */
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *err_nearest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t best_d = 99, len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

size_t err_nearest_n(const char *word, const char *const *cands, size_t n, const char **out, size_t max)
{
	size_t limit = strlen(word) <= 3 ? 1 : strlen(word) <= 6 ? 2 : 3, k = 0;
	for (size_t d = 0; d <= limit && k < max; d++)
		for (size_t i = 0; i < n && k < max; i++)
			if (edit_distance(word, cands[i]) == d)
				out[k++] = cands[i];
	return k;
}
