/* geojson.c: places as an RFC 7946 FeatureCollection (Point features in
 * [longitude, latitude], status and sources as properties; places without a
 * point counted in the foreign member "muster"), and reading such a file back
 * into place and place_status records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
#include "../io/progress.h"
#include "places.h"

static void copy(json_t *to, const char *key, const json_t *from, const char *fkey)
{
	json_t *v = json_object_get(from, fkey);
	json_object_set(to, key, v ? v : json_null());
}

json_t *geojson_from_places(const json_t *doc)
{
	json_t *fc = json_object(), *features = json_array(), *omitted = json_array();
	json_object_set_new(fc, "type", json_string("FeatureCollection"));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		const char *lat = json_string_value(json_object_get(r, "lat"));
		const char *lon = json_string_value(json_object_get(r, "lon"));
		if (!lat || !lon) {
			json_array_append(omitted, json_object_get(r, "ref"));
			continue;
		}
		json_t *f = json_object(), *g = json_object(), *p = json_object();
		json_object_set_new(f, "type", json_string("Feature"));
		json_object_set_new(g, "type", json_string("Point"));
		json_object_set_new(g, "coordinates", json_pack("[ff]", strtod(lon, NULL), strtod(lat, NULL)));
		json_object_set_new(f, "geometry", g);
		copy(p, "ref", r, "ref");
		copy(p, "name", r, "name");
		copy(p, "aliases", r, "aliases");
		copy(p, "place_type", r, "place_type");
		copy(p, "precision", r, "precision");
		copy(p, "record", r, "record");
		copy(p, "sources", r, "sources");
		json_t *st = json_object_get(r, "status");
		copy(p, "status", st, "status");
		copy(p, "status_date", st, "date");
		copy(p, "status_sources", st, "sources");
		copy(p, "status_record", st, "record");
		const char *levels[] = {"department", "commune", "section"};
		for (int k = 0; k < 3; k++) {
			char key[32];
			json_t *ar = json_object_get(json_object_get(r, "areas"), levels[k]);
			snprintf(key, sizeof key, "%s_pcode", levels[k]);
			copy(p, key, ar, "pcode");
			snprintf(key, sizeof key, "%s_name", levels[k]);
			copy(p, key, ar, "name");
		}
		json_object_set_new(f, "properties", p);
		json_array_append_new(features, f);
	}
	json_object_set_new(fc, "features", features);
	json_t *m = json_object();
	copy(m, "as_of", doc, "as_of");
	copy(m, "mission", doc, "mission");
	copy(m, "generated", doc, "generated");
	json_object_set_new(m, "features", json_integer((json_int_t)json_array_size(features)));
	json_object_set_new(m, "omitted_without_point", json_integer((json_int_t)json_array_size(omitted)));
	json_object_set_new(m, "omitted", omitted);
	json_object_set_new(m, "boundaries", json_string("Areas: CNIGS / OCHA COD-AB Haiti (2018-11-29)"));
	copy(m, "sources", doc, "sources");
	json_object_set_new(fc, "muster", m);
	return fc;
}

/* A JSON number as the shortest decimal text that reads back the same. */
static void number_text(const json_t *v, char buf[40])
{
	if (json_is_integer(v)) {
		snprintf(buf, 40, "%lld", (long long)json_integer_value(v));
		return;
	}
	double d = json_real_value(v);
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, 40, "%.*f", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

/* Copies property `key` (text, or an array of text joined with `sep`) into rec[field]. */
static void take(json_t *rec, const char *field, const json_t *props, const char *key, const char *sep)
{
	json_t *v = json_object_get(props, key);
	if (json_is_string(v)) {
		json_object_set(rec, field, v);
	} else if (json_is_array(v) && !strcmp(sep, "array")) {
		json_object_set(rec, field, v);
	} else if (json_is_array(v)) {
		char buf[2048] = "";
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
			if (json_is_string(it))
				snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? sep : "",
					 json_string_value(it));
		json_object_set_new(rec, field, json_string(buf));
	}
}

