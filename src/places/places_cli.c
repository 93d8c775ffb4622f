/* places_cli.c: the places, incidents and import-geojson commands (and the
 * hidden test-pip), rendered as text; each help text sits beside its command.
 * The export command, geojson included, is in src/io/export_cli.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/date.h"
#include "places.h"

/* Options taken as --NAME VALUE (O_FIELDS): only those in `allowed` are valid. */
static int options_or_err(struct cli *c, const char *const *allowed, size_t n)
{
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v) {
		int ok = 0;
		for (size_t i = 0; i < n; i++)
			ok |= !strcmp(allowed[i], key);
		if (ok)
			continue;
		const char *near = err_nearest(key, allowed, n);
		if (near)
			return err_usage(&c->e, "unknown option --%s (did you mean --%s?)", key, near);
		return err_usage(&c->e, "unknown option --%s (see muster %s --help)", key,
			       c->cmd->name);
	}
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (see muster %s --help)",
			       c->args[0], c->cmd->name);
	return 0;
}

static const char *opt(struct cli *c, const char *name)
{
	return json_string_value(json_object_get(c->fields, name));
}

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void places_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer");
	fprintf(out, "Places of %s on %s: %lld, %lld with a sourced point, %lld without\n\n", str(doc, "mission"),
		str(doc, "as_of"), (long long)json_integer_value(json_object_get(a, "places")),
		(long long)json_integer_value(json_object_get(a, "with_point")),
		(long long)json_integer_value(json_object_get(a, "without_point")));
	fprintf(out, "%-22s %-30s %-32s %-22s %s\n", "Ref", "Name", "Status", "Point", "Commune / section");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char status[64] = "none reported", point[48] = "no sourced point", area[128] = "", src[512];
		const json_t *st = json_object_get(r, "status");
		if (json_is_object(st))
			snprintf(status, sizeof status, "%s %s", str(st, "status"), str(st, "date"));
		if (json_is_true(json_object_get(r, "has_point")))
			snprintf(point, sizeof point, "%s, %s", str(r, "lat"), str(r, "lon"));
		const json_t *ar = json_object_get(r, "areas");
		const json_t *com = json_object_get(ar, "commune"), *sec = json_object_get(ar, "section");
		if (json_is_object(com))
			snprintf(area, sizeof area, "%s %s / %s", str(com, "pcode"), str(com, "name"), str(sec, "pcode"));
		char c1[96], c2[128];
		fprintf(out, "%s %s %-32s %-22s %s\n", cli_cell(str(r, "ref"), 22, c1, sizeof c1),
			cli_cell(str(r, "name"), 30, c2, sizeof c2), status, point, area);
		json_t *srcs = json_array();
		json_array_extend(srcs, json_object_get(r, "sources"));
		size_t j, k;
		json_t *x, *y;
		json_array_foreach(json_object_get(st, "sources"), j, x) {
			int dup = 0;
			json_array_foreach(srcs, k, y)
				dup |= json_equal(x, y);
			if (!dup)
				json_array_append(srcs, x);
		}
		fprintf(out, "%-22s sources: %s\n", "", cli_join(srcs, src, sizeof src));
		json_decref(srcs);
	}
}

static int run_places(struct cli *c)
{
	static const char *const allowed[] = {"status", "place"};
	struct store s;
	int day;
	if (options_or_err(c, allowed, 2) < 0 || cli_day_or_err(c, &day) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_places(&s, cli_mission(c), day, opt(c, "status"), opt(c, "place"), &c->e);
	int rc = doc ? cli_print_answer(c, doc, places_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_places = {
	.name = "places",
	.run = run_places,
	.summary = "places with their status on a date, their areas and sources",
	.usage = "muster places [--as-of DATE] [--status STATUS] [--place NAME] [--mission M] [--json]",
	.help =
	"Lists every place of the mission with its latest status on DATE (default today), its\n"
	"point when a source gives one (places without one are listed as such, never given\n"
	"invented coordinates), its department, commune and communal section found by\n"
	"point-in-polygon on the CNIGS/OCHA boundaries, and the sources of each.\n\n"
	"Options:\n"
	"  --as-of DATE     the day (YYYY-MM-DD); default today\n"
	"  --status STATUS  only places with this status on that day: under_gang_control,\n"
	"                   contested, operations_under_way, secured, reopened, closed\n"
	"  --place NAME     only this place, by ref, name or any alias (case and accents ignored)\n"
	"  --mission M      the mission (default MSS-HTI)\n"
	"  --json           print the answer document\n\n"
	"Example:\n  muster places --as-of 2024-11-19 --status operations_under_way\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_FIELDS,
};

static void incidents_text(FILE *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "answer"), *f = json_object_get(a, "fatalities");
	fprintf(out, "Incidents of %s reported by %s: %lld events from %lld reports", str(doc, "mission"),
		str(doc, "as_of"), (long long)json_integer_value(json_object_get(a, "events")),
		(long long)json_integer_value(json_object_get(a, "reports")));
	if (json_is_integer(json_object_get(f, "best")))
		fprintf(out, ", %lld deaths (best estimates)", (long long)json_integer_value(json_object_get(f, "best")));
	fprintf(out, "\n\n%-10s %-26s %-22s %-28s %6s  %s\n", "Date", "Place", "Kind", "Event", "Deaths", "Sources");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "rows"), i, r) {
		char deaths[32] = "-", src[512], ev[64];
		json_t *fb = json_object_get(r, "fatalities_best");
		if (json_is_integer(fb))
			snprintf(deaths, sizeof deaths, "%lld", (long long)json_integer_value(fb));
		snprintf(ev, sizeof ev, "%s%s", str(r, "event"), json_is_true(json_object_get(r, "used")) ? "" : " (not used)");
		char c1[112], c2[96], c3[120];
		fprintf(out, "%-10s %s %s %s %6s  %s\n", str(r, "date"),
			cli_cell(*str(r, "place_name") ? str(r, "place_name") : str(r, "place"), 26, c1, sizeof c1),
			cli_cell(str(r, "incident_kind"), 22, c2, sizeof c2), cli_cell(ev, 28, c3, sizeof c3),
			deaths, cli_join(json_object_get(r, "sources"), src, sizeof src));
	}
}

