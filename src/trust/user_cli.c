/* user_cli.c: `muster user add|list|disable|enable|password|log` — the people who may sign in
 * and their roles. Whoever can write the file manages its users; every change
 * is appended to the users log, naming who made it ($MUSTER_USER or $USER). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/store.h"
#include "users.h"
#include "who.h"

static void print_json(struct cli *c, json_t *doc)
{
	char *t = json_dumps(doc, JSON_INDENT(2));
	fprintf(c->out, "%s\n", t);
	free(t);
	json_decref(doc);
}

static int user_add(struct cli *c, struct store *s)
{
	enum role role;
	if (c->n_args != 2)
		return err_set(&c->e, "name one user (muster user add NAME --role ROLE)");
	if (!c->role)
		return err_set(&c->e, "say the role with --role editor, oversight or admin");
	if (user_name_check_or_err(c->args[1], &c->e) < 0 || role_parse_or_err(c->role, &role, &c->e) < 0)
		return -1;
	char prompt[128], pw[PASSWORD_MAX + 2];
	snprintf(prompt, sizeof prompt, "Password for %s: ", c->args[1]);
	if (password_read_or_err(prompt, 1, pw, sizeof pw, &c->e) < 0)
		return -1;
	int rc = users_add_or_err(s, c->args[1], role, pw, s->user, &c->e);
	sodium_memzero(pw, sizeof pw);
	if (rc == 0)
		fprintf(c->out, "added %s (%s)\n", c->args[1], role_name(role));
	return rc;
}

static int user_list(struct cli *c, struct store *s)
{
	json_t *users = users_list(s);
	if (c->json) {
		print_json(c, json_pack("{s:s, s:o}", "question", "users", "users", users));
		return 0;
	}
	size_t i;
	json_t *u;
	fprintf(c->out, "%-24s %-10s %-8s %s\n", "User", "Role", "State", "Sessions");
	json_array_foreach(users, i, u)
		fprintf(c->out, "%-24s %-10s %-8s %lld\n", json_string_value(json_object_get(u, "name")),
			json_string_value(json_object_get(u, "role")),
			json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
			(long long)json_integer_value(json_object_get(u, "sessions")));
	if (!json_array_size(users))
		fprintf(c->out, "(no users: muster user add NAME --role editor)\n");
	json_decref(users);
	return 0;
}

static int user_log(struct cli *c, struct store *s)
{
	json_t *log = users_log_list(s);
	if (c->json) {
		print_json(c, json_pack("{s:s, s:o}", "question", "users_log", "entries", log));
		return 0;
	}
	size_t i;
	json_t *x;
	json_array_foreach(log, i, x) {
		const char *role = json_string_value(json_object_get(x, "role"));
		fprintf(c->out, "#%-4lld %s %-8s %s%s%s%s by %s\n", (long long)json_integer_value(json_object_get(x, "seq")),
			json_string_value(json_object_get(x, "at")), json_string_value(json_object_get(x, "action")),
			json_string_value(json_object_get(x, "name")), role ? " (" : "", role ? role : "", role ? ")" : "",
			json_string_value(json_object_get(x, "by")));
	}
	json_decref(log);
	return 0;
}

static int user_password(struct cli *c, struct store *s)
{
	char prompt[128], pw[PASSWORD_MAX + 2];
	snprintf(prompt, sizeof prompt, "New password for %s: ", c->args[1]);
	if (password_read_or_err(prompt, 1, pw, sizeof pw, &c->e) < 0)
		return -1;
	int rc = users_password_or_err(s, c->args[1], pw, s->user, &c->e);
	sodium_memzero(pw, sizeof pw);
	if (rc == 0)
		fprintf(c->out, "changed the password of %s; their sessions have ended\n", c->args[1]);
	return rc;
}

enum { U_ADD, U_LIST, U_DISABLE, U_ENABLE, U_PASSWORD, U_LOG, U_N };

static int run_user(struct cli *c)
{
	static const char *const subs[U_N] = {"add", "list", "disable", "enable", "password", "log"};
	static const char what[] = "add, list, disable, enable, password or log";
	if (c->n_args < 1)
		return err_usage(&c->e, "say what to do: %s (muster user --help)", what);
	const char *sub = c->args[0];
	int which = -1;
	for (int i = 0; i < U_N; i++)
		if (!strcmp(sub, subs[i]))
			which = i;
	if (which < 0) {
		const char *near = err_nearest(sub, subs, U_N);
		if (near)
			return err_usage(&c->e, "\"%s\" is not %s (did you mean %s?)", sub, what, near);
		return err_usage(&c->e, "\"%s\" is not %s", sub, what);
	}
	int reads = which == U_LIST || which == U_LOG;
	if (reads && c->n_args != 1)
		return err_usage_sub(&c->e, "takes no names");
	if (!reads && which != U_ADD && c->n_args != 2)
		return err_usage_sub(&c->e, "name one user");
	if (c->role && which != U_ADD)
		return err_usage_sub(&c->e, "--role is for muster user add");
	struct store s;
	if (cli_open_or_err(c, &s, reads ? STORE_READ : STORE_WRITE) < 0)
		return -1;
	int rc;
	switch (which) {
	case U_ADD:
		rc = user_add(c, &s);
		break;
	case U_LIST:
		rc = user_list(c, &s);
		break;
	case U_DISABLE:
		rc = users_disable_or_err(&s, c->args[1], s.user, &c->e);
		if (rc == 0)
			fprintf(c->out, "disabled %s; their sessions have ended\n", c->args[1]);
		break;
	case U_ENABLE:
		rc = users_enable_or_err(&s, c->args[1], s.user, &c->e);
		if (rc == 0)
			fprintf(c->out, "enabled %s; they can sign in again\n", c->args[1]);
		break;
	case U_PASSWORD:
		rc = user_password(c, &s);
		break;
	default:
		rc = user_log(c, &s);
		break;
	}
	if (rc < 0)
		err_in_command(&c->e, ERR_SUBCOMMAND);
	store_close(&s);
	return rc;
}

const struct command command_user = {
	.name = "user",
	.run = run_user,
	.summary = "add, list, disable and enable the users who may sign in, change a password, and "
		   "show the users log",
	.usage = "muster user add NAME --role editor|oversight|admin | list | disable NAME | enable NAME |\n"
		 "       password NAME | log [--json]",
	.help = "Users sign in to the web (muster serve) to add and correct records through forms, and\n"
		"give --user NAME to the questions that show restricted details (vetting, complaints,\n"
		"show, history). Roles:\n"
		"  public      everyone not signed in: public records only\n"
		"  editor      adds and corrects mission records (not vetting or complaints); reads what\n"
		"              the public reads\n"
		"  oversight   reads restricted records (vetting of persons, complaint narratives,\n"
		"              restricted pledges); adds vetting, complaint and source records\n"
		"  admin       both\n\n"
		"add NAME --role ROLE  asks for the password twice on the terminal (without echo), or\n"
		"                      reads one line of standard input when it is not a terminal; at\n"
		"                      least 10 characters. Stored as an Argon2id hash (libsodium).\n"
		"                      Makes the user's Ed25519 signing key, sealed under the password:\n"
		"                      what they enter is signed (muster key, docs/sync.md).\n"
		"list                  the users, their roles, whether disabled, their live sessions\n"
		"disable NAME          the user can no longer sign in; their sessions end at once\n"
		"enable NAME           a disabled user can sign in again (with the same password)\n"
		"password NAME         sets a new password, read as for add; their sessions end at once;\n"
		"                      a new signing key (the old one was sealed under the old\n"
		"                      password): an admin grants it again (muster key grant NAME)\n"
		"log                   every add, disable, enable and password change, who did it\n"
		"                      ($MUSTER_USER or $USER) and when; chained like the record log,\n"
		"                      so muster verify proves it\n\n"
		"Users live in the database file beside the record, not in it. Whoever can write the\n"
		"file manages its users; whoever can read it can read everything in it.\n\n"
		"Examples:\n  muster user add amina --role oversight\n"
		"  printf '%s\\n' \"$PASSWORD\" | muster user add jo --role editor\n  muster user disable jo\n"
		"  muster user enable jo\n  muster user password jo\n",
	.opts = O_JSON | O_ROLE,
};
