/* places.h: the places feature — gazetteer records (place, place_status,
 * operation, incident), Haiti's administrative areas with point-in-polygon,
 * accent-insensitive name look-up, and the answers for places, incidents
 * and the GeoJSON export. */
#ifndef MUSTER_PLACES_H
#define MUSTER_PLACES_H

#include <jansson.h>

#include "../core/err.h"
#include "../core/store.h"

/* The statuses a place can have (NULL-terminated). */
extern const char *const place_status_choices[];

/* Haiti's bounding box, in degrees: a Haitian place outside it is an error. */
#define HAITI_LAT_MIN 18.0
#define HAITI_LAT_MAX 20.1
#define HAITI_LON_MIN (-74.5)
#define HAITI_LON_MAX (-71.6)

/* coord.c: a latitude or longitude as exact decimal text ("18.58", "-72.2925",
 * at most 7 decimals). Writes the value in units of 1e-7 degree. Returns -1
 * on bad text with a message naming the field and the fix. */
int coord_parse_or_err(const char *field, const char *text, long long *e7, struct err *e);
/* Checks a pair: both or neither present, ranges, swapped, inside Haiti when
 * `haitian`. */
int coord_check_pair_or_err(const char *lat, const char *lon, int haitian, struct err *e);

/* fold.c: a name folded for look-up: lower case, the accents of the Latin-1
 * range removed (Rivière -> riviere), apostrophes, hyphens and runs of space
 * made one space. Returns a string from malloc; the caller frees it. */
char *fold_name(const char *s);

/* admin.c: the reference table admin_area, filled from the embedded areas.txt
 * the first time it is needed (inside the caller's transaction). */
int admin_fill_or_err(struct store *s, struct err *e);
/* The next number of an encoded polyline ring, as areas.txt holds them;
 * NULL at the end of the ring or of the text (at `end`). */
const char *admin_next_int(const char *p, const char *end, long long *v);

struct areas {
	char pcode[3][16];      /* department, commune, section; "" when none */
	char name[3][96];       /* their French names */
};
/* Finds the department, commune and section containing the point (1e-7
 * degree) by bounding box then ray casting on the exact vertices. A level
 * whose polygons hold no point is left "". */
int admin_locate_or_err(struct store *s, long long lat_e7, long long lon_e7, struct areas *out, struct err *e);

/* admin_map.c: the departments' outlines for a map, simplified so that the
 * map stays small and neighbours keep one common border. */
#define ADMIN_N_DEPTS 10
struct dept_outline {
	char pcode[8];
	char name_en[48], name_fr[48], name_ht[48];    /* as areas.txt gives them */
	char *path;             /* SVG path data in map units (from malloc) */
	int label_x, label_y;   /* a point inside its largest part, for its name */
};
struct dept_map {
	int width, height;      /* in map units: the SVG viewBox */
	int n;
	struct dept_outline dept[ADMIN_N_DEPTS];
	size_t vertices_in, vertices_out;
	/* The projection (dept_map_point). */
	double k, coslat;
	int margin;
	long long lon0, lat1;   /* west and north edges, 1e-5 degree */
};
/* Fills `m` with the ten departments drawn `width` map units wide, every
 * border simplified to within `tolerance` map units (Douglas-Peucker).
 * Returns -1 when the embedded areas hold no department. Free with
 * dept_map_free. */
int dept_map_build(struct dept_map *m, int width, double tolerance);
void dept_map_free(struct dept_map *m);
/* The map position of a point given in 1e-7 degree. */
void dept_map_point(const struct dept_map *m, long long lat_e7, long long lon_e7, int *x, int *y);

/* lookup.c: the live place whose ref, name or alias folds to the same text as
 * `name`. Writes its ref (at most 64 chars). An unknown name is an error with
 * the nearest name ("did you mean …?"). */
int place_lookup_or_err(struct store *s, const char *name, char ref[65], struct err *e);
/* Checks that `ref` is the ref of a live place (for records that name one). */
int place_ref_check_or_err(struct store *s, const char *field, const char *ref, struct err *e);

/* The answers (places_answer.c, incidents_answer.c, geojson.c). `status` and
 * `place` filters may be NULL; days are yyyymmdd, 0 for no bound. Each returns
 * a finished answer document (caller decrefs) or NULL with the error set. */
json_t *answer_places(struct store *s, const char *mission, int as_of, const char *status,
		      const char *place, struct err *e);
json_t *answer_incidents(struct store *s, const char *mission, int as_of, int from, int to,
			 const char *place, struct err *e);
/* The RFC 7946 FeatureCollection of the places with coordinates (caller
 * decrefs), from the places answer. */
json_t *geojson_from_places(const json_t *places_doc);
/* Reads a FeatureCollection and appends its places (and their statuses) in the
 * caller's transaction. Writes how many records were appended. */
int geojson_import_or_err(struct store *s, const char *path, long long *n, struct err *e);

#endif
