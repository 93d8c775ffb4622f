/* records.c: the commands that write the record — init, add, import,
 * correct, retract, rebuild — and show, which reads one record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/add.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../core/record.h"
#include "../io/hxl.h"
#include "../io/import.h"
#include "../mandate/mandate.h"
#include "../places/places.h"
#include "bundled.h"
#include "cli.h"

static int run_init(struct cli *c)
{
	const char *db = c->db ? c->db : getenv("MUSTER_DB");
	if (!db || !*db)
		db = "muster.db";
	struct stat st;
	if (stat(db, &st) == 0 && st.st_size > 0)
		return err_set(&c->e, "%s: already exists; remove it first, or name a new file with --db", db);
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE | STORE_CREATE) < 0)
		return -1;
	long long n = 0;
	if (c->bundled) {
		if (store_begin_or_err(&s, &c->e) < 0 || bundled_import_or_err(&s, &n, &c->e) < 0 ||
		    store_commit_or_err(&s, &c->e) < 0) {
			store_rollback(&s);
			store_close(&s);
			remove(db);
			return -1;
		}
	}
	fprintf(c->out, "%s: created, %lld records%s; head %.16s\n", db, n,
		c->bundled ? " from the bundled Haiti record" : "", s.head);
	store_close(&s);
	return 0;
}

const struct command command_init = {
	.name = "init",
	.run = run_init,
	.summary = "create a database, empty or with the bundled Haiti record",
	.usage = "muster init [--bundled] [--db FILE]",
	.help = "Creates the database file (default ./muster.db). With --bundled, loads the public\n"
		"record of the Haiti MSS mission that ships with muster (data/haiti/), every figure\n"
		"with its source. Refuses to touch a file that exists.\n\n"
		"Example:\n  muster init --bundled\n",
	.opts = O_BUNDLED,
};

static int append_one(struct cli *c, struct store *s, json_t *in)
{
	char id[HASH_HEX];
	if (record_add_or_err(s, in, id, &c->e) < 0) {
		err_in_command(&c->e, ERR_COMMAND);
		return -1;
	}
	if (c->json)
		fprintf(c->out, "{\"id\": \"%s\", \"seq\": %lld, \"head\": \"%s\"}\n", id, (long long)s->count, s->head);
	else
		fprintf(c->out, "%s\n", id);
	return 0;
}

static void kind_help(FILE *out, const struct kind *k)
{
	fprintf(out, "Fields of a %s (%s):\n", k->name, k->summary);
	for (const struct field *f = k->fields; f->name; f++)
		fprintf(out, "  --%-12s %s%s\n", f->name, f->help, f->flags & FF_REQUIRED ? " (required)" : "");
	fprintf(out, "Fields of every record:\n");
	for (const struct field *f = record_common_fields(); f->name; f++)
		if (strcmp(f->name, "kind") && strcmp(f->name, "entered_by") && strcmp(f->name, "entered_at"))
			fprintf(out, "  --%-12s %s\n", f->name, f->help);
}

static int run_add(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name one kind of record (e.g. muster add pledge --country KEN …)");
	const struct kind *k = kind_find(c->args[0]);
	if (c->help) {
		if (!k)
			return err_usage(&c->e, "\"%s\" is not a kind of record", c->args[0]);
		kind_help(c->out, k);
		return 0;
	}
	json_object_set_new(c->fields, "kind", json_string(c->args[0]));
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	int rc = append_one(c, &s, c->fields);
	store_close(&s);
	return rc;
}

const struct command command_add = {
	.name = "add",
	.run = run_add,
	.summary = "add one record (a source, pledge, arrival, strength, funding, vetting, complaint, …)",
	.usage = "muster add KIND --FIELD VALUE … [--json]",
	.help = "Adds one record of KIND with the fields given as options, checked as an import\n"
		"checks them (and as the web's forms do); prints the new record's id. A mission record\n"
		"cites sources by their refs (--sources a;b); a vetting or a complaint may come from the\n"
		"oversight mechanism's own files and need not. Kinds: source, pledge, arrival,\n"
		"departure, strength, target, funding, budget, exchange_rate, place, place_status,\n"
		"operation, incident, resolution, vote, authorization, requirement, fulfilment,\n"
		"commitment, vetting, complaint, retraction. `muster add KIND --help` lists a kind's\n"
		"fields. --visibility restricted keeps a record out of every public answer, page and\n"
		"export; a vetting of a person and every complaint must say so, and a public record\n"
		"cannot cite a restricted source.\n\n"
		"Examples:\n"
		"  muster add source --ref ap-2024-09-12 --publisher AP --title \"Jamaican soldiers…\" "
		"--date 2024-09-12 --grade B\n"
		"  muster add arrival --country JAM --personnel 24 --date 2024-09-12 --sources ap-2024-09-12\n",
	.opts = O_FIELDS | O_JSON,
};

/* --format akn and geojson: the readers of the mandate and places folders,
 * in one transaction like every import. */
