/* date.c: parsing and arithmetic for dates with precision. */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse_or_err(const char *text, struct mdate *d, struct err *e)
{
	memset(d, 0, sizeof *d);
	if (!text || !*text) {
		d->prec = DATE_UNKNOWN;
		d->lo = DATE_MIN;
		d->hi = DATE_MAX;
		return 0;
	}
	size_t len = strlen(text);
	int y = len >= 4 ? digits(text, 4) : -1, m = 0, day = 0;
	if (len == 4 && y >= 1) {
		d->prec = DATE_YEAR;
		d->lo = y * 10000 + 101;
		d->hi = y * 10000 + 1231;
	} else if (len == 7 && y >= 1 && text[4] == '-' &&
		   (m = digits(text + 5, 2)) >= 1 && m <= 12) {
		d->prec = DATE_MONTH;
		d->lo = y * 10000 + m * 100 + 1;
		d->hi = y * 10000 + m * 100 + days_in_month(y, m);
	} else if (len == 10 && y >= 1 && text[4] == '-' && text[7] == '-' &&
		   (m = digits(text + 5, 2)) >= 1 && m <= 12 &&
		   (day = digits(text + 8, 2)) >= 1) {
		if (day > days_in_month(y, m))
			return err_set(e, "\"%s\" is not a date: %04d-%02d has %d days "
				       "(write a real day, or the month %04d-%02d if the day is not known)",
				       text, y, m, days_in_month(y, m), y, m);
		d->prec = DATE_DAY;
		d->lo = d->hi = y * 10000 + m * 100 + day;
	} else if ((len == 7 || len == 10) && y >= 1 && text[4] == '-' && (m = digits(text + 5, 2)) >= 0 &&
		   (m < 1 || m > 12) && (len == 7 || (text[7] == '-' && digits(text + 8, 2) >= 0))) {
		return err_set(e, "\"%s\" is not a date: there is no month %d (months are 01 to 12)", text, m);
	} else if (len == 10 && y >= 1 && text[4] == '-' && text[7] == '-' && digits(text + 8, 2) == 0) {
		return err_set(e, "\"%s\" is not a date: there is no day 00 (days start at 01)", text);
	} else {
		return err_set(e, "\"%s\" is not a date (write YYYY-MM-DD, YYYY-MM or YYYY, "
			       "or leave it empty when unknown)", text);
	}
	snprintf(d->text, sizeof d->text, "%s", text);
	return 0;
}

int day_parse_or_err(const char *text, int *out, struct err *e)
{
	struct mdate d;
	if (date_parse_or_err(text, &d, e) < 0) {
		if (strstr(e->msg, "or leave it empty"))
			err_set(e, "\"%s\" is not a day (write YYYY-MM-DD, e.g. 2025-01-04)", text ? text : "");
		return -1;
	}
	if (d.prec != DATE_DAY)
		return err_set(e, "\"%s\" is not a day (write YYYY-MM-DD, e.g. 2025-01-04)",
			       text ? text : "");
	*out = d.lo;
	return 0;
}

const char *date_prec_name(enum date_prec p)
{
	switch (p) {
	case DATE_DAY: return "day";
	case DATE_MONTH: return "month";
	case DATE_YEAR: return "year";
	default: return "unknown";
	}
}

/* Howard Hinnant's civil-from-days algorithm, re-derived. */
long day_number(int ymd)
{
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int day_from_number(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

char *day_format(int ymd, char buf[11])
{
	snprintf(buf, 11, "%04d-%02d-%02d", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
	return buf;
}

void now_iso(char buf[21])
{
	const char *fixed = getenv("MUSTER_NOW");
	if (fixed && *fixed) {
		if (strlen(fixed) == 10)
			snprintf(buf, 21, "%sT00:00:00Z", fixed);
		else
			snprintf(buf, 21, "%.20s", fixed);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int day_today(void)
{
	char buf[21];
	now_iso(buf);
	int y = atoi(buf), m = atoi(buf + 5), d = atoi(buf + 8);
	return y * 10000 + m * 100 + d;
}

int stale_days_or_err(int *days, struct err *e)
{
	const char *v = getenv("MUSTER_STALE_DAYS");
	*days = STALE_DAYS_DEFAULT;
	if (!v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > 36500)
		return err_set(e, "MUSTER_STALE_DAYS=\"%.40s\": not a number of days (give a whole number from 1 to "
			       "36500, such as 90, or unset it for 90)", v);
	*days = (int)n;
	return 0;
}
