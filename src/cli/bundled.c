/* bundled.c: the files of data/haiti/ embedded with the assembler's .incbin,
 * and their import. Sources come first: every other record cites them;
 * corrections.csv comes last: it names records of the files before it. */
#include "bundled.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/embed.h"
#include "../io/import.h"

#ifndef MUSTER_DATA_DIR
#error "MUSTER_DATA_DIR must name the data folder (the Makefile sets it)"
#endif

#define EMBED_CSV(sym, file) EMBED(char, sym, MUSTER_DATA_DIR "/haiti/" file)

EMBED_CSV(bundled_sources, "sources.csv");
EMBED_CSV(bundled_pledges, "pledges.csv");
EMBED_CSV(bundled_movements, "movements.csv");
EMBED_CSV(bundled_strength, "strength.csv");
EMBED_CSV(bundled_targets, "targets.csv");
EMBED_CSV(bundled_funding, "funding.csv");
EMBED_CSV(bundled_places, "places.csv");
EMBED_CSV(bundled_mandate, "mandate.csv");
EMBED_CSV(bundled_commitments, "commitments.csv");
EMBED_CSV(bundled_places_gsf, "places-gsf.csv");
EMBED_CSV(bundled_corrections, "corrections.csv");

static const struct { const char *name; const char *text; } files[] = {
	{"data/haiti/sources.csv", bundled_sources},
	{"data/haiti/pledges.csv", bundled_pledges},
	{"data/haiti/movements.csv", bundled_movements},
	{"data/haiti/strength.csv", bundled_strength},
	{"data/haiti/targets.csv", bundled_targets},
	{"data/haiti/funding.csv", bundled_funding},
	{"data/haiti/places.csv", bundled_places},
	{"data/haiti/mandate.csv", bundled_mandate},
	{"data/haiti/commitments.csv", bundled_commitments},
	{"data/haiti/places-gsf.csv", bundled_places_gsf},
	/* Last: its records correct records of the files above by ref. */
	{"data/haiti/corrections.csv", bundled_corrections},
};

/* The bundled file `i`, opened for reading: the compiled-in text, or with
 * MUSTER_BUNDLE_DIR set (tests: an older release's data/haiti), the file of
 * the same name in that folder. Sets *absent when that folder lacks it (an
 * older bundle had fewer files). */
static FILE *bundled_open(size_t i, char *name, size_t size, int *absent)
{
	const char *dir = getenv("MUSTER_BUNDLE_DIR");
	if (!dir || !*dir) {
		snprintf(name, size, "%s", files[i].name);
		return fmemopen((void *)files[i].text, strlen(files[i].text), "r");
	}
	snprintf(name, size, "%s/%s", dir, strrchr(files[i].name, '/') + 1);
	FILE *f = fopen(name, "r");
	*absent = !f && errno == ENOENT;
	return f;
}

int bundled_import_or_err(struct store *s, long long *n, struct err *e)
{
	char user[sizeof s->user], now[sizeof s->now];
	memcpy(user, s->user, sizeof user);
	memcpy(now, s->now, sizeof now);
	snprintf(s->user, sizeof s->user, "%s", BUNDLED_BY);
	snprintf(s->now, sizeof s->now, "%s", BUNDLED_AT);
	struct import_stats st = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof files / sizeof *files; i++) {
		char name[1024];
		int absent = 0;
		FILE *f = bundled_open(i, name, sizeof name, &absent);
		if (absent)
			continue;
		if (!f) {
			rc = err_set_code(e, E_INTERNAL, "cannot read the bundled %s", name);
			break;
		}
		rc = import_stream_or_err(s, f, name, IMPORT_CSV, &st, e);
		fclose(f);
	}
	memcpy(s->user, user, sizeof user);
	memcpy(s->now, now, sizeof now);
	*n = st.records;
	return rc;
}
