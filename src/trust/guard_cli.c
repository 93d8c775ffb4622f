/* guard_cli.c: muster test-guard, which runs SQL on a public connection (the
 * guard of guard.c installed, as for an anonymous reader of the web) and
 * prints its rows or why it was refused: tests/cli/guard.sh runs careless
 * queries through it. */
#include <stdio.h>

#include "../cli/cli.h"
#include "users.h"

static int run_test_guard(struct cli *c)
{
	struct store s;
	if (c->n_args != 1)
		return err_set(&c->e, "give one SQL statement");
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	guard_install(&s, ROLE_PUBLIC);
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(s.db, c->args[0], -1, &st, NULL) != SQLITE_OK) {
		fprintf(c->out, "refused: %s\n", sqlite3_errmsg(s.db));
	} else {
		int step;
		long n = 0;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				fprintf(c->out, "%s%s", i ? "|" : "", t ? (const char *)t : "");
			}
			fputc('\n', c->out);
			n++;
		}
		if (step != SQLITE_DONE)
			fprintf(c->out, "failed: %s\n", sqlite3_errmsg(s.db));
		else
			fprintf(c->out, "%ld rows\n", n);
		sqlite3_finalize(st);
	}
	store_close(&s);
	return rc;
}

const struct command command_test_guard = {
	.name = "test-guard",
	.run = run_test_guard,
	.summary = "run SQL on a public connection",
	.usage = "muster test-guard SQL",
	.help = "Runs one SQL statement on the file opened as the public connection is (read-only, with the\n"
		"guard's allow-list) and prints its rows, separated by |, then how many; or \"refused: \" and\n"
		"SQLite's reason when the guard refuses it.\n",
	.hidden = 1,
};
