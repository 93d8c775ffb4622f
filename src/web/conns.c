/* conns.c: the server's connection budget — deadlines that libmicrohttpd's
 * idle timeout cannot give. A connection must send a request's line and
 * headers within CONNS_HEADER_DEADLINE seconds of opening (or of its last
 * answer, when kept alive), and a form's body within CONNS_BODY_DEADLINE of
 * its headers, however often it sends a byte; from three quarters of the
 * connection limit open until fewer than half are, connections waiting for
 * headers get CONNS_PRESSED_DEADLINE instead, so that room is made for new
 * clients. A watcher thread shuts down
 * the socket of a connection past its deadline; libmicrohttpd then sees the
 * connection end and closes it as its own. The limits per address and in all
 * are libmicrohttpd's options (serve.c). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "conns.h"
#include "mhd.h"

/* One connection libmicrohttpd has told us about. */
struct watched {
	struct watched *prev, *next;
	int fd;
	enum conns_state state;
	double since;           /* when the current state began (CLOCK_MONOTONIC seconds) */
	int shut;               /* 1 once its socket was shut down */
};

struct conns {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int stopping;
	struct watched *head;
	unsigned n;             /* connections open */
	unsigned limit;         /* the server's connection limit */
	int pressed;            /* 1 from three quarters of the limit open until fewer than half */
	unsigned long closed;   /* connections shut down for missing a deadline */
};

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The seconds a connection in `state` may stay in it; 0: no deadline. */
static double deadline_of(const struct conns *c, enum conns_state state)
{
	switch (state) {
	case CONNS_HEADERS:
		return c->pressed ? CONNS_PRESSED_DEADLINE : CONNS_HEADER_DEADLINE;
	case CONNS_BODY:
		return CONNS_BODY_DEADLINE;
	case CONNS_ANSWERED:
		break;
	}
	return 0;
}

static void *watch_loop(void *arg)
{
	struct conns *c = arg;
	pthread_mutex_lock(&c->lock);
	while (!c->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += CONNS_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&c->wake, &c->lock, &ts);
		double t = now_mono();
		/* Once pressed, the short deadline holds until half the budget is
		 * free, so that room is made at once and the deadline does not
		 * flap at the threshold. */
		if (c->n * 4 >= c->limit * 3)
			c->pressed = 1;
		else if (c->n * 2 < c->limit)
			c->pressed = 0;
		for (struct watched *w = c->head; w; w = w->next) {
			double d = deadline_of(c, w->state);
			/* The lock is held: libmicrohttpd says a connection is
			 * closed (conns_notify, under the lock) before it closes
			 * the socket, so w->fd is still this connection's. */
			if (d > 0 && !w->shut && t - w->since > d) {
				shutdown(w->fd, SHUT_RDWR);
				w->shut = 1;
				c->closed++;
			}
		}
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct conns *conns_start(unsigned limit)
{
	struct conns *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->limit = limit;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, watch_loop, c) != 0) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	return c;
}

void conns_stop(struct conns *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	while (c->head) {
		struct watched *w = c->head;
		c->head = w->next;
		free(w);
	}
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void conns_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	struct conns *c = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct watched *w = ci ? calloc(1, sizeof *w) : NULL;
		*socket_context = w;
		if (!w)
			return;         /* unwatched: libmicrohttpd's idle timeout still holds */
		w->fd = ci->connect_fd;
		w->state = CONNS_HEADERS;
		w->since = now_mono();
		pthread_mutex_lock(&c->lock);
		w->next = c->head;
		if (c->head)
			c->head->prev = w;
		c->head = w;
		c->n++;
		pthread_mutex_unlock(&c->lock);
		return;
	}
	struct watched *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&c->lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		c->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	c->n--;
	pthread_mutex_unlock(&c->lock);
	free(w);
	*socket_context = NULL;
}

void conns_mark(struct conns *c, struct MHD_Connection *conn, enum conns_state state)
{
	if (!c)
		return;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct watched *w = ci ? ci->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&c->lock);
	if (w->state != state) {
		w->state = state;
		w->since = now_mono();
	}
	pthread_mutex_unlock(&c->lock);
}

void conns_counts(struct conns *c, unsigned *open, unsigned long *closed)
{
	pthread_mutex_lock(&c->lock);
	*open = c->n;
	*closed = c->closed;
	pthread_mutex_unlock(&c->lock);
}
