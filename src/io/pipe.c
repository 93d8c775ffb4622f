/* pipe.c: the two-stage import (pipe.h). Rows go from the reading thread to
 * the appending one in batches, through a queue of at most PIPE_BATCHES
 * batches, so that the two threads meet once per batch, not once per row, and
 * the memory held stays small whatever the size of the file. Appended
 * batches go back to the reading thread to be freed: the thread that
 * allocated them frees them faster, and the appending thread is the busier. */
#include "pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"

#define PIPE_BATCH 256
#define PIPE_BATCHES 8

struct item {
	struct prepared prep;   /* prep.rec is owned here */
	long line;
};

struct batch {
	struct item v[PIPE_BATCH];
	int n;
	int end;                /* the last batch: the reader is done */
	int failed;             /* with end: the reader failed, its error in p->read_err */
	struct batch *next;     /* in the list of appended batches */
};

struct pipe {
	const struct store *s;
	const char *name;
	pipe_reader read;
	void *ud;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct batch *q[PIPE_BATCHES];
	int head, count;        /* queued batches: q[head], … (count of them) */
	int stop;               /* the appending side stopped: the reader must too */
	struct batch *filling;  /* the reader's batch being filled */
	struct batch *done;     /* appended batches, for the reader to free */
	struct err read_err;
	/* The log's head once every record queued so far is appended, while the
	 * reader can tell (each record prepared whole); "" once it cannot. */
	char chain[HASH_HEX];
};

static void batch_free(struct batch *b)
{
	while (b) {
		struct batch *next = b->next;
		for (int i = 0; i < b->n; i++) {
			json_decref(b->v[i].prep.rec);
			store_prepared_free(&b->v[i].prep);
		}
		free(b);
		b = next;
	}
}

/* Queues the batch being filled; -1 when the appending side has stopped. */
static int send(struct pipe *p, int end, int failed)
{
	struct batch *b = p->filling;
	p->filling = NULL;
	if (!b)
		b = calloc(1, sizeof *b);
	b->end = end;
	b->failed = failed;
	pthread_mutex_lock(&p->lock);
	while (p->count == PIPE_BATCHES && !p->stop)
		pthread_cond_wait(&p->changed, &p->lock);
	int stopped = p->stop;
	if (!stopped) {
		p->q[(p->head + p->count) % PIPE_BATCHES] = b;
		p->count++;
		pthread_cond_broadcast(&p->changed);
	}
	struct batch *done = p->done;
	p->done = NULL;
	pthread_mutex_unlock(&p->lock);
	batch_free(done);
	if (stopped)
		batch_free(b);
	return stopped ? -1 : 0;
}

int pipe_put(struct pipe *p, json_t *in, long line, struct err *e)
{
	json_t *rec;
	if (record_normalize_or_err(in, &rec, e) < 0) {
		err_prefix(e, "%s:%ld", p->name, line);
		return -1;
	}
	if (!p->filling)
		p->filling = calloc(1, sizeof *p->filling);
	struct item *it = &p->filling->v[p->filling->n++];
	it->line = line;
	store_prepare(p->s, rec, &it->prep);
	if (it->prep.text && p->chain[0]) {
		it->prep.chained = 1;
		memcpy(it->prep.prev, p->chain, HASH_HEX);
		hash_chain(p->chain, it->prep.id, it->prep.chain);
		memcpy(p->chain, it->prep.chain, HASH_HEX);
	} else {
		p->chain[0] = 0;
	}
	return p->filling->n == PIPE_BATCH ? send(p, 0, 0) : 0;
}

static void *reader_main(void *arg)
{
	struct pipe *p = arg;
	int rc = p->read(p->ud, p, &p->read_err);
	/* A reader that failed because the appending side stopped has nothing
	 * to say; send() finds the stop and drops the batch. */
	send(p, 1, rc < 0);
	return NULL;
}

/* Hands back the batch appended (or NULL) and takes the next one. */
static struct batch *receive(struct pipe *p, struct batch *appended)
{
	pthread_mutex_lock(&p->lock);
	if (appended) {
		appended->next = p->done;
		p->done = appended;
	}
	while (p->count == 0)
		pthread_cond_wait(&p->changed, &p->lock);
	struct batch *b = p->q[p->head];
	p->head = (p->head + 1) % PIPE_BATCHES;
	p->count--;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return b;
}

int pipe_run_or_err(struct store *s, const char *name, pipe_reader read, void *ud, long long *records,
		    struct err *e)
{
	struct pipe p = {.s = s, .name = name, .read = read, .ud = ud};
	memcpy(p.chain, s->head, HASH_HEX);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	pthread_t t;
	if (pthread_create(&t, NULL, reader_main, &p) != 0) {
		pthread_mutex_destroy(&p.lock);
		pthread_cond_destroy(&p.changed);
		return err_set_code(e, E_INTERNAL, "cannot start the reading thread");
	}
	int rc = 0;
	struct batch *b = NULL;
	for (int done = 0; !done;) {
		b = receive(&p, b);
		for (int i = 0; rc == 0 && i < b->n; i++) {
			struct item *it = &b->v[i];
			if (store_append_prepared_or_err(s, &it->prep, e) < 0) {
				err_prefix(e, "%s:%ld", name, it->line);
				rc = -1;
			} else {
				(*records)++;
			}
		}
		if (rc == 0 && b->end && b->failed) {
			*e = p.read_err;
			rc = -1;
		}
		done = b->end || rc < 0;
	}
	/* Stopped early: the reader stops at its next batch; what it queued goes. */
	pthread_mutex_lock(&p.lock);
	p.stop = 1;
	pthread_cond_broadcast(&p.changed);
	pthread_mutex_unlock(&p.lock);
	pthread_join(t, NULL);
	batch_free(b);
	for (; p.count > 0; p.count--, p.head = (p.head + 1) % PIPE_BATCHES)
		batch_free(p.q[p.head]);
	batch_free(p.filling);
	batch_free(p.done);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.changed);
	return rc;
}
