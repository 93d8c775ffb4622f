/* verify_cli.c: `muster verify` — proves that history was not rewritten: the
 * file's structure passes SQLite's integrity check, every record's body is
 * canonical and hashes to its id, the chain links each record to the one
 * before with no gap, the derived tables equal those rebuilt from the log in
 * a private temporary file, and (--head) the history ending in a head
 * published earlier is still in the file. Each problem is named with its kind
 * of damage. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/derive.h"
#include "../search/search.h"
#include "../core/record.h"
#include "anchor.h"
#include "keys.h"
#include "users.h"
#include "../sync/sync.h"
#include "verify_derived.h"

/* The kinds of damage, in the order they are reported. */
enum damage { D_STRUCTURE, D_MISSING, D_BODY, D_CHAIN, D_GUARDS, D_DERIVED, D_USERS, D_SIGNATURES, D_ANCHOR, N_DAMAGE };
static const struct {
	const char *key;        /* in --json's "damage" */
	const char *what;       /* in the summary line */
} damages[N_DAMAGE] = {
	{"structure", "the file's structure (SQLite's integrity check: damaged on disk or edited byte by byte; "
		      "restore a backup)"},
	{"missing", "records missing from the log"},
	{"body", "records whose bodies were changed"},
	{"chain", "the chain broken (records removed, reordered, changed or forged)"},
	{"guards", "the log's guards removed"},
	{"derived", "derived tables that differ from the log (muster rebuild restores them)"},
	{"users", "the users log or table"},
	{"signatures", "signatures that do not verify"},
	{"anchor", "the history ending in the head published earlier is not in the file"},
};

struct finding {
	json_t *problems;       /* array of strings */
	unsigned kinds;         /* bit 1 << enum damage for each kind found */
};

static void problem(struct finding *f, enum damage d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct finding *f, enum damage d, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	f->kinds |= 1u << d;
	if (json_array_size(f->problems) < 200)
		json_array_append_new(f->problems, json_string(buf));
}

/* What --head asks, and where the head was found in the chain recomputed
 * from the bodies. */
struct anchor_want {
	char hash[HASH_HEX];    /* "" when --head is not given */
	sqlite3_int64 at;       /* --at SEQ, or 0 */
	sqlite3_int64 found;    /* the record whose chain link it is, or 0 */
	sqlite3_int64 found_public;     /* the public records after which it is the public head, or 0 */
	char link_at[HASH_HEX]; /* the recomputed link at record `at` */
	char public_at[HASH_HEX];       /* the recomputed public chain at record `at` */
	sqlite3_int64 public_n_at;      /* public records up to record `at` */
};

/* SQLite's own check of the file's b-trees, pages and indexes: damage no
 * record check sees (a flipped bit in a page of an index, a free list that
 * lies). At most 20 of its messages are kept. */
static void check_structure(struct store *s, struct finding *f)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(20)", -1, &st, NULL) != SQLITE_OK) {
		problem(f, D_STRUCTURE, "SQLite's integrity check cannot run: %s", sqlite3_errmsg(s->db));
		return;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (m && strcmp(m, "ok"))
			problem(f, D_STRUCTURE, "SQLite's integrity check: %.400s", m);
	}
	if (rc != SQLITE_DONE)
		problem(f, D_STRUCTURE, "SQLite's integrity check stopped: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
}

/* The sets' fingerprints (sync_digest_or_err's), summed on the walk. */
struct set_digests {
	int ok;                 /* 0: the walk could not read rec, they are not summed */
	struct sync_fp all, pub;
};

/* Walks the log: canonical bodies, ids, chain, no gaps; and the chain
 * recomputed from the bodies alone (every record's and the public records'),
 * to find the head `w` asks about. */
