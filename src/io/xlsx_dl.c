/* xlsx_dl.c: loading libxlsxwriter's functions into xlsx_api on first use. */
#define XLSX_DL_IMPL
#include "xlsx_dl.h"

#include <pthread.h>

#include "../core/dynlib.h"

struct xlsx_api xlsx_api;

static pthread_mutex_t xlsx_lock = PTHREAD_MUTEX_INITIALIZER;
static int xlsx_loaded;

int xlsx_load_or_err(struct err *e)
{
	const struct dynsym syms[] = {
		{"workbook_new_opt", (void **)&xlsx_api.workbook_new_opt},
		{"workbook_add_worksheet", (void **)&xlsx_api.workbook_add_worksheet},
		{"workbook_add_format", (void **)&xlsx_api.workbook_add_format},
		{"workbook_set_properties", (void **)&xlsx_api.workbook_set_properties},
		{"workbook_close", (void **)&xlsx_api.workbook_close},
		{"format_set_num_format", (void **)&xlsx_api.format_set_num_format},
		{"format_set_bold", (void **)&xlsx_api.format_set_bold},
		{"worksheet_write_string", (void **)&xlsx_api.worksheet_write_string},
		{"worksheet_write_number", (void **)&xlsx_api.worksheet_write_number},
		{"worksheet_write_datetime", (void **)&xlsx_api.worksheet_write_datetime},
		{"worksheet_set_column", (void **)&xlsx_api.worksheet_set_column},
		{"worksheet_freeze_panes", (void **)&xlsx_api.worksheet_freeze_panes},
		{"worksheet_autofilter", (void **)&xlsx_api.worksheet_autofilter},
		{"format_set_text_wrap", (void **)&xlsx_api.format_set_text_wrap},
		{"format_set_align", (void **)&xlsx_api.format_set_align},
		{"worksheet_write_boolean", (void **)&xlsx_api.worksheet_write_boolean},
		{"worksheet_repeat_rows", (void **)&xlsx_api.worksheet_repeat_rows},
		{"worksheet_print_area", (void **)&xlsx_api.worksheet_print_area},
		{"worksheet_set_landscape", (void **)&xlsx_api.worksheet_set_landscape},
		{"worksheet_set_paper", (void **)&xlsx_api.worksheet_set_paper},
		{"worksheet_fit_to_pages", (void **)&xlsx_api.worksheet_fit_to_pages},
		{"worksheet_set_footer", (void **)&xlsx_api.worksheet_set_footer},
		{"worksheet_set_margins", (void **)&xlsx_api.worksheet_set_margins},
		{"worksheet_set_row", (void **)&xlsx_api.worksheet_set_row},
		{"worksheet_repeat_columns", (void **)&xlsx_api.worksheet_repeat_columns},
		{"lxw_strerror", (void **)&xlsx_api.strerror},
		{NULL, NULL},
	};
	pthread_mutex_lock(&xlsx_lock);
	/* The library of the version the headers describe (LXW_SOVERSION). */
	int rc = xlsx_loaded ? 0 : dynlib_load_or_err("libxlsxwriter.so." LXW_SOVERSION, "libxlsxwriter" LXW_SOVERSION,
						       syms, e);
	if (rc == 0)
		xlsx_loaded = 1;
	pthread_mutex_unlock(&xlsx_lock);
	return rc;
}
