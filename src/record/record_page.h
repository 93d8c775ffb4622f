/* record_page.h: the pages of the record-wide questions (record_page.c) —
 * the disagreements and the sources. Reached through the question table's
 * page hook (src/web/questions.c). */
#ifndef MUSTER_RECORD_PAGE_H
#define MUSTER_RECORD_PAGE_H

#include "../web/web.h"

void record_page_conflicts(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void record_page_sources(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

#endif
