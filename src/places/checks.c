/* checks.c: the places' disagreement checks, registered once for the
 * conflicts question (src/core/checks.h): the places and incidents answers
 * asked on every day their records change. */
#include "../core/checks.h"
#include "places.h"

static json_t *ask_places(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_places(s, mission, day, NULL, NULL, e);
}

static json_t *ask_incidents(struct store *s, const char *mission, int day, struct err *e)
{
	return answer_incidents(s, mission, day, 0, 0, NULL, e);
}

const struct conflict_check places_checks[] = {
	{.area = "places", .kinds = "place_status", .ask = ask_places},
	{.area = "incidents", .kinds = "incident", .ask = ask_incidents},
	{.area = NULL},
};
