/* places_page.h: the pages of the places questions (places_page.c) — places
 * by status with the map, incidents with their toll and where reports
 * disagree. Reached through the question table's page hook
 * (src/web/questions.c). */
#ifndef MUSTER_PLACES_PAGE_H
#define MUSTER_PLACES_PAGE_H

#include "../web/web.h"

void places_page_places(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void places_page_incidents(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

#endif
