/* export_xlsx.c: the public records as an XLSX workbook (libxlsxwriter,
 * loaded on first use): one sheet per answer asked for (xlsx_answer.c), one
 * per kind of record, and "sources". Cells are typed from each field's
 * type: whole numbers and amounts are numbers (an amount in its currency's
 * decimals), days and entry times are dates with a date format, everything
 * else text; month and year dates stay text ("2025-01") so that their
 * precision shows. Every sheet prints (xlsx_cells.c's page setup). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/figure.h"
#include "../core/iso.h"
#include "../core/grow.h"
#include "../core/record.h"
#include "export.h"
#include "progress.h"
#include "xlsx_write.h"

#define MAX_COLS XW_MAX_COLS
#define XLSX_RECORD_WRAP 18     /* a record sheet's widest column (characters) */

struct sheet {
	const struct kind *k;
	char name[LXW_SHEETNAME_MAX + 1];
	lxw_worksheet *ws;
	const char *cols[MAX_COLS];
	const struct field *types[MAX_COLS];    /* NULL for a field no kind declares */
	size_t n_cols;
	lxw_row_t row;                          /* the next row to write */
	int part;                               /* 1, then 2… when a sheet fills up */
	struct xw_widths wd;                    /* of the sheet being written */
};

/* The records written: those the filter passes, and every public source. */
#define XLSX_SQL_WHERE "(" EXPORT_FILTER_SQL ") OR json_extract(body, '$.kind') = 'source'"

/* One field of a record, typed by its field's type; the widths of `sh`'s
 * columns grow with it. */
static void put_field(struct xw *x, struct sheet *sh, lxw_row_t r, lxw_col_t c, const char *name,
		      const struct field *f, const json_t *v, const json_t *rec)
{
	lxw_worksheet *ws = sh->ws;
	lxw_datetime dt;
	double d;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v)) {
		xw_number(x, ws, r, c, (double)json_integer_value(v), NULL, 8, &sh->wd);
		return;
	}
	if (!json_is_string(v)) {
		/* Lists joined with ";" (as the CSV writes them); objects as words. */
		char *t = NULL;
		if (json_is_array(v)) {
			size_t i, len = 1;
			json_t *it;
			json_array_foreach(v, i, it)
				len += (json_is_string(it) ? strlen(json_string_value(it)) : 24) + 1;
			t = calloc(len, 1);
			json_array_foreach(v, i, it) {
				size_t at = strlen(t);
				if (json_is_string(it))
					snprintf(t + at, len - at, "%s%s", i ? ";" : "", json_string_value(it));
				else if (json_is_integer(it))
					snprintf(t + at, len - at, "%s%lld", i ? ";" : "", (long long)json_integer_value(it));
				else if (json_is_real(it))
					snprintf(t + at, len - at, "%s%g", i ? ";" : "", json_real_value(it));
			}
		} else {
			t = xw_words(v);
		}
		xw_text(x, ws, r, c, t, NULL, &sh->wd);
		free(t);
		return;
	}
	const char *s = json_string_value(v);
	if (f && f->type == FT_DATE && xw_parse_day(s, 0, &dt)) {
		xw_date(x, ws, r, c, &dt, x->day, 11, &sh->wd);
	} else if (!strcmp(name, "entered_at") && xw_parse_day(s, 1, &dt)) {
		xw_date(x, ws, r, c, &dt, x->stamp, 20, &sh->wd);
	} else if ((!strcmp(name, "amount") || !strcmp(name, "original_amount")) && xw_plain_decimal(s, &d)) {
		const char *cur = json_string_value(json_object_get(rec, !strcmp(name, "amount") ? "currency"
								       : "original_currency"));
		xw_number(x, ws, r, c, d, xw_money_format(x, cur, s), (double)strlen(s) * 1.3 + 1, &sh->wd);
	} else if ((!strcmp(name, "rate") || !strcmp(name, "lat") || !strcmp(name, "lon")) && xw_plain_decimal(s, &d)) {
		xw_number(x, ws, r, c, d, NULL, (double)strlen(s) + 1, &sh->wd);
	} else {
		xw_text(x, ws, r, c, s, NULL, &sh->wd);
	}
}

/* A record sheet with its header row. */
static lxw_worksheet *add_sheet(struct xw *x, struct sheet *sh, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		xw_note(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return NULL;
	}
	memset(&sh->wd, 0, sizeof sh->wd);
	/* A record sheet reads across, a record a row: its prose (sources,
	 * verbatim, notes) wraps in narrow columns so that the sheet prints one
	 * page wide, where pages side by side would split each record. */
	sh->wd.cap = XLSX_RECORD_WRAP;
	sh->wd.one_wide = 1;
	for (size_t i = 0; i < sh->n_cols; i++)
		xw_text(x, ws, 0, (lxw_col_t)i, sh->cols[i], x->bold, &sh->wd);
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

/* A record sheet is done: its filter and its page setup. */
static void finish_sheet(struct xw *x, struct sheet *sh)
{
	if (!sh->ws)
		return;
	if (sh->row > 1)
		xw_note(x, worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, (lxw_col_t)(sh->n_cols - 1)));
	xw_page_setup(x, sh->ws, sh->row - 1, &sh->wd);
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
	if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT json_extract(body, '$.kind'), j.key FROM pub_log, "
			       "json_each(pub_log.body) j WHERE " XLSX_SQL_WHERE, -1, &st, NULL) != SQLITE_OK)
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
			x->sheets = grow(x->sheets, x->n_sheets, sizeof *x->sheets);
			x->sheets[x->n_sheets++] = sh;
		}
	free(present);
	free(n_present);
	return 0;
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
			finish_sheet(x, sh);
			sh->ws = add_sheet(x, sh, name);
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
	for (int i = 0; i < 4; i++) {
		x->money[i] = workbook_add_format(x->wb);
		format_set_num_format(x->money[i], figure_number_format(i));
	}
	x->pct = workbook_add_format(x->wb);
	format_set_num_format(x->pct, "0.0##");
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	x->top = workbook_add_format(x->wb);
	/* A row made tall by wrapped text reads from its top. */
	lxw_format *all[] = {x->bold, x->day, x->stamp, x->money[0], x->money[1], x->money[2], x->money[3], x->pct,
			     x->wrap, x->top};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		format_set_align(all[i], LXW_ALIGN_VERTICAL_TOP);
	/* The creation time is the store's clock ($MUSTER_NOW), so that the same
	 * record gives the same file. */
	struct tm tm = {0};
	lxw_doc_properties props = {.title = "Muster export", .author = "muster"};
	if (strptime(s->now, "%Y-%m-%dT%H:%M:%SZ", &tm))
		props.created = timegm(&tm);
	xw_note(x, workbook_set_properties(x->wb, &props));
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
		xlsx_answer_sheet(&x, answers[i]);
	for (size_t i = 0; rc == 0 && i < x.n_sheets; i++)
		x.sheets[i].ws = add_sheet(&x, &x.sheets[i], x.sheets[i].name);
	sqlite3_stmt *st = NULL;
	if (rc == 0 && sqlite3_prepare_v2(s->db, "SELECT seq, body FROM pub_log WHERE " XLSX_SQL_WHERE " ORDER BY seq", -1,
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
				put_field(&x, sh, sh->row, (lxw_col_t)i, sh->cols[i], field_of(sh->k, sh->cols[i]),
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
		finish_sheet(&x, &x.sheets[i]);
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
