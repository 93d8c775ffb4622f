/* guard.c: an SQLite authorizer for connections that answer someone who may
 * not see restricted details (DESIGN.md: the public connection cannot read
 * them at all). Columns that only hold secrets or restricted details read
 * as NULL; anything that writes is refused. The answers never select these
 * columns for such readers; the guard makes a future mistake harmless. */
#include "users.h"

#include <string.h>

/* Table and column pairs a public or editor connection may not read. */
static const char *const hidden[][2] = {
	{"users", "pwhash"},
	{"sessions", "token_hash"},
	{"sessions", "csrf"},
	{"vetting", "subject"},
	{"complaint", "narrative"},
};

static int authorize(void *cls, int action, const char *a, const char *b, const char *db, const char *trigger)
{
	(void)cls;
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_READ:
		for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
			if (a && b && !strcmp(a, hidden[i][0]) && !strcmp(b, hidden[i][1]))
				return SQLITE_IGNORE;
		return SQLITE_OK;
	case SQLITE_UPDATE:
		/* SQLite's own step while it connects an FTS5 table (the search
		 * index): it names sqlite_master's columns. The connection is opened
		 * read-only, so nothing is written either way. */
		if (a && !strcmp(a, "sqlite_master"))
			return SQLITE_OK;
		return db && !strcmp(db, "temp") ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_INSERT:
	case SQLITE_DELETE:
	case SQLITE_DROP_TABLE:
	case SQLITE_CREATE_TABLE:
	case SQLITE_ALTER_TABLE:
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		/* TEMP tables are the connection's own scratch space. */
		return db && !strcmp(db, "temp") ? SQLITE_OK : SQLITE_DENY;
	default:
		return SQLITE_OK;
	}
}

void guard_install(sqlite3 *db, enum role r)
{
	if (!role_sees_restricted(r))
		sqlite3_set_authorizer(db, authorize, NULL);
}
