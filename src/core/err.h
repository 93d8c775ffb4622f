/* err.h: the one error a command can fail with, and the one table of error
 * codes. A function that may fail takes a `struct err *` and says so in its
 * name (…_or_err); it writes the message (naming the place and the fix) and a
 * code, and returns -1, and the caller only returns. The code decides the
 * exit status and the HTTP status (err_codes[]); the message never names the
 * command: the command line's renderer does (err_in_command). */
#ifndef MUSTER_ERR_H
#define MUSTER_ERR_H

#include <stddef.h>

/* Exit statuses (DESIGN.md): 0 success, then those of the codes below. */
enum { EXIT_NOANSWER = 1, EXIT_BADINPUT = 2, EXIT_INTERNAL = 3, EXIT_DOESNOTHOLD = 4, EXIT_BUSY = 5 };

/* The codes, in the order of err_codes[]. E_BADINPUT is 0, so that a zeroed
 * struct err is bad input. */
enum err_code {
	E_BADINPUT,     /* bad_input 2/400: a wrong option, parameter, value or file; nothing changed */
	E_NOTFOUND,     /* not_found 2/404: the record, page or route named does not exist (or may
			 * not be seen); on the command line it is the name given that is wrong */
	E_NOANSWER,     /* no_answer 1/404: the question is right, the record holds no answer to it */
	E_FORBIDDEN,    /* forbidden 2/403: sign in, or in another role; a stale form */
	E_NOTALLOWED,   /* method_not_allowed 2/405: the server only reads there */
	E_TOOLARGE,     /* too_large 2/413: a form over its limit */
	E_MEDIATYPE,    /* unsupported_media_type 2/415: a form not sent as a form */
	E_DOESNOTHOLD,  /* does_not_hold 4/500: verify found the file damaged or not as published */
	E_BUSY,         /* busy 5/503: another program held the file past the wait; try again */
	E_INTERNAL,     /* internal 3/500: a bug, or the file or the disk failing (a failed SQLite
			 * step, a full disk): never the user's input */
	E_UNAVAILABLE,  /* unavailable 3/503: the server cannot open its file just now */
	E_N_CODES
};

struct err_code_info {
	const char *word;       /* stable: scripts and API clients test it */
	int exit_status;
	int http_status;
	const char *means;      /* for the man page: when it is given */
};
extern const struct err_code_info err_codes[E_N_CODES];

/* How the command line names the command before a message (err_in_command). */
enum { ERR_PLAIN = 0, ERR_COMMAND = 1, ERR_SUBCOMMAND = 2 };

struct err {
	char msg[2048];
	enum err_code code;     /* E_BADINPUT unless the setter says otherwise */
	int scope;              /* ERR_PLAIN, or the message is about how the command was called:
				 * the command line prints "muster CMD: " (ERR_COMMAND) or
				 * "muster CMD ARG1: " (ERR_SUBCOMMAND) before it; elsewhere
				 * (pages, API) it stands alone */
};

/* Sets the message (printf format) and the code E_BADINPUT. Returns -1. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like err_set, with an explicit code. Returns -1. */
int err_set_code(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set, for a message about how the command was called (its
 * arguments): the command line prints the command's name before it. */
int err_usage(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like err_usage, for a message about a subcommand: the command line prints
 * the command's name and its first argument ("muster user add: "). */
int err_usage_sub(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Marks the message already set as being about the command (ERR_COMMAND or
 * ERR_SUBCOMMAND): the command line's renderer names the command; the
 * message itself never does. Returns -1. */
int err_in_command(struct err *e, int scope);

/* Puts `prefix: ` in front of the current message (e.g. a file and line). */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit status, the HTTP status and the word of an error's code. */
int err_exit_status(const struct err *e);
int err_http_status(const struct err *e);
const char *err_word(const struct err *e);

/* The nearest of `n` candidate words to `word` by edit distance, or NULL when
 * none is close enough to be a plausible typo. Case-insensitive. */
const char *err_nearest(const char *word, const char *const *cands, size_t n);

/* Up to `max` candidates within the distance err_nearest allows, nearest
 * first (ties in the order given), into `out`; returns how many. */
size_t err_nearest_n(const char *word, const char *const *cands, size_t n, const char **out, size_t max);

#endif
