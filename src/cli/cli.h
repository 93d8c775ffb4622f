/* cli.h: the command-line machinery — one table of commands drives dispatch,
 * --help and the man page; options are parsed once into struct cli; answers
 * are printed as JSON (--json) or as text. */
#ifndef MUSTER_CLI_H
#define MUSTER_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "../core/err.h"
#include "../core/store.h"

/* Options a command accepts; --db and --help are accepted everywhere. */
#define O_JSON    0x01u   /* --json: print the answer document */
#define O_ASOF    0x02u   /* --as-of DATE */
#define O_MISSION 0x04u   /* --mission CODE */
#define O_BY      0x08u   /* --by DIMENSION */
#define O_FORMAT  0x10u   /* --format NAME */
#define O_REASON  0x20u   /* --reason TEXT */
#define O_BUNDLED 0x40u   /* --bundled */
#define O_FIELDS  0x80u   /* --FIELD VALUE for record fields */
#define O_CURRENCY 0x100u /* --currency CODE */
#define O_LISTEN  0x200u  /* --listen ADDRESS:PORT (serve) */
#define O_SHARED  0x400u  /* --include-shared (funding): count flows on a shared FTS boundary */
#define O_USER    0x800u  /* --user NAME: ask as this user (password prompted) */
#define O_ROLE    0x1000u /* --role ROLE (user add) */
#define O_TLS     0x2000u /* --tls-cert FILE, --tls-key FILE, --secure-cookies (serve) */
/* Not an option: with O_MISSION, `--mission all` asks across missions. */
#define O_ALLMISSIONS 0x4000u
#define O_AT      0x8000u  /* --at SEQ (head, verify): a record's position in the log */
#define O_HEAD    0x10000u /* --head HASH (verify): a chain head published earlier */
#define O_SYNC    0x20000u /* --pull, --push, --cacert FILE (sync) */

struct cli;

struct command {
	const char *name;
	int (*run)(struct cli *c);
	const char *summary;    /* one line, for the command list */
	const char *usage;      /* the synopsis */
	const char *help;       /* what it does, its options, an example */
	unsigned opts;
	int hidden;             /* test-* commands */
};

struct cli {
	const struct command *cmd;
	const char *db;
	const char *log;        /* --log URL: the log in PostgreSQL (src/pg/pg.h), or NULL */
	int json;
	const char *as_of;
	const char *mission;
	const char *by;
	const char *format;
	const char *reason;
	const char *currency;
	const char *listen;     /* --listen ADDRESS:PORT */
	const char *user;       /* --user NAME */
	const char *role;       /* --role ROLE */
	const char *tls_cert, *tls_key;  /* --tls-cert, --tls-key */
	int secure_cookies;     /* --secure-cookies */
	const char *at;         /* --at SEQ */
	const char *head;       /* --head HASH */
	int pull, push;         /* --pull, --push (sync): one way only */
	const char *cacert;     /* --cacert FILE (sync) */
	int bundled;
	int include_shared;     /* --include-shared */
	int help;               /* --help after a kind: muster add pledge --help */
	json_t *fields;         /* --FIELD VALUE pairs (O_FIELDS) */
	char **args;            /* positional arguments */
	int n_args;
	struct err e;
	struct err failed;      /* a failed row step of a store opened by cli_open_or_err
				 * (store_row): the command fails with it */
	FILE *out;
};

/* The table of commands (main.c). */
const struct command *const *commands_all(size_t *n);

int cli_main(int argc, char **argv);

/* Opens the store named by --db, $MUSTER_DB or ./muster.db. Opened to read
 * for a command that takes --mission, it checks the mission given there
 * (mission_check_or_err): the one place every question's --mission is
 * checked. */
int cli_open_or_err(struct cli *c, struct store *s, int mode);
/* The --as-of day, or today. */
int cli_day_or_err(struct cli *c, int *day);
const char *cli_mission(struct cli *c);

/* The runner of a question about a state: reads --as-of (default today),
 * opens the store read-only, calls `ask` for the day and prints its answer
 * with `text`. `ask` sets c->e and returns NULL on failure. */
int cli_ask_dated(struct cli *c, json_t *(*ask)(struct cli *c, struct store *s, int day),
		  void (*text)(FILE *out, const json_t *doc));

/* Prints a finished answer document: JSON with --json, else `text` then the
 * disagreements and sources. Takes ownership of `doc`. Returns 0, or -1
 * (printing nothing) when a row step of the store failed while it was read:
 * the answer would be short. */
int cli_print_answer(struct cli *c, json_t *doc, void (*text)(FILE *out, const json_t *doc));
void cli_print_disagreements(FILE *out, const json_t *doc);
void cli_print_sources(FILE *out, const json_t *doc);
/* 12345 -> "12,345" (core/figure.c's rules) */
const char *cli_num(long long n, char buf[32]);
/* TEXT cut or padded to WIDTH characters (UTF-8 aware), in BUF. */
const char *cli_cell(const char *text, int width, char *buf, size_t size);
/* Joins a JSON array of strings with ", " into buf, each string once. */
const char *cli_join(const json_t *arr, char *buf, size_t size);

void cli_print_help(FILE *out, const struct command *cmd);

#endif
