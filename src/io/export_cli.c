/* export_cli.c: the export command. One command, one --format: csv, jsonl
 * and hxl write the public records (export.c); xlsx writes them as a workbook
 * with, for each --question, the answer document's rows (export_xlsx.c, the
 * questions of web/questions.c); geojson writes the places answer as a
 * FeatureCollection (places/geojson.c owns that writer). -o FILE writes to a
 * file, put in place only once complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../core/grow.h"
#include "../money/money.h"
#include "../places/places.h"
#include "../web/web.h"
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

/* The options of an export beyond --format: which are known, and which
 * only --question takes. */
static const char *const known_opts[] = {"kind", "output", "question", "status", "place", "from", "to"};
#define N_KNOWN (sizeof known_opts / sizeof *known_opts)

static int options_or_err(struct cli *c, int xlsx)
{
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v) {
		size_t i = 0;
		while (i < N_KNOWN && strcmp(key, known_opts[i]))
			i++;
		if (i == N_KNOWN) {
			const char *near = err_nearest(key, known_opts, N_KNOWN);
			return err_usage(&c->e, "unknown option --%s%s%s%s", key,
				       near ? " (did you mean --" : " (see muster export --help)", near ? near : "",
				       near ? "?)" : "");
		}
		if (i >= 2 && !xlsx)
			return err_usage(&c->e, "--%s is for --format xlsx (the answers it adds as sheets)",
				       key);
	}
	int asks = json_object_get(c->fields, "question") != NULL;
	const char *only = !asks && json_object_get(c->fields, "status") ? "--status"
		: !asks && json_object_get(c->fields, "place") ? "--place"
		: !asks && (json_object_get(c->fields, "from") || json_object_get(c->fields, "to")) ? "--from/--to"
		: !asks && c->by ? "--by" : !asks && c->currency ? "--currency" : NULL;
	if (only)
		return err_usage(&c->e, "%s is for the answers of --question Q (with --format xlsx)", only);
	if (c->as_of && !asks)
		return err_usage(&c->e, xlsx ? "--as-of is for the answers of --question Q; the record "
			       "sheets hold every record, whatever its date"
			       : "--as-of is for --format geojson; csv, jsonl and hxl write every record, "
			       "whatever its date");
	return 0;
}

/* -o FILE or --output FILE, or NULL for standard output. */
static int output_or_err(struct cli *c, const char **path)
{
	*path = json_string_value(json_object_get(c->fields, "output"));
	if (c->n_args == 1 && !strcmp(c->args[0], "-o"))
		return err_usage(&c->e, "-o needs a file name (-o FILE)");
	if (c->n_args == 2 && !strcmp(c->args[0], "-o") && !*path) {
		*path = c->args[1];
		return 0;
	}
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (name the file with -o FILE, or "
			       "redirect standard output: muster export --format geojson > places.geojson)", c->args[0]);
	if (*path && !**path)
		return err_usage(&c->e, "-o needs a file name");
	return 0;
}

/* The answer documents of --question Q[,Q…], asked with the options that
 * each question takes (as the page /Q?… would be). */
static int answers_or_err(struct cli *c, struct store *s, json_t ***docs, size_t *n)
{
	*docs = NULL;
	*n = 0;
	const char *list = json_string_value(json_object_get(c->fields, "question"));
	if (!list)
		return 0;
	char *copy = strdup(list), *save = NULL;
	int rc = 0;
	for (char *name = strtok_r(copy, ",", &save); rc == 0 && name; name = strtok_r(NULL, ",", &save)) {
		const struct question *qn = question_find(name);
		if (!qn) {
			const char *names[32];
			for (size_t i = 0; i < web_n_questions && i < 32; i++)
				names[i] = web_questions[i].name;
			const char *near = err_nearest(name, names, web_n_questions < 32 ? web_n_questions : 32);
			rc = err_set(&c->e, "--question %s: not a question%s%s%s", name, near ? " (did you mean " : " (muster "
				     "--help lists them)", near ? near : "", near ? "?)" : "");
			break;
		}
		struct qargs q;
		memset(&q, 0, sizeof q);
		const struct { const char *key, *value; unsigned bit; } given[] = {
			{"as_of", c->as_of, P_ASOF}, {"mission", c->mission, P_MISSION}, {"by", c->by, P_BY},
			{"currency", c->currency, P_CURRENCY},
			{"status", json_string_value(json_object_get(c->fields, "status")), P_STATUS},
			{"place", json_string_value(json_object_get(c->fields, "place")), P_PLACE},
			{"from", json_string_value(json_object_get(c->fields, "from")), P_FROMTO},
			{"to", json_string_value(json_object_get(c->fields, "to")), P_FROMTO},
		};
		for (size_t i = 0; i < sizeof given / sizeof *given; i++)
			if (given[i].value && (qn->params & given[i].bit))
				qargs_add(&q, qn, given[i].key, given[i].value);
		json_t *doc = NULL;
		if (qargs_check_or_err(&q, qn, &c->e) < 0 || !(doc = question_ask(qn, s, &q, &c->e))) {
			err_prefix(&c->e, "--question %s", name);
			rc = -1;
			break;
		}
		*docs = grow(*docs, *n, sizeof **docs);
		(*docs)[(*n)++] = doc;
	}
	free(copy);
	return rc;
}