static int day_opt_or_err(struct cli *c, const char *name, int *day)
{
	const char *v = opt(c, name);
	*day = 0;
	if (v && day_parse_or_err(v, day, &c->e) < 0) {
		err_prefix(&c->e, "--%s", name);
		return -1;
	}
	return 0;
}

static int run_incidents(struct cli *c)
{
	static const char *const allowed[] = {"from", "to", "place"};
	struct store s;
	int day, from, to;
	if (options_or_err(c, allowed, 3) < 0 || cli_day_or_err(c, &day) < 0 ||
	    day_opt_or_err(c, "from", &from) < 0 || day_opt_or_err(c, "to", &to) < 0 ||
	    cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_incidents(&s, cli_mission(c), day, from, to, opt(c, "place"), &c->e);
	int rc = doc ? cli_print_answer(c, doc, incidents_text) : -1;
	store_close(&s);
	return rc;
}

const struct command command_incidents = {
	.name = "incidents",
	.run = run_incidents,
	.summary = "incidents with deaths and injuries, and where reports disagree",
	.usage = "muster incidents [--from DATE] [--to DATE] [--place NAME] [--as-of DATE] [--json]",
	.help =
	"Lists the incidents reported by DATE (default today) with deaths and injuries as low,\n"
	"best and high. Reports of the same event that differ (on the place, the date, the\n"
	"figures or the names) are all shown, one marked used, and each difference is listed\n"
	"under Disagreements with its sources.\n\n"
	"Options:\n"
	"  --from DATE    only incidents on or after this day\n"
	"  --to DATE      only incidents on or before this day\n"
	"  --place NAME   only incidents at this place (ref, name or alias; accents ignored)\n"
	"  --as-of DATE   what was reported by this day (default today)\n"
	"  --mission M    the mission (default MSS-HTI)\n"
	"  --json         print the answer document\n\n"
	"Example:\n  muster incidents --from 2025-01-01 --place \"Pont Sonde\"\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_FIELDS,
};

static int run_import_geojson(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "give one FILE (muster import-geojson places.geojson)");
	struct store s;
	long long n = 0;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	if (store_begin_or_err(&s, &c->e) < 0 || geojson_import_or_err(&s, c->args[0], &n, &c->e) < 0 ||
	    store_commit_or_err(&s, &c->e) < 0) {
		store_rollback(&s);
		store_close(&s);
		return -1;
	}
	store_close(&s);
	fprintf(c->out, "imported %lld records from %s\n", n, c->args[0]);
	return 0;
}

const struct command command_import_geojson = {
	.name = "import-geojson",
	.run = run_import_geojson,
	.summary = "read places (and their statuses) from a GeoJSON file",
	.usage = "muster import-geojson FILE",
	.help =
	"Reads a FeatureCollection of Point features, as muster export writes it: each\n"
	"feature becomes a place record (properties ref, name, aliases, place_type, precision,\n"
	"country, note, sources) with its coordinates as exact decimal text, and, when it has\n"
	"status, status_date and status_sources, a place_status record. The sources must\n"
	"already be in the database. All or nothing: one bad feature changes nothing.\n\n"
	"Example:\n  muster import-geojson places.geojson\n",
	.opts = 0,
};

static int run_test_pip(struct cli *c)
{
	if (c->n_args != 2)
		return err_usage(&c->e, "give LAT LON");
	struct store s;
	long long y, x;
	struct areas a;
	if (coord_parse_or_err("lat", c->args[0], &y, &c->e) < 0 || coord_parse_or_err("lon", c->args[1], &x, &c->e) < 0 ||
	    store_open_or_err(&s, ":memory:", STORE_WRITE | STORE_CREATE | STORE_MEMORY, &c->e) < 0)
		return -1;
	int rc = admin_locate_or_err(&s, y, x, &a, &c->e);
	if (rc == 0)
		fprintf(c->out, "%s %s %s\n", *a.pcode[0] ? a.pcode[0] : "-", *a.pcode[1] ? a.pcode[1] : "-",
			*a.pcode[2] ? a.pcode[2] : "-");
	store_close(&s);
	return rc;
}

const struct command command_test_pip = {
	.name = "test-pip",
	.run = run_test_pip,
	.summary = "print the department, commune and section of a point",
	.usage = "muster test-pip LAT LON",
	.help = "Prints the P-codes of the department, commune and section containing the point, or -.\n",
	.hidden = 1,
};