static int import_other(struct cli *c, int akn)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	long long n = 0, one;
	int rc;
	if (akn) {
		rc = akn_import_files_or_err(&s, c->args, c->n_args, &n, &c->e);
	} else {
		rc = store_begin_or_err(&s, &c->e);
		for (int i = 0; rc == 0 && i < c->n_args; i++, n += one)
			rc = geojson_import_or_err(&s, c->args[i], &one, &c->e);
		if (rc == 0)
			rc = store_commit_or_err(&s, &c->e);
		else
			store_rollback(&s);
	}
	if (rc == 0)
		fprintf(c->out, "%lld records imported; %lld in the file; head %.16s\n", n, (long long)s.count, s.head);
	store_close(&s);
	return rc;
}

/* --kind, --sources and --encoding: for HXL tables only (hxl.h). */
static int hxl_options_or_err(struct cli *c, enum import_format fmt, struct hxl_opts *o)
{
	static const char *const known[] = {"kind", "sources", "encoding"};
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v) {
		size_t i = 0;
		while (i < 3 && strcmp(key, known[i]))
			i++;
		if (i == 3) {
			const char *near = err_nearest(key, known, 3);
			return err_usage(&c->e, "unknown option --%s%s%s%s", key,
				       near ? " (did you mean --" : " (see muster import --help)", near ? near : "",
				       near ? "?)" : "");
		}
		int hxl = fmt == IMPORT_HXL;
		for (int a = 0; !hxl && fmt == IMPORT_AUTO && a < c->n_args; a++) {
			const char *dot = strrchr(c->args[a], '.');
			hxl = dot && !strcmp(dot, ".hxl");
		}
		if (!hxl)
			return err_usage(&c->e, "--%s is for --format hxl (the other formats name the kind "
				       "and sources in every record)", key);
	}
	o->kind = json_string_value(json_object_get(c->fields, "kind"));
	o->sources = json_string_value(json_object_get(c->fields, "sources"));
	return hxl_encoding_or_err(json_string_value(json_object_get(c->fields, "encoding")), &o->latin1, &c->e);
}

static int run_import(struct cli *c)
{
	if (c->help) {
		cli_print_help(c->out, c->cmd);
		return 0;
	}
	if (c->n_args < 1)
		return err_usage(&c->e, "name at least one file (or - for standard input)");
	if (c->mission && (!c->format || (strcmp(c->format, "fts") && strcmp(c->format, "iati"))))
		return err_usage(&c->e, "--mission is for --format fts and iati (the records of csv "
			       "and jsonl files name their own mission)");
	if (c->format && (!strcmp(c->format, "akn") || !strcmp(c->format, "geojson")))
		return import_other(c, !strcmp(c->format, "akn"));
	enum import_format fmt;
	if (import_format_or_err(c->format, &fmt, &c->e) < 0)
		return -1;
	struct hxl_opts hxl = {0};
	if (hxl_options_or_err(c, fmt, &hxl) < 0)
		return -1;
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	struct import_stats st = {.mission = c->mission, .hxl = &hxl};
	int rc = import_files_or_err(&s, c->args, c->n_args, fmt, &st, &c->e);
	if (rc == 0 && st.warnings)
		fputs(st.warnings, stderr);
	if (rc == 0 && st.report)
		fputs(st.report, c->out);
	if (rc == 0 && fmt == IMPORT_UN_CONTRIB) {
		char d[11];
		day_format(st.latest_day, d);
		if (!st.rows && st.totals)
			fprintf(c->out, "%lld published totals, the latest on %s\n", st.totals, d);
		else if (st.days > 1)
			fprintf(c->out, "%lld rows over %d days; on %s: %lld contributors, %lld personnel\n", st.rows,
				st.days, d, st.contributors, st.personnel);
		else
			fprintf(c->out, "%lld rows, %lld contributors, %lld personnel on %s\n", st.rows,
				st.contributors, st.personnel, d);
		if (st.rows && st.totals)
			fprintf(c->out, "%lld published totals beside the detail\n", st.totals);
	}
	if (rc == 0)
		fprintf(c->out, "%lld records imported; %lld in the file; head %.16s\n", st.records,
			(long long)s.count, s.head);
	free(st.warnings);
	free(st.report);
	store_close(&s);
	return rc;
}

