/* keys_cli.c: `muster key show|new|grant|revoke|list|unsigned` — users'
 * signing keys, and the records that grant and revoke them (signed by an
 * admin's key, travelling with the rest in a sync: docs/sync.md). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/add.h"
#include "../core/record.h"
#include "keys.h"
#include "users.h"
#include "who.h"

/* The public key of local user `name` into pub, and their role; -1 when
 * they hold none. */
static int local_key(struct store *s, const char *name, char pub[KEY_HEX], char role[16])
{
	sqlite3_stmt *st = store_prep(s, "SELECT pubkey, role FROM users WHERE name = ? AND pubkey IS NOT NULL");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		snprintf(pub, KEY_HEX, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(role, 16, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return found ? 0 : -1;
}

static int key_show(struct cli *c, struct store *s)
{
	const char *name = c->n_args == 2 ? c->args[1] : s->user;
	char pub[KEY_HEX], role[16];
	if (local_key(s, name, pub, role) < 0)
		return err_set(&c->e, "user %.64s holds no signing key here (muster key new %.64s makes one)", name, name);
	fprintf(c->out, "%s %s\n", pub, name);
	return 0;
}

static int key_new(struct cli *c, struct store *s)
{
	if (c->n_args != 2)
		return err_usage_sub(&c->e, "name one user (muster key new NAME)");
	char prompt[128], pw[PASSWORD_MAX + 2], pub[KEY_HEX];
	snprintf(prompt, sizeof prompt, "Password of %.64s: ", c->args[1]);
	if (password_read_or_err(prompt, 0, pw, sizeof pw, &c->e) < 0)
		return -1;
	int rc = users_new_key_or_err(s, c->args[1], pw, s->user, pub, &c->e);
	sodium_memzero(pw, sizeof pw);
	if (rc == 0)
		fprintf(c->out, "new signing key of %s: %s (an admin grants it: muster key grant %s)\n", c->args[1], pub,
			c->args[1]);
	return rc;
}

/* The signer of a grant or revocation must be an admin's key here. */
static int admin_signer_or_err(struct cli *c, struct store *s)
{
	int got = keys_cli_unseal_or_err(s, &c->e);
	if (got < 0)
		return -1;
	char pub[KEY_HEX], role[16];
	if (!got || local_key(s, s->user, pub, role) < 0)
		return err_set(&c->e, "a grant or revocation is signed by an admin's key, and %.64s holds none here "
			       "(--user or MUSTER_USER names an admin: muster user add NAME --role admin)", s->user);
	if (keys_trust(s, pub, 1, NULL, NULL) != KEY_TRUSTED)
		return err_set_code(&c->e, E_FORBIDDEN, "%.64s's key is not an admin's here: only an admin (or a key "
				    "granted as an admin's) grants and revokes keys", s->user);
	return 0;
}

/* Appends the key record {action, user, key, role} and says so. */
static int key_record(struct cli *c, struct store *s, const char *action, const char *user, const char *key,
		      const char *role)
{
	json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "kind", "key", "action", action, "user", user, "key", key);
	if (role)
		json_object_set_new(in, "role", json_string(role));
	char id[HASH_HEX];
	int rc = record_add_or_err(s, in, id, &c->e);
	json_decref(in);
	if (rc == 0)
		fprintf(c->out, "%s key %.16s of %s%s%s%s: record %.16s, signed by %s\n",
			!strcmp(action, "grant") ? "granted" : "revoked", key, user, role ? " (" : "", role ? role : "",
			role ? ")" : "", id, s->user);
	return rc;
}

static int key_grant(struct cli *c, struct store *s)
{
	if (c->n_args != 2 && c->n_args != 3)
		return err_usage_sub(&c->e, "name the user, and their public key unless they are a user here "
				     "(muster key grant NAME [KEY] [--role ROLE])");
	const char *user = c->args[1];
	if (user_name_check_or_err(user, &c->e) < 0)
		return -1;
	char pub[KEY_HEX] = "", role[16] = "";
	if (c->n_args == 3) {
		if (!keys_hex_ok(c->args[2], 64))
			return err_set(&c->e, "\"%.80s\" is not a public key (64 lowercase hex digits, as muster key show "
				       "prints where %s is a user)", c->args[2], user);
		snprintf(pub, sizeof pub, "%s", c->args[2]);
	} else if (local_key(s, user, pub, role) < 0) {
		return err_set(&c->e, "%.64s holds no signing key here: give their public key (muster key grant %.64s "
			       "KEY; muster key show %.64s prints it where they are a user)", user, user, user);
	}
	if (c->role) {
		enum role r;
		if (role_parse_or_err(c->role, &r, &c->e) < 0)
			return -1;
		snprintf(role, sizeof role, "%s", role_name(r));
	}
	if (!role[0])
		return err_set(&c->e, "say what the key may sign: --role editor, oversight or admin (an admin's key "
			       "also grants and revokes keys)");
	if (admin_signer_or_err(c, s) < 0)
		return -1;
	return key_record(c, s, "grant", user, pub, role);
}

static int key_revoke(struct cli *c, struct store *s)
{
	if (c->n_args != 2)
		return err_usage_sub(&c->e, "name one user or key (muster key revoke NAME|KEY)");
	const char *what = c->args[1];
	if (admin_signer_or_err(c, s) < 0)
		return -1;
	/* Every key granted to the user (or the key named) that stands now. */
	sqlite3_stmt *st = store_prep(s, "SELECT DISTINCT key, user FROM key_grant WHERE action = 'grant' AND "
				      "(key = ?1 OR user = ?1) ORDER BY seq");
	sqlite3_bind_text(st, 1, what, -1, SQLITE_STATIC);
	json_t *keys = json_array();
	while (store_row(s, st))
		json_array_append_new(keys, json_pack("[s,s]", (const char *)sqlite3_column_text(st, 0),
						      (const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	int rc = 0, n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(keys, i, it) {
		const char *key = json_string_value(json_array_get(it, 0));
		enum key_trust t = keys_trust(s, key, 0, NULL, NULL);
		if (rc < 0 || (t != KEY_TRUSTED && t != KEY_NOT_ADMIN))
			continue;
		rc = key_record(c, s, "revoke", json_string_value(json_array_get(it, 1)), key, NULL);
		n++;
	}
	json_decref(keys);
	if (rc == 0 && !n)
		return err_set(&c->e, "no key in force here is %.80s or granted to %.80s (muster key list shows them)",
			       what, what);
	return rc;
}

static const char *const trust_words[] = {"trusted", "unknown", "revoked", "trusted"};

static int key_list(struct cli *c, struct store *s)
{
	sqlite3_stmt *st = store_prep(s, "SELECT k.key, k.user, max(k.seq), (SELECT role FROM key_grant x WHERE x.key = "
				      "k.key AND x.action = 'grant' ORDER BY x.seq DESC LIMIT 1) FROM key_grant k "
				      "GROUP BY k.key ORDER BY k.user, k.key");
	json_t *rows = json_array();
	while (store_row(s, st))
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s?}", "key", (const char *)sqlite3_column_text(st, 0),
						      "user", (const char *)sqlite3_column_text(st, 1), "role",
						      (const char *)sqlite3_column_text(st, 3)));
	sqlite3_reset(st);
	size_t i;
	json_t *it;
	json_array_foreach(rows, i, it) {
		char by[HASH_HEX] = "";
		enum key_trust t = keys_trust(s, json_string_value(json_object_get(it, "key")), 0, by, NULL);
		json_object_set_new(it, "state", json_string(trust_words[t]));
		if (t == KEY_REVOKED)
			json_object_set_new(it, "revoked_by", json_string(by));
	}
	if (c->json) {
		json_t *o = json_pack("{s:s, s:b, s:o}", "question", "keys", "enforced", keys_enforced(s), "keys", rows);
		char *t = json_dumps(o, JSON_INDENT(2));
		fprintf(c->out, "%s\n", t);
		free(t);
		json_decref(o);
		return 0;
	}
	fprintf(c->out, "%-18s %-20s %-10s %s\n", "Key", "User", "Role", "State");
	json_array_foreach(rows, i, it)
		fprintf(c->out, "%.16s   %-20s %-10s %s\n", json_string_value(json_object_get(it, "key")),
			json_string_value(json_object_get(it, "user")),
			json_string_value(json_object_get(it, "role")) ?: "", json_string_value(json_object_get(it, "state")));
	fprintf(c->out, "%s\n", keys_enforced(s) ? "records arriving by sync must be signed by a trusted key"
		: "no grant by an admin of this file: records arriving by sync are taken unsigned or signed by "
		  "any key (signatures that do not verify are refused)");
	json_decref(rows);
	return 0;
}

static int key_unsigned(struct cli *c, struct store *s)
{
	if (c->n_args != 2 || (strcmp(c->args[1], "accept") && strcmp(c->args[1], "refuse")))
		return err_usage_sub(&c->e, "say accept or refuse (muster key unsigned accept|refuse)");
	if (store_begin_or_err(s, &c->e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT OR REPLACE INTO meta(key, value) VALUES('sync.unsigned', ?)");
	sqlite3_bind_text(st, 1, c->args[1], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_rollback(s);
		return err_set_code(&c->e, E_INTERNAL, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	if (store_commit_or_err(s, &c->e) < 0)
		return -1;
	fprintf(c->out, "%s\n", !strcmp(c->args[1], "accept") ? "unsigned records arriving by sync are taken (signed "
		"ones must still be a trusted key's)" : "unsigned records arriving by sync are refused once a grant "
		"by an admin of this file is here");
	return 0;
}

enum { K_SHOW, K_NEW, K_GRANT, K_REVOKE, K_LIST, K_UNSIGNED, K_N };

static int run_key(struct cli *c)
{
	static const char *const subs[K_N] = {"show", "new", "grant", "revoke", "list", "unsigned"};
	static const char what[] = "show, new, grant, revoke, list or unsigned";
	if (c->n_args < 1)
		return err_usage(&c->e, "say what to do: %s (muster key --help)", what);
	int which = -1;
	for (int i = 0; i < K_N; i++)
		if (!strcmp(c->args[0], subs[i]))
			which = i;
	if (which < 0) {
		const char *near = err_nearest(c->args[0], subs, K_N);
		if (near)
			return err_usage(&c->e, "\"%s\" is not %s (did you mean %s?)", c->args[0], what, near);
		return err_usage(&c->e, "\"%s\" is not %s", c->args[0], what);
	}
	if ((which == K_LIST && c->n_args != 1) || (which == K_SHOW && c->n_args > 2))
		return err_usage_sub(&c->e, which == K_LIST ? "takes no names" : "names one user at most");
	if (c->role && which != K_GRANT)
		return err_usage_sub(&c->e, "--role goes with grant");
	struct store s;
	if (cli_open_or_err(c, &s, which == K_LIST || which == K_SHOW ? STORE_READ : STORE_WRITE) < 0)
		return -1;
	if (c->user && user_name_check_or_err(c->user, &c->e) == 0)
		snprintf(s.user, sizeof s.user, "%s", c->user);
	int rc = c->e.msg[0] ? -1 : which == K_SHOW ? key_show(c, &s) : which == K_NEW ? key_new(c, &s)
		: which == K_GRANT ? key_grant(c, &s) : which == K_REVOKE ? key_revoke(c, &s)
		: which == K_LIST ? key_list(c, &s) : key_unsigned(c, &s);
	store_close(&s);
	return rc;
}

const struct command command_key = {
	.name = "key",
	.run = run_key,
	.summary = "users' signing keys, and the grants that make other files trust them",
	.usage = "muster key show [NAME] | new NAME | grant NAME [KEY] [--role ROLE] | revoke NAME|KEY | list | "
		 "unsigned accept|refuse [--user NAME]",
	.help = "Every record a user enters is signed with their Ed25519 key (made by muster user add,\n"
		"sealed under their password; the password is read from MUSTER_PASSWORD or the\n"
		"terminal when they first enter something). A sync carries the signature beside the\n"
		"record. Once a file holds a grant by one of its admins, a record arriving by sync is\n"
		"taken only when it is signed by a key an admin of this file granted and did not\n"
		"revoke (docs/sync.md); one signed by an unknown or revoked key, or whose signature\n"
		"does not verify, or unsigned, is refused and named, and the rest of the sync goes on.\n\n"
		"  show [NAME]      print a user's public key (NAME: --user or MUSTER_USER)\n"
		"  new NAME         a new key for NAME (their password is asked), e.g. a user made\n"
		"                   before keys existed; the old key is no longer theirs to sign with\n"
		"  grant NAME [KEY] a record granting KEY (NAME's own key when NAME is a user here) the\n"
		"                   right to sign, as --role editor, oversight or admin (default: the\n"
		"                   local user's role); an admin's key also grants and revokes keys\n"
		"  revoke NAME|KEY  a record revoking the key (or every key granted to NAME)\n"
		"  list             the keys granted here and how each stands\n"
		"  unsigned accept|refuse  whether a sync takes unsigned records (refused by default\n"
		"                   once an admin here granted a key: records entered before keys existed)\n\n"
		"A grant or revocation is a record of kind key, signed by the admin who enters it\n"
		"(--user NAME or MUSTER_USER, whose password is read from MUSTER_PASSWORD or the\n"
		"terminal); it counts where its signer is an admin of the file, or holds a key granted\n"
		"there as an admin's. Keys and grants travel first in a sync.\n\n"
		"Example:\n  muster key show ed                         (at the base: send the key to the hq)\n"
		"  muster key grant ed 3fa2…e91c --role editor --user ada   (at the hq)\n",
	.opts = O_JSON | O_USER | O_ROLE,
};