/* Copies a finished file to standard output. */
static int copy_out_or_err(struct cli *c, const char *path)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return err_set_code(&c->e, E_INTERNAL, "cannot read back %s", path);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, got, c->out) != got)
			break;
	fclose(in);
	if (fflush(c->out) != 0 || ferror(c->out))
		return err_set(&c->e, "cannot write the export (disk full, or the reader went away)");
	return 0;
}

static int export_xlsx(struct cli *c, const char *path, const struct export_filter *f)
{
	if (!path && isatty(fileno(c->out)))
		return err_usage(&c->e, "--format xlsx writes a binary workbook, not text for a terminal; "
			       "name the file with -o FILE.xlsx (or redirect standard output to a file)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t **docs;
	size_t n_docs;
	int rc = answers_or_err(c, &s, &docs, &n_docs);
	/* To standard output: written in a private temporary folder, then copied. */
	char dir[4096], tmp[4200] = "";
	const char *td = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/muster-xlsx-XXXXXX", td && *td ? td : "/tmp");
	if (rc == 0 && !path) {
		if (!mkdtemp(dir))
			rc = err_set_code(&c->e, E_INTERNAL, "cannot make a temporary folder in %s (set TMPDIR)",
					  td && *td ? td : "/tmp");
		else
			snprintf(tmp, sizeof tmp, "%s/export.xlsx", dir);
	}
	long long n;
	if (rc == 0)
		rc = export_xlsx_or_err(&s, path ? path : tmp, f, docs, n_docs, &n, &c->e);
	if (rc == 0 && c->failed.msg[0])
		rc = -1;        /* a read failed: the workbook would be short (cli_main says why) */
	store_close(&s);
	for (size_t i = 0; i < n_docs; i++)
		json_decref(docs[i]);
	free(docs);
	if (!path && *tmp) {
		if (rc == 0)
			rc = copy_out_or_err(c, tmp);
		unlink(tmp);
		rmdir(dir);
	}
	return rc;
}

static int export_records(struct cli *c, enum export_format fmt, const struct export_filter *f)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	long long n;
	int rc = export_records_or_err(&s, c->out, fmt, f, &n, &c->e);
	store_close(&s);
	return rc;
}

/* Runs a text export into `path`: a temporary file beside it, renamed into
 * place when the export succeeds and removed when it fails. */
static int to_file(struct cli *c, const char *path, int (*run)(struct cli *c, enum export_format fmt,
							      const struct export_filter *f),
		   enum export_format fmt, const struct export_filter *f)
{
	if (!path)
		return run(c, fmt, f);
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
	if (!out)
		return err_set(&c->e, "%s: cannot create the file (check the folder exists and is writable)", path);
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *keep = c->out;
	c->out = out;
	int rc = run(c, fmt, f);
	c->out = keep;
	if (rc == 0 && c->failed.msg[0])
		rc = -1;        /* a read failed: the file would be short (cli_main says why) */
	if (fclose(out) != 0 && rc == 0)
		rc = err_set(&c->e, "%s: cannot write the file (disk full?)", path);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(&c->e, "%s: cannot put the file in place (check the folder is writable)", path);
	if (rc < 0)
		unlink(tmp);
	return rc;
}

static int geojson_run(struct cli *c, enum export_format fmt, const struct export_filter *f)
{
	(void)fmt;
	(void)f;
	return export_geojson(c);
}

