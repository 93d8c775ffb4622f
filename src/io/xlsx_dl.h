/* xlsx_dl.h: libxlsxwriter, loaded on first use by the XLSX export
 * (xlsx_load_or_err), so that other commands start without it and the
 * OpenSSL and minizip libraries it pulls in. Include this instead of
 * xlsxwriter.h: the calls go through the table. */
#ifndef MUSTER_XLSX_DL_H
#define MUSTER_XLSX_DL_H

#include <xlsxwriter.h>

#include "../core/err.h"

struct xlsx_api {
	__typeof__(&workbook_new_opt) workbook_new_opt;
	__typeof__(&workbook_add_worksheet) workbook_add_worksheet;
	__typeof__(&workbook_add_format) workbook_add_format;
	__typeof__(&workbook_set_properties) workbook_set_properties;
	__typeof__(&workbook_close) workbook_close;
	__typeof__(&format_set_num_format) format_set_num_format;
	__typeof__(&format_set_bold) format_set_bold;
	__typeof__(&worksheet_write_string) worksheet_write_string;
	__typeof__(&worksheet_write_number) worksheet_write_number;
	__typeof__(&worksheet_write_datetime) worksheet_write_datetime;
	__typeof__(&worksheet_set_column) worksheet_set_column;
	__typeof__(&worksheet_freeze_panes) worksheet_freeze_panes;
	__typeof__(&worksheet_autofilter) worksheet_autofilter;
	__typeof__(&format_set_text_wrap) format_set_text_wrap;
	__typeof__(&format_set_align) format_set_align;
	__typeof__(&worksheet_write_boolean) worksheet_write_boolean;
	__typeof__(&worksheet_repeat_rows) worksheet_repeat_rows;
	__typeof__(&worksheet_print_area) worksheet_print_area;
	__typeof__(&worksheet_set_landscape) worksheet_set_landscape;
	__typeof__(&worksheet_set_paper) worksheet_set_paper;
	__typeof__(&worksheet_fit_to_pages) worksheet_fit_to_pages;
	__typeof__(&worksheet_set_footer) worksheet_set_footer;
	__typeof__(&worksheet_set_margins) worksheet_set_margins;
	__typeof__(&worksheet_set_row) worksheet_set_row;
	__typeof__(&worksheet_repeat_columns) worksheet_repeat_columns;
	__typeof__(&lxw_strerror) strerror;
};

/* Filled once by xlsx_load_or_err, read-only afterwards. */
extern struct xlsx_api xlsx_api;

int xlsx_load_or_err(struct err *e);

#ifndef XLSX_DL_IMPL
#define workbook_new_opt (xlsx_api.workbook_new_opt)
#define workbook_add_worksheet (xlsx_api.workbook_add_worksheet)
#define workbook_add_format (xlsx_api.workbook_add_format)
#define workbook_set_properties (xlsx_api.workbook_set_properties)
#define workbook_close (xlsx_api.workbook_close)
#define format_set_num_format (xlsx_api.format_set_num_format)
#define format_set_bold (xlsx_api.format_set_bold)
#define worksheet_write_string (xlsx_api.worksheet_write_string)
#define worksheet_write_number (xlsx_api.worksheet_write_number)
#define worksheet_write_datetime (xlsx_api.worksheet_write_datetime)
#define worksheet_set_column (xlsx_api.worksheet_set_column)
#define worksheet_freeze_panes (xlsx_api.worksheet_freeze_panes)
#define worksheet_autofilter (xlsx_api.worksheet_autofilter)
#define format_set_text_wrap (xlsx_api.format_set_text_wrap)
#define format_set_align (xlsx_api.format_set_align)
#define worksheet_write_boolean (xlsx_api.worksheet_write_boolean)
#define worksheet_repeat_rows (xlsx_api.worksheet_repeat_rows)
#define worksheet_print_area (xlsx_api.worksheet_print_area)
#define worksheet_set_landscape (xlsx_api.worksheet_set_landscape)
#define worksheet_set_paper (xlsx_api.worksheet_set_paper)
#define worksheet_fit_to_pages (xlsx_api.worksheet_fit_to_pages)
#define worksheet_set_footer (xlsx_api.worksheet_set_footer)
#define worksheet_set_margins (xlsx_api.worksheet_set_margins)
#define worksheet_set_row (xlsx_api.worksheet_set_row)
#define worksheet_repeat_columns (xlsx_api.worksheet_repeat_columns)
#define lxw_strerror (xlsx_api.strerror)
#endif

#endif
