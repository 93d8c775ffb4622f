/* who.h: who is asking, on the command line. Without --user, nobody: the
 * public role. With --user NAME the password is read (from the terminal
 * without echo, or one line of standard input when it is not a terminal) and
 * checked against the users table; the role is that user's. This keeps
 * restricted details off a screen or a report by accident; it is not a wall:
 * whoever can open the file can read it with sqlite3 (docs/roles.md). */
#ifndef MUSTER_WHO_H
#define MUSTER_WHO_H

#include <stddef.h>

#include "../cli/cli.h"
#include "users.h"

/* Reads a password into buf (size bytes). With `confirm` and a terminal, asks
 * twice and refuses two different answers. */
int password_read_or_err(const char *prompt, int confirm, char *buf, size_t size, struct err *e);

/* Fills w: anonymous without --user, else the checked user. */
int cli_who_or_err(struct cli *c, struct store *s, struct who *w);

#endif
