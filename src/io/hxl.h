/* hxl.h: HXL (Humanitarian Exchange Language, hxlstandard.org) tables read
 * the way the reference library libhxl-python reads them — the delimiter
 * guessed from the first hashtag-like line, the hashtag row found among the
 * first 25 rows below any free-text header rows, tags and attributes parsed
 * and lower-cased — and imported as muster records (hxl_import.c). */
#ifndef MUSTER_HXL_H
#define MUSTER_HXL_H

#include <csv.h>
#include <stdio.h>

#include "../core/err.h"

/* One column as the hashtag row declares it. */
struct hxl_column {
	char *header;           /* the cell above in the previous raw row, or NULL when none */
	char *tag;              /* "#country", lower case; NULL for an untagged column */
	char **attrs;           /* attributes without '+', lower case, in the order written */
	size_t n_attrs;
	char *spec;             /* the hashtag cell as written, or NULL when it is empty */
};

/* One raw row: its cells, the line it starts on, and its 0-based index
 * among all raw rows (libhxl's source_row_number). */
struct hxl_row {
	char **v;
	size_t n;
	long line;
	int index;
};

struct hxl_reader {
	FILE *f;
	const char *name;
	int latin1;             /* read bytes as ISO 8859-1 instead of UTF-8 */
	struct err *e;
	char delim;             /* ',', '\t', ';', ':' or '|' */
	struct csv_parser p;
	char **sample;          /* lines read ahead for guessing the delimiter */
	size_t n_sample, i_sample;
	char **cur;             /* cells of the row being parsed */
	size_t n_cur, cap_cur;
	struct hxl_row *q;      /* rows parsed, not yet handed out */
	size_t q_head, q_len, q_cap;
	struct hxl_row out;     /* the row last handed out (owned here) */
	long line, row_line;    /* physical line fed; line the next row starts on */
	long long bytes;        /* bytes read, for progress */
	int rows;               /* raw rows parsed so far */
	int eof, failed;
	/* Known once hxl_open_or_err succeeds. */
	struct hxl_column *cols;
	size_t n_cols;
	struct hxl_row tags;    /* the hashtag row as read */
	struct hxl_row above;   /* the raw row above it (n == 0 when none) */
	char **malformed;       /* non-empty cells of the hashtag row that are not hashtags */
	int *malformed_col;     /* their 1-based columns */
	size_t n_malformed;
};

/* Opens `f` (named `name` in messages): guesses the delimiter, reads raw
 * rows until the hashtag row (at most 25) and parses its columns. A file with
 * no hashtag row is an error naming the file. The caller keeps `f` open and
 * calls hxl_close in every case. */
int hxl_open_or_err(struct hxl_reader *r, FILE *f, const char *name, int latin1, struct err *e);

/* The next raw row below the hashtag row in *row (owned by the reader, valid
 * until the next call). Returns 1, 0 at the end, -1 on malformed input. */
int hxl_next_or_err(struct hxl_reader *r, struct hxl_row **row);

void hxl_close(struct hxl_reader *r);

/* Parses one cell as a hashtag spec (#tag+attr+attr, spaces allowed around
 * '+' and at the ends, any case) into `c` (tag, attrs; header and spec
 * untouched). Returns 1, or 0 when the cell is not a hashtag. */
int hxl_parse_spec(const char *cell, struct hxl_column *c);

/* "#tag+a+b" into buf (empty for an untagged column). */
const char *hxl_display_tag(const struct hxl_column *c, char *buf, size_t size);

/* --kind, --sources and --encoding of `muster import --format hxl`. */
struct hxl_opts {
	const char *kind;       /* the kind of every row without a #meta+kind value, or NULL */
	const char *sources;    /* source refs for rows without a #meta+source value, or NULL */
	int latin1;
};

/* --encoding NAME: utf-8 (default, also when NULL) or latin1; in hxl_cli.c. */
int hxl_encoding_or_err(const char *name, int *latin1, struct err *e);

#endif