static int append_or_err(struct store *s, json_t *in, long long *n, struct err *e)
{
	json_t *rec;
	char id[HASH_HEX];
	int rc = record_normalize_or_err(in, &rec, e);
	json_decref(in);
	if (rc < 0)
		return -1;
	rc = store_append_or_err(s, rec, id, e);
	json_decref(rec);
	if (rc == 0)
		(*n)++;
	return rc;
}

static int feature_or_err(struct store *s, const json_t *f, long long *n, struct err *e)
{
	json_t *g = json_object_get(f, "geometry"), *p = json_object_get(f, "properties");
	json_t *c = json_object_get(g, "coordinates");
	if (!json_is_object(f) || strcmp(json_string_value(json_object_get(f, "type")) ?: "", "Feature"))
		return err_set(e, "not a Feature (each element of \"features\" has \"type\": \"Feature\")");
	if (!json_is_object(g) || strcmp(json_string_value(json_object_get(g, "type")) ?: "", "Point") ||
	    json_array_size(c) != 2 || !json_is_number(json_array_get(c, 0)) || !json_is_number(json_array_get(c, 1)))
		return err_set(e, "geometry: only Point geometries with [longitude, latitude] can be read");
	if (!json_is_object(p))
		return err_set(e, "properties: missing (a place needs at least ref, name, precision and sources)");
	char lat[40], lon[40];
	number_text(json_array_get(c, 0), lon);
	number_text(json_array_get(c, 1), lat);
	json_t *in = json_object();
	json_object_set_new(in, "kind", json_string("place"));
	json_object_set_new(in, "lat", json_string(lat));
	json_object_set_new(in, "lon", json_string(lon));
	const char *keys[] = {"ref", "name", "place_type", "precision", "country", "note", "mission"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		take(in, keys[i], p, keys[i], "; ");
	take(in, "aliases", p, "aliases", "; ");
	take(in, "sources", p, "sources", "array");
	if (append_or_err(s, in, n, e) < 0)
		return -1;
	if (!json_is_string(json_object_get(p, "status")))
		return 0;
	in = json_object();
	json_object_set_new(in, "kind", json_string("place_status"));
	take(in, "place", p, "ref", "; ");
	take(in, "status", p, "status", "; ");
	take(in, "date", p, "status_date", "; ");
	take(in, "mission", p, "mission", "; ");
	take(in, "sources", p, "status_sources", "array");
	if (append_or_err(s, in, n, e) < 0) {
		err_prefix(e, "its status");
		return -1;
	}
	return 0;
}

int geojson_import_or_err(struct store *s, const char *path, long long *n, struct err *e)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je);
	*n = 0;
	if (!doc)
		return err_set(e, "%s:%d: not JSON: %s", path, je.line, je.text);
	json_t *features = json_object_get(doc, "features");
	if (strcmp(json_string_value(json_object_get(doc, "type")) ?: "", "FeatureCollection") ||
	    !json_is_array(features)) {
		json_decref(doc);
		return err_set(e, "%s: not a GeoJSON FeatureCollection (want {\"type\": \"FeatureCollection\", "
			       "\"features\": [...]})", path);
	}
	size_t i;
	json_t *f;
	struct progress p;
	char what[300];
	snprintf(what, sizeof what, "importing %s", path);
	progress_start(&p, what, "features", (long long)json_array_size(features));
	json_array_foreach(features, i, f) {
		if (feature_or_err(s, f, n, e) < 0) {
			const char *ref = json_string_value(json_object_get(json_object_get(f, "properties"), "ref"));
			err_prefix(e, "%s: feature %zu%s%s%s", path, i + 1, ref ? " (" : "", ref ? ref : "", ref ? ")" : "");
			progress_end(&p);
			json_decref(doc);
			return -1;
		}
		progress_update(&p, (long long)i + 1, (long long)i + 1);
	}
	progress_end(&p);
	json_decref(doc);
	return 0;
}
