/* money_page.h: the pages of the money questions (money_page.c,
 * money_chart.c) — funding by channel and stage with FTS's figures beside
 * Muster's, the budget against pledged and raised as a bar and in words, and
 * the trust fund over time against the budget. Reached through the question
 * table's page hook (src/web/questions.c) and the dashboard. */
#ifndef MUSTER_MONEY_PAGE_H
#define MUSTER_MONEY_PAGE_H

#include "../web/web.h"

/* The page hooks of /funding and /budget (struct question's `page`). */
void money_page_funding(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);
void money_page_budget(struct buf *b, struct store *s, const json_t *doc, const struct qargs *q);

/* A money figure of an answer ({amount, currency, qualifier, date, record,
 * sources, …}) as "about 120,000,000.00 USD (2024-07) sources", the date
 * linking its record. */
void money_page_figure(struct buf *b, const json_t *x);

/* The budget, pledged and raised of a budget answer's `answer` as one bar
 * (SVG) with its words under it; nothing when the answer has no budget and
 * no trust-fund figure. */
void money_budget_bar(struct buf *b, const json_t *answer);

/* The trust fund over time against the budget, for `mission` up to `day`
 * (yyyymmdd): the budget, pledged and raised answers at the end of each month
 * and on the day, as step lines, with a sentence and a table of the changes
 * as text alternatives. `table`: 0 on the dashboard (the sentence only).
 * Nothing when no month has a figure. */
void money_chart_trust_fund(struct buf *b, struct store *s, const char *mission, int day, int table);

#endif
