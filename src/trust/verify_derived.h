/* verify_derived.h: verify's check that the file's derived tables are those
 * its log gives: a rebuild in a private temporary file, each table then
 * compared with the file's by a keyed digest of its rows, and by SQL's
 * EXCEPT only when the digests differ (to count the rows). */
#ifndef MUSTER_VERIFY_DERIVED_H
#define MUSTER_VERIFY_DERIVED_H

#include <stdint.h>

#include "../core/store.h"

/* One derived table's digest on one side: its rows as a multiset. */
struct vd_digest {
	int ok;                 /* 1: the table was read to its end */
	int64_t rows;
	uint64_t sum[2];        /* the rows' keyed hashes added, mod 2^128 */
};

struct vd_table {
	char name[64];
	int fts;                /* 1: a search table, compared with its rowid */
	struct vd_digest file, rebuilt;
};

struct verify_derived {
	struct store m;         /* the rebuild: a private temporary file, the file attached as "file" */
	int n;
	struct vd_table *t;
	char list_err[200];     /* why listing the tables stopped, or "" */
	unsigned char key[16];  /* chosen afresh by each run: no file can be made to match it */
};

/* Opens the rebuild's temporary file, attaches the file at `path` (its
 * log read where it is, not copied) and lists the derived tables. */
int vd_open_or_err(struct verify_derived *v, const char *path, struct err *e);
/* The file's side: each table's digest, read through `db` (a connection of
 * its own to the file: another thread may call it while vd_rebuild_or_err
 * runs). */
void vd_digest_file(struct verify_derived *v, sqlite3 *db);
/* Rebuilds the derived tables from the file's log, then digests them. */
int vd_rebuild_or_err(struct verify_derived *v, struct err *e);
/* After both: appends to `problems` one sentence for each table that
 * differs (or cannot be read), in the order of their names. */
void vd_compare(struct verify_derived *v, json_t *problems);
void vd_close(struct verify_derived *v);

#endif
