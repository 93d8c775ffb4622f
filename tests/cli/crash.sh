# crash.sh: a write killed at any moment leaves a file that every command
# opens, as it was or with the whole change. An import (a bulk one, over
# 1 MiB), an add, a rebuild, a restore and a server answering a POST are
# each killed with SIGKILL at random moments, at least 20 times each; after
# each kill a question (the first command to open the file, read-only), `verify` and
# SQLite's integrity check run, and the log is compared with its state before
# and after the change (docs/reliability.md). CRASH_N sets the kills of each kind (at least
# 20), CRASH_SEED the random moments.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

N=${CRASH_N:-20}
[ "$N" -ge 20 ] || N=20
SEED=${CRASH_SEED:-$(date +%s)}
ROWS=${CRASH_ROWS:-11000}
# Under the sanitizers every command is several times slower: 3,000 rows with
# notes long enough that the file still weighs over 1 MiB (a bulk import),
# and the rebuild and restore kills (beyond the three kinds the issue names)
# only when CRASH_ALL=1.
ALL=1 PAD=""
if sanitized; then
	ROWS=${CRASH_ROWS:-3000} ALL=${CRASH_ALL:-0}
	PAD=$(printf '%0230d' 0 | tr 0 x)
fi

# now_ms: milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# delays N MS SALT: N random delays in seconds, uniform in [0, 1.25 MS] ms
# (MS: how long the whole command took once; a quarter more lets some finish).
delays() {
	awk -v n="$1" -v max="$2" -v seed="$((SEED + $3))" \
		'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.3f\n", rand() * max * 1.25 / 1000 }'
}

# after_kill DB KIND I BEFORE WHOLE: the checks after a kill. The file must
# open for a question (the first command to open it: exit 0, and no advice
# to copy it), pass verify and SQLite's integrity check, and hold the log as
# BEFORE or as WHOLE (`state` lines; WHOLE "event:E" is BEFORE and one more
# record, the arrival of event E). Appends a line per problem to KIND.bad;
# counts the outcomes in KIND.same and KIND.whole.
after_kill() {
	db=$1 kind=$2 i=$3
	if ! $M --db "$db" strength --as-of 2030-01-01 --json > q.out 2> q.err; then
		echo "$kind $i: the question fails: $(cat q.err)" >> "$kind.bad"
	fi
	if ! $M --db "$db" verify > v.out 2> v.err || ! grep -q "derived tables match the log" v.out; then
		echo "$kind $i: verify fails: $(cat v.err v.out | head -3)" >> "$kind.bad"
	fi
	grep -qi "copy" q.err v.err && echo "$kind $i: a message advises copying the file" >> "$kind.bad"
	ic=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || echo "$kind $i: integrity check: $ic" >> "$kind.bad"
	now=$(state "$db")
	case "$5" in
	event:*)
		n=$(sqlite3 "$db" "SELECT count(*) FROM movement WHERE event = '${5#event:}'")
		[ "${now%% *}" -eq $((${4%% *} + 1)) ] && [ "$n" = 1 ] && whole=$now || whole=none ;;
	*) whole=$5 ;;
	esac
	if [ "$now" = "$4" ]; then
		echo >> "$kind.same"
	elif [ "$now" = "$whole" ]; then
		echo >> "$kind.whole"
	else
		echo "$kind $i: the log is [$now], neither [$4] nor $5" >> "$kind.bad"
	fi
}

# report KIND WHAT [OUTCOME]: one line for the kills of a kind (OUTCOME
# replaces the count of each outcome).
report() {
	same=$(cat "$1.same" 2>/dev/null | wc -l)
	whole=$(cat "$1.whole" 2>/dev/null | wc -l)
	if [ -s "$1.bad" ]; then
		fail "crash: $2 (seed $SEED)" "$(wc -l < "$1.bad") problems: $(head -3 "$1.bad")"
	else
		ok "crash: $N ${2} killed at random moments: ${3:-$same left the file as it was, $whole with the whole change}; a question, verify and the integrity check pass after each"
	fi
}

$M --db base.db init > /dev/null
$M --db base.db add source --ref src --publisher Test --title "Synthetic movements" --grade E > /dev/null
printf 'editor pass 123\n' | $M --db base.db user add ed --role editor > /dev/null
awk -v n="$ROWS" -v pad="$PAD" 'BEGIN { print "kind,mission,date,country,unit,category,personnel,event,sources,note"
	for (i = 1; i <= n; i++)
		printf "arrival,MSS-HTI,20%02d-%02d-%02d,%s,Unit %d,police,%d,e%d,src,a note long enough to make the rows of this file weigh well over one mebibyte in all (row %d)%s\n",
			10 + i % 10, 1 + i % 12, 1 + i % 28, (i % 3 == 0 ? "KEN" : (i % 3 == 1 ? "JAM" : "GTM")), i % 7, 1 + i % 50, i, i, pad }' > big.csv
