/* report_cli.c: the report command — the periodic report (report_page.c) as
 * an HTML document on standard output or in a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../trust/users.h"
#include "../trust/who.h"
#include "report.h"
#include "../trust/anchor.h"

/* --from, --to, --lang, --output (or -o FILE): the only options besides the
 * table's; anything else is refused. */
static int report_opts_or_err(struct cli *c, struct qargs *q, const char **lang, const char **out)
{
	static const char *const names[] = {"from", "to", "lang", "output", NULL};
	const char *vals[4] = {NULL, NULL, NULL, NULL};
	const char *k;
	json_t *v;
	json_object_foreach(c->fields, k, v) {
		int i = 0;
		while (names[i] && strcmp(k, names[i]))
			i++;
		if (!names[i])
			return err_usage(&c->e, "unknown option --%s (see muster report --help)", k);
		vals[i] = json_string_value(v);
	}
	*out = vals[3];
	if (c->n_args == 2 && !strcmp(c->args[0], "-o") && !*out)
		*out = c->args[1];
	else if (c->n_args == 1 && !strcmp(c->args[0], "-o"))
		return err_usage(&c->e, "-o needs a file name (-o FILE)");
	else if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (name the file with -o FILE, or "
			       "redirect standard output)", c->args[0]);
	if (c->format && strcmp(c->format, "pdf") && strcmp(c->format, "html"))
		return err_set(&c->e, "--format %s: the report is written as html (the default) or pdf", c->format);
	if (*out && !**out)
		return err_usage(&c->e, "-o needs a file name");
	*lang = vals[2];
	if (*lang && !lang_by_tag(*lang))
		return err_set(&c->e, "--lang %s: not a language of the pages (write en, fr, ht or es)", *lang);
	memset(q, 0, sizeof *q);
	if (vals[0])
		qargs_add(q, &report_question, "from", vals[0]);
	if (vals[1])
		qargs_add(q, &report_question, "to", vals[1]);
	if (c->mission)
		qargs_add(q, &report_question, "mission", c->mission);
	if (qargs_check_or_err(q, &report_question, &c->e) < 0)
		return -1;
	return report_period_or_err(q, &c->e);
}

static int run_report(struct cli *c)
{
	struct qargs q;
	const char *lang = NULL, *path = NULL;
	struct store s;
	struct who w;
	if (report_opts_or_err(c, &q, &lang, &path) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	if (cli_who_or_err(c, &s, &w) < 0) {
		store_close(&s);
		return -1;
	}
	guard_install(&s, w.role);
	q.role = w.role;
	/* The head a reader may know, as the pages' footer gives it
	 * (src/trust/anchor.h). */
	char head[HASH_HEX];
	struct anchor_memo *memo = anchor_memo_new();
	int hrc = anchor_visible_head_or_err(memo, &s, w.role, head, &c->e);
	anchor_memo_free(memo);
	if (hrc < 0) {
		store_close(&s);
		return -1;
	}
	head[16] = 0;
	int pdf = c->format && !strcmp(c->format, "pdf");
	struct page_lang pl = {lang ? lang_by_tag(lang) : LANG_DEFAULT, 0, "/report", ""};
	struct buf b = {.pl = &pl};
	int rc = report_write_or_err(&b, &s, &q, head[0] ? head : NULL, NULL, &c->e);
	store_close(&s);
	if (rc == 0) {
		FILE *f = path ? fopen(path, "w") : c->out;
		if (!f)
			rc = err_set_code(&c->e, E_INTERNAL, "%s: cannot write the file (disk full?)", path);
		else if (pdf && report_pdf_or_err(b.p, NULL, f, &c->e) < 0) {
			if (path)
				fclose(f);
			rc = -1;
		} else if ((!pdf && fwrite(b.p, 1, b.len, f) != b.len) || (path ? fclose(f) : fflush(f)) != 0)
			rc = err_set_code(&c->e, E_INTERNAL, "%s: cannot write the file (disk full?)", path ? path : "standard output");
	}
	free(b.p);
	return rc;
}

const struct command command_report = {
	.name = "report",
	.run = run_report,
	.summary = "the periodic report over a period, as one HTML document that prints on A4",
	.usage = "muster report --from DATE --to DATE [--mission CODE] [--lang LANG] [--user NAME] [--format pdf] [-o FILE]",
	.help =
	"Writes the periodic report for the oversight mechanism and the donors: strength and its\n"
	"pace against the pledges, the plan and the ceiling; money against the budget; the mandate\n"
	"and what it requires (met, overdue, pending or unknown); promises kept and missed;\n"
	"operations and places, with the incidents of the period; vetting coverage and complaint\n"
	"counts as the public may see them (each record for the oversight role, with --user);\n"
	"every disagreement of these answers; every source cited, numbered once. The record is\n"
	"read as of --to. The document is HTML with a print style sheet: A4 pages, each part on a\n"
	"new page, a running header and page numbers. The web page /report?from=DATE&to=DATE is\n"
	"the same document.\n\n"
	"Options:\n"
	"  --from DATE    the first day of the period (YYYY-MM-DD)\n"
	"  --to DATE      the last day of the period (YYYY-MM-DD); not before --from\n"
	"  --mission CODE the mission (default MSS-HTI)\n"
	"  --lang LANG    the language: en (default), fr, ht or es\n"
	"  --user NAME    report as this user sees the record (password prompted)\n"
	"  --format pdf   write a PDF (A4, laid out by muster with cairo, pango and librsvg,\n"
	"                 which it loads when asked: libcairo2, libpango-1.0-0, librsvg2-2)\n"
	"  -o FILE        write the document to FILE instead of standard output\n\n"
	"Examples:\n  muster report --from 2025-01-01 --to 2025-06-30 -o report.html\n"
	"  muster report --from 2025-01-01 --to 2025-06-30 --format pdf -o report.pdf\n",
	.opts = O_MISSION | O_FIELDS | O_USER | O_FORMAT,
};
