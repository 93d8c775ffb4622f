/* import.c: CSV (libcsv, a header row naming fields) and JSON lines (one
 * object per line, jansson) into normalised records appended to the store. */
#include "import.h"
#include "../core/grow.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/bulk.h"
#include "../core/record.h"
#include "../money/money.h"
#include "export.h"
#include "pipe.h"
#include "progress.h"

/* From this many bytes of input an import is a bulk transaction
 * (store_begin_bulk_or_err): about 12,000 rows of the project's CSV; as
 * many fewer as $MUSTER_BULK_ROWS says fewer rows (bulk.h). */
#define IMPORT_BULK_BYTES ((1L << 20) * bulk_defer_after() / BULK_DEFER_AFTER)

/* Starts a progress line for reading `f` (its size when it is a file). */
static void progress_file(struct progress *p, FILE *f, const char *name, char *what, size_t size)
{
	struct stat sb;
	snprintf(what, size, "importing %s", name);
	progress_start(p, what, "records", fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : -1);
}

/* A CSV or JSON-lines file being read on the reading thread (pipe.h). */
struct csv_state {
	struct pipe *pipe;
	FILE *f;
	const char *name;
	struct err *e;          /* the reading thread's own */
	long long rows;         /* passed on */
	char **header;
	size_t n_header;
	json_t *row;            /* fields of the row being read */
	size_t field;           /* index of the next field */
	long line;              /* physical line being fed */
	long row_line;          /* line the current row starts on */
	int failed;
	int header_done;
};

static int append_row(struct csv_state *c, json_t *in, long line)
{
	if (pipe_put(c->pipe, in, line, c->e) < 0)
		return -1;
	c->rows++;
	return 0;
}

static void csv_field(void *data, size_t len, void *ud)
{
	struct csv_state *c = ud;
	if (c->failed)
		return;
	if (!c->header_done) {
		/* still reading the header row */
		c->header = grow(c->header, c->n_header, sizeof *c->header);
		c->header[c->n_header] = strndup(data ? data : "", len);
		c->n_header++;
		return;
	}
	if (!c->row)
		c->row = json_object();
	/* A text cell export guarded against spreadsheets (export.h) comes back as it was. */
	size_t skip = data ? export_cell_unguard(data, len) : 0;
	if (c->field < c->n_header && len)
		json_object_set_new(c->row, c->header[c->field], json_stringn_nocheck((const char *)data + skip, len - skip));
	c->field++;
}

static void csv_row(int term, void *ud)
{
	(void)term;
	struct csv_state *c = ud;
	long line = c->row_line;
	c->row_line = c->line + 1;
	if (c->failed)
		return;
	if (!c->header_done) {
		c->header_done = 1;
		const char *seen[256];
		for (size_t i = 0; i < c->n_header; i++) {
			if (!*c->header[i]) {
				err_set(c->e, "%s:%ld: column %zu of the header is empty (every column needs a "
					"field name)", c->name, line, i + 1);
				c->failed = 1;
				return;
			}
			if (!utf8_valid(c->header[i])) {
				err_set(c->e, "%s:%ld: column %zu of the header is not valid UTF-8 (save the file "
					"as UTF-8)", c->name, line, i + 1);
				c->failed = 1;
				return;
			}
			for (size_t j = 0; j < i && j < 256; j++)
				if (!strcmp(seen[j], c->header[i])) {
					err_set(c->e, "%s:%ld: field \"%s\" appears twice in the header (columns "
						"%zu and %zu); rename or remove one", c->name, line, c->header[i], j + 1, i + 1);
					c->failed = 1;
					return;
				}
			if (i < 256)
				seen[i] = c->header[i];
		}
		return;
	}
	size_t nf = c->field;
	c->field = 0;
	json_t *row = c->row;
	c->row = NULL;
	if (nf == 1 && (!row || json_object_size(row) == 0)) {
		json_decref(row);
		return; /* a blank line */
	}
	if (nf != c->n_header) {
		err_set(c->e, "%s:%ld: %zu fields, but the header has %zu (check for an unquoted comma, or "
			"quote the field)", c->name, line, nf, c->n_header);
		c->failed = 1;
		json_decref(row);
		return;
	}
	if (!row)
		row = json_object();
	if (append_row(c, row, line) < 0)
		c->failed = 1;
	json_decref(row);
}

