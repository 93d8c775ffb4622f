/* export.c: the log's public records as JSON lines (each stored body as it
 * is) or as one CSV holding every kind (the union of their fields as
 * columns, common fields first; sources joined with ';'), in log order. The
 * import normalises each field back to the type its kind gives it, so the
 * ids come back identical. */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
#include "progress.h"

/* The columns of a CSV export: the fields present in the records written. */
struct columns {
	char **name;
	size_t n;
};

static int col_has(const struct columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return 1;
	return 0;
}

static void col_add(struct columns *c, const char *name)
{
	if (col_has(c, name))
		return;
	c->name = realloc(c->name, (c->n + 1) * sizeof *c->name);
	c->name[c->n++] = strdup(name);
}

static void col_free(struct columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->name[i]);
	free(c->name);
}

void export_bind_filter(sqlite3_stmt *st, const struct export_filter *f)
{
	if (f && f->kind)
		sqlite3_bind_text(st, 1, f->kind, -1, SQLITE_STATIC);
	if (f && f->mission)
		sqlite3_bind_text(st, 2, f->mission, -1, SQLITE_STATIC);
}

int export_filter_check_or_err(const struct export_filter *f, struct err *e)
{
	if (!f || !f->kind || kind_find(f->kind))
		return 0;
	size_t nk;
	const struct kind *const *all = kind_all(&nk);
	const char *names[64];
	for (size_t i = 0; i < nk && i < 64; i++)
		names[i] = all[i]->name;
	const char *near = err_nearest(f->kind, names, nk < 64 ? nk : 64);
	return err_set(e, "--kind %s: not a kind of record%s%s%s", f->kind, near ? " (did you mean " : "",
		       near ? near : "", near ? "?)" : " (muster add --help lists them)");
}

/* Columns in a stable order: the common fields, then each kind's fields in
 * the order of the kind registry, keeping only those some record has. */
static int collect_columns(struct store *s, const struct export_filter *f, struct columns *cols,
			   struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT j.key FROM log, json_each(log.body) j WHERE " EXPORT_FILTER_SQL,
			       -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, EXIT_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	export_bind_filter(st, f);
	struct columns present = {0};
	while (sqlite3_step(st) == SQLITE_ROW)
		col_add(&present, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (const struct field *fl = record_common_fields(); fl->name; fl++)
		if (col_has(&present, fl->name))
			col_add(cols, fl->name);
	size_t nk;
	const struct kind *const *all = kind_all(&nk);
	for (size_t k = 0; k < nk; k++)
		for (const struct field *fl = all[k]->fields; fl->name; fl++)
			if (col_has(&present, fl->name))
				col_add(cols, fl->name);
	/* A field no kind declares cannot be in a stored body; keep it anyway. */
	for (size_t i = 0; i < present.n; i++)
		col_add(cols, present.name[i]);
	col_free(&present);
	return 0;
}

/* One CSV field, quoted when it holds a comma, quote, line break or an
 * edge space (RFC 4180). */
static void csv_put(FILE *out, const char *v)
{
	if (!strpbrk(v, ",\"\r\n") && v[0] != ' ' && (!*v || v[strlen(v) - 1] != ' ')) {
		fputs(v, out);
		return;
	}
	fputc('"', out);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

/* A body value as CSV text: strings as they are, integers in digits, arrays
 * (sources) joined with ';'. */
static void csv_value(FILE *out, const json_t *v)
{
	if (json_is_string(v)) {
		csv_put(out, json_string_value(v));
	} else if (json_is_integer(v)) {
		fprintf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_array(v)) {
		size_t len = 0, i;
		json_t *it;
		json_array_foreach(v, i, it)
			len += strlen(json_string_value(it) ? json_string_value(it) : "") + 1;
		char *buf = calloc(len + 1, 1);
		json_array_foreach(v, i, it) {
			if (i)
				strcat(buf, ";");
			strcat(buf, json_string_value(it) ? json_string_value(it) : "");
		}
		csv_put(out, buf);
		free(buf);
	} else if (v && !json_is_null(v)) {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		csv_put(out, t);
		free(t);
	}
}

static void csv_header(FILE *out, const struct columns *cols, int hxl)
{
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			fputc(',', out);
		csv_put(out, cols->name[i]);
	}
	fputs("\r\n", out);
	if (!hxl)
		return;
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			fputc(',', out);
		fputs(export_hxl_tag(cols->name[i]), out);
	}
	fputs("\r\n", out);
}

int export_records_or_err(struct store *s, FILE *out, enum export_format fmt,
			  const struct export_filter *f, long long *n, struct err *e)
{
	*n = 0;
	if (export_filter_check_or_err(f, e) < 0)
		return -1;
	struct columns cols = {0};
	if (fmt != EXPORT_JSONL) {
		if (collect_columns(s, f, &cols, e) < 0)
			return -1;
		csv_header(out, &cols, fmt == EXPORT_HXL);
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT seq, body FROM log WHERE " EXPORT_FILTER_SQL " ORDER BY seq", -1, &st, NULL)
	    != SQLITE_OK) {
		col_free(&cols);
		return err_set_code(e, EXIT_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	export_bind_filter(st, f);
	struct progress p;
	progress_start(&p, "exporting", "records", s->count);
	int rc = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *body = (const char *)sqlite3_column_text(st, 1);
		if (fmt == EXPORT_JSONL) {
			/* The stored body is canonical JSON on one line already. */
			fputs(body, out);
			fputc('\n', out);
		} else {
			json_t *rec = json_loads(body, 0, NULL);
			if (!rec) {
				rc = err_set_code(e, EXIT_INTERNAL, "%s: a log record is not JSON; run muster verify",
						  s->path);
				break;
			}
			for (size_t i = 0; i < cols.n; i++) {
				if (i)
					fputc(',', out);
				csv_value(out, json_object_get(rec, cols.name[i]));
			}
			fputs("\r\n", out);
			json_decref(rec);
		}
		(*n)++;
		progress_update(&p, *n, sqlite3_column_int64(st, 0));
	}
	progress_end(&p);
	sqlite3_finalize(st);
	col_free(&cols);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = err_set(e, "cannot write the export (disk full, or the reader went away)");
	return rc;
}
