/* guard.c: the SQLite authorizer of a connection that answers someone who
 * may not see restricted records (DESIGN.md: the public connection cannot
 * read them at all). An allow-list, as Fossil's for report SQL: it reads the
 * public views of rec, the tables of kinds that are not restricted, public
 * sources and citations, the public search index and the log's seq, id and
 * chain; never rec itself, the log's bodies, users, sessions, the source
 * table or a restricted kind's table. Anything that writes is refused. So a
 * query that forgets the visibility rule fails to prepare instead of
 * answering with a restricted record. */
#include "users.h"

#include <string.h>

#include "../core/derive.h"
#include "../core/record.h"

/* SQLite (3.40, tested by tests/cli/guard.sh) calls SQLITE_READ for
 * every column a statement reads, with the table's name; for a table that a
 * statement names without reading a column (count(*), a join on USING) it
 * calls it once with the column "". Inside a view the reads are of the
 * view's own tables, and the last argument names the innermost view (or
 * common table expression) they are read for. So a read of rec is allowed
 * only inside the views below, and none of them is built on another. A
 * statement could name a common table expression after one of them to read
 * rec: none of ours does, and tests/cli/guard.sh checks the source. */
static const char *const views[] = {"pub_rec", "pub_any_rec", "vetting_tally", "complaint_tally", "pub_source",
				     "pub_log", "log_walk", "pub_ref_clash", "pub_fork", "pub_sig"};

/* Tables read whole besides the kinds' (kind_all) and the views. */
static const char *const tables[] = {
	"pub_rec", "pub_any_rec", "vetting_tally", "complaint_tally", "pub_source", "pub_log", "log_walk",
	/* The signatures of public records (src/trust/keys_trust.c). */
	"pub_sig",
	"pub_ref_clash", "pub_fork", "cite", "retraction", "meta",
	/* The public search index, FTS5's own tables under it included (FTS5
	 * reads them with statements of its own on this connection). */
	"search", "search_len", "search_data", "search_idx", "search_content", "search_docsize", "search_config",
	/* Its rows' filter values (src/search/filter.c). */
	"search_attr", "search_date", "search_code",
	/* Its frequent words' figures (src/search/stat.c). */
	"search_stat",
	"sqlite_master", "sqlite_schema", "sqlite_temp_master",
};

/* The log's columns a public reader may read: never its bodies. */
static const char *const log_columns[] = {"seq", "id", "chain", ""};

static int listed(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

/* Whether `table` is the table of a kind that is not restricted. */
static int public_kind_table(const char *table)
{
	size_t n, len = strlen(table);
	const struct kind *const *all = kind_all(&n);
	for (size_t i = 0; i < n; i++) {
		const char *t = all[i]->table;
		if (!t || all[i]->restricted)
			continue;
		for (const char *p = t; (p = strstr(p, table)) != NULL; p += len)
			if ((p == t || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
				return 1;
	}
	return 0;
}

int guard_may_read(const char *table, const char *column, const char *db, const char *view)
{
	if (!table)
		return 0;
	/* The connection's own scratch tables (a refresh's TEMP tables). */
	if (db && !strcmp(db, "temp"))
		return 1;
	if (view && listed(views, sizeof views / sizeof *views, view))
		return 1;
	if (listed(tables, sizeof tables / sizeof *tables, table) || public_kind_table(table))
		return 1;
	return !strcmp(table, "log") && column && listed(log_columns, sizeof log_columns / sizeof *log_columns, column);
}

static int authorize(void *cls, int action, const char *a, const char *b, const char *db, const char *view)
{
	(void)cls;
	switch (action) {
	case SQLITE_READ:
		return guard_may_read(a, b, db, view) ? SQLITE_OK : SQLITE_DENY;
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

void guard_install(struct store *s, enum role r)
{
	if (role_sees_restricted(r))
		return;
	sqlite3_set_authorizer(s->db, authorize, NULL);
	s->public_only = 1;
}
