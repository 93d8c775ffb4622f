# tests/pg/failover.sh: the log in PostgreSQL with pg_auto_failover (issue
# 22.2): a monitor and two nodes on 127.0.0.1; a writer adds records through
# muster in a loop, two muster servers answer readers from their read
# models. The primary's machine is lost (its whole process group SIGKILLed):
# no acknowledged record is lost, writes resume on the new primary (the
# time from the kill to the first acknowledged write is printed), readers
# never stop getting answers, the old primary rejoins as a standby. Then the
# standby's machine is lost: no write is acknowledged while no synchronous
# standby can confirm it (muster refuses; MUSTER_LOG_ALONE=1 would write on
# the primary alone), and writes resume once it is back.
. "$MUSTER_ROOT/tests/pg/lib.sh"
pg_setup
t0=$(now_ms)
paf_start || { fail "a monitor and two nodes start" "$(tail -n 5 "$PGT"/*.log)"; exit 1; }
ok "a monitor and two nodes start ($(( ($(now_ms) - t0) / 1000 )) s)"
Q() { psql -qAt "$URL" -c "$1"; }
[ -n "$(Q 'show synchronous_standby_names')" ] && ok "the primary names a synchronous standby: $(Q 'show synchronous_standby_names')" ||
	fail "a synchronous standby" "none named"

mkdir w r1 r2
$M --db w/m.db init --bundled --log "$URL" > /dev/null || fail "init through the log" "exit $?"
for r in r1 r2; do $M --db $r/m.db init > /dev/null; done
PR1=$((PG_BASE + 5)) PR2=$((PG_BASE + 6))
$M --db r1/m.db serve --log "$URL" --listen 127.0.0.1:$PR1 2> r1/err &
MUSTER_PIDS="$MUSTER_PIDS $!"
$M --db r2/m.db serve --log "$URL" --listen 127.0.0.1:$PR2 2> r2/err &
MUSTER_PIDS="$MUSTER_PIDS $!"
wait_for 30 "the servers" sh -c "curl -sf 127.0.0.1:$PR1/api/v1/head > /dev/null && curl -sf 127.0.0.1:$PR2/api/v1/head > /dev/null"

# Readers: a question to each server every 100 ms, each answer's status kept.
(
	while [ ! -f stop ]; do
		for p in $PR1 $PR2; do
			echo "$(now_ms) $p $(curl -s -o /dev/null -m 5 -w '%{http_code}' "127.0.0.1:$p/api/v1/strength")" >> reads
		done
		sleep 0.1
	done
) &
MUSTER_PIDS="$MUSTER_PIDS $!"
# The writer: one record a command; acknowledged when the command exits 0.
# Below, "after T" counts the writes that began after T.
(
	i=0
	while [ ! -f stop ]; do
		i=$((i + 1))
		# Each line: the ref, when the write began (a write that began
		# before a kill may be acknowledged after it: it committed before).
		b=$(now_ms)
		if out=$($M --db w/m.db add source --ref w$i --publisher P --title "Written $i" --grade B --log "$URL" 2>&1); then
			echo "w$i $b $(now_ms)" >> acked
		else
			echo "w$i $b $(now_ms) $(echo "$out" | head -1)" >> refused
		fi
	done
) &
WPID=$!
MUSTER_PIDS="$MUSTER_PIDS $WPID"
acks() { [ -f acked ] && wc -l < acked || echo 0; }
acks_after() { [ -f acked ] && awk -v t="$1" '$2 > t' acked | wc -l || echo 0; }
wait_for 60 "10 writes" sh -c "[ \$( [ -f acked ] && wc -l < acked || echo 0) -ge 10 ]" ||
	fail "writes go on" "$(tail -3 refused 2>/dev/null)"

# The primary's machine lost.
before=$(acks)
kill_ms=$(now_ms)
kill_group n1 KILL
WAIT_GROUP=n2 wait_for 120 "n2 to be promoted" sh -c "[ \"\$(psql -qAt '$MON' -c \"select reportedstate from pgautofailover.node where nodename = 'n2'\")\" = wait_primary ]" &&
	ok "n2 is promoted ($(( $(now_ms) - kill_ms )) ms after the kill)" || fail "n2 is promoted" "$(paf_state n2)"