static int csv_read(void *ud, struct pipe *pp, struct err *e)
{
	struct csv_state c = *(struct csv_state *)ud;
	c.pipe = pp;
	c.e = e;
	FILE *f = c.f;
	const char *name = c.name;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return err_set_code(e, E_INTERNAL, "out of memory");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long long bytes = 0;
	struct progress pr;
	char what[300];
	progress_file(&pr, f, name, what, sizeof what);
	/* Feed one physical line at a time so that errors can name the line. */
	while (!c.failed && (len = getline(&buf, &cap, f)) > 0) {
		c.line++;
		bytes += len;
		progress_update(&pr, c.rows, bytes);
		if (c.line == 1 && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			memmove(buf, buf + 3, (size_t)len - 3);
			len -= 3;
		}
		if (csv_parse(&p, buf, (size_t)len, csv_field, csv_row, &c) != (size_t)len) {
			err_set(e, "%s:%ld: malformed CSV (%s): a quote inside a quoted field must be doubled (\"\")",
				name, c.line, csv_strerror(csv_error(&p)));
			c.failed = 1;
		}
	}
	if (!c.failed && csv_fini(&p, csv_field, csv_row, &c) != 0) {
		err_set(e, "%s:%ld: the file ends inside a quoted field (close the quote)", name, c.row_line);
		c.failed = 1;
	}
	progress_end(&pr);
	if (!c.failed && c.line == 0) {
		err_set(e, "%s: the file is empty (a CSV file starts with a header row naming the fields)", name);
		c.failed = 1;
	}
	if (ferror(f) && !c.failed) {
		err_set(e, "%s: read error: %s", name, strerror(errno));
		c.failed = 1;
	}
	free(buf);
	json_decref(c.row);
	for (size_t i = 0; i < c.n_header; i++)
		free(c.header[i]);
	free(c.header);
	csv_free(&p);
	return c.failed ? -1 : 0;
}

static int import_csv(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e)
{
	struct csv_state c = {.f = f, .name = name, .line = 0, .row_line = 1};
	return pipe_run_or_err(s, name, csv_read, &c, &st->records, e);
}

static int jsonl_read(void *ud, struct pipe *pp, struct err *e)
{
	struct csv_state c = *(struct csv_state *)ud;
	c.pipe = pp;
	c.e = e;
	FILE *f = c.f;
	const char *name = c.name;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	int rc = 0;
	long long bytes = 0;
	struct progress pr;
	char what[300];
	progress_file(&pr, f, name, what, sizeof what);
	while ((len = getline(&buf, &cap, f)) > 0) {
		line++;
		bytes += len;
		progress_update(&pr, c.rows, bytes);
		size_t i = 0;
		while (i < (size_t)len && strchr(" \t\r\n", buf[i]))
			i++;
		if (i == (size_t)len)
			continue;
		json_error_t je;
		json_t *obj = json_loadb(buf, (size_t)len, JSON_REJECT_DUPLICATES, &je);
		if (!obj) {
			rc = err_set(e, "%s:%ld: not a complete JSON object (%s); each line holds one whole "
				     "record as a JSON object", name, line, je.text);
			break;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			rc = err_set(e, "%s:%ld: not a JSON object; each line holds one record as a JSON object",
				     name, line);
			break;
		}
		rc = append_row(&c, obj, line);
		json_decref(obj);
		if (rc < 0)
			break;
	}
	progress_end(&pr);
	free(buf);
	return rc;
}

static int import_jsonl(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e)
{
	struct csv_state c = {.f = f, .name = name};
	return pipe_run_or_err(s, name, jsonl_read, &c, &st->records, e);
}

