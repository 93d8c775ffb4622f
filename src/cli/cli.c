/* cli.c: parsing the command line and printing answers. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/figure.h"
#include "../core/hash.h"
#include "../core/iso.h"
#include "../core/json_text.h"
#include "../core/mission.h"
#include "../core/record.h"
#include "../trust/keys.h"
#include "../pg/pg.h"

struct opt {
	const char *name;
	unsigned bit;
	int takes_value;
};

static const struct opt options[] = {
	{"json", O_JSON, 0}, {"as-of", O_ASOF, 1}, {"mission", O_MISSION, 1}, {"by", O_BY, 1},
	{"format", O_FORMAT, 1}, {"reason", O_REASON, 1}, {"bundled", O_BUNDLED, 0},
	{"currency", O_CURRENCY, 1},
	{"listen", O_LISTEN, 1},
	{"include-shared", O_SHARED, 0},
	{"user", O_USER, 1}, {"role", O_ROLE, 1},
	{"tls-cert", O_TLS, 1}, {"tls-key", O_TLS, 1}, {"secure-cookies", O_TLS, 0},
	{"at", O_AT, 1}, {"head", O_HEAD, 1},
	{"pull", O_SYNC, 0}, {"push", O_SYNC, 0}, {"cacert", O_SYNC, 1},
};

/* `text` cut or padded to `width` columns, counting characters, not bytes,
 * so that "Pétion-Ville" lines up with "Delmas" (printf's %-22.22s counts
 * bytes and would cut inside a character). A cut ends with "…". */
const char *cli_cell(const char *text, int width, char *buf, size_t size)
{
	size_t o = 0;
	int cols = 0;
	const unsigned char *t = (const unsigned char *)(text ? text : "");
	size_t len = strlen((const char *)t);
	int chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += (t[i] & 0xC0) != 0x80;
	int keep = chars > width ? width - 1 : chars;
	for (size_t i = 0; i < len && o + 8 < size; i++) {
		if ((t[i] & 0xC0) != 0x80 && cols++ == keep)
			break;
		buf[o++] = (char)t[i];
	}
	if (chars > width && o + 4 < size) {
		memcpy(buf + o, "\xe2\x80\xa6", 3);
		o += 3;
		keep++;
	}
	for (int c = keep; c < width && o + 1 < size; c++)
		buf[o++] = ' ';
	buf[o] = 0;
	return buf;
}

const char *cli_num(long long n, char buf[32])
{
	return figure_int(n, &figure_style_cli, buf, 32);
}

const char *cli_join(const json_t *arr, char *buf, size_t size)
{
	size_t i, j;
	json_t *it;
	buf[0] = 0;
	json_array_foreach(arr, i, it) {
		const char *s = json_is_string(it) ? json_string_value(it) : "?";
		/* Each once: a figure summed from several records cites one
		 * source as often as they do. */
		for (j = 0; j < i && !json_equal(json_array_get(arr, j), it); j++)
			;
		if (j < i)
			continue;
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", *buf ? ", " : "", s);
	}
	return buf;
}