static void check_log(struct store *s, struct finding *f, char head[HASH_HEX], long long *n, struct anchor_want *w,
		      struct set_digests *d)
{
	sqlite3_stmt *st, *r = NULL;
	sqlite3_prepare_v2(s->db, "SELECT seq, id, body, chain FROM log ORDER BY seq", -1, &st, NULL);
	/* The public set is pub_log's: the records whose rec row says public,
	 * read beside the log in the same order. Reading rec fails only on a
	 * damaged file: then sync_digest_or_err is asked, as before. */
	d->ok = sqlite3_prepare_v2(s->db, "SELECT seq, visibility = 'public' FROM rec ORDER BY seq", -1, &r,
				   NULL) == SQLITE_OK;
	int r_rc = d->ok ? sqlite3_step(r) : SQLITE_DONE;
	memset(&d->all, 0, sizeof d->all);
	memset(&d->pub, 0, sizeof d->pub);
	char prev[HASH_HEX], whole[HASH_HEX], pub[HASH_HEX];
	memcpy(prev, ANCHOR_ZERO, HASH_HEX);
	memcpy(whole, ANCHOR_ZERO, HASH_HEX);
	memcpy(pub, ANCHOR_ZERO, HASH_HEX);
	long long expect = 1, n_pub = 0;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		int id_text = sqlite3_column_type(st, 1) == SQLITE_TEXT;  /* before column_text converts it */
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *chain = (const char *)sqlite3_column_text(st, 3);
		/* The names sync_digest_or_err reads through log_id: text, 64
		 * long, between "" and "g". */
		if (id_text && strlen(id) == 64 && (unsigned char)id[0] < 'g') {
			sync_fp_add(&d->all, id);
			while (r_rc == SQLITE_ROW && sqlite3_column_int64(r, 0) < seq)
				r_rc = sqlite3_step(r);
			if (r_rc == SQLITE_ROW && sqlite3_column_int64(r, 0) == seq && sqlite3_column_int(r, 1))
				sync_fp_add(&d->pub, id);
		}
		if (seq != expect)
			problem(f, D_MISSING, "record %lld is missing: the log jumps from %lld to %lld (a record was deleted)",
				expect, expect - 1, seq);
		expect = seq + 1;
		(*n)++;
		char h[HASH_HEX];
		hash_sha256_hex(body ? body : "", body ? strlen(body) : 0, h);
		if (!id || strcmp(h, id))
			problem(f, D_BODY, "record %lld (%.16s): its body does not hash to its id (the body was changed)",
				seq, id ? id : "?");
		json_t *rec = body ? json_loads(body, 0, NULL) : NULL;
		char *canon = rec ? record_canonical(rec) : NULL;
		if (!canon || strcmp(canon, body))
			problem(f, D_BODY, "record %lld (%.16s): its body is not canonical JSON", seq, id ? id : "?");
		free(canon);
		const char *vis = json_string_value(json_object_get(rec, "visibility"));
		int restricted = vis && !strcmp(vis, "restricted");
		json_decref(rec);
		char link[HASH_HEX];
		hash_chain(prev, id && strlen(id) == 64 ? id : h, link);
		if (!chain || strcmp(link, chain))
			problem(f, D_CHAIN, "record %lld (%.16s): the chain breaks here (a record before it was removed, "
				"reordered or changed)", seq, id ? id : "?");
		snprintf(prev, sizeof prev, "%s", chain && strlen(chain) == 64 ? chain : link);
		/* The anchor trusts nothing stored: ids and links come from the bodies. */
		hash_chain(whole, h, whole);
		if (!restricted) {
			hash_chain(pub, h, pub);
			n_pub++;
		}
		if (w->hash[0] && !w->found && !strcmp(whole, w->hash))
			w->found = seq;
		if (w->hash[0] && !w->found_public && !restricted && !strcmp(pub, w->hash))
			w->found_public = n_pub;
		if (seq == w->at) {
			memcpy(w->link_at, whole, HASH_HEX);
			memcpy(w->public_at, pub, HASH_HEX);
			w->public_n_at = n_pub;
		}
	}
	if (rc != SQLITE_DONE)
		problem(f, D_STRUCTURE, "reading the log stopped after record %lld: %s", expect - 1, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	if (r_rc != SQLITE_ROW && r_rc != SQLITE_DONE)
		d->ok = 0;
	sqlite3_finalize(r);
	memcpy(head, prev, HASH_HEX);
	sqlite3_stmt *g;
	sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
			   "name IN ('log_no_update', 'log_no_delete')", -1, &g, NULL);
	if (sqlite3_step(g) == SQLITE_ROW && sqlite3_column_int(g, 0) != 2)
		problem(f, D_GUARDS, "the log's guards against updates and deletes were removed");
	sqlite3_finalize(g);
}

/* --head: the history ending in w->hash must be in the file. */
static void check_anchor(struct finding *f, const struct anchor_want *w, long long n)
{
	if (!w->hash[0])
		return;
	if (w->at && w->at > n) {
		problem(f, D_ANCHOR, "--head: the file holds %lld records, fewer than the %lld of the head published "
			"earlier (records were removed from its end)", n, (long long)w->at);
	} else if (w->at && strcmp(w->link_at, w->hash) && strcmp(w->public_at, w->hash)) {
		problem(f, D_ANCHOR, "--head: at record %lld the chain recomputed from the bodies is %.16s, not the "
			"head %.16s published earlier (the history up to record %lld was rewritten, or a record was "
			"inserted or removed before it)", (long long)w->at, w->link_at, w->hash, (long long)w->at);
	} else if (!w->at && !w->found && !w->found_public) {
		problem(f, D_ANCHOR, "--head: no record of the file ends a history whose head is %.16s, in the chain "
			"or in the public chain (the history up to it was rewritten, had records inserted or removed, "
			"or was cut short; give --at SEQ, as published, to tell which)", w->hash);
	}
}