const struct command command_import = {
	.name = "import",
	.run = run_import,
	.summary = "import records from CSV, JSON lines, HXL, the UN contributions table, FTS or IATI, all or nothing",
	.usage = "muster import [--format csv|jsonl|hxl|un-contributions|fts|iati|akn|geojson] [--mission M] FILE…",
	.help = "Reads records from each FILE (the formats of docs/formats.md: CSV with a header row\n"
		"naming the fields, or one JSON object per line) and appends them in one transaction:\n"
		"if any record is bad, the error names the file, line and field, and nothing is\n"
		"imported. The format follows the name (.csv, .jsonl, .hxl) unless --format says.\n\n"
		"Files of 1 MiB or more are a bulk import: past 10,000 records the indexes no check\n"
		"needs and the check for duplicates are done once at the end. Questions and the\n"
		"server go on reading the file as it was; other writers wait (see MUSTER_WAIT). The records, the errors and the answers are\n"
		"the same as one row at a time.\n\n"
		"--format hxl reads an HXL table (hxlstandard.org): the row of hashtags is found\n"
		"below any free-text header rows, as libhxl finds it; the delimiter (, TAB ; : |)\n"
		"is guessed from it. Each tagged column gives a field (#country+code country, #date\n"
		"date, #org+name+funder donor_org, #value+funding+usd amount in USD, #status+stage or\n"
		"#status stage, #meta+kind kind, #meta+source sources, …; docs/formats.md lists them);\n"
		"columns with other hashtags are ignored with one warning listing them. Without a\n"
		"#meta+kind column, --kind KIND gives the kind (a #value+funding column means\n"
		"funding); --sources REF cites a source already in the file for rows without a\n"
		"#meta+source value; --encoding latin1 reads a Latin-1 file. muster export --format\n"
		"hxl imports back into the same records.\n\n"
		"--format akn reads UN Security Council resolutions in Akoma Ntoso XML (as\n"
		"muster import-akn); --format geojson reads places as muster export writes them.\n"
		"--format un-contributions reads the UN's monthly uniformed-contributions table as\n"
		"IPI publishes it (row number, Date, Contributor, Contributor ISO-3, Mission, then\n"
		"Male/Female/Total for Individual Police, Formed Police Units, Experts on Mission,\n"
		"Troops and Total; NA is 0; or the same names with underscores and no row number):\n"
		"each row becomes a strength snapshot of the country in the mission on the date, with\n"
		"one part per personnel type and gender that is not 0, citing a grade A source named\n"
		"after the file (un-contrib-NAME). The table lists everyone: each (mission, date) is\n"
		"marked complete, so a contributor or a mission absent from a month counts 0 there.\n"
		"Rows of \"all\" (contributor and/or mission) are the publisher's totals. It also\n"
		"reads the publisher's monthly totals tables (TCC-DataScraper's Data.Monthly.csv and\n"
		"Data.Mission.csv, PPP_Loader's data_monthly.csv and data_mission.csv) as reported\n"
		"totals, the system-wide ones as records of the mission \"all\". A row whose parts\n"
		"do not add up is imported with a warning; a repeated row or a total row (which\n"
		"would count its personnel twice) is an error. Prints the rows, contributors and\n"
		"personnel on the latest date, and the published totals read.\n\n"
		"--format fts reads OCHA FTS flows: the JSON of the FTS API's flow searches, one\n"
		"file per page (all pages of one search in one import). Each flow becomes a funding\n"
		"flow in US dollars (status pledge: pledged; commitment: committed; paid: deposited,\n"
		"or disbursed for an outgoing or internal flow) keeping its FTS id, version, parent,\n"
		"boundary, shared flag and original amount, currency and rate; a flow whose\n"
		"amountUSD is off originalAmount / exchangeRate by more than 1 USD is imported with\n"
		"a warning. Each file becomes a grade A source (fts-NAME) keeping FTS's summary of\n"
		"the search verbatim. Prints FTS's published totals against the flows', counted as\n"
		"FTS counts them; warns when pages are missing (meta.count, meta.nextLink). Pages\n"
		"whose summaries differ (two searches, or fetched at different times) or that hold\n"
		"more flows than meta.count are refused. A flow already in the file is a duplicate;\n"
		"a later version of it (a higher versionId) is recorded as a correction.\n\n"
		"--format iati reads IATI 2.01 to 2.03 activity files, checked against the IATI\n"
		"2.03 schema (older versions are refused): transactions 13 incoming pledge,\n"
		"11 incoming commitment, 1 incoming funds, 3 disbursement and 4 expenditure become\n"
		"funding flows (pledged, committed, deposited, disbursed, spent) of the provider\n"
		"organisation (a country when its name is one); other types are skipped and\n"
		"counted. A file muster wrote (muster export --format iati) gives back the same\n"
		"funding figures. The file becomes a source (iati-NAME).\n\n"
		"Options:\n"
		"  --format F        csv, jsonl, hxl, un-contributions, fts, iati, akn or geojson\n"
		"  --mission M       (fts, iati) the mission the money is for (default MSS-HTI); an\n"
		"                    activity that muster wrote names its own\n"
		"  --kind K          (hxl) the kind of rows without a #meta+kind value\n"
		"  --sources REFS    (hxl) the sources of rows without a #meta+source value\n"
		"  --encoding E      (hxl) utf-8 (default) or latin1\n\n"
		"Examples:\n  muster import pledges.csv arrivals.jsonl\n"
		"  muster import --format un-contributions contributions-2014-02.csv\n"
		"  muster import --format fts --mission AFG-HRP-2021 flows-page1.json flows-page2.json\n"
		"  muster import --format iati activities.xml\n"
		"  muster import --format hxl --sources fts-2024 flows.csv\n",
	.opts = O_FORMAT | O_MISSION | O_FIELDS,
};