void cli_print_help(FILE *out, const struct command *cmd)
{
	fprintf(out, "usage: %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && *cmd->help)
		fprintf(out, "\n%s", cmd->help);
	fprintf(out, "\nOptions everywhere:\n  --db FILE      the database (default $MUSTER_DB, else ./muster.db)\n"
		"  --log URL      keep the log in PostgreSQL (postgresql://…, default $MUSTER_LOG): the\n"
		"                 file is then a read model of it (docs/hq.md)\n"
		"  --help         this text\n");
}

static void print_usage(FILE *out)
{
	size_t n;
	const struct command *const *all = commands_all(&n);
	fprintf(out, "usage: muster [--db FILE] COMMAND [options]\n\n"
		"Muster keeps the sourced record of a multinational security support mission and\n"
		"answers questions about it. Every figure names its sources; every disagreement\n"
		"between sources is shown.\n\nCommands:\n");
	for (size_t i = 0; i < n; i++)
		if (!all[i]->hidden)
			fprintf(out, "  %-10s %s\n", all[i]->name, all[i]->summary);
	/* Each exit status by the word of its first code (err.c's table). */
	fprintf(out, "\nmuster COMMAND --help tells more. Exit status: 0 answered");
	for (int x = 1; x <= EXIT_BUSY; x++)
		for (int i = 0; i < E_N_CODES; i++)
			if (err_codes[i].exit_status == x) {
				fprintf(out, ", %d %s", x, err_codes[i].word);
				break;
			}
	fprintf(out, " (man muster lists every code).\n");
}

static const struct command *find_command(const char *name)
{
	size_t n;
	const struct command *const *all = commands_all(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	size_t n;
	const struct command *const *all = commands_all(&n);
	const char *names[64];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 64; i++)
		if (!all[i]->hidden)
			names[k++] = all[i]->name;
	const char *near = err_nearest(name, names, k);
	if (near)
		fprintf(stderr, "muster: \"%s\" is not a command (did you mean `%s`?)\n", name, near);
	else
		fprintf(stderr, "muster: \"%s\" is not a command (muster --help lists them)\n", name);
	return EXIT_BADINPUT;
}

static int parse_or_err(struct cli *c, int argc, char **argv)
{
	c->args = calloc((size_t)argc + 1, sizeof *c->args);
	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		if (strncmp(a, "--", 2) || !a[2]) {
			c->args[c->n_args++] = a;
			continue;
		}
		char name[64];
		const char *val = NULL, *eq = strchr(a, '=');
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a - 2) : (int)strlen(a + 2), a + 2);
		if (eq)
			val = eq + 1;
		if (!strcmp(name, "help")) {
			c->help = 1;
			continue;
		}
		const struct opt *o = NULL;
		if (!strcmp(name, "db")) {
			static const struct opt db = {"db", 0, 1};
			o = &db;
		}
		if (!strcmp(name, "log")) {
			static const struct opt log = {"log", 0, 1};
			o = &log;
		}
		for (size_t k = 0; !o && k < sizeof options / sizeof *options; k++)
			if (!strcmp(options[k].name, name) && (c->cmd->opts & options[k].bit))
				o = &options[k];
		if (!o && !(c->cmd->opts & O_FIELDS)) {
			const char *names[24];
			size_t k = 0;
			names[k++] = "db";
			names[k++] = "log";
			for (size_t j = 0; j < sizeof options / sizeof *options; j++)
				if (c->cmd->opts & options[j].bit)
					names[k++] = options[j].name;
			const char *near = err_nearest(name, names, k);
			if (near)
				return err_usage(&c->e, "unknown option --%s "
					       "(did you mean --%s?)", name, near);
			return err_usage(&c->e, "unknown option --%s (see muster %s --help)", name, c->cmd->name);
		}
		int takes = o ? o->takes_value : 1;
		if (takes && !val) {
			if (i + 1 >= argc)
				return err_usage(&c->e, "--%s needs a value", name);
			val = argv[++i];
		} else if (!takes && val) {
			return err_usage(&c->e, "--%s takes no value", name);
		}
		if (!o) {
			/* A record field: --country KEN, --sources a;b. Dashes are underscores. */
			for (char *p = name; *p; p++)
				if (*p == '-')
					*p = '_';
			json_object_set_new(c->fields, name, json_string(val));
			continue;
		}
		if (!strcmp(name, "db")) c->db = val;
		else if (!strcmp(name, "log")) c->log = val;
		else if (!strcmp(name, "json")) c->json = 1;
		else if (!strcmp(name, "as-of")) c->as_of = val;
		else if (!strcmp(name, "mission")) c->mission = val;
		else if (!strcmp(name, "by")) c->by = val;
		else if (!strcmp(name, "format")) c->format = val;
		else if (!strcmp(name, "reason")) c->reason = val;
		else if (!strcmp(name, "bundled")) c->bundled = 1;
		else if (!strcmp(name, "currency")) c->currency = val;
		else if (!strcmp(name, "listen")) c->listen = val;
		else if (!strcmp(name, "include-shared")) c->include_shared = 1;
		else if (!strcmp(name, "user")) c->user = val;
		else if (!strcmp(name, "role")) c->role = val;
		else if (!strcmp(name, "tls-cert")) c->tls_cert = val;
		else if (!strcmp(name, "tls-key")) c->tls_key = val;
		else if (!strcmp(name, "secure-cookies")) c->secure_cookies = 1;
		else if (!strcmp(name, "at")) c->at = val;
		else if (!strcmp(name, "head")) c->head = val;
		else if (!strcmp(name, "pull")) c->pull = 1;
		else if (!strcmp(name, "push")) c->push = 1;
		else if (!strcmp(name, "cacert")) c->cacert = val;
	}
	return 0;
}

