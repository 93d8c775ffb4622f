/* fuzz_import.c: a libFuzzer target for one of the importers, chosen when it
 * is built (-DFUZZ_FORMAT=NAME, one of the eight formats of `muster import`).
 * Each input is read into a store made once, in memory, inside a transaction
 * that is then rolled back, so every input meets the same empty record (with
 * the sources the record formats cite). A refusal (an error naming the place)
 * is the expected answer to bad input; a crash, a sanitizer report, a leak or
 * an error with no message is a finding. Built and run by tests/fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "io/hxl.h"
#include "io/import.h"
#include "mandate/mandate.h"
#include "places/places.h"

#define STR2(x) #x
#define STR(x) STR2(x)

static struct store store;
static int ready;
static char tmp[64];

/* Sources that records in the seed corpus cite beside the bundled record's
 * (data/haiti/sources.csv), so that inputs mutated from the seeds get past
 * the first check and reach the readers' deeper paths. */
static const char seed_sources[] =
	"kind,ref,publisher,title,date,grade,url\n"
	"source,src,Fuzz,a source,2024-01-01,B,\n"
	"source,src-a,Fuzz,a source,2024-01-01,B,\n";

static void seed_or_die(FILE *f, const char *name)
{
	struct err e = {0};
	struct import_stats st = {0};
	if (!f || store_begin_or_err(&store, &e) < 0 || import_stream_or_err(&store, f, name, IMPORT_CSV, &st, &e) < 0 ||
	    store_commit_or_err(&store, &e) < 0) {
		fprintf(stderr, "fuzz: seeding the store from %s: %s\n", name, f ? e.msg : "cannot open");
		abort();
	}
	fclose(f);
	free(st.warnings);
	free(st.report);
}

static void setup(void)
{
	struct err e = {0};
	setenv("MUSTER_NOW", "2026-11-23T12:00:00Z", 0);
	setenv("MUSTER_USER", "fuzz", 0);
	if (store_open_or_err(&store, ":memory:", STORE_WRITE | STORE_CREATE | STORE_MEMORY, &e) < 0) {
		fprintf(stderr, "fuzz: %s\n", e.msg);
		abort();
	}
	/* Run from the top of the tree (tests/fuzz/run.sh). */
	seed_or_die(fopen("data/haiti/sources.csv", "r"), "data/haiti/sources.csv");
	seed_or_die(fmemopen((void *)seed_sources, sizeof seed_sources - 1, "r"), "seed");
	snprintf(tmp, sizeof tmp, "/tmp/muster-fuzz-%ld.in", (long)getpid());
	ready = 1;
}

/* Reads `data` as FUZZ_FORMAT; -1 with e->msg set on a refusal. */
static int read_input(const uint8_t *data, size_t size, struct err *e)
{
	const char *fmt = STR(FUZZ_FORMAT);
	if (!strcmp(fmt, "akn")) {
		json_t *src = NULL, *res = NULL;
		if (akn_parse_or_err((const char *)data, size, "fuzz.xml", &src, &res, e) < 0)
			return -1;
		char id[HASH_HEX];
		int rc = store_append_or_err(&store, src, id, e) < 0 || store_append_or_err(&store, res, id, e) < 0 ? -1 : 0;
		json_decref(src);
		json_decref(res);
		return rc;
	}
	if (!strcmp(fmt, "geojson")) {
		/* The GeoJSON reader takes a path. */
		FILE *w = fopen(tmp, "wb");
		if (!w || fwrite(data, 1, size, w) != size || fclose(w) != 0)
			abort();
		long long n = 0;
		int rc = geojson_import_or_err(&store, tmp, &n, e);
		unlink(tmp);
		return rc;
	}
	enum import_format f;
	if (import_format_or_err(fmt, &f, e) < 0)
		abort();
	FILE *in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0; /* fmemopen refuses an empty buffer */
	struct hxl_opts hx = {.kind = NULL, .sources = "src", .latin1 = 0};
	struct import_stats st = {.mission = "FUZZ", .hxl = &hx};
	int rc = import_stream_or_err(&store, in, "fuzz.in", f, &st, e);
	fclose(in);
	free(st.warnings);
	free(st.report);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		setup();
	struct err e = {0};
	if (store_begin_or_err(&store, &e) < 0) {
		fprintf(stderr, "fuzz: begin: %s\n", e.msg);
		abort();
	}
	int rc = read_input(data, size, &e);
	if (rc < 0 && !e.msg[0]) {
		fprintf(stderr, "fuzz: a refusal with no message\n");
		abort();
	}
	/* FUZZ_SAY=1: says what became of each input (to see that the seed
	 * corpus reaches past the first checks). */
	if (getenv("FUZZ_SAY"))
		fprintf(stderr, "fuzz: %s%.200s\n", rc < 0 ? "refused: " : "read", rc < 0 ? e.msg : "");
	store_rollback(&store);
	return 0;
}
