/* import.h: reading records from the project's own CSV and JSON-lines
 * formats (docs/formats.md) into the store, all or nothing. */
#ifndef MUSTER_IMPORT_H
#define MUSTER_IMPORT_H

#include <stdio.h>

#include "../core/store.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_JSONL };

struct import_stats {
	long long records;      /* appended */
};

/* Reads records from `f` (named `name` in messages) and appends each; the
 * caller owns the transaction. Errors name the file, line and field. */
int import_stream_or_err(struct store *s, FILE *f, const char *name, enum import_format fmt,
			 struct import_stats *st, struct err *e);

/* Imports files in one transaction: every record of every file, or none. */
int import_files_or_err(struct store *s, char *const *paths, int n, enum import_format fmt,
			struct import_stats *st, struct err *e);

/* Parses a --format name. */
int import_format_or_err(const char *name, enum import_format *fmt, struct err *e);

#endif