/* What one verify finds on the file itself, on a thread of its own while the
 * main thread rebuilds the derived tables: the two share nothing but the
 * file, each through its own connection. */
struct file_checks {
	struct store *s;
	struct finding f;
	struct anchor_want *w;
	struct verify_derived *vd;      /* NULL: the rebuild could not start */
	char head[HASH_HEX];
	long long n, nu, nsig;
	char digest[HASH_HEX], pub_digest[HASH_HEX];
	long long n_set, n_pub;
	struct err e;
};

static void *file_checks_run(void *arg)
{
	struct file_checks *x = arg;
	check_structure(x->s, &x->f);
	struct set_digests d;
	check_log(x->s, &x->f, x->head, &x->n, x->w, &d);
	check_anchor(&x->f, x->w, x->n);
	size_t before = json_array_size(x->f.problems);
	x->nu = users_verify(x->s->db, x->f.problems);
	if (json_array_size(x->f.problems) > before)
		x->f.kinds |= 1u << D_USERS;
	before = json_array_size(x->f.problems);
	x->nsig = keys_verify(x->s->db, x->f.problems);
	if (json_array_size(x->f.problems) > before)
		x->f.kinds |= 1u << D_SIGNATURES;
	/* The digests of the set of records and of the public ones: equal on
	 * two copies that hold the same records, whatever their order.
	 * The walk summed them from the table; on a sound file its index
	 * log_id, which sync reads, holds the same names. */
	if (x->f.kinds & (1u << D_STRUCTURE)) {
	} else if (d.ok) {
		sync_fp_text(&d.all, 64, x->digest);
		sync_fp_text(&d.pub, 64, x->pub_digest);
		x->n_set = (long long)d.all.n;
		x->n_pub = (long long)d.pub.n;
	} else if (sync_digest_or_err(x->s, 1, x->digest, &x->n_set, &x->e) < 0 ||
		   sync_digest_or_err(x->s, 0, x->pub_digest, &x->n_pub, &x->e) < 0) {
		x->digest[0] = x->pub_digest[0] = 0;
	}
	if (x->vd)
		vd_digest_file(x->vd, x->s->db);
	return NULL;
}

