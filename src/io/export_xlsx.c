/* export_xlsx.c: the public records as an XLSX workbook (libxlsxwriter,
 * loaded on first use): one sheet per answer asked for, one per kind of
 * record, and "sources". Cells are typed from each field's type: whole
 * numbers and amounts are numbers (an amount in its currency's decimals),
 * days and entry times are dates with a date format, everything else text;
 * month and year dates stay text ("2025-01") so that their precision shows. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/iso.h"
#include "../core/record.h"
#include "export.h"
#include "progress.h"
#include "xlsx_dl.h"

#define MAX_COLS 128
#define MAX_TEXT 32767          /* Excel's longest cell text */

struct sheet {
	const struct kind *k;
	char name[LXW_SHEETNAME_MAX + 1];
	lxw_worksheet *ws;
	const char *cols[MAX_COLS];
	const struct field *types[MAX_COLS];    /* NULL for a field no kind declares */
	size_t n_cols;
	lxw_row_t row;                          /* the next row to write */
	int part;                               /* 1, then 2… when a sheet fills up */
};

struct xw {
	lxw_workbook *wb;
	lxw_format *bold, *day, *stamp, *money[4];
	lxw_error err;                          /* the first write error */
	struct sheet *sheets;
	size_t n_sheets;
};

/* The records written: those the filter passes, and every public source. */
#define XLSX_SQL_WHERE "(" EXPORT_FILTER_SQL ") OR (json_extract(body, '$.kind') = 'source' AND " \
	"coalesce(json_extract(body, '$.visibility'), 'public') <> 'restricted')"

static void note(struct xw *x, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = rc;
}

static void put_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	if (strlen(s) <= MAX_TEXT) {
		note(x, worksheet_write_string(ws, r, c, s, fmt));
		return;
	}
	/* Cut on a character boundary and say so: a cell holds no more. */
	size_t n = MAX_TEXT - 8;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	char *t = malloc(n + 8);
	memcpy(t, s, n);
	memcpy(t + n, " [\xE2\x80\xA6]", 6);
	t[n + 6] = 0;
	note(x, worksheet_write_string(ws, r, c, t, fmt));
	free(t);
}

/* YYYY-MM-DD (and THH:MM:SSZ when `stamp`) into *dt. */
static int parse_day(const char *s, int stamp, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, se = 0, len = 0;
	memset(dt, 0, sizeof *dt);
	if (stamp ? sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &len) != 6
	    : sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &len) != 3)
		return 0;
	if (s[len] || (size_t)len != (stamp ? 20u : 10u) || y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	dt->year = y;
	dt->month = mo;
	dt->day = d;
	dt->hour = h;
	dt->min = mi;
	dt->sec = se;
	return 1;
}

/* A plain decimal ("10800000.00", "-72.29") that a double holds exactly
 * enough to show (at most 15 significant digits). */
