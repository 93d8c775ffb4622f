/* fts.h: what the FTS importer's files share (fts.c reads pages and flows,
 * fts_pages.c checks that the pages are one search and sets FTS's published
 * totals against the flows). Not for other features. */
#ifndef MUSTER_FTS_H
#define MUSTER_FTS_H

#include "money.h"

enum { FTS_B_IN, FTS_B_OUT, FTS_B_INTERNAL, FTS_N_BOUNDARY };
enum { FTS_S_PLEDGE, FTS_S_COMMITMENT, FTS_S_PAID, FTS_N_STATUS };
extern const char *const fts_boundary_name[FTS_N_BOUNDARY];

/* One file: one page of an FTS flow search. */
struct fts_page {
	const char *name;
	json_t *root;           /* owned */
	json_t *data;           /* data */
	json_t *flows;          /* data.flows */
	int has_summary;        /* data.incoming.fundingTotal is a number */
	long long count;        /* meta.count, or -1 */
	const char *next;       /* meta.nextLink, or NULL */
	char ref[65];           /* the source made from the file */
};

/* What the totals need of each flow read. */
struct fts_seen {
	char id[40], parent[40];
	int boundary, status, shared;
	long long usd;
};

/* Refuses pages that are not of one search: a field of FTS's summary
 * (meta.count, data.incoming/outgoing/internal flowCount, fundingTotal,
 * pledgeTotal) that differs between two pages, or is on one and not the
 * other. The message names both files, the field and both values. */
int fts_pages_same_search_or_err(const struct fts_page *pg, int n, struct err *e);
/* Refuses pages that hold more flows than meta.count (run after the flows are
 * read, so that a flow given twice is named first). */
int fts_pages_count_or_err(const struct fts_page *pg, int n, struct err *e);

/* FTS's summary of the search as one JSON text (sorted keys, no spaces):
 * {"count":N,"incoming":{…},"internal":{…},"outgoing":{…}}, kept verbatim on
 * the page's source so that answers can set it against the flows; NULL (to
 * free) when the page carries no summary. */
char *fts_page_summary(const struct fts_page *pg);

/* The import report: how the flows read count as FTS counts them, set against
 * FTS's published totals (to st->report; differences and missing pages to
 * st->warnings). */
void fts_pages_report(const struct fts_page *pg, int n, const struct fts_seen *flows, size_t n_flows, int revised,
		      struct import_stats *st);

#endif