int import_format_or_err(const char *name, enum import_format *fmt, struct err *e)
{
	if (!name || !strcmp(name, "auto"))
		*fmt = IMPORT_AUTO;
	else if (!strcmp(name, "csv"))
		*fmt = IMPORT_CSV;
	else if (!strcmp(name, "jsonl"))
		*fmt = IMPORT_JSONL;
	else if (!strcmp(name, "un-contributions"))
		*fmt = IMPORT_UN_CONTRIB;
	else if (!strcmp(name, "fts"))
		*fmt = IMPORT_FTS;
	else if (!strcmp(name, "iati"))
		*fmt = IMPORT_IATI;
	else if (!strcmp(name, "hxl"))
		*fmt = IMPORT_HXL;
	else {
		/* akn and geojson have their own readers (records.c) but are formats too. */
		static const char *const names[] = {"csv", "jsonl", "un-contributions", "fts", "iati", "hxl", "akn",
						    "geojson"};
		const char *near = err_nearest(name, names, sizeof names / sizeof *names);
		return err_set(e, "--format %s: muster import reads csv, jsonl, un-contributions, fts, iati, hxl, akn "
			       "or geojson%s%s%s", name, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
	}
	return 0;
}

int import_stream_or_err(struct store *s, FILE *f, const char *name, enum import_format fmt,
			 struct import_stats *st, struct err *e)
{
	if (fmt == IMPORT_AUTO) {
		const char *dot = strrchr(name, '.');
		if (dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson") || !strcmp(dot, ".json")))
			fmt = IMPORT_JSONL;
		else if (dot && !strcmp(dot, ".csv"))
			fmt = IMPORT_CSV;
		else if (dot && !strcmp(dot, ".hxl"))
			fmt = IMPORT_HXL;
		else
			return err_set(e, "%s: cannot tell the format from the name; name it .csv or .jsonl, "
				       "or pass --format csv|jsonl", name);
	}
	if (fmt == IMPORT_UN_CONTRIB)
		return un_contrib_import_or_err(s, f, name, st, e);
	if (fmt == IMPORT_IATI)
		return iati_import_or_err(s, f, name, st, e);
	if (fmt == IMPORT_FTS) {
		char *names[1] = {(char *)name};
		return fts_import_or_err(s, &f, names, 1, st, e);
	}
	if (fmt == IMPORT_HXL)
		return hxl_import_or_err(s, f, name, st, e);
	return fmt == IMPORT_CSV ? import_csv(s, f, name, st, e) : import_jsonl(s, f, name, st, e);
}

int import_files_or_err(struct store *s, char *const *paths, int n, enum import_format fmt,
			struct import_stats *st, struct err *e)
{
	/* Open every file first: a missing one changes nothing. */
	FILE **fs = calloc((size_t)n, sizeof *fs);
	for (int i = 0; i < n; i++) {
		fs[i] = !strcmp(paths[i], "-") ? stdin : fopen(paths[i], "r");
		if (!fs[i]) {
			err_set(e, "%s: cannot open: %s%s", paths[i], strerror(errno),
				errno == ENOENT ? " (check the path)" : "");
			for (int j = 0; j < i; j++)
				if (fs[j] != stdin)
					fclose(fs[j]);
			free(fs);
			return -1;
		}
	}
	/* A large import (by the size of its files, which can be read twice) is
	 * a bulk transaction. One that deferred its checks and failed is read
	 * again row by row, for the error the rows give one at a time. */
	long long bytes = 0;
	int regular = 1;
	for (int i = 0; i < n; i++) {
		struct stat sb;
		if (fstat(fileno(fs[i]), &sb) == 0 && S_ISREG(sb.st_mode))
			bytes += sb.st_size;
		else
			regular = 0;
	}
	int bulk = regular && bytes >= IMPORT_BULK_BYTES, rc;
	/* The commit of a long import takes seconds (indexes, running totals):
	 * say so rather than leave the line still. */
	struct progress fin;
	progress_start(&fin, "importing", "records", -1);
	for (int pass = 0;; pass++) {
		rc = bulk ? store_begin_bulk_or_err(s, pass == 0, e) : store_begin_or_err(s, e);
		if (rc == 0 && fmt == IMPORT_FTS) {
			/* The pages of one FTS search are read together: their totals are the search's. */
			char **names = calloc((size_t)n, sizeof *names);
			for (int i = 0; i < n; i++)
				names[i] = !strcmp(paths[i], "-") ? "<stdin>" : paths[i];
			rc = fts_import_or_err(s, fs, names, n, st, e);
			free(names);
		}
		for (int i = 0; rc == 0 && fmt != IMPORT_FTS && i < n; i++)
			rc = import_stream_or_err(s, fs[i], !strcmp(paths[i], "-") ? "<stdin>" : paths[i], fmt, st, e);
		if (rc < 0) {
			store_rollback(s);
		} else {
			progress_note(&fin, "writing the indexes and running totals");
			rc = store_commit_or_err(s, e);
			progress_end(&fin);
		}
		if (rc == 0 || !s->redo || pass > 0)
			break;
		/* Again from the start: what the first pass gathered goes. */
		struct import_stats in = {.mission = st->mission, .hxl = st->hxl};
		free(st->warnings);
		free(st->report);
		*st = in;
		for (int i = 0; i < n; i++) {
			rewind(fs[i]);
			clearerr(fs[i]);
		}
	}
	for (int i = 0; i < n; i++)
		if (fs[i] != stdin)
			fclose(fs[i]);
	free(fs);
	return rc;
}