# With no standby (n1 is gone), the new primary writes alone; muster waits.
n1_back=$(now_ms)
paf_node n1 "$((PG_BASE + 1))"
WAIT_GROUP=n1 wait_for 240 "n1 to rejoin" paf_joined n1 "$((PG_BASE + 2))" &&
	ok "the old primary rejoins as a standby ($(( $(now_ms) - n1_back )) ms after it was started again)" ||
	fail "the old primary rejoins" "$(paf_state n1); $(tail -n 3 "$PGT/n1.log")"
wait_for 60 "n2 primary" paf_is n2 primary
wait_for 60 "a write after the failover" sh -c "[ \$(awk -v t=$kill_ms '\$2 > t' acked | wc -l) -ge 1 ]" &&
	first=$(awk -v t=$kill_ms '$2 > t { print $3; exit }' acked) &&
	ok "writes resume: the first acknowledged write $((first - kill_ms)) ms after the primary was killed" ||
	fail "writes resume" "$(tail -3 refused)"
echo "# kill to first acknowledged write: $((first - kill_ms)) ms (refused meanwhile: $(awk -v t=$kill_ms '$2 > t' refused 2>/dev/null | wc -l))"
wait_for 60 "5 more writes" sh -c "[ \$(awk -v t=$first '\$2 > t' acked | wc -l) -ge 5 ]"

# The standby's machine lost: nothing is acknowledged until it is back.
sb_ms=$(now_ms)
kill_group n1 KILL
WAIT_GROUP=n2 wait_for 60 "n2 alone" paf_is n2 wait_primary
sleep 3
during=$(awk -v t=$sb_ms '$2 > t' acked | wc -l)
[ "$during" = 0 ] && ok "no write acknowledged without a standby ($(awk -v t=$sb_ms '$2 > t' refused | wc -l) refused)" ||
	fail "no write acknowledged without a standby" "$during acknowledged"
awk -v t=$sb_ms '$2 > t' refused | grep -q "has no synchronous standby just now" &&
	ok "refused as having no synchronous standby" || fail "refused without a standby" "$(awk -v t=$sb_ms '$2 > t' refused | tail -2)"
sb_back=$(now_ms)
paf_node n1 "$((PG_BASE + 1))"
WAIT_GROUP=n1 wait_for 240 "n1 again" paf_joined n1 "$((PG_BASE + 2))"
wait_for 60 "writes with the standby back" sh -c "[ \$(awk -v t=$sb_back '\$2 > t' acked | wc -l) -ge 3 ]" &&
	ok "writes resume once the standby is back ($(( $(awk -v t=$sb_back '$2 > t { print $3; exit }' acked) - sb_back )) ms after it was started)" ||
	fail "writes resume with the standby" "$(tail -3 refused)"

touch stop
wait $WPID
n=$(Q 'select max(seq) from muster_log')
# 0 acknowledged records lost: each is in the log and in both read models.
Q "select body from muster_log" > bodies
lost=0
while read -r ref t; do grep -q "\"ref\":\"$ref\"" bodies || lost=$((lost + 1)); done < acked
[ $lost = 0 ] && ok "0 of $(acks) acknowledged records lost" || fail "acknowledged records lost" "$lost of $(acks)"
for r in r1 r2; do
	wait_for 30 "$r to catch up" sh -c "[ \"\$(sqlite3 $r/m.db 'select count(*) from log')\" = $n ]" ||
		fail "$r catches up" "$(sqlite3 $r/m.db 'select count(*) from log') of $n"
	miss=0
	sqlite3 $r/m.db "select ref from rec where kind = 'source' and ref like 'w%'" | sort > $r/refs
	while read -r ref t; do grep -qx "$ref" $r/refs || miss=$((miss + 1)); done < acked
	[ $miss = 0 ] && ok "$r's read model holds every acknowledged record ($n records)" || fail "$r holds the acknowledged" "$miss missing"
	expect_out "$r's file verifies" "derived tables match the log" $M --db $r/m.db verify
done
bad=$(awk '$3 != 200' reads | wc -l)
[ "$bad" = 0 ] && ok "readers got answers throughout: $(wc -l < reads) of $(wc -l < reads) questions 200" ||
	fail "readers got answers throughout" "$bad of $(wc -l < reads) not 200"