static int plain_decimal(const char *s, double *v)
{
	const char *p = s;
	int digits = 0, lead = 1;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	for (int dot = 0; *p; p++) {
		if (*p == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return 0;
		if (*p != '0')
			lead = 0;
		if (!lead)
			digits++;
	}
	if (p[-1] == '.' || digits > 15)
		return 0;
	*v = strtod(s, NULL);
	return 1;
}

static void put_joined(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *arr, const char *sep)
{
	size_t len = 1, i;
	json_t *it;
	json_array_foreach(arr, i, it)
		len += (json_is_string(it) ? strlen(json_string_value(it)) : 24) + strlen(sep);
	char *buf = calloc(len, 1);
	json_array_foreach(arr, i, it) {
		size_t at = strlen(buf);
		if (json_is_string(it))
			snprintf(buf + at, len - at, "%s%s", i ? sep : "", json_string_value(it));
		else if (json_is_integer(it))
			snprintf(buf + at, len - at, "%s%lld", i ? sep : "", (long long)json_integer_value(it));
		else if (json_is_real(it))
			snprintf(buf + at, len - at, "%s%g", i ? sep : "", json_real_value(it));
	}
	put_text(x, ws, r, c, buf, NULL);
	free(buf);
}

/* One field of a record, typed by its field's type. */
static void put_field(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *name,
		      const struct field *f, const json_t *v, const json_t *rec)
{
	lxw_datetime dt;
	double d;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v)) {
		note(x, worksheet_write_number(ws, r, c, (double)json_integer_value(v), NULL));
		return;
	}
	if (json_is_array(v)) {
		put_joined(x, ws, r, c, v, ";");
		return;
	}
	if (!json_is_string(v)) {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		put_text(x, ws, r, c, t, NULL);
		free(t);
		return;
	}
	const char *s = json_string_value(v);
	if (f && f->type == FT_DATE && parse_day(s, 0, &dt)) {
		note(x, worksheet_write_datetime(ws, r, c, &dt, x->day));
	} else if (!strcmp(name, "entered_at") && parse_day(s, 1, &dt)) {
		note(x, worksheet_write_datetime(ws, r, c, &dt, x->stamp));
	} else if (!strcmp(name, "amount") && plain_decimal(s, &d)) {
		const char *cur = json_string_value(json_object_get(rec, "currency"));
		int minor = cur ? iso_currency_minor(cur) : -1;
		note(x, worksheet_write_number(ws, r, c, d, minor >= 0 && minor < 4 ? x->money[minor] : NULL));
	} else if ((!strcmp(name, "rate") || !strcmp(name, "lat") || !strcmp(name, "lon")) && plain_decimal(s, &d)) {
		note(x, worksheet_write_number(ws, r, c, d, NULL));
	} else {
		put_text(x, ws, r, c, s, NULL);
	}
}

/* Any JSON value of an answer: numbers, days, lists of scalars joined, the
 * rest as compact JSON text. */
static void put_json(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v)
{
	lxw_datetime dt;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v) || json_is_real(v)) {
		note(x, worksheet_write_number(ws, r, c, json_number_value(v), NULL));
	} else if (json_is_string(v)) {
		if (parse_day(json_string_value(v), 0, &dt))
			note(x, worksheet_write_datetime(ws, r, c, &dt, x->day));
		else
			put_text(x, ws, r, c, json_string_value(v), NULL);
	} else if (json_is_boolean(v)) {
		put_text(x, ws, r, c, json_is_true(v) ? "true" : "false", NULL);
	} else {
		int scalars = json_is_array(v);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
			scalars &= json_is_string(it) || json_is_number(it);
		if (scalars) {
			put_joined(x, ws, r, c, v, "; ");
		} else {
			char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			put_text(x, ws, r, c, t, NULL);
			free(t);
		}
	}
}

static lxw_worksheet *add_sheet(struct xw *x, const char *name, const char *const *cols, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		note(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(cols[i]) + 2;
		note(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w < 12 ? 12 : w > 40 ? 40 : (double)w, NULL));
		note(x, worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], x->bold));
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

