/* export.h: writing the log's public records in the project's own formats
 * (CSV with a header row, JSON lines; docs/formats.md), in log order and with
 * every field of the stored body, so that `muster import` of the output into
 * a new file gives records with the same ids; HXL-tagged CSV; and XLSX
 * workbooks for spreadsheets. */
#ifndef MUSTER_EXPORT_H
#define MUSTER_EXPORT_H

#include <jansson.h>
#include <stdio.h>

#include "../core/store.h"

enum export_format { EXPORT_CSV, EXPORT_JSONL, EXPORT_HXL };

struct export_filter {
	const char *kind;       /* only records of this kind, or NULL for all */
	const char *mission;    /* only records of this mission (and every source), or NULL */
};

/* The WHERE clause of the records an export writes, read from pub_log (the
 * public records' rows of the log, src/core/derive.h): the filter; ?1 is the
 * kind (or NULL), ?2 the mission (or NULL), bound by export_bind_filter. */
#define EXPORT_FILTER_SQL \
	"(?1 IS NULL OR json_extract(body, '$.kind') = ?1) " \
	"AND (?2 IS NULL OR json_extract(body, '$.kind') = 'source' OR json_extract(body, '$.mission') = ?2)"

void export_bind_filter(sqlite3_stmt *st, const struct export_filter *f);
/* Checks --kind ("did you mean funding?"). */
int export_filter_check_or_err(const struct export_filter *f, struct err *e);

/* Writes every public record that passes `f` to `out` in log order.
 * Restricted records are never written. Writes the number of records into
 * *n. Prints progress on stderr when it is a terminal (progress.h). */
int export_records_or_err(struct store *s, FILE *out, enum export_format fmt,
			  const struct export_filter *f, long long *n, struct err *e);

/* The HXL hashtag of a field (for the row under the header), or NULL when
 * the field has no standard tag; in export_hxl.c. */
const char *export_hxl_tag(const char *field);

/* Writes an XLSX workbook to `path` (a temporary file beside it, renamed into
 * place once complete; nothing is left on failure): one sheet per kind of
 * record that passes `f` (typed cells: whole numbers and amounts as numbers,
 * days as dates, the rest as text), a "sources" sheet with every public
 * source, and one sheet per answer document in `answers` (its rows, then its
 * figures). Writes the number of records into *n. In export_xlsx.c. */
int export_xlsx_or_err(struct store *s, const char *path, const struct export_filter *f,
		       json_t *const *answers, size_t n_answers, long long *n, struct err *e);

/* Spreadsheets run a CSV cell that starts with = + - @, a tab or a carriage
 * return as a formula (=HYPERLINK(…) exfiltrates, =cmd|… runs). A text cell
 * that starts with any number of ' and then one of those is written with one
 * more ' in front: a spreadsheet shows the value as text, and muster import
 * (csv, hxl) takes the ' off again, so the value is kept. Numbers are not
 * text cells and are written as they are. */
/* 1 when text cell `v` (of `len` bytes) is written with a ' in front. */
int export_cell_guarded(const char *v, size_t len);
/* The bytes to skip at the start of a CSV cell read back: 1 when it is a
 * guarded cell (a ' followed by what export_cell_guarded would guard). */
size_t export_cell_unguard(const char *v, size_t len);

#endif
