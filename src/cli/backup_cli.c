/* backup_cli.c: `muster backup FILE` (a checked copy of the file in use) and
 * `muster restore FILE` (that copy put back, keeping what it replaces). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/backup.h"
#include "cli.h"

static int run_backup(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name the new file to write (e.g. muster backup "
			       "muster-$(date +%%F).db)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	struct backup_info b;
	int rc = backup_write_or_err(&s, c->args[0], &b, &c->e);
	if (rc == 0)
		fprintf(c->out, "backed up %lld records (head %.16s) from %s into %s: %lld bytes, integrity checked\n",
			b.records, b.head, s.path, c->args[0], b.bytes);
	else
		err_in_command(&c->e, ERR_COMMAND);
	store_close(&s);
	return rc;
}

const struct command command_backup = {
	.name = "backup",
	.run = run_backup,
	.summary = "copy the file, even while it is in use, into a new checked file",
	.usage = "muster backup FILE [--db DB]",
	.help = "Copies the database into the new file FILE (mode 0600) with SQLite's online backup:\n"
		"the server, questions and writers go on meanwhile, and the copy is the database as it\n"
		"was when the copy began, with whole transactions only. The copy is written beside\n"
		"FILE, synced, checked (SQLite's integrity check, and the same records and chain head\n"
		"as the database it copies) and only then given its name; FILE must not exist.\n"
		"Copying the database file with cp while a program writes to it can give a corrupt copy.\n\n"
		"To put a copy back, use muster restore.\n\n"
		"Example:\n  muster backup /srv/backups/muster-$(date +%F).db\n",
	.opts = 0,
};

static int run_restore(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name the copy to restore (a file made by muster backup)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE | STORE_CREATE) < 0)
		return -1;
	char kept[1200] = "";
	long long held = s.count;
	int rc = 0;
	struct backup_info b;
	/* What the file held is kept, so that a restore undoes nothing for good. */
	if (held > 0) {
		char stamp[32];
		int j = 0;
		for (const char *p = s.now; *p && j < (int)sizeof stamp - 1; p++)
			if (*p != '-' && *p != ':')
				stamp[j++] = *p;
		stamp[j] = 0;
		snprintf(kept, sizeof kept, "%s.before-restore-%s", s.path, stamp);
		if (access(kept, F_OK) == 0)
			rc = err_set(&c->e, "%s already exists (kept by an earlier restore); move it away and "
				     "restore again", kept);
		else if ((rc = backup_write_or_err(&s, kept, &b, &c->e)) < 0)
			err_prefix(&c->e, "keeping what %s holds before the restore", s.path);
	}
	if (rc == 0 && (rc = backup_restore_or_err(&s, c->args[0], &b, &c->e)) < 0 && held > 0)
		unlink(kept);   /* nothing changed: the copy kept of it is not needed */
	if (rc == 0) {
		fprintf(c->out, "restored %lld records (head %.16s) from %s into %s, integrity checked", b.records,
			b.head, c->args[0], s.path);
		if (held > 0)
			fprintf(c->out, "; what it held (%lld record%s) is kept in %s", held, held == 1 ? "" : "s",
				kept);
		fputc('\n', c->out);
	} else {
		err_in_command(&c->e, ERR_COMMAND);
	}
	store_close(&s);
	return rc;
}

const struct command command_restore = {
	.name = "restore",
	.run = run_restore,
	.summary = "put a copy made by muster backup back into the database",
	.usage = "muster restore FILE [--db DB]",
	.help = "Checks the copy FILE (SQLite's integrity check) and replaces the content of the\n"
		"database with it, in one transaction: a program reading the database sees the old\n"
		"content or the new, and a restore that is interrupted leaves the old. What the database\n"
		"held is first backed up into DB.before-restore-TIME (as muster backup does), so a\n"
		"restore loses nothing. Stop muster serve first if the copy's page size differs (an\n"
		"old file): the database must then be alone. Run muster verify afterwards.\n\n"
		"Example:\n  muster restore /srv/backups/muster-2026-12-01.db\n",
	.opts = 0,
};