static const struct field *field_of(const struct kind *k, const char *name)
{
	for (const struct field *f = record_common_fields(); f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	for (const struct field *f = k->fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* The sheets of the kinds present, with the fields their records have (the
 * common fields first, then the kind's own, in the registry's order). */
static int plan_sheets(struct store *s, struct xw *x, const struct export_filter *f, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT json_extract(body, '$.kind'), j.key FROM log, "
			       "json_each(log.body) j WHERE " XLSX_SQL_WHERE, -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	export_bind_filter(st, f);
	size_t nk;
	const struct kind *const *all = kind_all(&nk);
	char (*present)[MAX_COLS][32] = calloc(nk, sizeof *present);
	size_t *n_present = calloc(nk, sizeof *n_present);
	while (store_row(s, st)) {
		const char *kind = (const char *)sqlite3_column_text(st, 0), *key = (const char *)sqlite3_column_text(st, 1);
		for (size_t k = 0; kind && key && k < nk; k++)
			if (!strcmp(all[k]->name, kind) && n_present[k] < MAX_COLS)
				snprintf(present[k][n_present[k]++], 32, "%s", key);
	}
	sqlite3_finalize(st);
	/* Sources last: the kinds in the registry's order, then "sources". */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < nk; k++) {
			if (!n_present[k] || (pass == 0) != (strcmp(all[k]->name, "source") != 0))
				continue;
			struct sheet sh = {.k = all[k], .row = 1, .part = 1};
			snprintf(sh.name, sizeof sh.name, "%s", pass ? "sources" : all[k]->name);
			for (int common = 1; common >= 0; common--)
				for (const struct field *fl = common ? record_common_fields() : all[k]->fields; fl->name; fl++)
					for (size_t i = 0; i < n_present[k]; i++)
						if (!strcmp(present[k][i], fl->name) && sh.n_cols < MAX_COLS) {
							sh.cols[sh.n_cols] = fl->name;
							sh.types[sh.n_cols++] = fl;
						}
			x->sheets = realloc(x->sheets, (x->n_sheets + 1) * sizeof *x->sheets);
			x->sheets[x->n_sheets++] = sh;
		}
	free(present);
	free(n_present);
	return 0;
}

/* An answer's sheet: its rows (the union of their keys as columns), then a
 * blank row and its figures (question, date, each field of "answer"). */
static void answer_sheet(struct xw *x, const json_t *doc)
{
	const char *q = json_string_value(json_object_get(doc, "question"));
	char name[LXW_SHEETNAME_MAX + 1];
	snprintf(name, sizeof name, "%.22s (answer)", q ? q : "answer");
	const char *cols[MAX_COLS];
	size_t n = 0, i;
	json_t *row, *rows = json_object_get(doc, "rows");
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		json_object_foreach(row, key, v) {
			size_t k = 0;
			while (k < n && strcmp(cols[k], key))
				k++;
			if (k == n && n < MAX_COLS)
				cols[n++] = key;
		}
	}
	if (!n)
		cols[n++] = "(no rows)";
	lxw_worksheet *ws = add_sheet(x, name, cols, n);
	if (!ws)
		return;
	lxw_row_t r = 1;
	json_array_foreach(rows, i, row) {
		for (size_t k = 0; k < n; k++)
			put_json(x, ws, r, (lxw_col_t)k, json_object_get(row, cols[k]));
		r++;
	}
	r++;
	static const char *const frame[] = {"question", "as_of", "mission", "generated"};
	for (size_t k = 0; k < 4; k++) {
		json_t *v = json_object_get(doc, frame[k]);
		if (!v)
			continue;
		note(x, worksheet_write_string(ws, r, 0, frame[k], x->bold));
		put_json(x, ws, r++, 1, v);
	}
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(doc, "answer"), key, v) {
		note(x, worksheet_write_string(ws, r, 0, key, x->bold));
		put_json(x, ws, r++, 1, v);
	}
	note(x, worksheet_write_string(ws, r, 0, "disagreements", x->bold));
	note(x, worksheet_write_number(ws, r, 1, (double)json_array_size(json_object_get(doc, "disagreements")), NULL));
}

/* The sheet a record of `kind` goes on, starting a continuation sheet when
 * the current one is full. */
static struct sheet *sheet_for(struct xw *x, const char *kind)
{
	for (size_t i = 0; i < x->n_sheets; i++) {
		struct sheet *sh = &x->sheets[i];
		if (strcmp(sh->k->name, kind))
			continue;
		if (sh->row == LXW_ROW_MAX) {
			char name[LXW_SHEETNAME_MAX + 1];
			snprintf(name, sizeof name, "%.24s (%d)", sh->part == 1 ? sh->name : sh->k->name, sh->part + 1);
			sh->part++;
			sh->ws = add_sheet(x, name, sh->cols, sh->n_cols);
			sh->row = 1;
		}
		return sh;
	}
	return NULL;
}

