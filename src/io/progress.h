/* progress.h: a progress line for long imports and exports, written to
 * stderr only when stderr is a terminal (never into a pipe, a file or a
 * test's captured output). */
#ifndef MUSTER_PROGRESS_H
#define MUSTER_PROGRESS_H

struct progress {
	int on;                 /* 1 when stderr is a terminal */
	const char *what;       /* "importing FILE", "exporting" */
	const char *unit;       /* what `done` counts: "rows", "records" */
	long long total;        /* units of `size` expected, or -1 when unknown */
	long long rows;         /* rows done, for the rate */
	double start, last;     /* seconds (monotonic) */
	double after;           /* seconds before the first line ($MUSTER_PROGRESS_AFTER, default 0.5) */
	int shown;              /* 1 once a line was printed */
};

/* Starts a progress line. `size` is how much work there is in the units
 * progress_update is given (bytes of a file, records of a log), -1 if unknown. */
void progress_start(struct progress *p, const char *what, const char *unit, long long size);
/* `rows` done so far, `at` of `size` (pass rows again when they are the
 * same unit). Prints at most ten times a second, after the first half second
 * (or $MUSTER_PROGRESS_AFTER seconds). */
void progress_update(struct progress *p, long long rows, long long at);
/* Replaces the line by `text` (e.g. a last step that counts nothing) when
 * the job has run long enough for a line to show. */
void progress_note(struct progress *p, const char *text);
/* Clears the line (if one was printed). */
void progress_end(struct progress *p);

#endif
