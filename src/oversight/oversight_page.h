/* oversight_page.h: the pages of the oversight questions (oversight_page.c)
 * — vetting coverage and complaints, as the public may see them, and each
 * record for the oversight role. Reached through the question table's page
 * hook (src/web/questions.c). */
#ifndef MUSTER_OVERSIGHT_PAGE_H
#define MUSTER_OVERSIGHT_PAGE_H

#include "../web/web.h"

void oversight_page_vetting(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void oversight_page_complaints(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

#endif
