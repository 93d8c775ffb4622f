/* progress.c: "importing x.csv: 120,000 rows, 45,000 rows/s, 3 s left" on
 * stderr, redrawn in place, only when stderr is a terminal. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *what, const char *unit, long long size)
{
	/* $MUSTER_PROGRESS_AFTER: seconds before the first line (default half a
	 * second); 0 shows it at once, which the terminal tests rely on. */
	const char *after = getenv("MUSTER_PROGRESS_AFTER");
	char *end;
	double a = after && *after ? strtod(after, &end) : 0.5;
	p->after = after && *after && !*end && a >= 0 ? a : 0.5;
	p->on = isatty(2);
	p->what = what;
	p->unit = unit;
	p->total = size;
	p->rows = 0;
	p->start = p->last = now_s();
	if (p->after == 0)
		p->last -= 1;   /* so that the first update draws */
	p->shown = 0;
}

void progress_update(struct progress *p, long long rows, long long at)
{
	if (!p->on)
		return;
	p->rows = rows;
	double t = now_s();
	/* Quick jobs print nothing; long ones redraw ten times a second. */
	if (t - p->start < p->after || t - p->last < 0.1)
		return;
	p->last = t;
	double el = t - p->start, rate = el > 0 ? (double)rows / el : 0;
	char left[48] = "";
	if (p->total > 0 && at > 0 && at <= p->total) {
		double rem = el * (double)(p->total - at) / (double)at;
		snprintf(left, sizeof left, ", %d%%, %.0f s left", (int)(100.0 * (double)at / (double)p->total), rem);
	}
	fprintf(stderr, "\r%s: %lld %s, %.0f %s/s%s\033[K", p->what, rows, p->unit, rate, p->unit, left);
	fflush(stderr);
	p->shown = 1;
}

void progress_note(struct progress *p, const char *text)
{
	if (!p->on || now_s() - p->start < p->after)
		return;
	fprintf(stderr, "\r%s: %s\033[K", p->what, text);
	fflush(stderr);
	p->shown = 1;
}

void progress_end(struct progress *p)
{
	if (p->on && p->shown) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
	}
	p->shown = 0;
}
