# users.sh: muster user add|list|disable|log, Argon2id hashes, the users log
# that verify replays (tampering with the users table or the log is caught),
# and --user on the command line (wrong password, disabled user, roles).
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db u.db init --bundled > /dev/null 2>&1 || { fail "users: init" "failed"; exit 0; }
S="$M --db u.db"

expect_out "user add reads the password from standard input" "added olive (oversight)" \
	sh -c "printf 'correct horse battery\n' | $S user add olive --role oversight"
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
printf 'admin pass 1234\n' | $S user add ada --role admin > /dev/null
expect_out "user list" "ada                      admin      active   0" $S user list
expect_json "user list --json" '" ".join(u["name"]+":"+u["role"] for u in d["users"])' \
	"ada:admin ed:editor olive:oversight" $S user list --json

h=$(sqlite3 u.db "SELECT pwhash FROM users WHERE name = 'olive'")
case "$h" in '$argon2id$v=19$m=65536,t=2,p=1$'*) ok "the password is stored as an Argon2id hash" ;;
*) fail "argon2id" "stored [$h]" ;; esac
[ "$(sqlite3 u.db "SELECT count(*) FROM users WHERE pwhash LIKE '%horse%'")" = 0 ] &&
	! grep -q "correct horse" u.db && ok "the password itself is nowhere in the file" || fail "password in file" "found"

# Bad input: named, exit 2, nothing changed.
expect_err "user add: no role" u.db 2 "muster user add: say the role with --role editor, oversight or admin" \
	sh -c "printf 'long enough pw\n' | $S user add zed"
expect_err "user add: misspelt role" u.db 2 "muster user add: --role: \"oversite\" is not a role (did you mean oversight?)" \
	sh -c "printf 'long enough pw\n' | $S user add zed --role oversite"
expect_err "user add: public is not a role" u.db 2 \
	"muster user add: --role: public is the role of everyone not signed in; a user is an editor, oversight or admin" \
	sh -c "printf 'long enough pw\n' | $S user add zed --role public"
expect_err "user add: short password" u.db 2 "muster user add: the password is too short (5 characters; at least 10)" \
	sh -c "printf 'short\n' | $S user add zed --role editor"
expect_err "user add: no password" u.db 2 "muster user add: no password on standard input (give it as one line)" \
	sh -c "$S user add zed --role editor < /dev/null"
expect_err "user add: a name taken" u.db 2 \
	"muster user add: user \"ed\" already exists (a name is never reused, so that the users log always means one person; choose another)" \
	sh -c "printf 'another password\n' | $S user add ed --role admin"
expect_err "user add: a bad name" u.db 2 \
	"muster user add: user name \"a b\" is not allowed (1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit)" \
	sh -c "printf 'long enough pw\n' | $S user add 'a b' --role editor"
expect_err "user: unknown action" u.db 2 "muster user: \"disabel\" is not add, list, disable, enable, password or log (did you mean disable?)" \
	$S user disabel ed
expect_err "user disable: unknown user" u.db 2 "muster user disable: no user \"nobody\" (muster user list shows the users)" \
	$S user disable nobody

# --user on the command line: the password decides the role.
expect_json "vetting --user oversight: details" 'd["answer"]["access"]' detail \
	sh -c "printf 'correct horse battery\n' | $S vetting --user olive --json"
expect_json "vetting --user admin: details" 'd["answer"]["access"]' detail \
	sh -c "printf 'admin pass 1234\n' | $S vetting --user ada --json"
expect_json "vetting --user editor: aggregate" 'd["answer"]["access"]' aggregate \
	sh -c "printf 'editor pass 123\n' | $S vetting --user ed --json"
expect_err "--user with a wrong password" u.db 2 "--user olive: wrong user name or password, or the account is disabled" \
	sh -c "printf 'wrong password\n' | $S vetting --user olive"
expect_err "--user unknown: the same message" u.db 2 "--user mallory: wrong user name or password, or the account is disabled" \
	sh -c "printf 'wrong password\n' | $S complaints --user mallory"

expect_out "user disable" "disabled ed; their sessions have ended" $S user disable ed
expect_err "user disable twice" u.db 2 "muster user disable: user \"ed\" is already disabled" $S user disable ed
expect_err "a disabled user is refused with the same message" u.db 2 \
	"--user ed: wrong user name or password, or the account is disabled" \
	sh -c "printf 'editor pass 123\n' | $S vetting --user ed"
expect_out "user list shows the disabled" "ed                       editor     disabled 0" $S user list

# The users log: who did what and when, chained and verified.
expect_out "user log names who added" "#1    2026-11-23T12:00:00Z add      olive (oversight) by tester" $S user log
expect_out "user log names who disabled" "#4    2026-11-23T12:00:00Z disable  ed by tester" $S user log
expect_out "verify: the users log is intact" "users log of 4 entries intact" $S verify
expect_json "verify --json counts the users log" '"%s %s" % (d["users_log"], d["ok"])' "4 True" $S verify --json