static void workbook_setup(struct xw *x, struct store *s)
{
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->day = workbook_add_format(x->wb);
	format_set_num_format(x->day, "yyyy-mm-dd");
	x->stamp = workbook_add_format(x->wb);
	format_set_num_format(x->stamp, "yyyy-mm-dd hh:mm:ss");
	static const char *const money[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
	for (int i = 0; i < 4; i++) {
		x->money[i] = workbook_add_format(x->wb);
		format_set_num_format(x->money[i], money[i]);
	}
	/* The creation time is the store's clock ($MUSTER_NOW), so that the same
	 * record gives the same file. */
	struct tm tm = {0};
	lxw_doc_properties props = {.title = "Muster export", .author = "muster"};
	if (strptime(s->now, "%Y-%m-%dT%H:%M:%SZ", &tm))
		props.created = timegm(&tm);
	note(x, workbook_set_properties(x->wb, &props));
}

int export_xlsx_or_err(struct store *s, const char *path, const struct export_filter *f,
		       json_t *const *answers, size_t n_answers, long long *n, struct err *e)
{
	*n = 0;
	if (export_filter_check_or_err(f, e) < 0 || xlsx_load_or_err(e) < 0)
		return -1;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, "%s: cannot create the file beside it (check the folder exists and is writable)", path);
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);       /* as a file fopen creates, not mkstemp's 0600 */
	close(fd);
	struct xw x = {0};
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	x.wb = workbook_new_opt(tmp, &opt);
	if (!x.wb) {
		unlink(tmp);
		return err_set_code(e, E_INTERNAL, "%s: cannot start the workbook", path);
	}
	workbook_setup(&x, s);
	int rc = plan_sheets(s, &x, f, e);
	for (size_t i = 0; rc == 0 && i < n_answers; i++)
		answer_sheet(&x, answers[i]);
	for (size_t i = 0; rc == 0 && i < x.n_sheets; i++)
		x.sheets[i].ws = add_sheet(&x, x.sheets[i].name, x.sheets[i].cols, x.sheets[i].n_cols);
	sqlite3_stmt *st = NULL;
	if (rc == 0 && sqlite3_prepare_v2(s->db, "SELECT seq, body FROM log WHERE " XLSX_SQL_WHERE " ORDER BY seq", -1,
					  &st, NULL) != SQLITE_OK)
		rc = err_set_code(e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (rc == 0) {
		export_bind_filter(st, f);
		struct progress p;
		progress_start(&p, "exporting", "records", s->count);
		while (x.err == LXW_NO_ERROR && store_row(s, st)) {
			json_t *rec = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
			const char *kind = json_string_value(json_object_get(rec, "kind"));
			struct sheet *sh = kind ? sheet_for(&x, kind) : NULL;
			if (!sh || !sh->ws) {
				json_decref(rec);
				if (x.err == LXW_NO_ERROR)
					rc = err_set_code(e, E_INTERNAL, "%s: a log record is not JSON; run muster verify",
							  s->path);
				break;
			}
			for (size_t i = 0; i < sh->n_cols; i++)
				put_field(&x, sh->ws, sh->row, (lxw_col_t)i, sh->cols[i], field_of(sh->k, sh->cols[i]),
					  json_object_get(rec, sh->cols[i]), rec);
			sh->row++;
			json_decref(rec);
			(*n)++;
			progress_update(&p, *n, sqlite3_column_int64(st, 0));
		}
		progress_end(&p);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < x.n_sheets; i++)
		if (x.sheets[i].ws && x.sheets[i].row > 1)
			note(&x, worksheet_autofilter(x.sheets[i].ws, 0, 0, x.sheets[i].row - 1,
						      (lxw_col_t)(x.sheets[i].n_cols - 1)));
	lxw_error closed = workbook_close(x.wb);
	free(x.sheets);
	if (rc == 0 && x.err != LXW_NO_ERROR)
		rc = err_set_code(e, E_INTERNAL, "%s: cannot write the workbook: %s", path, lxw_strerror(x.err));
	if (rc == 0 && closed != LXW_NO_ERROR)
		rc = err_set(e, "%s: cannot write the workbook: %s (disk full, or the folder is not writable?)", path,
			     lxw_strerror(closed));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(e, "%s: cannot put the workbook in place (check the folder is writable)", path);
	if (rc < 0)
		unlink(tmp);
	return rc;
}
