/* testcmds.c: hidden test-* commands that expose internals to golden tests. */
#include <stdio.h>

#include "../core/date.h"
#include "cli.h"

static int run_test_date(struct cli *c)
{
	for (int i = 0; i < c->n_args; i++) {
		struct mdate d;
		if (date_parse_or_err(c->args[i], &d, &c->e) < 0)
			return -1;
		fprintf(c->out, "%s %s %d %d\n", *d.text ? d.text : "-", date_prec_name(d.prec), d.lo, d.hi);
	}
	return 0;
}

const struct command command_test_date = {
	.name = "test-date",
	.run = run_test_date,
	.summary = "print the precision and range of dates",
	.usage = "muster test-date DATE…",
	.help = "Prints, for each DATE, its text, precision and the first and last day it covers.\n",
	.hidden = 1,
};
