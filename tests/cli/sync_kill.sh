# sync_kill.sh: a sync killed at random moments (kill -9 of the client or of
# the server, 20 times) leaves both files consistent: verify passes, no record
# is doubled or lost, each keeps what arrived; then a sync completes and
# both hold the union. Each side gains records of its own before each
# sync, so that every kill finds work in flight. Batches of 40 (MUSTER_SYNC_BATCH) so that a kill lands
# between and inside many appends.
. "$MUSTER_ROOT/tests/cli/lib.sh"
command -v curl > /dev/null || { fail "sync_kill: curl" "curl is not installed"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

# rows SIDE FROM TO: arrivals FROM..TO of one side's own, citing the shared source.
rows() {
	awk -v side="$1" -v from="$2" -v n="$3" 'BEGIN {
		print "kind,mission,date,country,unit,category,personnel,event,sources"
		for (i = from; i <= n; i++)
			printf "arrival,MSS-HTI,2025-%02d-%02d,KEN,%s unit %d,police,%d,%s-%d,kill-src\n", i % 12 + 1, i % 28 + 1, side, i % 7, i % 300 + 1, side, i
	}'
}
printf 'kind,ref,publisher,title,grade\nsource,kill-src,Test,Shared source,C\n' > src.csv
rows a 1 300 > a.csv
rows b 1 300 > b.csv
for s in a b; do
	$M --db $s.db init > /dev/null
	$M --db $s.db import src.csv $s.csv > /dev/null || { fail "sync_kill: import $s" "failed"; exit 0; }
done
printf 'admin pass 1234\n' | $M --db b.db user add ada --role admin > /dev/null
export MUSTER_SYNC_BATCH=40

# grouped N: 1700 as muster prints it, 1,700.
grouped() {
	echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}
# consistent NAME: both files verify, and no name is held twice.
consistent() {
	for db in a.db b.db; do
		$M --db $db verify > v.out 2>&1 || { fail "$1" "$db: $(tail -2 v.out)"; return 1; }
		d=$(sqlite3 $db "SELECT count(*) - count(DISTINCT id) FROM log")
		[ "$d" = 0 ] || { fail "$1" "$db holds $d records twice"; return 1; }
	done
	return 0
}

start_server b.db || { fail "sync_kill: serve" "$(tail -3 serve.log)"; exit 0; }
# A whole sync of the first 300 records each way, timed: the kills fall
# within [1, its time] ms, while a round's sync (a third of the records, the
# same sign-in and comparison) runs; a kill after it ended tests nothing.
t0=$(date +%s%N)
printf 'admin pass 1234\n' | $M --db a.db sync "$U" --user ada > run.out 2>&1 || { fail "sync_kill: first sync" "$(tail -2 run.out)"; exit 0; }
span=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$span" -ge 10 ] || span=10
seed=$$
bad=0 killed_client=0 killed_server=0 landed=0
# 20 rounds, as issue 21 asks; 8 under the sanitizers (every command several
# times slower), whose runs look for memory errors (SYNC_KILL_ROUNDS=20 runs all).
rounds=20
sanitized && rounds=${SYNC_KILL_ROUNDS:-8}
round=1
while [ $round -le $rounds ]; do
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	ms=$(( 1 + seed % span ))
	who=$(( (seed / 7) % 2 ))
	# Each side gains 100 records of its own first: every sync has work in flight.
	rows a $((300 + round * 100 - 99)) $((300 + round * 100)) > new.csv
	$M --db a.db import new.csv > /dev/null
	rows b $((300 + round * 100 - 99)) $((300 + round * 100)) > new.csv
	$M --db b.db import new.csv > /dev/null
	printf 'admin pass 1234\n' | $M --db a.db sync "$U" --user ada > run.out 2>&1 &
	cpid=$!
	sleep "$(printf "%d.%03d" $((ms / 1000)) $((ms % 1000)))"
	if [ $who = 0 ]; then
		kill -9 $cpid 2>/dev/null && killed_client=$((killed_client + 1))
		wait $cpid 2>/dev/null
	else
		kill -9 "$pid" 2>/dev/null && killed_server=$((killed_server + 1))
		wait "$pid" 2>/dev/null
		pid=""
		wait $cpid 2>/dev/null
	fi
	grep -q "synced with" run.out || landed=$((landed + 1))
	consistent "sync_kill: after kill $round (${ms} ms, the $( [ $who = 0 ] && echo client || echo server))" || bad=$((bad + 1))
	if [ -z "$pid" ]; then
		start_server b.db || { fail "sync_kill: serve again" "$(tail -3 serve.log)"; exit 0; }
	fi
	round=$((round + 1))
done
[ $bad = 0 ] && ok "sync_kill: $rounds rounds of kill -9 at a random moment ($killed_client of the client, $killed_server of the server, the others after it ended; $landed before the sync ended): both files verify, no record doubled"
na=$(sqlite3 a.db "SELECT count(*) FROM log") nb=$(sqlite3 b.db "SELECT count(*) FROM log")
# The union: each side's 300 and 100 a round, and the shared source.
union=$((2 * (300 + rounds * 100) + 1))
echo "# after the kills: a.db $na records, b.db $nb (the union is $union); kills within $span ms"
printf 'admin pass 1234\n' | $M --db a.db sync "$U" --user ada > end.out 2>&1
has "sync_kill: a later sync completes with both holding the union" end.out "both hold the same $(grouped $union) records"
# It sends only what each side still lacked: nothing that arrived before a kill is sent again.
has "sync_kill: what arrived before the kills is not sent again" end.out \
	"pulled $(grouped $((union - na))) record" "pushed $(grouped $((union - nb)))"
consistent "sync_kill: both consistent at the end" && ok "sync_kill: both files verify at the end"
stop_server
