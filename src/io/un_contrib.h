/* un_contrib.h: the state shared by the readers of the UN contributions
 * tables: the detail (un_contrib.c) and the published totals (un_totals.c). */
#ifndef MUSTER_UN_CONTRIB_H
#define MUSTER_UN_CONTRIB_H

#include <jansson.h>

#include "../core/store.h"
#include "import.h"

/* The detail's columns, in the table's order; C_ROW (the unnamed row number) may be absent. */
enum { C_DATE, C_NAME, C_ISO, C_MISSION, C_CELLS, N_COLS = C_CELLS + 15, C_ROW = N_COLS };

/* The layouts of the published-totals tables (un_totals.c). */
enum un_layout { UN_DETAIL, UN_TCC_MONTHLY, UN_TCC_MISSION, UN_PPP_MONTHLY, UN_PPP_MISSION };

/* The mission of a total over every mission (the system-wide figures, and a
 * country's figure summed over its missions): docs/formats.md. */
#define UN_ALL_MISSIONS "all"

struct seen {
	int day;
	char iso[4];            /* "" for a mission's or the system's total */
	char mission[24];
	char row[16];
	long line;
	long long total;
	int is_total;           /* 1: a published total, not a row of the detail */
};

struct uc {
	struct store *s;
	const char *name;
	struct err *e;
	struct import_stats *st;
	char ref[65];
	enum un_layout layout;
	int col[N_COLS + 1];            /* field index of each column, -1 when absent */
	int t_date, t_mission, t_total; /* the totals tables' columns, -1 when absent */
	char **f;                       /* fields of the row being read */
	size_t nf, cap;
	size_t n_header;
	int header_done, failed;
	long line, row_line;
	struct seen *rows;
	size_t n_rows;
	size_t *slot;                   /* hash of (day, country, mission): index into rows + 1, 0 empty */
	size_t n_slots;
	char *warn;                     /* warnings, one per line, from malloc */
	size_t warn_len;
	long long n_totals;             /* published totals read */
};

/* Normalises and appends `in` (taking it); counts it in st->records. */
int uc_append_or_err(struct uc *u, json_t *in);
/* The place of the current row in messages: file, line and the row number. */
void uc_place(struct uc *u, char *buf, size_t size);
/* The earlier row of the same contributor, mission and day, or NULL; and
 * noting a new one (the last of u->rows). */
const struct seen *uc_seen_find(const struct uc *u, int day, const char *iso, const char *mission);
void uc_seen_index(struct uc *u);
/* Checks a mission code (capital letters, digits, '-'); the error names `at` and `field`. */
int uc_mission_code_or_err(struct uc *u, const char *at, const char *field, const char *mission);
/* Appends a published total: `mission` (or UN_ALL_MISSIONS), `iso` ("" for
 * every contributor) on `date`, noted in u->rows; a second total of the same
 * scope and day is an error naming both lines. */
int uc_total_or_err(struct uc *u, const char *at, const char *date, int day, const char *mission, const char *iso,
		    long long n, const char *cite);

/* The rows of the detail (not the published totals), sorted by day and
 * contributor; *n gets how many. From malloc; the caller frees (un_complete.c). */
struct seen *uc_detail_rows(const struct uc *u, size_t *n);
/* The missions that earlier un-contributions imports marked complete (from
 * malloc, each string too; the caller frees). */
char **uc_known_missions(struct store *s, size_t *n);
/* Appends a complete marker for each day of the detail and each mission of
 * the file or of `known` (which it takes and frees). */
int uc_complete_markers_or_err(struct uc *u, char **known, size_t n_known);

/* 1 when the header in u->f is one of the published-totals tables (sets
 * u->layout and the t_ columns), 0 when it is not, -1 (with the error) when
 * it is one with a column missing. */
int un_totals_header_or_err(struct uc *u);
/* Reads one row of a published-totals table. */
int un_totals_row_or_err(struct uc *u);

#endif
