/* head_cli.c: `muster head` — the chain's head at a record and the public
 * head (anchor.c), for publishing now and checking later with
 * `muster verify --head HASH`. */
#include <stdio.h>
#include <stdlib.h>

#include "../cli/cli.h"
#include "anchor.h"

static int run_head(struct cli *c)
{
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (see muster head --help)", c->args[0]);
	sqlite3_int64 at = 0;
	if (c->at && anchor_seq_or_err(c->at, &at, &c->e) < 0)
		return -1;
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	struct anchor_head h;
	int rc = anchor_head_or_err(&s, at, &h, &c->e);
	store_close(&s);
	if (rc < 0)
		return -1;
	if (c->json) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:s, s:I, s:s}", "question", "head", "records",
				      (json_int_t)h.records, "at", (json_int_t)h.seq, "head", h.head, "public_records",
				      (json_int_t)h.public_n, "public_head", h.public_head);
		char *t = json_dumps(o, JSON_INDENT(2));
		fprintf(c->out, "%s\n", t);
		free(t);
		json_decref(o);
		return 0;
	}
	fprintf(c->out, "head at record %lld of %lld: %s\npublic head after %lld public records: %s\n",
		(long long)h.seq, (long long)h.records, h.head, (long long)h.public_n, h.public_head);
	return 0;
}

const struct command command_head = {
	.name = "head",
	.run = run_head,
	.summary = "print the chain head to publish, now or at an earlier record",
	.usage = "muster head [--at SEQ] [--json]",
	.help = "Prints the head of the chain at a record (the last, or record SEQ with --at): the SHA-256\n"
		"link that seals that record and every one before it. Publish it, and anyone holding the\n"
		"file later can prove with `muster verify --head HASH` that the history ending there is\n"
		"still in it, unchanged.\n"
		"Also prints the public head: the same chain taken over the public records alone (the\n"
		"ids of the records that are not restricted, in order). It does not move when a\n"
		"restricted record is added, so it is what the public pages publish (/api/v1/head);\n"
		"verify --head takes either.\n"
		"Options:\n"
		"  --at SEQ   the head at record SEQ (1 is the first record), as it was when SEQ was last\n"
		"  --json     the heads as JSON\n"
		"Example:\n  muster head\n  muster head --at 300\n",
	.opts = O_JSON | O_AT,
};