[ "$(wc -c < big.csv)" -gt 1048576 ] || fail "crash: the import is a bulk one" "$(wc -c < big.csv) bytes"

# Imports: each into a fresh copy of the base, killed within the time a whole
# import takes (measured once: that run gives the state "with the whole change").
cp base.db full.db
t0=$(now_ms)
$M --db full.db import big.csv > /dev/null || fail "crash: a whole import" "failed"
t_imp=$(($(now_ms) - t0))
before=$(state base.db)
whole=$(state full.db)
i=0
for d in $(delays "$N" "$t_imp" 1); do
	i=$((i + 1))
	rm -f f.db f.db-wal f.db-shm
	cp base.db f.db
	$M --db f.db import big.csv > /dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	after_kill f.db import $i "$before" "$whole"
done
report import "imports of $ROWS rows (a whole one takes ${t_imp} ms)"

# Adds: one file, each add killed within the time an add takes.
cp base.db a.db
t0=$(now_ms)
$M --db a.db add arrival --date 2025-01-01 --country KEN --personnel 1 --event add-0 --sources src > /dev/null
t_add=$(($(now_ms) - t0))
i=0
for d in $(delays "$N" "$t_add" 2); do
	i=$((i + 1))
	before=$(state a.db)
	$M --db a.db add arrival --date 2025-01-01 --country KEN --personnel 1 --event "add-$i" --sources src > /dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	after_kill a.db add $i "$before" "event:add-$i"
done
report add "adds (a whole one takes ${t_add} ms)"

if [ "$ALL" = 1 ]; then
# Rebuilds of the derived tables: the log never changes; verify compares the
# derived tables with the log after each kill.
t0=$(now_ms)
$M --db a.db rebuild > /dev/null
t_reb=$(($(now_ms) - t0))
i=0
for d in $(delays "$N" "$t_reb" 4); do
	i=$((i + 1))
	before=$(state a.db)
	$M --db a.db rebuild > /dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	after_kill a.db rebuild $i "$before" "$before"
done
report rebuild "rebuilds (a whole one takes ${t_reb} ms)" "the log unchanged every time"

# Restores: the file alternates between two copies (the base, and the file
# of the adds); each restore killed within the time a whole one takes.
$M --db base.db backup copy1.db > /dev/null
$M --db a.db backup copy2.db > /dev/null
cp base.db r.db
t0=$(now_ms)
$M --db r.db restore copy2.db > /dev/null
t_res=$(($(now_ms) - t0))
i=0
for d in $(delays "$N" "$t_res" 5); do
	i=$((i + 1))
	rm -f r.db.before-restore-*
	before=$(state r.db)
	copy=copy1.db
	[ "$before" = "$(state copy1.db)" ] && copy=copy2.db
	$M --db r.db restore $copy > /dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	after_kill r.db restore $i "$before" "$(state $copy)"
done
report restore "restores (a whole one takes ${t_res} ms)"
else
	echo "# crash: rebuild and restore kills skipped under the sanitizers (CRASH_ALL=1 runs them)"
fi

# A server answering a POST: the server is killed within the time the POST
# takes, and started again for the next.
cp base.db s.db
start_server s.db || { fail "crash: the server starts" "$(tail -3 serve.log)"; exit 0; }
[ "$(signin ed.jar ed 'editor pass 123')" = 303 ] || fail "crash: the editor signs in" "no 303"
tok=$(session_csrf ed.jar)
# form I: posts arrival post-I.
form() {
	$C -b ed.jar -o post.html -w '%{http_code}' -d "csrf=$tok" -d country=JAM -d personnel=1 \
		-d date=2025-01-01 -d "event=post-$1" -d sources=src "$U/add/arrival"
}
t0=$(now_ms)
[ "$(form 0)" = 201 ] || fail "crash: a whole POST" "$(alert post.html)"
t_post=$(($(now_ms) - t0))
i=0
for d in $(delays "$N" "$t_post" 3); do
	i=$((i + 1))
	[ $i -gt 1 ] && { start_server s.db || { fail "crash: the server starts again" "$(tail -3 serve.log)"; exit 0; }; }
	before=$(state s.db)
	form "$i" > /dev/null &
	cpid=$!
	sleep "$d"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	wait $cpid 2>/dev/null
	after_kill s.db post $i "$before" "event:post-$i"
done
report post "servers answering a POST (a whole POST takes ${t_post} ms)"
