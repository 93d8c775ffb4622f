/* suppress.c: small counts for readers of aggregates. A count under 5 of
 * complaints or vetting records could point at a person; it is shown as the
 * text "fewer than 5", and when it is the only small one of a breakdown, the
 * next smallest is hidden too, so that the total does not give it away. */
#include "oversight.h"

json_t *count_json(long long n, int exact)
{
	return exact || n >= SMALL_COUNT ? json_integer(n) : json_string(SMALL_TEXT);
}

void counts_set(json_t *obj, const char *const *keys, const long long *n, size_t k, int exact)
{
	size_t small = 0, other = k;
	for (size_t i = 0; i < k; i++)
		if (n[i] < SMALL_COUNT)
			small++;
		else if (other == k || n[i] < n[other])
			other = i;
	for (size_t i = 0; i < k; i++) {
		int hide = !exact && (n[i] < SMALL_COUNT || (small == 1 && i == other));
		json_object_set_new(obj, keys[i], hide ? json_string(SMALL_TEXT) : json_integer(n[i]));
	}
}