/* The funding record as IATI 2.03 activity XML (src/money/iati_export.c). */
static int iati_run(struct cli *c, enum export_format fmt, const struct export_filter *f)
{
	(void)fmt;
	(void)f;
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v)
		if (strcmp(key, "reporting_org") && strcmp(key, "output"))
			return err_usage(&c->e, "--format iati takes --reporting-org REF and --mission M, "
				       "not --%s (see muster export --help)", key);
	if (c->by || c->currency)
		return err_usage(&c->e, "--format iati takes no --%s (see muster export --help)",
			       c->by ? "by" : "currency");
	if (c->as_of)
		return err_usage(&c->e, "--as-of is for --format geojson; IATI transactions carry "
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
	static const struct { const char *name; enum export_format fmt; } text[] = {
		{"csv", EXPORT_CSV}, {"jsonl", EXPORT_JSONL}, {"hxl", EXPORT_HXL},
	};
	const char *path;
	if (output_or_err(c, &path) < 0)
		return -1;
	int xlsx = c->format && !strcmp(c->format, "xlsx");
	struct export_filter f = {
		.kind = json_string_value(json_object_get(c->fields, "kind")),
		.mission = c->mission && *c->mission ? c->mission : NULL,
	};
	for (size_t i = 0; c->format && i < sizeof text / sizeof *text; i++)
		if (!strcmp(c->format, text[i].name)) {
			if (options_or_err(c, 0) < 0)
				return -1;
			return to_file(c, path, export_records, text[i].fmt, &f);
		}
	if (c->format && !strcmp(c->format, "iati"))
		return to_file(c, path, iati_run, EXPORT_JSONL, NULL);
	if (xlsx)
		return options_or_err(c, 1) < 0 ? -1 : export_xlsx(c, path, &f);
	if (!c->format || strcmp(c->format, "geojson"))
		return err_usage(&c->e, "--format %s%s%s is not supported (use csv, jsonl, hxl, xlsx, iati "
			       "or geojson)", c->format ? "\"" : "", c->format ? c->format : "missing",
			       c->format ? "\"" : "");
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v)
		if (strcmp(key, "output"))
			return err_usage(&c->e, "--format geojson takes no --%s (see muster export --help)", key);
	if (c->by || c->currency)
		return err_usage(&c->e, "--format geojson takes no --%s (see muster export --help)",
			       c->by ? "by" : "currency");
	return to_file(c, path, geojson_run, EXPORT_JSONL, NULL);
}

const struct command command_export = {
	.name = "export",
	.run = run_export,
	.summary = "write the records as CSV, JSON lines, HXL or XLSX, the funding as IATI, or the places as GeoJSON",
	.usage = "muster export --format csv|jsonl|hxl|xlsx|iati|geojson [--kind K] [--mission M] [-o FILE] "
		 "[--question Q[,Q…]] [--reporting-org REF] [--as-of DATE]",
	.help =
	"Writes to standard output, or with -o FILE to FILE (put in place only once complete).\n\n"
	"--format jsonl and csv write every public record in log order, in muster's own formats\n"
	"(docs/formats.md), with who entered it and when and every field: `muster import` of\n"
	"the output into a new file gives the same records with the same ids. One CSV holds\n"
	"every kind (the union of their fields as columns; sources joined with ';'). Restricted\n"
	"records are never written. --kind K writes one kind, --mission M one mission's records\n"
	"and every source (a partial export imports only into a file that holds what it cites).\n"
	"--format hxl is the CSV with a row of HXL hashtags (#country+code, #date, …) under the\n"
	"header, for humanitarian data tools; muster import --format hxl reads it back into the\n"
	"same records.\n\n"
	"--format xlsx writes a workbook for spreadsheets: one sheet per kind of record, with\n"
	"typed cells (counts and amounts as numbers, days as dates, the rest as text), and a\n"
	"\"sources\" sheet with every public source. --question Q (strength, pledges, funding,\n"
	"budget, mandate, …; several separated by commas) adds a sheet per answer: its rows,\n"
	"then its figures, asked with --as-of, --mission, --by, --currency, --status, --place,\n"
	"--from and --to where the question takes them. It is never written to a terminal.\n\n"
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
	"  --format F        csv, jsonl, hxl, xlsx, iati or geojson\n"
	"  -o FILE           write FILE instead of standard output (also --output FILE)\n"
	"  --kind K          (csv, jsonl, hxl, xlsx) only records of kind K\n"
	"  --mission M       csv, jsonl, hxl, xlsx, iati: only this mission; geojson and answers: the\n"
	"                    mission (default MSS-HTI)\n"
	"  --question Q      (xlsx) add a sheet with the answer to Q; Q,Q2 for several\n"
	"  --reporting-org REF  (iati) the publisher's IATI organisation identifier (default\n"
	"                    XX-MUSTER, a placeholder)\n"
	"  --as-of DATE      (geojson, xlsx answers) the day asked about; default today\n\n"
	"Examples:\n  muster export --format jsonl > record.jsonl\n"
	"  muster export --format xlsx --question strength,funding --as-of 2025-01-04 -o mss.xlsx\n"
	"  muster export --format iati --mission MSS-HTI > mss-funding.xml\n"
	"  muster export --format geojson --as-of 2024-11-19 > places.geojson\n",
	.opts = O_JSON | O_ASOF | O_MISSION | O_FORMAT | O_FIELDS | O_BY | O_CURRENCY,
};
