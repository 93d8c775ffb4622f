/* iati_cli.c: the hidden command that checks files against the IATI 2.03
 * activity schema, as muster import --format iati does before reading. */
#include <stdlib.h>

#include "../cli/cli.h"
#include "money.h"

static int run_test_iati(struct cli *c)
{
	if (!c->n_args)
		return err_usage(&c->e, "name the IATI files to check");
	for (int i = 0; i < c->n_args; i++) {
		FILE *f = fopen(c->args[i], "r");
		if (!f)
			return err_set(&c->e, "%s: cannot open", c->args[i]);
		size_t len;
		char *buf = money_read_all_or_err(f, c->args[i], &len, &c->e);
		fclose(f);
		int rc = buf ? iati_validate_or_err(buf, len, c->args[i], &c->e) : -1;
		free(buf);
		if (rc < 0)
			return -1;
		fprintf(c->out, "%s: valid IATI 2.03 activity XML\n", c->args[i]);
	}
	return 0;
}

const struct command command_test_iati = {
	.name = "test-iati",
	.run = run_test_iati,
	.summary = "check files against the IATI 2.03 activity schema",
	.usage = "muster test-iati FILE…",
	.help = "Checks each FILE as muster import --format iati does before reading it: an\n"
		"iati-activities root of version 2.01 to 2.03, valid against the IATI 2.03 schema.\n",
	.hidden = 1,
};
