/* export.c: the log's public records as JSON lines (each stored body as it
 * is) or as one CSV holding every kind (the union of their fields as
 * columns, common fields first; sources joined with ';'), in log order. The
 * import normalises each field back to the type its kind gives it, so the
 * ids come back identical. */
#include "export.h"
#include "../core/grow.h"

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
	c->name = grow(c->name, c->n, sizeof *c->name);
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
	/* The keys of every body, read off the canonical text (a tenth of the
	 * time of SQLite's json_each, which parses each body). */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT body FROM pub_log WHERE " EXPORT_FILTER_SQL, -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	export_bind_filter(st, f);
	struct columns present = {0};
	char key[256];
	int rc = 0;
	while (rc == 0 && store_row(s, st)) {
		const char *p = (const char *)sqlite3_column_text(st, 0), *k, *v;
		size_t kl, vl;
		int r;
		while ((r = record_member_next(&p, &k, &kl, &v, &vl)) == 1) {
			if (kl >= sizeof key) {
				r = -1;
				break;
			}
			record_unescape(k, kl, key);
			col_add(&present, key);
		}
		if (r < 0)
			rc = err_set_code(e, E_INTERNAL, "%s: a log record is not canonical JSON; run muster verify",
					  s->path);
	}
	sqlite3_finalize(st);
	if (rc < 0) {
		col_free(&present);
		return -1;
	}
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

int export_cell_guarded(const char *v, size_t len)
{
	size_t i = 0;
	while (i < len && v[i] == '\'')
		i++;
	return i < len && strchr("=+-@\t\r", v[i]) != NULL;
}

size_t export_cell_unguard(const char *v, size_t len)
{
	return len > 1 && v[0] == '\'' && export_cell_guarded(v + 1, len - 1) ? 1 : 0;
}

/* One CSV field, quoted when it holds a comma, quote, line break or an
 * edge space (RFC 4180); with `guard`, a ' goes in front (export.h). */
static void csv_put(FILE *out, const char *v, int guard)
{
	if (!strpbrk(v, ",\"\r\n") && v[0] != ' ' && (!*v || v[strlen(v) - 1] != ' ')) {
		if (guard)
			fputc('\'', out);
		fputs(v, out);
		return;
	}
	fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

/* A body value, given as its canonical JSON text, as CSV text: strings
 * unescaped, numbers, true and false as written, null as nothing, arrays
 * (sources) joined with ';' (what is not a string in one counts as empty),
 * an object as its compact JSON. `buf` has room for vl + 1 bytes. */
static void csv_value(FILE *out, const char *v, size_t vl, char *buf)
{
	int text = *v == '"' || *v == '[';
	if (*v == '"') {
		record_unescape(v + 1, vl - 2, buf);
	} else if (*v == '[') {
		char *o = buf;
		const char *p = v + 1, *end = v + vl - 1;
		for (int first = 1; p < end; first = 0) {
			const char *q = record_value_end(p);  /* the element's end: a comma or the ']' */
			if (!first)
				*o++ = ';';
			if (*p == '"')
				o += record_unescape(p + 1, (size_t)(q - p) - 2, o);
			p = q + 1;
		}
		*o = 0;
	} else if (vl == 4 && !memcmp(v, "null", 4)) {
		return;
	} else {
		memcpy(buf, v, vl);
		buf[vl] = 0;
	}
	csv_put(out, buf, text && export_cell_guarded(buf, strlen(buf)));
}

static void csv_header(FILE *out, const struct columns *cols, int hxl)
{
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			fputc(',', out);
		csv_put(out, cols->name[i], 0);
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

/* The most members a body has (muster's kinds have a few dozen fields), and
 * the longest key with an escape that is read. */
#define MAX_MEMBERS 256
#define KEY_MAX 256

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
	if (sqlite3_prepare_v2(s->db, "SELECT seq, body FROM pub_log WHERE " EXPORT_FILTER_SQL " ORDER BY seq", -1, &st, NULL)
	    != SQLITE_OK) {
		col_free(&cols);
		return err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	export_bind_filter(st, f);
	struct progress p;
	progress_start(&p, "exporting", "records", s->count);
	int rc = 0;
	/* For CSV: each body's members, the columns' lengths, a value's text. */
	struct member {
		const char *k, *v;
		size_t kl, vl;
	} m[MAX_MEMBERS];
	size_t *col_len = calloc(cols.n + 1, sizeof *col_len);
	for (size_t i = 0; i < cols.n; i++)
		col_len[i] = strlen(cols.name[i]);
	char *buf = NULL, *keybuf = fmt == EXPORT_JSONL ? NULL : malloc(MAX_MEMBERS * KEY_MAX);
	size_t bufcap = 0;
	while (store_row(s, st)) {
		const char *body = (const char *)sqlite3_column_text(st, 1);
		if (fmt == EXPORT_JSONL) {
			/* The stored body is canonical JSON on one line already. */
			fputs(body, out);
			fputc('\n', out);
		} else {
			/* The members, read off the canonical text in key order;
			 * each column finds its own. */
			size_t nm = 0, blen = (size_t)sqlite3_column_bytes(st, 1) + 1;
			const char *bp = body;
			int r = 0;
			while (nm < MAX_MEMBERS &&
			       (r = record_member_next(&bp, &m[nm].k, &m[nm].kl, &m[nm].v, &m[nm].vl)) == 1)
				nm++;
			if (nm == MAX_MEMBERS || r < 0) {
				rc = err_set_code(e, E_INTERNAL, "%s: a log record is not canonical JSON; run "
						  "muster verify", s->path);
				break;
			}
			if (blen > bufcap) {
				bufcap = blen * 2;
				buf = realloc(buf, bufcap);
			}
			for (size_t j = 0; j < nm; j++)
				if (memchr(m[j].k, '\\', m[j].kl)) {
					/* A key with an escape (none of muster's fields has one). */
					char *u = keybuf + j * KEY_MAX;
					if (m[j].kl >= KEY_MAX) {
						m[j].kl = 0;
						continue;
					}
					m[j].kl = record_unescape(m[j].k, m[j].kl, u);
					m[j].k = u;
				}
			for (size_t i = 0; i < cols.n; i++) {
				if (i)
					fputc(',', out);
				for (size_t j = 0; j < nm; j++)
					if (m[j].kl == col_len[i] && !memcmp(m[j].k, cols.name[i], m[j].kl)) {
						csv_value(out, m[j].v, m[j].vl, buf);
						break;
					}
			}
			fputs("\r\n", out);
		}
		(*n)++;
		progress_update(&p, *n, sqlite3_column_int64(st, 0));
	}
	progress_end(&p);
	sqlite3_finalize(st);
	col_free(&cols);
	free(col_len);
	free(buf);
	free(keybuf);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = err_set(e, "cannot write the export (disk full, or the reader went away)");
	return rc;
}
