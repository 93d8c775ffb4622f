/* conns.h: deadlines for a request's headers and body, and room kept for new
 * clients (conns.c). */
#ifndef MUSTER_CONNS_H
#define MUSTER_CONNS_H

#include "mhd.h"

/* Seconds. A request's line and headers, from the connection's opening or
 * its previous answer; a form's body, from its headers; the headers' deadline
 * from three quarters of the connection limit open until fewer than half. */
#define CONNS_HEADER_DEADLINE 10
#define CONNS_BODY_DEADLINE 30
#define CONNS_PRESSED_DEADLINE 2
#define CONNS_TICK_MS 250       /* how often the watcher looks */

enum conns_state {
	CONNS_HEADERS,          /* waiting for a request's line and headers */
	CONNS_BODY,             /* headers read; waiting for the rest of a form's body */
	CONNS_ANSWERED,         /* answered (or being answered): only the idle timeout holds */
};

struct conns;

/* Starts the watcher thread for a server of at most `limit` connections;
 * NULL when out of memory or threads. */
struct conns *conns_start(unsigned limit);
/* Stops the watcher and frees everything; call after MHD_stop_daemon. */
void conns_stop(struct conns *c);
/* MHD_OPTION_NOTIFY_CONNECTION's callback (cls: the struct conns). */
void conns_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
/* Moves the connection to `state`, its deadline counted from now (a state it
 * is already in keeps its start). `c` may be NULL. */
void conns_mark(struct conns *c, struct MHD_Connection *conn, enum conns_state state);
/* Connections open now, and shut down for missing a deadline so far. */
void conns_counts(struct conns *c, unsigned *open, unsigned long *closed);

#endif
