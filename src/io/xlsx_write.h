/* xlsx_write.h: what the two writers of the XLSX workbook share (private to
 * src/io): the workbook and its formats, typed cells, column widths taken
 * from what is written, and each sheet's page setup. export_xlsx.c writes
 * the record sheets, xlsx_answer.c the answer sheets of --question. */
#ifndef MUSTER_XLSX_WRITE_H
#define MUSTER_XLSX_WRITE_H

#include <jansson.h>

#include "xlsx_dl.h"

#define XW_MAX_COLS 128
#define XW_WIDTH_MAX 50         /* wider text wraps in its column */

struct sheet;

struct xw {
	lxw_workbook *wb;
	lxw_format *bold, *day, *stamp, *money[4], *wrap, *pct;
	lxw_format *top;                        /* any other cell: at the top of a tall row */
	lxw_error err;                          /* the first write error */
	struct sheet *sheets;
	size_t n_sheets;
};

/* The widths a sheet's columns need (characters), grown by every cell, and
 * the height of the row being written, grown by its wrapped text. */
struct xw_widths {
	double w[XW_MAX_COLS];
	lxw_col_t n;                            /* columns used */
	lxw_row_t row;                          /* the row whose height is set */
	double height;                          /* its height in points; 0: default */
	double cap;                             /* the widest a column grows before its
						 * text wraps; 0: XW_WIDTH_MAX */
	int one_wide;                           /* print one page wide whatever the
						 * columns (a record sheet, read across) */
};

/* Keeps the first write error. */
void xw_note(struct xw *x, lxw_error rc);
/* Text into a cell, cut at Excel's limit; wrapped (x->wrap) when longer than
 * the column's cap (wd->cap, else XW_WIDTH_MAX) and `fmt` is NULL, its row then made tall enough for its
 * lines (a spreadsheet does not grow a row to its text on opening). Grows
 * `wd` (may be NULL). */
void xw_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt,
	     struct xw_widths *wd);
/* A number with `fmt` (NULL: general, x->top), `chars` wide on the page. */
void xw_number(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt, double chars,
	       struct xw_widths *wd);
/* A date or date and time with `fmt`, `chars` wide. */
void xw_date(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_datetime *dt, lxw_format *fmt,
	     double chars, struct xw_widths *wd);
/* YYYY-MM-DD (and THH:MM:SSZ when `stamp`) into *dt; 0 for another shape. */
int xw_parse_day(const char *s, int stamp, lxw_datetime *dt);
/* A plain decimal ("10800000.00", "-72.29") that a double holds exactly
 * enough to show (at most 15 significant digits), into *v. */
int xw_plain_decimal(const char *s, double *v);
/* The money format of `currency` (its minor units), or of the decimals the
 * text carries when the currency is unknown. */
lxw_format *xw_money_format(struct xw *x, const char *currency, const char *text);
/* A JSON value as words for one cell: scalars as they are, lists joined
 * with "; ", an object as "key value, key value". From malloc. */
char *xw_words(const json_t *v);
/* The page setup of a sheet whose cells fill rows 0..last_row and the
 * columns of `wd`: its print area, the header row repeated on every page
 * (and the first column when it is more than a page wide),
 * A4, landscape when wide, scaled to fit the width of one page (of more
 * only when one would shrink the text below about 60 %, and never for a
 * sheet marked one_wide, whose columns are narrower instead), the sheet's name and page numbers in the footer; and the
 * columns' widths. */
void xw_page_setup(struct xw *x, lxw_worksheet *ws, lxw_row_t last_row, const struct xw_widths *wd);

/* The sheet of an answer document (xlsx_answer.c): its rows, each nested
 * figure flattened into named columns ("figure.amount"), every figure typed;
 * under them the document's frame and its answer's fields, lists of objects
 * as tables of their own. */
void xlsx_answer_sheet(struct xw *x, const json_t *doc);

#endif
