/* backup.c: `muster backup` and `muster restore` underneath: SQLite's online
 * backup of a file in use into a new private file, checked before it takes
 * its name, and the same copy the other way into a live file. */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int backup_check_or_err(sqlite3 *db, const char *name, struct backup_info *out, struct err *e)
{
	sqlite3_stmt *st;
	char first[512] = "";
	int rows = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, "%s: not a Muster database (%s)", name, sqlite3_errmsg(db));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (rows++ == 0)
			snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s: not a Muster database (%s)", name, sqlite3_errmsg(db));
	if (rows != 1 || strcmp(first, "ok"))
		return err_set(e, "%s: fails SQLite's integrity check (%s%s)", name, first,
			       rows > 1 ? ", …" : "");
	memset(out->head, '0', 64);
	out->head[64] = 0;
	out->records = 0;
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM log), (SELECT chain FROM log ORDER BY seq DESC "
			       "LIMIT 1)", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, "%s: not a Muster database (it has no log of records)", name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->records = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_TEXT)
			snprintf(out->head, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return 0;
}

/* Syncs the folder holding `path`, so that a rename into it survives a
 * power cut. */
static void sync_folder(const char *path)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", path);
	int fd = open(dirname(dir), O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Removes a partial copy and its journal. */
static void remove_partial(const char *tmp)
{
	char j[1100];
	unlink(tmp);
	snprintf(j, sizeof j, "%s-journal", tmp);
	unlink(j);
}

int backup_write_or_err(struct store *s, const char *dest, struct backup_info *out, struct err *e)
{
	struct stat sb;
	if (stat(dest, &sb) == 0)
		return err_set(e, "%s: already exists; a backup never overwrites a file: name a new one "
			       "(e.g. with the date: muster-$(date +%%F).db)", dest);
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.partial-%ld", dest, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return err_set(e, "cannot create %s (%s); check that its folder exists and can be written",
			       tmp, strerror(errno));
	close(fd);
	/* The snapshot: its first read fixes what the backup copies. */
	struct backup_info src;
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	sqlite3_stmt *st;
	memset(src.head, '0', 64);
	src.head[64] = 0;
	src.records = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM log), (SELECT chain FROM log ORDER BY seq DESC "
			       "LIMIT 1)", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		src.records = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_TEXT)
			snprintf(src.head, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		/* The copy is synced when its one transaction commits. */
		sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
		sqlite3_backup *b = sqlite3_backup_init(db, "main", s->db, "main");
		if (!b)
			rc = sqlite3_errcode(db);
		else {
			rc = sqlite3_backup_step(b, -1);
			int fin = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? fin : rc;
		}
	}
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err_set_code(e, E_INTERNAL, "%s: copying into %s: %s", s->path, tmp,
			     db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		remove_partial(tmp);
		return -1;
	}
	if (backup_check_or_err(db, tmp, out, e) < 0) {
		sqlite3_close(db);
		remove_partial(tmp);
		return -1;
	}
	sqlite3_close(db);
	if (out->records != src.records || strcmp(out->head, src.head)) {
		remove_partial(tmp);
		return err_set_code(e, E_INTERNAL, "%s: the copy holds %lld records (head %.16s), not the %lld "
				    "(head %.16s) copied; nothing was written", dest, out->records, out->head,
				    src.records, src.head);
	}
	/* A name that appeared meanwhile is not overwritten either. */
	if (link(tmp, dest) != 0) {
		int err = errno;
		remove_partial(tmp);
		return err_set(e, "cannot write %s (%s)", dest, strerror(err));
	}
	unlink(tmp);
	sync_folder(dest);
	out->bytes = stat(dest, &sb) == 0 ? (long long)sb.st_size : 0;
	return 0;
}

/* The page size of a connection's main database. */
static int page_size(sqlite3 *db)
{
	sqlite3_stmt *st;
	int n = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int backup_restore_or_err(struct store *s, const char *src, struct backup_info *out, struct err *e)
{
	struct stat sb;
	if (stat(src, &sb) != 0)
		return err_set(e, "%s: no such file (name a copy made by muster backup)", src);
	sqlite3 *from = NULL;
	if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, "%s: cannot open (%s)", src, from ? sqlite3_errmsg(from) : "out of memory");
		sqlite3_close(from);
		return -1;
	}
	sqlite3_busy_timeout(from, store_wait_seconds() * 1000);
	struct backup_info in;
	sqlite3_exec(from, "BEGIN", NULL, NULL, NULL);
	if (backup_check_or_err(from, src, &in, e) < 0) {
		sqlite3_close(from);
		return -1;
	}
	/* Into a file in WAL mode, the backup API copies only between equal page
	 * sizes; else the file leaves WAL for the restore, which needs it alone. */
	int left_wal = 0;
	if (page_size(from) != page_size(s->db)) {
		sqlite3_exec(s->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
		left_wal = 1;
	}
	sqlite3_backup *b = sqlite3_backup_init(s->db, "main", from, "main");
	int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(s->db);
	if (b) {
		int fin = sqlite3_backup_finish(b);
		rc = rc == SQLITE_DONE ? fin : rc;
	}
	sqlite3_exec(from, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(from);
	if (left_wal)
		sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return err_set_code(e, E_BUSY, "%s: busy: another program is using the file; nothing was "
				    "changed: stop it (muster serve, an import) and restore again", s->path);
	if (rc == SQLITE_READONLY && left_wal)
		return err_set_code(e, E_BUSY, "%s: the copy's pages are of another size, and the file can "
				    "take them only while no other program has it open; nothing was changed: stop "
				    "them (muster serve) and restore again", s->path);
	if (rc != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: restoring from %s: %s", s->path, src, sqlite3_errstr(rc));
	if (backup_check_or_err(s->db, s->path, out, e) < 0)
		return -1;
	if (out->records != in.records || strcmp(out->head, in.head))
		return err_set_code(e, E_INTERNAL, "%s: after the restore it holds %lld records (head %.16s), "
				    "not the %lld (head %.16s) of %s", s->path, out->records, out->head, in.records,
				    in.head, src);
	out->bytes = stat(s->path, &sb) == 0 ? (long long)sb.st_size : 0;
	return 0;
}
