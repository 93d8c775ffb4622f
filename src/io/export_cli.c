/* export_cli.c: the export command. One command, one --format: csv, jsonl
 * and hxl write the public records (export.c); geojson writes the places
 * answer as a FeatureCollection (places/geojson.c owns that writer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../money/money.h"
#include "../places/places.h"
#include "export.h"

static int export_geojson(struct cli *c)
{
	struct store s;
	int day;
	if (cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = answer_places(&s, cli_mission(c), day, NULL, NULL, &c->e);
	store_close(&s);
	if (!doc)
		return -1;
	json_t *fc = geojson_from_places(doc);
	json_decref(doc);
	/* 15 significant digits give back the decimal text of every coordinate (at most 7 decimals). */
	char *text = json_dumps(fc, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
	fprintf(c->out, "%s\n", text);
	free(text);
	json_decref(fc);
	return 0;
}

static int export_records(struct cli *c, enum export_format fmt)
{
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v)
		if (strcmp(key, "kind")) {
			static const char *const known[] = {"kind"};
			const char *near = err_nearest(key, known, 1);
			return err_set(&c->e, "muster export: unknown option --%s%s", key,
				       near ? " (did you mean --kind?)" : " (see muster export --help)");
		}
	if (c->as_of)
		return err_set(&c->e, "muster export: --as-of is for --format geojson; csv, jsonl and hxl write "
			       "every record, whatever its date");
	struct export_filter f = {
		.kind = json_string_value(json_object_get(c->fields, "kind")),
		.mission = c->mission && *c->mission ? c->mission : NULL,
	};
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	long long n;
	int rc = export_records_or_err(&s, c->out, fmt, &f, &n, &c->e);
	store_close(&s);
	return rc;
}

/* The funding record as IATI 2.03 activity XML (src/money/iati_export.c). */
static int export_iati(struct cli *c)
{
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v)
		if (strcmp(key, "reporting_org"))
			return err_set(&c->e, "muster export: --format iati takes --reporting-org REF and --mission M, "
				       "not --%s (see muster export --help)", key);
	if (c->as_of)
		return err_set(&c->e, "muster export: --as-of is for --format geojson; IATI transactions carry "
			       "their own dates");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	long long n;
	int rc = iati_export_or_err(&s, c->out, c->mission && *c->mission ? c->mission : NULL,
				    json_string_value(json_object_get(c->fields, "reporting_org")), &n, &c->e);
	store_close(&s);
	return rc;
}

static int run_export(struct cli *c)
{
	if (c->n_args)
		return err_set(&c->e, "muster export: unexpected argument \"%s\" (the file is written to standard "
			       "output: muster export --format geojson > places.geojson)", c->args[0]);
	if (c->format && !strcmp(c->format, "csv"))
		return export_records(c, EXPORT_CSV);
	if (c->format && !strcmp(c->format, "jsonl"))
		return export_records(c, EXPORT_JSONL);
	if (c->format && !strcmp(c->format, "hxl"))
		return export_records(c, EXPORT_HXL);
	if (c->format && !strcmp(c->format, "iati"))
		return export_iati(c);
	if (!c->format || strcmp(c->format, "geojson"))
		return err_set(&c->e, "muster export: --format %s%s%s is not supported (use csv, jsonl, hxl, iati or geojson)",
			       c->format ? "\"" : "", c->format ? c->format : "missing", c->format ? "\"" : "");
	if (json_object_size(c->fields))
		return err_set(&c->e, "muster export: --format geojson takes no --%s (see muster export --help)",
			       json_object_iter_key(json_object_iter(c->fields)));
	return export_geojson(c);
}

const struct command command_export = {
	.name = "export",
	.run = run_export,
	.summary = "write the records as CSV, JSON lines or HXL, the funding as IATI, or the places as GeoJSON",
	.usage = "muster export --format csv|jsonl|hxl|iati|geojson [--kind K] [--mission M] [--reporting-org REF] "
		 "[--as-of DATE]",
	.help =
	"Writes to standard output.\n\n"
	"--format jsonl and csv write every public record in log order, in muster's own formats\n"
	"(docs/formats.md), with who entered it and when and every field: `muster import` of\n"
	"the output into a new file gives the same records with the same ids. One CSV holds\n"
	"every kind (the union of their fields as columns; sources joined with ';'). Restricted\n"
	"records are never written. --kind K writes one kind, --mission M one mission's records\n"
	"and every source (a partial export imports only into a file that holds what it cites).\n"
	"--format hxl is the CSV with a row of HXL hashtags (#country+code, #date, …) under the\n"
	"header, for humanitarian data tools; muster does not read it back.\n\n"
	"--format iati writes the funding record as IATI 2.03 activity XML, valid against the\n"
	"IATI schema: one activity per mission and channel (the trust fund is one), its donors\n"
	"as funding participating organisations, their money as transactions: 13 incoming\n"
	"pledge, 11 incoming commitment, 1 incoming funds, 3 disbursement, 4 expenditure. A\n"
	"donor's reports are cumulative, so its transactions are the rises between its\n"
	"reported figures: they add up to the figure muster answers with on any date. What\n"
	"IATI has no transaction for (reported totals, figures that include bilateral support\n"
	"or name a part, frozen money, undated or falling figures, claims that disagree) and\n"
	"the budgets go in muster:report and muster:budget elements, which IATI allows and\n"
	"other tools ignore: muster import --format iati of the file gives the same funding\n"
	"answer. Exchange rates and sources are not written (the file becomes the source).\n\n"
	"--format geojson writes an RFC 7946 FeatureCollection: one Point feature\n"
	"[longitude, latitude] per place with a sourced point, with its status on DATE\n"
	"(default today), its areas and its sources as properties. Places without a point are\n"
	"left out and counted in the foreign member \"muster\" (omitted_without_point), which\n"
	"also carries the sources cited. --json is accepted: the output is JSON anyway.\n\n"
	"Options:\n"
	"  --format F        csv, jsonl, hxl, iati or geojson\n"
	"  --kind K          (csv, jsonl, hxl) only records of kind K\n"
	"  --mission M       csv, jsonl, hxl, iati: only this mission; geojson: the mission (default\n"
	"                    MSS-HTI)\n"
	"  --reporting-org REF  (iati) the publisher's IATI organisation identifier (default\n"
	"                    XX-MUSTER, a placeholder)\n"
	"  --as-of DATE      (geojson) the day of the statuses; default today\n\n"
	"Examples:\n  muster export --format jsonl > record.jsonl\n"
	"  muster export --format iati --mission MSS-HTI > mss-funding.xml\n"
	"  muster export --format geojson --as-of 2024-11-19 > places.geojson\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_FORMAT | O_FIELDS,
};
