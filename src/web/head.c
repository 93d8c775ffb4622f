/* head.c: /api/v1/head — the public head of the chain (src/trust/anchor.c),
 * what a reader without access to restricted records can keep today and
 * check later: against /api/v1/head?at=N (the head after the same N public
 * records), or with `muster verify --head HASH` on the file. It carries
 * nothing that moves when a restricted record is added. */
#include <stdlib.h>
#include <string.h>

#include "../core/answer.h"
#include "../trust/anchor.h"
#include "web.h"

const struct question head_question = {
	"head", "Head", "The public head of the chain, to keep and check later (muster head, muster verify --head).",
	P_AT, NULL, NULL, NULL};

int api_head(struct req *r)
{
	sqlite3_int64 n = 0, got;
	char link[HASH_HEX];
	const char *at = r->args->at;
	if (at) {
		char *end;
		long long v = strtoll(at, &end, 10);
		if (!*at || *end || at[0] < '0' || at[0] > '9' || v < 1) {
			char msg[160];
			snprintf(msg, sizeof msg, "at: \"%.40s\" is not a count of public records (write a whole number "
				 "from 1, as public_records gave it)", at);
			web_error_code(r, 1, E_BADINPUT, msg);
			return -1;
		}
		n = v;
	}
	if (anchor_public_or_err(r->srv->anchor, r->s, n, &got, link, &r->e) < 0) {
		web_error(r, 1, &r->e);
		return -1;
	}
	struct answer a;
	answer_init(&a, "head", 0, NULL);
	json_object_set_new(a.answer, "public_records", json_integer(got));
	json_object_set_new(a.answer, "public_head", json_string(link));
	json_object_set_new(a.answer, "how_to_check",
			    json_string("keep public_records and public_head; later, /api/v1/head?at=PUBLIC_RECORDS "
					"must give the same head, and muster verify --head PUBLIC_HEAD on the file "
					"proves the history up to it is unchanged"));
	api_json_out(r, answer_finish(&a, r->s));
	return 0;
}
