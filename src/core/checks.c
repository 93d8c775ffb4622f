/* checks.c: the registry of disagreement checks (checks.h): one entry per
 * feature, its list defined in its own folder. */
#include "checks.h"

extern const struct conflict_check force_checks[], money_checks[], places_checks[], record_checks[];

static const struct conflict_check *const features[] = {force_checks, money_checks, places_checks, record_checks};

const struct conflict_check *const *conflict_checks_by_feature(size_t *n)
{
	*n = sizeof features / sizeof *features;
	return features;
}