static int run_correct(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name the record to correct (its id or ref), then the "
			       "fields that change (--personnel 150 …)");
	if (json_object_size(c->fields) == 0)
		return err_usage(&c->e, "say which fields change (e.g. --personnel 150); an empty "
			       "value removes a field");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	const char *k;
	json_t *v;
	json_object_foreach(c->fields, k, v)
		if (!strcmp(k, "kind") || !strcmp(k, "corrects")) {
			store_close(&s);
			return err_usage(&c->e, "--%s cannot change; retract the record and add "
				       "a new one", k);
		}
	json_t *old = record_correction_or_err(&s, c->args[0], c->fields, NULL, &c->e);
	if (!old) {
		err_in_command(&c->e, ERR_COMMAND);
		store_close(&s);
		return -1;
	}
	/* Back to loose input so that normalisation checks every field again. */
	int rc = append_one(c, &s, old);
	json_decref(old);
	store_close(&s);
	return rc;
}

const struct command command_correct = {
	.name = "correct",
	.run = run_correct,
	.summary = "correct a record: a new record that replaces it",
	.usage = "muster correct ID --FIELD VALUE … [--json]",
	.help = "Appends a copy of record ID (an id prefix of at least 6 digits, or a ref) with the\n"
		"fields given changed, naming ID as the record it corrects. Nothing is overwritten: the\n"
		"old record stays in the log, marked corrected, and answers use the new one. An empty\n"
		"value (--unit '') removes a field. Give a reason with --note.\n\n"
		"Example:\n  muster correct 3f2a9c01 --personnel 150 --note \"second flight counted\"\n",
	.opts = O_FIELDS | O_JSON,
};

static int run_retract(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name the record to retract (its id or ref)");
	if (!c->reason || !*c->reason)
		return err_usage(&c->e, "say why with --reason TEXT");
	json_t *in = json_object();
	json_object_set_new(in, "kind", json_string("retraction"));
	json_object_set_new(in, "retracts", json_string(c->args[0]));
	json_object_set_new(in, "reason", json_string(c->reason));
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0) {
		json_decref(in);
		return -1;
	}
	int rc = append_one(c, &s, in);
	json_decref(in);
	store_close(&s);
	return rc;
}

const struct command command_retract = {
	.name = "retract",
	.run = run_retract,
	.summary = "withdraw a record, saying why",
	.usage = "muster retract ID --reason TEXT [--json]",
	.help = "Appends a retraction naming record ID (an id prefix or a ref). The record stays in\n"
		"the log, marked retracted, and no answer counts it any more.\n\n"
		"Example:\n  muster retract 3f2a9c01 --reason \"the outlet withdrew the story\"\n",
	.opts = O_REASON | O_JSON,
};

static int run_rebuild(struct cli *c)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	int rc = store_rebuild_or_err(&s, &c->e);
	if (rc == 0)
		fprintf(c->out, "rebuilt the derived tables from %lld records; head %.16s\n", (long long)s.count, s.head);
	store_close(&s);
	return rc;
}

const struct command command_rebuild = {
	.name = "rebuild",
	.run = run_rebuild,
	.summary = "drop and rebuild every table derived from the log",
	.usage = "muster rebuild [--db FILE]",
	.help = "The log of records is the truth; every other table is derived from it. This drops\n"
		"them and derives them again, in one transaction.\n",
	.opts = 0,
};
