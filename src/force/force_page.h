/* force_page.h: the pages and charts of the force questions (force_page.c,
 * force_chart.c) — strength over time stacked by country against the pledged
 * total, the plan and the ceiling with the resolutions marked, and pledged
 * against deployed per country. Reached through the question table's page
 * hook (src/web/questions.c) and the dashboard. */
#ifndef MUSTER_FORCE_PAGE_H
#define MUSTER_FORCE_PAGE_H

#include "../web/web.h"

void force_page_strength(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void force_page_pledges(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

/* Strength of `mission` over time up to `day` (yyyymmdd): the strength
 * answer at the end of each month back to the first with a figure, and on
 * the day, as columns stacked by country (the six largest on the day, the
 * others as one), with the pledged total, the planned strength and the
 * ceiling as step lines and the resolutions that start within the range as
 * marks. Its title and desc say the figures in words; `table` adds the table
 * of the months where a figure changed (the dashboard leaves it out). */
void force_chart_strength(struct buf *b, struct store *s, const char *mission, int day, int table);

/* Pledged against deployed per country, from a pledges answer: two bars a
 * country that pledged or deployed someone, its figures in the desc. */
void force_chart_pledges(struct buf *b, const json_t *doc);

#endif
