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
#define lxw_strerror (xlsx_api.strerror)
#endif

#endif
