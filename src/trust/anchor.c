/* anchor.c: the heads of the chain a reader can keep (anchor.h) — the chain's
 * link at a record, the public chain over the public records alone, and the
 * memo that lets a server publish the public head without reading the whole
 * log on every request. */
#include "anchor.h"
#include "users.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Records after ?1 up to ?2, in order: seq, id, chain, and 1 when the record
 * is restricted. A body that is not JSON makes the statement fail (verify
 * names that damage). */
static const char walk_sql[] =
	"SELECT seq, id, chain, restricted FROM log_walk WHERE seq > ?1 AND seq <= ?2 ORDER BY seq";

/* A chain link reads 64 hex digits of the id: a shorter one (a damaged
 * record) is taken as the empty id's digits, never read past. */
static const char *id_of(sqlite3_stmt *st)
{
	const char *id = (const char *)sqlite3_column_text(st, 1);
	return id && strlen(id) == 64 ? id : ANCHOR_ZERO;
}

static int walk_failed(struct store *s, struct err *e)
{
	return err_set_code(e, E_INTERNAL, "%s: reading the log: %s (muster verify names the damage)", s->path,
			    sqlite3_errmsg(s->db));
}

int anchor_head_or_err(struct store *s, sqlite3_int64 at, struct anchor_head *h, struct err *e)
{
	memset(h, 0, sizeof *h);
	sqlite3_stmt *st = store_prep(s, "SELECT count(*), coalesce(max(seq), 0) FROM log");
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return walk_failed(s, e);
	}
	h->records = sqlite3_column_int64(st, 0);
	sqlite3_int64 last = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (at < 0 || at > last)
		return err_set(e, "--at %lld: the log has records 1 to %lld (give a record's position in it)",
			       (long long)at, (long long)last);
	h->seq = at ? at : last;
	memcpy(h->head, ANCHOR_ZERO, HASH_HEX);
	memcpy(h->public_head, ANCHOR_ZERO, HASH_HEX);
	st = store_prep(s, walk_sql);
	sqlite3_bind_int64(st, 1, 0);
	sqlite3_bind_int64(st, 2, h->seq);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = id_of(st);
		const char *chain = (const char *)sqlite3_column_text(st, 2);
		snprintf(h->head, HASH_HEX, "%s", chain ? chain : "");
		if (!sqlite3_column_int(st, 3)) {
			hash_chain(h->public_head, id, h->public_head);
			h->public_n++;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : walk_failed(s, e);
}

/* The public chain's link after public record k * ANCHOR_STEP: the record's
 * seq and the link. */
struct checkpoint {
	sqlite3_int64 seq;
	char link[HASH_HEX];
};

struct anchor_memo {
	pthread_mutex_t lock;
	sqlite3_int64 seq;              /* the last record folded in (0: none) */
	char chain[HASH_HEX];           /* its chain link, to notice another file */
	sqlite3_int64 n;                /* public records up to seq */
	char link[HASH_HEX];            /* the public chain after them */
	struct checkpoint *cps;         /* cps[k]: after public record k * ANCHOR_STEP */
	size_t n_cps, cap_cps;
};

struct anchor_memo *anchor_memo_new(void)
{
	struct anchor_memo *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	pthread_mutex_init(&m->lock, NULL);
	memcpy(m->link, ANCHOR_ZERO, HASH_HEX);
	return m;
}

void anchor_memo_free(struct anchor_memo *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m->cps);
	free(m);
}

static void memo_reset(struct anchor_memo *m)
{
	m->seq = 0;
	m->chain[0] = 0;
	m->n = 0;
	memcpy(m->link, ANCHOR_ZERO, HASH_HEX);
	m->n_cps = 0;
}

static int memo_checkpoint(struct anchor_memo *m)
{
	if (m->n_cps == m->cap_cps) {
		size_t cap = m->cap_cps ? 2 * m->cap_cps : 64;
		struct checkpoint *p = realloc(m->cps, cap * sizeof *p);
		if (!p)
			return -1;
		m->cps = p;
		m->cap_cps = cap;
	}
	m->cps[m->n_cps].seq = m->seq;
	memcpy(m->cps[m->n_cps].link, m->link, HASH_HEX);
	m->n_cps++;
	return 0;
}

/* Folds in the records appended since the memo last looked (all of them
 * when the file is not the one it saw). Called with m->lock held. */
