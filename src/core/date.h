/* date.h: dates with a precision. A date is a day (2024-06-25), a month
 * (2025-01), a year (2025) or unknown, and covers the range of days [lo, hi].
 * Days are kept as integers yyyymmdd so that they compare with < and >. */
#ifndef MUSTER_DATE_H
#define MUSTER_DATE_H

#include "err.h"

enum date_prec { DATE_UNKNOWN = 0, DATE_YEAR = 1, DATE_MONTH = 2, DATE_DAY = 3 };

#define DATE_MIN 0          /* lo of an unknown date */
#define DATE_MAX 99991231   /* hi of an unknown date */

struct mdate {
	char text[11];          /* "2025-01-04", "2025-01", "2025" or "" */
	enum date_prec prec;
	int lo, hi;             /* yyyymmdd */
};

/* Parses `text` (may be NULL or "" for unknown). On a bad date writes a
 * message naming the value and the accepted forms, and returns -1. */
int date_parse_or_err(const char *text, struct mdate *d, struct err *e);

/* Parses a full day only (for --as-of and as-of dates). */
int day_parse_or_err(const char *text, int *yyyymmdd, struct err *e);

const char *date_prec_name(enum date_prec p);

/* Days from 1970-01-01 to the day yyyymmdd (proleptic Gregorian). */
long day_number(int yyyymmdd);
/* The day `n` days after 1970-01-01, as yyyymmdd. */
int day_from_number(long n);
/* Writes yyyymmdd as "YYYY-MM-DD" into buf (11 bytes). */
char *day_format(int yyyymmdd, char buf[11]);
/* Today in UTC, or the day given by $MUSTER_NOW (for reproducible tests). */
int day_today(void);
/* How many days old a figure may be before an answer flags it as stale:
 * $MUSTER_STALE_DAYS when set (a whole number of days, 1 to 36500), else 90.
 * A value that is not such a number is an error naming the setting. */
#define STALE_DAYS_DEFAULT 90
int stale_days_or_err(int *days, struct err *e);
/* Now as "YYYY-MM-DDTHH:MM:SSZ", from $MUSTER_NOW when set. */
void now_iso(char buf[21]);

#endif
