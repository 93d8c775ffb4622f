/* akn_cli.c: `muster import-akn FILE…` (UN resolutions in Akoma Ntoso XML,
 * all or nothing) and the hidden `muster test-akn FILE…`, which prints the
 * records as rows of data/haiti/mandate.csv (how its resolution rows were made). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/record.h"
#include "mandate.h"

const char *const mandate_csv_columns[] = {
	"kind", "ref", "mission", "date", "sources", "cite", "verbatim", "note", "publisher", "title", "url",
	"grade", "language", "symbol", "number", "meeting", "preamble", "operative", "paragraphs", "resolution",
	"in_favour", "against", "abstaining", "abstainers", "start", "end", "review", "ceiling",
	"ceiling_uniformed", "ceiling_civilian", "successor_of", "paragraph", "who", "what", "due", "rule",
	"requirement", "status", NULL,
};

static int run_import_akn(struct cli *c)
{
	if (c->n_args < 1)
		return err_usage(&c->e, "name at least one XML file (see muster import-akn --help)");
	struct store s;
	if (cli_open_or_err(c, &s, STORE_WRITE) < 0)
		return -1;
	long long n = 0;
	int rc = akn_import_files_or_err(&s, c->args, c->n_args, &n, &c->e);
	if (rc == 0) {
		if (c->json)
			fprintf(c->out, "{\"records\": %lld, \"head\": \"%s\"}\n", n, s.head);
		else
			fprintf(c->out, "%lld records imported from %d file%s; head %.16s\n", n, c->n_args,
				c->n_args == 1 ? "" : "s", s.head);
	}
	store_close(&s);
	return rc;
}

const struct command command_import_akn = {
	.name = "import-akn",
	.run = run_import_akn,
	.summary = "import UN Security Council resolutions in Akoma Ntoso XML",
	.usage = "muster import-akn FILE... [--json]",
	.help =
	"Reads each file as a UN Security Council resolution in Akoma Ntoso XML (AKN4UN, as in\n"
	"github.com/UNxml/SCresolutions) and appends a source (the UN document, grade A) and a\n"
	"resolution record: symbol, number, adoption day, title, meeting, preamble and the\n"
	"operative paragraphs with their numbers. All files or none, in one transaction. A source\n"
	"already in the record is not added again. Votes are not in these files: record them as\n"
	"vote records citing the Council's press release.\n\n"
	"Options:\n"
	"  --json         print the count and the new head as JSON\n\n"
	"Example:\n  muster import-akn S_RES_2699-2318982E.xml\n",
	.opts = O_JSON,
};

static void csv_cell(FILE *out, const json_t *v)
{
	char num[32];
	const char *t = json_is_string(v) ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		t = num;
	} else if (json_is_array(v)) {
		/* source refs: joined with ';' */
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
			fprintf(out, "%s%s", i ? ";" : "", json_string_value(it));
		return;
	}
	if (!t)
		return;
	if (!strpbrk(t, ",\"\n")) {
		fputs(t, out);
		return;
	}
	fputc('"', out);
	for (; *t; t++) {
		if (*t == '"')
			fputc('"', out);
		fputc(*t, out);
	}
	fputc('"', out);
}

static void csv_row(FILE *out, const json_t *rec)
{
	for (int i = 0; mandate_csv_columns[i]; i++) {
		if (i)
			fputc(',', out);
		csv_cell(out, json_object_get(rec, mandate_csv_columns[i]));
	}
	fputc('\n', out);
}

static int run_test_akn(struct cli *c)
{
	for (int i = 0; mandate_csv_columns[i]; i++)
		fprintf(c->out, "%s%s", i ? "," : "", mandate_csv_columns[i]);
	fputc('\n', c->out);
	for (int i = 0; i < c->n_args; i++) {
		FILE *f = fopen(c->args[i], "rb");
		if (!f)
			return err_set(&c->e, "%s: cannot read it", c->args[i]);
		char *buf = NULL;
		size_t cap = 0;
		FILE *m = open_memstream(&buf, &cap);
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			fwrite(chunk, 1, n, m);
		fclose(f);
		fclose(m);
		json_t *src, *res;
		int rc = akn_parse_or_err(buf, cap, c->args[i], &src, &res, &c->e);
		free(buf);
		if (rc < 0)
			return -1;
		csv_row(c->out, src);
		csv_row(c->out, res);
		json_decref(src);
		json_decref(res);
	}
	return 0;
}

const struct command command_test_akn = {
	.name = "test-akn",
	.run = run_test_akn,
	.summary = "print Akoma Ntoso resolutions as rows of data/haiti/mandate.csv",
	.usage = "muster test-akn FILE...",
	.help = "Prints the header of data/haiti/mandate.csv, then the source and resolution rows that\n"
		"import-akn would append for each file.\n",
	.hidden = 1,
};
