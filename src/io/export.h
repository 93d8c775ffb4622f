/* export.h: writing the log's public records in the project's own formats
 * (CSV with a header row, JSON lines; docs/formats.md), in log order and with
 * every field of the stored body, so that `muster import` of the output into
 * a new file gives records with the same ids; and HXL-tagged CSV. */
#ifndef MUSTER_EXPORT_H
#define MUSTER_EXPORT_H

#include <stdio.h>

#include "../core/store.h"

enum export_format { EXPORT_CSV, EXPORT_JSONL, EXPORT_HXL };

struct export_filter {
	const char *kind;       /* only records of this kind, or NULL for all */
	const char *mission;    /* only records of this mission (and every source), or NULL */
};

/* Writes every public record that passes `f` to `out` in log order.
 * Restricted records are never written. Writes the number of records into
 * *n. Prints progress on stderr when it is a terminal (progress.h). */
int export_records_or_err(struct store *s, FILE *out, enum export_format fmt,
			  const struct export_filter *f, long long *n, struct err *e);

/* The HXL hashtag of a field (for the row under the header), or NULL when
 * the field has no standard tag; in export_hxl.c. */
const char *export_hxl_tag(const char *field);

#endif
