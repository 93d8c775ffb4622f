/* err.h: the one error a command can fail with. A function that may fail on
 * bad input takes a `struct err *` and says so in its name (…_or_err); it
 * writes the message (naming the place and the fix) and returns -1, and the
 * caller only returns. Exit codes follow DESIGN.md: 2 bad input, 1 no answer,
 * 3 internal error, 4 busy (another program held the file past the wait:
 * nothing was changed, try again). */
#ifndef MUSTER_ERR_H
#define MUSTER_ERR_H

#include <stddef.h>

enum { EXIT_NOANSWER = 1, EXIT_BADINPUT = 2, EXIT_INTERNAL = 3, EXIT_BUSY = 5 };

struct err {
	char msg[2048];
	int exit_code;          /* EXIT_BADINPUT unless the setter says otherwise */
};

/* Sets the message (printf format) and exit code EXIT_BADINPUT. Returns -1. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like err_set, with an explicit exit code. Returns -1. */
int err_set_code(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts `prefix: ` in front of the current message (e.g. a file and line). */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The nearest of `n` candidate words to `word` by edit distance, or NULL when
 * none is close enough to be a plausible typo. Case-insensitive. */
const char *err_nearest(const char *word, const char *const *cands, size_t n);

/* Up to `max` candidates within the distance err_nearest allows, nearest
 * first (ties in the order given), into `out`; returns how many. */
size_t err_nearest_n(const char *word, const char *const *cands, size_t n, const char **out, size_t max);

#endif
