/* import.h: reading records from the project's own CSV and JSON-lines
 * formats (docs/formats.md), and from the UN's monthly contributions table
 * (un_contrib.c), into the store, all or nothing. */
#ifndef MUSTER_IMPORT_H
#define MUSTER_IMPORT_H

#include <stdio.h>

#include "../core/store.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_JSONL, IMPORT_UN_CONTRIB, IMPORT_FTS, IMPORT_IATI, IMPORT_HXL };

struct hxl_opts;;

struct import_stats {
	long long records;      /* appended */
	/* The UN contributions table: rows read, days they cover, and on the
	 * latest day (yyyymmdd) the contributors and the personnel in all. */
	long long rows, contributors, personnel;
	int days, latest_day;
	long long totals;       /* the publisher's totals read (un-contributions) */
	char *warnings;         /* lines for stderr once committed, from malloc, or NULL */
	char *report;           /* lines for stdout once committed (fts, iati), from malloc, or NULL */
	const char *mission;    /* in: the mission of FTS flows and IATI transactions (--mission), or NULL */
	const struct hxl_opts *hxl;     /* in: --kind, --sources, --encoding for HXL (hxl.h), or NULL */
};

/* Reads records from `f` (named `name` in messages) and appends each; the
 * caller owns the transaction. Errors name the file, line and field. */
int import_stream_or_err(struct store *s, FILE *f, const char *name, enum import_format fmt,
			 struct import_stats *st, struct err *e);

/* Imports files in one transaction: every record of every file, or none. */
int import_files_or_err(struct store *s, char *const *paths, int n, enum import_format fmt,
			struct import_stats *st, struct err *e);

/* Reads the UN's monthly uniformed-contributions table (IPI layout) from `f`
 * into strength snapshots citing a source made from the file's name; the
 * caller owns the transaction. Rows whose parts do not add up are read, with
 * a warning added to st->warnings. */
int un_contrib_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st,
			     struct err *e);

/* Reads an HXL table (hxl.h) from `f` into records, the options in
 * st->hxl; the caller owns the transaction. Columns muster does not read are
 * listed in one warning added to st->warnings. */
int hxl_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e);

/* Parses a --format name. */
int import_format_or_err(const char *name, enum import_format *fmt, struct err *e);

#endif
