/* backup.h: consistent copies of a file in use (SQLite's online backup API),
 * checked after writing, and restoring one into a file. */
#ifndef MUSTER_BACKUP_H
#define MUSTER_BACKUP_H

#include "store.h"

/* What a copy holds, read in the snapshot that was copied. */
struct backup_info {
	long long records;       /* rows of the log */
	char head[HASH_HEX];     /* chain link of the last record ("0…0" when none) */
	long long bytes;         /* size of the copy */
};

/* Copies the open store `s` into a new file `dest` (mode 0600), in one read
 * transaction of `s`: writers go on meanwhile, and the copy is the file as it
 * was when the copy began. The copy is written to a temporary file beside
 * `dest`, synced, checked (SQLite's integrity check, and the same records and
 * chain head as the snapshot copied) and only then renamed to `dest`. `dest`
 * must not exist. `s` must have no read transaction open, or one that has not
 * read yet. Fills `out`. */
int backup_write_or_err(struct store *s, const char *dest, struct backup_info *out, struct err *e);

/* Checks a copy: SQLite's integrity check passes and its log's count and head
 * are read into `out`. `db` is an open connection; `name` names it in
 * messages. */
int backup_check_or_err(sqlite3 *db, const char *name, struct backup_info *out, struct err *e);

/* Replaces the content of the open, writable store `s` by the content of the
 * file `src` (checked first), in one write transaction of `s`: a program
 * reading `s` sees the old content or the new, and a restore killed midway
 * leaves the old. Fills `out` with what `s` holds after. */
int backup_restore_or_err(struct store *s, const char *src, struct backup_info *out, struct err *e);

#endif
