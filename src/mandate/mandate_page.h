/* mandate_page.h: the pages of the mandate questions (mandate_page.c,
 * promises_page.c, missions_page.c) — the resolutions as bands on a time axis, promises and
 * obligations grouped by status. Reached through the question table's page
 * hook (src/web/questions.c). */
#ifndef MUSTER_MANDATE_PAGE_H
#define MUSTER_MANDATE_PAGE_H

#include "../web/web.h"

void mandate_page_mandate(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void mandate_page_promises(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void mandate_page_missions(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void mandate_page_timeline(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void mandate_page_obligations(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

#endif
