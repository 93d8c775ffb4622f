/* checks.c: force's disagreement checks, registered once for the conflicts
 * question (src/core/checks.h): its own cross-record check, and the strength
 * and pledges answers asked on every day their records change. */
#include "../core/checks.h"
#include "force.h"

static json_t *ask_strength(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_strength(s, mission, day, "country", e);
}

static json_t *ask_pledges(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_pledges(s, mission, day, e);
}

const struct conflict_check force_checks[] = {
	{.area = "force", .all = force_conflicts, .across = 1},
	{.area = "strength", .kinds = "strength target", .ask = ask_strength},
	{.area = "pledges", .kinds = "pledge", .ask = ask_pledges},
	{.area = NULL},
};