static int run_verify(struct cli *c)
{
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (see muster verify --help)", c->args[0]);
	struct anchor_want w;
	memset(&w, 0, sizeof w);
	if (c->at && !c->head)
		return err_usage(&c->e, "--at goes with --head (the record the published head was taken at)");
	if (c->head && anchor_hash_or_err(c->head, w.hash, &c->e) < 0)
		return -1;
	if (c->at && anchor_seq_or_err(c->at, &w.at, &c->e) < 0)
		return -1;
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	/* The rebuild (this thread) and the checks of the file itself (another)
	 * take about as long: on two cores, verify takes the longer of them. */
	struct file_checks x;
	memset(&x, 0, sizeof x);
	x.s = &s;
	x.f.problems = json_array();
	x.w = &w;
	struct verify_derived vd;
	int rc = vd_open_or_err(&vd, s.path, &c->e);
	x.vd = rc == 0 ? &vd : NULL;
	pthread_t th;
	int threaded = rc == 0 && pthread_create(&th, NULL, file_checks_run, &x) == 0;
	if (!threaded)
		file_checks_run(&x);
	if (rc == 0)
		rc = vd_rebuild_or_err(&vd, &c->e);
	if (threaded)
		pthread_join(th, NULL);
	struct finding f = x.f;
	char *head = x.head, *digest = x.digest, *pub_digest = x.pub_digest;
	long long n = x.n, nu = x.nu, nsig = x.nsig, n_pub = x.n_pub;
	if (rc == 0) {
		json_t *derived = json_array();
		vd_compare(&vd, derived);
		size_t i;
		json_t *p;
		json_array_foreach(derived, i, p)
			problem(&f, D_DERIVED, "%s", json_string_value(p));
		json_decref(derived);
	}
	vd_close(&vd);
	store_close(&s);
	if (rc < 0 && (f.kinds & (1u << D_STRUCTURE))) {
		/* A damaged file cannot always be rebuilt from: that is the damage
		 * already named, not a fault of verify's. */
		problem(&f, D_STRUCTURE, "the derived tables cannot be compared: %s", c->e.msg);
		rc = 0;
	}
	if (rc < 0) {
		json_decref(f.problems);
		return -1;
	}
	size_t np = json_array_size(f.problems);
	json_t *kinds = json_array();
	char what[1024] = "";
	for (int d = 0; d < N_DAMAGE; d++)
		if (f.kinds & (1u << d)) {
			json_array_append_new(kinds, json_string(damages[d].key));
			snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", what[0] ? "; " : "",
				 damages[d].what);
		}
	char found[200] = "";
	/* The record whose chain link the head is (0: it is the public chain's). */
	long long rec_at = w.at ? (!strcmp(w.link_at, w.hash) ? w.at : 0) : w.found;
	if (w.at && !rec_at)
		w.found_public = w.public_n_at;
	if (w.hash[0] && !(f.kinds & (1u << D_ANCHOR))) {
		if (rec_at)
			snprintf(found, sizeof found, "; the head published earlier is record %lld's: the history up "
				 "to it is in the file", rec_at);
		else
			snprintf(found, sizeof found, "; the head published earlier is the public head after %lld "
				 "public records: the history up to it is in the file", (long long)w.found_public);
	}
	if (c->json) {
		json_t *o = json_pack("{s:s, s:b, s:I, s:s, s:I, s:I, s:o, s:O}", "question", "verify", "ok", np == 0,
				      "records", (json_int_t)n, "head", head, "users_log", (json_int_t)nu, "signatures",
				      (json_int_t)nsig, "damage", kinds, "problems", f.problems);
		if (digest[0]) {
			json_object_set_new(o, "digest", json_string(digest));
			json_object_set_new(o, "public_digest", json_string(pub_digest));
			json_object_set_new(o, "public_records", json_integer(n_pub));
		}
		if (w.hash[0])
			json_object_set_new(o, "anchor", json_pack("{s:s, s:b, s:o, s:o}", "head", w.hash, "found",
								   !(f.kinds & (1u << D_ANCHOR)), "record",
								   rec_at ? json_integer(rec_at) : json_null(),
								   "public_records",
								   !rec_at && w.found_public ? json_integer(w.found_public)
											      : json_null()));
		char *t = json_dumps(o, JSON_INDENT(2));
		fprintf(c->out, "%s\n", t);
		free(t);
		json_decref(o);
	} else if (np == 0) {
		json_decref(kinds);
		fprintf(c->out, "verified: %lld records, chain head %s; the file's structure is sound; derived tables "
			"match the log; users log of %lld entries intact; %lld signature%s verified%s\n", n, head, nu, nsig,
			nsig == 1 ? "" : "s", found);
		if (digest[0])
			fprintf(c->out, "digest of the set of records %s; of the %lld public records %s (equal on every "
				"copy holding the same records, whatever their order)\n", digest, n_pub, pub_digest);
	} else {
		json_decref(kinds);
		size_t i;
		json_t *p;
		json_array_foreach(f.problems, i, p)
			fprintf(stderr, "muster: verify: %s\n", json_string_value(p));
		fprintf(stderr, "muster: verify: %zu problem%s in %s (%lld records): %s\n", np, np == 1 ? "" : "s",
			s.path, n, what);
	}
	json_decref(f.problems);
	return np ? err_codes[E_DOESNOTHOLD].exit_status : 0;
}

const struct command command_verify = {
	.name = "verify",
	.run = run_verify,
	.summary = "prove that history was not rewritten",
	.usage = "muster verify [--head HASH [--at SEQ]] [--json]",
	.help = "Runs SQLite's integrity check on the file, recomputes every record's SHA-256 and the\n"
		"chain that links each record to the one before, checks that no record is missing, and\n"
		"rebuilds the derived tables (in a temporary file, removed at the end) to compare them\n"
		"with the file's. Prints the number of records and the head of the chain.\n"
		"Checks the users log the same way (muster user log), and that the users table agrees\n"
		"with it: roles, disabled users, password hashes and signing keys changed behind\n"
		"muster's back. Checks every signature the file holds (muster key): each must verify\n"
		"with its key and name a record of the log.\n"
		"A file rewritten consistently (every body, id and link recomputed) passes these checks:\n"
		"only a head published before the rewrite can catch it. With --head HASH (a head printed\n"
		"by muster head, or the public head of /api/v1/head), verify proves that the history\n"
		"ending in that head is still in the file, recomputing the chain from the bodies alone:\n"
		"a record changed, inserted or removed at or before it, or records cut from the end,\n"
		"fail. Records appended after it cannot be told from honest ones by the head.\n"
		"Exit status 0 when everything holds, 4 when something does not: each problem is named,\n"
		"then the kinds of damage found (structure, missing, body, chain, guards, derived,\n"
		"users, signatures, anchor; --json lists them under \"damage\").\n"
		"Options:\n"
		"  --head HASH   a chain head or public head published earlier\n"
		"  --at SEQ      the record it was taken at, when published with it (then a file cut\n"
		"                short is told from one rewritten)\n"
		"  --json        the findings as JSON\n"
		"Example:\n  muster head --at 1200     (publish the head it prints)\n"
		"  muster verify --head HASH --at 1200\n",
	.opts = O_JSON | O_HEAD | O_AT,
};
