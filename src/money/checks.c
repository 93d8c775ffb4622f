/* checks.c: money's disagreement checks, registered once for the conflicts
 * question (src/core/checks.h): FTS's own, and the funding and budget
 * answers asked on every day their records change. */
#include "../core/checks.h"
#include "money.h"

static json_t *ask_funding(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_funding(s, mission, day, "donor", NULL, 0, e);
}

static json_t *ask_budget(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_budget(s, mission, day, NULL, e);
}

const struct conflict_check money_checks[] = {
	{.area = "fts", .all = money_conflicts},
	{.area = "funding", .kinds = "funding budget", .ask = ask_funding},
	{.area = "budget", .kinds = "funding budget", .ask = ask_budget},
	{.area = NULL},
};