static int memo_catch_up(struct anchor_memo *m, struct store *s, struct err *e)
{
	if (m->seq) {
		sqlite3_stmt *st = store_prep(s, "SELECT chain FROM log WHERE seq = ?");
		sqlite3_bind_int64(st, 1, m->seq);
		const char *c = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (!c || strcmp(c, m->chain))
			memo_reset(m);
		sqlite3_reset(st);
	}
	if (!m->n_cps && memo_checkpoint(m) < 0)
		return err_set_code(e, E_INTERNAL, "out of memory");
	sqlite3_stmt *st = store_prep(s, walk_sql);
	sqlite3_bind_int64(st, 1, m->seq);
	sqlite3_bind_int64(st, 2, INT64_MAX);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = id_of(st);
		const char *chain = (const char *)sqlite3_column_text(st, 2);
		m->seq = sqlite3_column_int64(st, 0);
		snprintf(m->chain, HASH_HEX, "%s", chain ? chain : "");
		if (sqlite3_column_int(st, 3))
			continue;
		hash_chain(m->link, id, m->link);
		if (++m->n % ANCHOR_STEP == 0 && memo_checkpoint(m) < 0) {
			sqlite3_reset(st);
			memo_reset(m);
			return err_set_code(e, E_INTERNAL, "out of memory");
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		memo_reset(m);
		return walk_failed(s, e);
	}
	return 0;
}

int anchor_public_or_err(struct anchor_memo *m, struct store *s, sqlite3_int64 n, sqlite3_int64 *n_out,
			 char out[HASH_HEX], struct err *e)
{
	pthread_mutex_lock(&m->lock);
	if (memo_catch_up(m, s, e) < 0) {
		pthread_mutex_unlock(&m->lock);
		return -1;
	}
	sqlite3_int64 total = m->n;
	if (n < 0 || n > total) {
		pthread_mutex_unlock(&m->lock);
		return err_set_code(e, E_NOANSWER, "at=%lld: the record has %lld public records (give a count "
				    "from 1 to %lld, or none for all)", (long long)n, (long long)total, (long long)total);
	}
	if (!n || n == total) {
		*n_out = total;
		memcpy(out, m->link, HASH_HEX);
		pthread_mutex_unlock(&m->lock);
		return 0;
	}
	struct checkpoint cp = m->cps[n / ANCHOR_STEP];
	pthread_mutex_unlock(&m->lock);
	/* At most ANCHOR_STEP public records past the checkpoint. */
	sqlite3_int64 have = (n / ANCHOR_STEP) * ANCHOR_STEP;
	char link[HASH_HEX];
	memcpy(link, cp.link, HASH_HEX);
	sqlite3_stmt *st = store_prep(s, walk_sql);
	sqlite3_bind_int64(st, 1, cp.seq);
	sqlite3_bind_int64(st, 2, INT64_MAX);
	int rc;
	while (have < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 3))
			continue;
		const char *id = id_of(st);
		hash_chain(link, id, link);
		have++;
	}
	sqlite3_reset(st);
	if (have < n)
		return walk_failed(s, e);
	*n_out = n;
	memcpy(out, link, HASH_HEX);
	return 0;
}

int anchor_seq_or_err(const char *text, sqlite3_int64 *seq, struct err *e)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (!isdigit((unsigned char)text[0]) || *end || v < 1)
		return err_set(e, "--at: \"%.40s\" is not a record's position (write a whole number from 1, as "
			       "muster head prints it)", text);
	*seq = v;
	return 0;
}

int anchor_hash_or_err(const char *text, char out[HASH_HEX], struct err *e)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n && n == 64; i++)
		if (!isxdigit((unsigned char)text[i]))
			n = 0;
	if (n != 64)
		return err_set(e, "--head: \"%.70s\" is not a chain head (write the 64 hex digits muster head "
			       "prints)", text);
	for (size_t i = 0; i < 64; i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	out[64] = 0;
	return 0;
}

int anchor_visible_head_or_err(struct anchor_memo *m, struct store *s, int role, char out[HASH_HEX],
			       struct err *e)
{
	out[0] = 0;
	if (!role_sees_restricted((enum role)role)) {
		sqlite3_int64 n_pub;
		return anchor_public_or_err(m, s, 0, &n_pub, out, e);
	}
	sqlite3_stmt *st = store_prep(s, "SELECT chain FROM log ORDER BY seq DESC LIMIT 1");
	if (!st)
		return err_set_code(e, E_INTERNAL, "the record file: cannot read the log's head");
	if (store_row(s, st))
		snprintf(out, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return store_failed_or_err(s, e);
}
