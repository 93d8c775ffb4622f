/* err.c: the table of error codes, setting error messages and suggesting the
 * nearest valid word. */
#include "err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const struct err_code_info err_codes[E_N_CODES] = {
	[E_BADINPUT] = {"bad_input", EXIT_BADINPUT, 400,
			"a wrong command, option, parameter, value or file: the message names the place and "
			"the fix, and nothing was changed"},
	[E_NOTFOUND] = {"not_found", EXIT_BADINPUT, 404,
			"the record, page or route named does not exist (or is not for this reader)"},
	[E_NOANSWER] = {"no_answer", EXIT_NOANSWER, 404, "the record holds no answer to the question"},
	[E_FORBIDDEN] = {"forbidden", EXIT_BADINPUT, 403, "sign in, or in another role (or reload a stale form)"},
	[E_NOTALLOWED] = {"method_not_allowed", EXIT_BADINPUT, 405, "the server only reads there: use GET or HEAD"},
	[E_TOOLARGE] = {"too_large", EXIT_BADINPUT, 413, "a form over its limit"},
	[E_MEDIATYPE] = {"unsupported_media_type", EXIT_BADINPUT, 415, "a form not sent as a form"},
	[E_DOESNOTHOLD] = {"does_not_hold", EXIT_DOESNOTHOLD, 500,
			   "verify found the file damaged, or not as the head published earlier says"},
	[E_BUSY] = {"busy", EXIT_BUSY, 503,
		    "another program held the file past MUSTER_WAIT; nothing was changed: try again"},
	[E_INTERNAL] = {"internal", EXIT_INTERNAL, 500,
			"a fault of muster or of its file or disk (a failed read, a full disk): no answer is "
			"given rather than an incomplete one, and nothing was changed"},
	[E_UNAVAILABLE] = {"unavailable", EXIT_INTERNAL, 503, "the server cannot open its file just now: try again"},
};

static int set_v(struct err *e, enum err_code code, int scope, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static int set_v(struct err *e, enum err_code code, int scope, const char *fmt, va_list ap)
{
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	e->code = code;
	e->scope = scope;
	return -1;
}

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(e, E_BADINPUT, ERR_PLAIN, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_code(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(e, code, ERR_PLAIN, fmt, ap);
	va_end(ap);
	return -1;
}

int err_usage(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(e, E_BADINPUT, ERR_COMMAND, fmt, ap);
	va_end(ap);
	return -1;
}

int err_usage_sub(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(e, E_BADINPUT, ERR_SUBCOMMAND, fmt, ap);
	va_end(ap);
	return -1;
}

int err_in_command(struct err *e, int scope)
{
	e->scope = scope;
	return -1;
}

static const struct err_code_info *info(const struct err *e)
{
	return &err_codes[(unsigned)e->code < E_N_CODES ? e->code : E_INTERNAL];
}

int err_exit_status(const struct err *e)
{
	return info(e)->exit_status;
}

int err_http_status(const struct err *e)
{
	return info(e)->http_status;
}

const char *err_word(const struct err *e)
{
	return info(e)->word;
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