int cli_open_or_err(struct cli *c, struct store *s, int mode)
{
	const char *db = c->db;
	if (!db || !*db)
		db = getenv("MUSTER_DB");
	if (!db || !*db)
		db = "muster.db";
	if (store_open_or_err(s, db, mode, &c->e) < 0)
		return -1;
	s->failed_to = &c->failed;
	/* What this user enters is signed with their key, when they hold one. */
	if (mode != STORE_READ)
		keys_cli_signer(s);
	/* A writer on a read model of the log in PostgreSQL first applies what
	 * the log holds past the file (a correction reads the record it names
	 * before it appends); best effort, the first append does it for sure. */
	struct err ignored;
	if (mode != STORE_READ && s->log && store_begin_or_err(s, &ignored) == 0)
		store_commit_or_err(s, &ignored);
	/* A question reads one consistent snapshot, in one read transaction. */
	if (mode == STORE_READ && store_begin_read_or_err(s, &c->e) < 0) {
		store_close(s);
		return -1;
	}
	/* Import's --mission names the mission being imported: it opens to write. */
	if (mode == STORE_READ && (c->cmd->opts & O_MISSION) && c->mission && *c->mission &&
	    mission_check_or_err(s, c->mission, c->cmd->name, (c->cmd->opts & O_ALLMISSIONS) != 0, &c->e) < 0) {
		store_close(s);
		return -1;
	}
	return 0;
}

int cli_day_or_err(struct cli *c, int *day)
{
	if (!c->as_of) {
		*day = day_today();
		return 0;
	}
	if (day_parse_or_err(c->as_of, day, &c->e) < 0) {
		err_prefix(&c->e, "--as-of");
		return -1;
	}
	return 0;
}

const char *cli_mission(struct cli *c)
{
	return c->mission && *c->mission ? c->mission : DEFAULT_MISSION;
}

/* The currency of a claim's amount: the claim's, else the disagreement's. */
static const char *claim_currency(const json_t *cl, const json_t *d)
{
	const char *cur = json_string_value(json_object_get(cl, "currency"));
	return cur ? cur : json_string_value(json_object_get(d, "currency"));
}

/* A claim's value `v` (or the value used) as the command line says figures:
 * a count grouped, an amount of money grouped with its currency. */
static const char *claim_text(const json_t *cl, const json_t *v, const json_t *d, char *buf, size_t n)
{
	if (json_is_integer(v))
		return figure_int((long long)json_integer_value(v), &figure_style_cli, buf, n);
	if (!json_is_string(v))
		return "?";
	const char *cur = claim_currency(cl, d);
	if (cur && strcmp(figure_money(json_string_value(v), cur, NULL, &figure_style_cli, NULL, NULL, buf, n), "-"))
		return buf;
	return json_string_value(v);
}

void cli_print_disagreements(FILE *out, const json_t *doc)
{
	json_t *ds = json_object_get(doc, "disagreements");
	if (!json_array_size(ds))
		return;
	fprintf(out, "\nDisagreements (%zu):\n", json_array_size(ds));
	size_t i, j;
	json_t *d, *cl;
	json_array_foreach(ds, i, d) {
		fprintf(out, "  - %s:", json_string_value(json_object_get(d, "about")));
		json_array_foreach(json_object_get(d, "claims"), j, cl) {
			char src[512], num[96];
			fprintf(out, "%s %s", j ? " vs" : "", claim_text(cl, json_object_get(cl, "value"), d, num, sizeof num));
			const char *as = json_string_value(json_object_get(cl, "as"));
			json_t *srcs = json_object_get(cl, "sources");
			if (as && json_array_size(srcs))
				fprintf(out, " (%s: %s)", as, cli_join(srcs, src, sizeof src));
			else if (as)
				fprintf(out, " (%s)", as);
			else if (json_array_size(srcs))
				fprintf(out, " (%s)", cli_join(srcs, src, sizeof src));
		}
		json_t *used = json_object_get(d, "used");
		char num[96];
		const json_t *cl0 = json_array_get(json_object_get(d, "claims"), 0);
		if (json_is_integer(used) || (json_is_string(used) && claim_currency(cl0, d)))
			fprintf(out, "; used %s", claim_text(cl0, used, d, num, sizeof num));
		fprintf(out, "\n");
	}
}

void cli_print_sources(FILE *out, const json_t *doc)
{
	json_t *ss = json_object_get(doc, "sources");
	if (!json_array_size(ss))
		return;
	fprintf(out, "\nSources:\n");
	size_t i;
	json_t *s;
	json_array_foreach(ss, i, s) {
		const char *date = json_string_value(json_object_get(s, "date"));
		const char *url = json_string_value(json_object_get(s, "url"));
		fprintf(out, "  [%s] %s, \"%s\"%s%s, grade %s%s%s\n",
			json_string_value(json_object_get(s, "id")),
			json_string_value(json_object_get(s, "publisher")) ?: "?",
			json_string_value(json_object_get(s, "title")) ?: "?",
			date ? ", " : "", date ? date : "",
			json_string_value(json_object_get(s, "grade")) ?: "?",
			url ? ", " : "", url ? url : "");
	}
}

