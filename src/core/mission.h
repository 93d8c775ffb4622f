/* mission.h: the missions a file knows — those its records belong to, and
 * the default mission — and the one check of a --mission value that every
 * question makes, on the command line and on the web alike. */
#ifndef MUSTER_MISSION_H
#define MUSTER_MISSION_H

#include <jansson.h>

#include "err.h"
#include "store.h"

/* The reserved --mission value that asks across every mission. */
#define MISSION_ALL "all"

/* The missions that have a live public record other than a source (sources
 * are shared by every mission), and the default mission, sorted by name, as
 * a new JSON array of strings (caller decrefs). */
json_t *mission_list(struct store *s);

/* Accepts `mission` when it is the default mission, the mission of any
 * record in the file, or MISSION_ALL where `allow_all` (the questions that
 * ask across missions). Else sets `e` (bad input) naming the nearest known
 * missions (from public records only) and `muster missions`, and returns
 * -1. `question` names the asker in the message about MISSION_ALL. */
int mission_check_or_err(struct store *s, const char *mission, const char *question, int allow_all,
			 struct err *e);

#endif
