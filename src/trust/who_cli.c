/* who_cli.c: signing in on the command line (the password read by password.c). */
#include "who.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int cli_who_or_err(struct cli *c, struct store *s, struct who *w)
{
	memset(w, 0, sizeof *w);
	if (!c->user)
		return 0;
	char prompt[128], pw[PASSWORD_MAX + 2];
	snprintf(prompt, sizeof prompt, "Password for %.64s: ", c->user);
	if (password_read_or_err(prompt, 0, pw, sizeof pw, &c->e) < 0) {
		err_prefix(&c->e, "--user %.64s", c->user);
		return -1;
	}
	int rc = users_authenticate_or_err(s, c->user, pw, w, &c->e);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		err_prefix(&c->e, "--user %.64s", c->user);
	return rc;
}