int cli_print_answer(struct cli *c, json_t *doc, void (*text)(FILE *out, const json_t *doc))
{
	if (c->failed.msg[0]) {
		json_decref(doc);
		c->e = c->failed;
		return -1;
	}
	if (c->json) {
		char *s = json_text(doc, 2);
		fprintf(c->out, "%s\n", s);
		free(s);
	} else {
		text(c->out, doc);
		const char *rule = json_string_value(json_object_get(json_object_get(doc, "answer"), "rule"));
		if (rule)
			fprintf(c->out, "\nRule: %s\n", rule);
		cli_print_disagreements(c->out, doc);
		cli_print_sources(c->out, doc);
	}
	json_decref(doc);
	return 0;
}

int cli_ask_dated(struct cli *c, json_t *(*ask)(struct cli *c, struct store *s, int day),
		  void (*text)(FILE *out, const json_t *doc))
{
	struct store s;
	int day;
	if (cli_day_or_err(c, &day) < 0 || cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	json_t *doc = ask(c, &s, day);
	int rc = doc ? cli_print_answer(c, doc, text) : -1;
	store_close(&s);
	return rc;
}

/* The command line's rendering of an error: the command ("muster show: ")
 * when the message is about how it was called, "muster: " otherwise, then
 * the message; returns the exit status of its code. */
static int print_error(const struct cli *c)
{
	const struct err *e = &c->e;
	if (e->scope == ERR_SUBCOMMAND && c->n_args > 0)
		fprintf(stderr, "muster %s %s: %s\n", c->cmd->name, c->args[0], e->msg);
	else if (e->scope != ERR_PLAIN)
		fprintf(stderr, "muster %s: %s\n", c->cmd->name, e->msg);
	else
		fprintf(stderr, "muster: %s\n", e->msg);
	return err_exit_status(e);
}

int cli_main(int argc, char **argv)
{
	int first = 1;
	const char *db = NULL;
	if (argc > 2 && !strcmp(argv[1], "--db")) {
		db = argv[2];
		first = 3;
	} else if (argc > 1 && !strncmp(argv[1], "--db=", 5)) {
		db = argv[1] + 5;
		first = 2;
	}
	if (argc <= first || !strcmp(argv[first], "--help") || !strcmp(argv[first], "-h") ||
	    !strcmp(argv[first], "help")) {
		if (argc > first + 1 && !strcmp(argv[first], "help") && find_command(argv[first + 1])) {
			cli_print_help(stdout, find_command(argv[first + 1]));
			return 0;
		}
		print_usage(argc <= first ? stderr : stdout);
		return argc <= first ? EXIT_BADINPUT : 0;
	}
	if (!strcmp(argv[first], "--version")) {
		printf("muster 0.1\n");
		return 0;
	}
	if (!strncmp(argv[first], "--", 2)) {
		fprintf(stderr, "muster: unknown option %s (options come after the command: muster COMMAND "
			"--help)\n", argv[first]);
		return EXIT_BADINPUT;
	}
	const struct command *cmd = find_command(argv[first]);
	if (!cmd)
		return unknown_command(argv[first]);
	for (int i = first + 1; i < argc; i++)
		if ((!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) &&
		    !((cmd->opts & O_FIELDS) && i > first + 1 && argv[first + 1][0] != '-')) {
			cli_print_help(stdout, cmd);
			return 0;
		}
	struct cli c;
	memset(&c, 0, sizeof c);
	c.cmd = cmd;
	c.db = db;
	c.out = stdout;
	c.fields = json_object();
	int rc;
	if (hash_init() < 0) {
		fprintf(stderr, "muster: cannot initialise libsodium\n");
		return EXIT_INTERNAL;
	}
	if (parse_or_err(&c, argc - first - 1, argv + first + 1) < 0 || iso_load_or_err(&c.e) < 0) {
		rc = -1;
	} else {
		pglog_use(c.log ? c.log : getenv("MUSTER_LOG"));
		rc = cmd->run(&c);
		pglog_use(NULL);
	}
	/* A failed row step fails the command, whatever it printed. */
	if (c.failed.msg[0]) {
		c.e = c.failed;
		rc = -1;
	}
	if (rc < 0)
		rc = print_error(&c);
	json_decref(c.fields);
	free(c.args);
	return rc;
}
