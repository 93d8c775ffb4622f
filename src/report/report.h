/* report.h: the periodic report (issue 20, point 6) — one HTML document for
 * the oversight mechanism and the donors, built from the existing answers
 * and their page renderers, printed by `muster report` and served at /report. */
#ifndef MUSTER_REPORT_H
#define MUSTER_REPORT_H

#include <stdio.h>

#include "../web/web.h"

/* What /report takes: mission, from, to. */
extern const struct question report_question;

/* Checks the period of `q` (from and to both given, from not after to):
 * -1 with `e` set (exit 2) otherwise. */
int report_period_or_err(const struct qargs *q, struct err *e);
/* Writes the whole report for q's mission and period [from_day, to_day] (the
 * record read as of to_day, as q->role may see it) as one standalone HTML
 * document into `b`, in b's language. `head` is the record head named in
 * the footer (NULL: none); `pdf_href` (a URL, NULL: none) is linked under the
 * title as the same report in PDF, hidden when printed. Returns 0, or -1 with
 * `e` set when an answer fails. */
int report_write_or_err(struct buf *b, struct store *s, const struct qargs *q, const char *head,
			const char *pdf_href, struct err *e);
/* Lays the report's HTML `html` out as a PDF on A4 (report_pdf.c: cairo,
 * pango and librsvg, loaded on first use) with `header` (plain text; NULL:
 * the document's title) atop each page, written to `out`. -1 with `e` set when a library is missing
 * (naming its Debian package) or cairo fails. */
int report_pdf_or_err(const char *html, const char *header, FILE *out, struct err *e);
/* The /report page. */
int page_report(struct req *r);
/* /report.pdf: the same report, with the same parameters, as the PDF that
 * `muster report --format pdf` writes (application/pdf); errors as pages. */
int page_report_pdf(struct req *r);

#endif
