/* coord.c: latitudes and longitudes as exact decimal text. A value is kept as
 * written and read into integers of 1e-7 degree (about 1 cm), so that
 * point-in-polygon never meets a rounding error. Checks ranges, a swapped
 * pair, and that a Haitian place lies inside Haiti's bounding box. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "places.h"

int coord_parse_or_err(const char *field, const char *text, long long *e7, struct err *e)
{
	const char *p = text;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	long long ip = 0, frac = 0;
	int n_int = 0, n_frac = 0;
	while (isdigit((unsigned char)*p) && n_int < 4) {
		ip = ip * 10 + (*p++ - '0');
		n_int++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (++n_frac > 7)
				return err_set(e, "field \"%s\": \"%s\" has more than 7 decimals (round it to 7, "
					       "about 1 cm)", field, text);
			frac = frac * 10 + (*p++ - '0');
		}
	}
	if (!n_int || *p || (p[-1] == '.'))
		return err_set(e, "field \"%s\": \"%s\" is not a decimal number of degrees (write e.g. "
			       "18.5435 or -72.3388: a point, no comma, no degree sign)", field, text);
	for (int i = n_frac; i < 7; i++)
		frac *= 10;
	*e7 = (ip * 10000000 + frac) * (neg ? -1 : 1);
	return 0;
}

int coord_check_pair_or_err(const char *lat, const char *lon, int haitian, struct err *e)
{
	if (!lat && !lon)
		return 0;
	if (!lat || !lon)
		return err_set(e, "field \"%s\": missing (give both lat and lon, or neither for a place "
			       "whose position is not known)", lat ? "lon" : "lat");
	long long y, x;
	if (coord_parse_or_err("lat", lat, &y, e) < 0 || coord_parse_or_err("lon", lon, &x, e) < 0)
		return -1;
	long long ymin = (long long)(HAITI_LAT_MIN * 1e7), ymax = (long long)(HAITI_LAT_MAX * 1e7);
	long long xmin = (long long)(HAITI_LON_MIN * 1e7), xmax = (long long)(HAITI_LON_MAX * 1e7);
	int in_haiti = y >= ymin && y <= ymax && x >= xmin && x <= xmax;
	int swapped = x >= ymin && x <= ymax && y >= xmin && y <= xmax;
	if (haitian && swapped)
		return err_set(e, "field \"lat\": %s with lon %s: latitude and longitude look swapped "
			       "(Haiti lies at latitude 18.0 to 20.1 and longitude -74.5 to -71.6; exchange "
			       "the two values)", lat, lon);
	if (y < -900000000 || y > 900000000)
		return err_set(e, "field \"lat\": %s is outside -90 to 90 (a latitude is north-south; "
			       "did you put the longitude there?)", lat);
	if (x < -1800000000 || x > 1800000000)
		return err_set(e, "field \"lon\": %s is outside -180 to 180", lon);
	if (haitian && !in_haiti)
		return err_set(e, "field \"lat\": %s, %s is outside Haiti (latitude 18.0 to 20.1, longitude "
			       "-74.5 to -71.6; check the sign of the longitude, which is west and so "
			       "negative, or set country for a place abroad)", lat, lon);
	return 0;
}
