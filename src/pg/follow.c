/* follow.c: a server's follower — the thread that keeps the server's file a
 * read model of the log in PostgreSQL, applying in order whatever follows
 * the file's last row, in batches of one transaction each (readers never
 * wait: the file is in WAL mode). An outage of the log is told once on
 * standard error and waited out; the answers go on from the file. */
#include "pg.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/store.h"

/* Rows per transaction of the file, at most: $MUSTER_LOG_BATCH, else
 * FOLLOW_BATCH. A server killed while it applies keeps what it committed.
 * Large, because a transaction of more than 1,000 movements recomputes the
 * running totals of every pair it touches (src/force/running.c) and one of
 * fewer adds to them movement by movement, about 5 ms each: a catch-up of
 * 100,000 movements ran at 409 records/s in batches of 2,000, and 5,001 in
 * batches of 1,000 took 34 s against 1.4 s in one. A server keeping up with
 * the writes applies a few rows a poll, in place. */
#define FOLLOW_BATCH 50000

struct pgfollow {
	struct store s;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping;
	long poll_ms;
	long batch;
	char last_err[sizeof ((struct err *)0)->msg];   /* what was last told on stderr ("" after a success) */
};

/* One round: everything the log holds past the file, in batches. */
static int catch_up_or_err(struct pgfollow *f, long *total, struct err *e)
{
	*total = 0;
	for (;;) {
		long n = 0;
		if (store_begin_or_err(&f->s, e) < 0)
			return -1;
		if (pglog_pull_or_err(&f->s, f->batch, &n, e) < 0) {
			store_rollback(&f->s);
			return -1;
		}
		if (store_commit_or_err(&f->s, e) < 0)
			return -1;
		*total += n;
		if (n < f->batch)
			return 0;
	}
}

static void *follow_loop(void *arg)
{
	struct pgfollow *f = arg;
	pthread_mutex_lock(&f->lock);
	while (!f->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (f->poll_ms % 1000) * 1000000L;
		until.tv_sec += f->poll_ms / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!f->stopping && pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT)
			;
		if (f->stopping)
			break;
		pthread_mutex_unlock(&f->lock);
		struct err e = {0};
		long n = 0;
		if (catch_up_or_err(f, &n, &e) < 0) {
			if (strcmp(f->last_err, e.msg)) {
				fprintf(stderr, "muster: following the log: %s (the answers go on from the file)\n",
					e.msg);
				snprintf(f->last_err, sizeof f->last_err, "%s", e.msg);
			}
		} else if (f->last_err[0]) {
			fprintf(stderr, "muster: following the log again: %lld records in the file\n",
				(long long)f->s.count);
			f->last_err[0] = 0;
		}
		pthread_mutex_lock(&f->lock);
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

struct pgfollow *pgfollow_start(const char *db, struct err *e)
{
	if (!pglog_url())
		return NULL;
	struct pgfollow *f = calloc(1, sizeof *f);
	if (!f) {
		err_set_code(e, E_INTERNAL, "out of memory");
		return NULL;
	}
	const char *p = getenv("MUSTER_LOG_POLL_MS");
	f->poll_ms = p && atol(p) > 0 ? atol(p) : 100;
	const char *b = getenv("MUSTER_LOG_BATCH");
	f->batch = b && atol(b) > 0 ? atol(b) : FOLLOW_BATCH;
	long n = 0;
	if (store_open_or_err(&f->s, db, STORE_WRITE, e) < 0) {
		free(f);
		return NULL;
	}
	pglog_follower(f->s.log);
	if (catch_up_or_err(f, &n, e) < 0) {
		store_close(&f->s);
		free(f);
		return NULL;
	}
	fprintf(stderr, "muster: following the log: %lld records in the file (%ld applied now)\n",
		(long long)f->s.count, n);
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	/* The thread blocks every signal: the server's SIGINT and SIGTERM go to
	 * its sigwait. */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was);
	int started = pthread_create(&f->thread, NULL, follow_loop, f) == 0;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!started) {
		store_close(&f->s);
		free(f);
		err_set_code(e, E_INTERNAL, "cannot start the log's follower thread");
		return NULL;
	}
	return f;
}

void pgfollow_stop(struct pgfollow *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stopping = 1;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	pthread_cond_destroy(&f->wake);
	pthread_mutex_destroy(&f->lock);
	store_close(&f->s);
	free(f);
}
