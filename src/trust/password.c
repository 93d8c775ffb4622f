/* password.c: reading a password from a terminal (not echoed) or as one
 * line of standard input, for the command line's sign-in (who_cli.c), its
 * user commands and the signing key's unsealing (keys.c). */
#include "who.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line of `in` into buf without its line end; -1 at end of input or when
 * the line does not fit. */
static int read_line(FILE *in, char *buf, size_t size, int *too_long)
{
	*too_long = 0;
	if (!fgets(buf, (int)size, in))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	else if (n == size - 1) {
		*too_long = 1;
		return -1;
	}
	if (n && buf[n - 1] == '\r')
		buf[--n] = 0;
	return 0;
}

static int read_hidden(const char *prompt, char *buf, size_t size, int *too_long)
{
	struct termios old, quiet;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	int tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(stdin, buf, size, too_long);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return rc;
}

int password_read_or_err(const char *prompt, int confirm, char *buf, size_t size, struct err *e)
{
	int too_long = 0;
	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, buf, size, &too_long) < 0)
			return too_long ? err_set(e, "the password is too long (at most %d bytes)", PASSWORD_MAX)
					: err_set(e, "no password on standard input (give it as one line)");
		return 0;
	}
	if (read_hidden(prompt, buf, size, &too_long) < 0)
		return too_long ? err_set(e, "the password is too long (at most %d bytes)", PASSWORD_MAX)
				: err_set(e, "no password given");
	if (!confirm)
		return 0;
	char again[PASSWORD_MAX + 2];
	int rc = read_hidden("Again: ", again, sizeof again, &too_long);
	int same = rc == 0 && !strcmp(again, buf);
	sodium_memzero(again, sizeof again);
	if (!same) {
		sodium_memzero(buf, size);
		return err_set(e, "the two passwords differ; nothing was changed");
	}
	return 0;
}