# Enabling again and changing a password: logged, verified, and the old
# password stops working at once.
cp u.db u2.db
U2="$M --db u2.db"
expect_out "user enable" "enabled ed; they can sign in again" $U2 user enable ed
expect_err "user enable twice" u2.db 2 "muster user enable: user \"ed\" is already active" $U2 user enable ed
expect_err "user enable: unknown user" u2.db 2 "muster user enable: no user \"nobody\" (muster user list shows the users)" \
	$U2 user enable nobody
expect_json "an enabled user signs in with the same password" 'd["answer"]["access"]' aggregate \
	sh -c "printf 'editor pass 123\n' | $U2 vetting --user ed --json"
expect_out "user password" "changed the password of olive; their sessions have ended" \
	sh -c "printf 'a new long password\n' | $U2 user password olive"
expect_err "the old password no longer works" u2.db 2 "--user olive: wrong user name or password, or the account is disabled" \
	sh -c "printf 'correct horse battery\n' | $U2 vetting --user olive"
expect_json "the new password works" 'd["answer"]["access"]' detail \
	sh -c "printf 'a new long password\n' | $U2 vetting --user olive --json"
expect_err "user password: too short" u2.db 2 "muster user password: the password is too short (5 characters; at least 10)" \
	sh -c "printf 'short\n' | $U2 user password olive"
expect_err "user password: unknown user" u2.db 2 "muster user password: no user \"nobody\" (muster user list shows the users)" \
	sh -c "printf 'a new long password\n' | $U2 user password nobody"
expect_err "user password: one name" u2.db 2 "muster user password: name one user" $U2 user password
expect_out "user log names who enabled and changed a password" \
	"#5    2026-11-23T12:00:00Z enable   ed by tester|#6    2026-11-23T12:00:00Z password olive by tester" \
	sh -c "$U2 user log | tail -n 2 | paste -sd '|'"
expect_out "verify replays enable and password" "users log of 6 entries intact" $U2 verify
cp u2.db t2.db
sqlite3 t2.db "UPDATE users SET pwhash = (SELECT pwhash FROM users WHERE name = 'ada') WHERE name = 'olive'"
got=$($M --db t2.db verify 2>&1)
rc=$?
case "$got" in *"user olive: the password hash was replaced behind muster's back"*) [ $rc -eq 4 ] &&
	ok "verify: a hash swapped after a password change is caught" || fail "verify after a password change" "exit $rc" ;;
*) fail "verify after a password change" "verify said: $got" ;; esac

# tamper NAME SQL EXPECTED: changes a copy behind muster's back; verify names it, exit 4.
tamper() {
	cp u.db t.db
	sqlite3 t.db "$2" || { fail "$1" "sqlite3 failed"; return; }
	got=$($M --db t.db verify 2>&1)
	rc=$?
	case "$got" in *"$3"*) [ $rc -eq 4 ] && ok "$1" || fail "$1" "exit $rc" ;; *) fail "$1" "verify said: $got" ;; esac
}
tamper "verify: a role raised in the users table" "UPDATE users SET role = 'admin' WHERE name = 'olive'" \
	"user olive: the role differs from the users log (oversight there)"
tamper "verify: a disabled user enabled" "UPDATE users SET disabled = 0 WHERE name = 'ed'" \
	"user ed: enabled in the table but not in the users log"
tamper "verify: a password hash swapped" "UPDATE users SET pwhash = (SELECT pwhash FROM users WHERE name = 'ada') WHERE name = 'olive'" \
	"user olive: the password hash was replaced behind muster's back"
tamper "verify: a signing key swapped" "UPDATE users SET pubkey = (SELECT pubkey FROM users WHERE name = 'ada') WHERE name = 'olive'" \
	"user olive: the signing key differs from the users log (replaced behind muster's back)"
tamper "verify: a user added behind muster's back" \
	"INSERT INTO users(name, role, pwhash, disabled) VALUES('eve', 'admin', (SELECT pwhash FROM users WHERE name = 'ada'), 0)" \
	"user eve is not in the users log (added behind muster's back)"
tamper "verify: a users log entry changed" \
	"DROP TRIGGER users_log_no_update; UPDATE users_log SET body = replace(body, 'tester', 'someone') WHERE seq = 2" \
	"users log entry 2: the chain breaks here"
tamper "verify: a users log entry deleted" "DROP TRIGGER users_log_no_delete; DELETE FROM users_log WHERE seq = 4" \
	"user ed: disabled in the table but not in the users log"
sqlite3 u.db "UPDATE users_log SET body = '' WHERE seq = 1" 2> err.txt
grep -q "the users log is append-only" err.txt && ok "the users log refuses updates" || fail "users log guard" "$(cat err.txt)"

# Users are not records: rebuild keeps them, export never carries them.
$S rebuild > /dev/null && [ "$(sqlite3 u.db 'SELECT count(*) FROM users')" = 3 ] && ok "rebuild keeps the users" ||
	fail "rebuild" "users lost"
$S export --format jsonl > all.jsonl && ! grep -q -e argon2 -e olive all.jsonl && ok "export carries no user" ||
	fail "export" "user data exported"
