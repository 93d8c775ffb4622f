#!/bin/sh
# bench/web.sh: muster serve against nginx serving the same bytes as static
# files, with wrk, on 127.0.0.1 only (see bench/README.md, section h).
#
#   sh bench/web.sh [path/to/muster]      (bench/run.sh calls it)
#
# Environment: BENCH_WEB_SECONDS (per run, default 5), BENCH_WEB_ROUNDS
# (runs per figure, default 3), BENCH_WEB_CONNS (default 32), BENCH_DIR (parent of the scratch directory, default /tmp),
# BENCH_WEB_SLOW (0 leaves out the slow-client attack).
# Starts both servers itself in a scratch directory (nginx with its own
# config and prefix: no root, no system service) and stops them at the end,
# whatever happens. A missed target prints MISS; a wrong body fails (exit 1).
set -eu

MUSTER=${1:-build/muster}
SECS=${BENCH_WEB_SECONDS:-5}
ROUNDS=${BENCH_WEB_ROUNDS:-3}
CONNS=${BENCH_WEB_CONNS:-32}
[ -x "$MUSTER" ] || { echo "bench/web: no muster binary at $MUSTER (run make first)" >&2; exit 1; }
MUSTER=$(cd "$(dirname "$MUSTER")" && pwd)/$(basename "$MUSTER")
SLOW="$(cd "$(dirname "$0")/.." && pwd)/tests/cli/helpers/slow_clients.py"
for t in wrk nginx curl python3; do
	command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] ||
		{ echo "bench/web: $t is needed (sh scripts/deps.sh bench installs it)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

W=$(mktemp -d "${BENCH_DIR:-/tmp}/muster-web.XXXXXX")
chmod 755 "$W"          # nginx's workers may run as another user
mpid="" mpid2="" npid="" apid=""
stop() {
	for p in $apid $mpid $mpid2; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	[ -n "$npid" ] && kill -QUIT "$npid" 2>/dev/null && sleep 0.2
	mpid="" mpid2="" npid="" apid=""
	rm -rf "$W"
}
trap stop EXIT
trap 'exit 130' INT TERM
cd "$W"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# up URL: waits until URL answers (5 s at most).
up() {
	for i in $(seq 1 50); do
		curl -s -o /dev/null --max-time 1 "$1" && return 0
		sleep 0.1
	done
	return 1
}

echo "h. web server: muster serve against nginx $("$NGINX" -v 2>&1 | sed 's|.*/||') serving the same bytes"
"$MUSTER" --db web.db init --bundled >/dev/null
MPORT=$(free_port)
M="http://127.0.0.1:$MPORT"
# A frozen clock: the answer's "generated" stays the same, so nginx can serve the same bytes.
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MUSTER_NOW=$NOW "$MUSTER" --db web.db serve --listen "127.0.0.1:$MPORT" 2>muster.log &
mpid=$!
up "$M/api/v1/openapi.json" || { echo "bench/web: muster serve did not start: $(cat muster.log)" >&2; exit 1; }

# The bytes nginx serves are the bytes muster serves for the same paths,
# plain and gzipped (nginx's gzip_static serves FILE.gz to clients that take it).
mkdir -p nginx/html/api/v1 nginx/tmp
for enc in identity gzip; do
	sfx=$([ $enc = gzip ] && echo .gz || true)
	curl -s -H "Accept-Encoding: $enc" -o "nginx/html/index.html$sfx" "$M/"
	curl -s -H "Accept-Encoding: $enc" -o "nginx/html/api/v1/strength$sfx" "$M/api/v1/strength"
done
NPORT=$(free_port)
N="http://127.0.0.1:$NPORT"
cat >nginx/nginx.conf <<EOF
# Written by bench/web.sh for one run; the prefix is $W/nginx.
user $(id -un) $(id -gn);
worker_processes auto;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $W/nginx/tmp/body;
	proxy_temp_path $W/nginx/tmp/proxy;
	fastcgi_temp_path $W/nginx/tmp/fastcgi;
	uwsgi_temp_path $W/nginx/tmp/uwsgi;
	scgi_temp_path $W/nginx/tmp/scgi;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	gzip_static on;
	gzip_vary on;
	server {
		listen 127.0.0.1:$NPORT;
		root $W/nginx/html;
		location = / { default_type "text/html; charset=utf-8"; try_files /index.html =404; }
		location /api/ { default_type "application/json; charset=utf-8"; }
	}
}
EOF
"$NGINX" -p "$W/nginx" -c "$W/nginx/nginx.conf" -e "$W/nginx/error.log" 2>nginx.err ||
	{ echo "bench/web: nginx did not start: $(cat nginx.err)" >&2; exit 1; }
up "$N/" || { echo "bench/web: nginx does not answer: $(cat nginx/error.log)" >&2; exit 1; }
npid=$(cat nginx/nginx.pid)

bad=0
for p in / /api/v1/strength; do
	for enc in identity gzip; do
		curl -s -H "Accept-Encoding: $enc" -o m.body "$M$p"
		curl -s -H "Accept-Encoding: $enc" -o n.body "$N$p"
		if ! cmp -s m.body n.body; then
			echo "   !!! $p ($enc): nginx's bytes differ from muster's" >&2
			bad=1
		fi
	done
done
[ "$bad" = 0 ] || exit 1

# weight PATH: bytes plain and with gzip.
weight() {
	plain=$(curl -s "$M$1" | wc -c)
	gz=$(curl -s -H 'Accept-Encoding: gzip' "$M$1" | wc -c)
	echo "   $1 weighs $plain bytes, $gz with gzip"
}
weight /
weight /api/v1/strength

# run URL HEADER: prints "rps p50_ms p99_ms errors" for wrk on URL.
run() {
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "$2" "$1" >wrk.out 2>&1 || true
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/Requests\/sec:/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx/ { err += $NF }
	/Socket errors/ { gsub(/[^0-9 ]/, " "); err += $1 + $2 + $3 + $4 }
	END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' wrk.out
}

# median: the middle of the numbers on stdin, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# measure NAME URL [HEADER]: appends "rps p50 p99 errors" of one run to NAME.runs.
measure() {
	name=$1
	shift
	run "$@" >>"$name.runs"
}
# figures NAME: the median of each column over NAME's runs, and the sum of errors.
figures() {
	for col in 1 2 3; do cut -d' ' -f"$col" "$1.runs" | median; done | tr '\n' ' '
	awk '{ e += $4 } END { print e + 0 }' "$1.runs"
}

echo "   wrk: 2 threads, $CONNS connections, ${SECS} s per run, median of $ROUNDS runs each, muster and nginx"
echo "   taking turns; $(nproc) cores shared by wrk and the server"
printf '   %-38s %9s %8s %8s %7s\n' "" "req/s" "p50 ms" "p99 ms" "errors"
for case in "/ identity" "/api/v1/strength identity" "/ gzip" "/api/v1/strength gzip"; do
	set -- $case
	path=$1 enc=$2
	h="Accept-Encoding: $enc"
	rm -f m.runs n.runs
	for i in $(seq 1 "$ROUNDS"); do
		measure m "$M$path" "$h"
		measure n "$N$path" "$h"
	done
	set -- $(figures m); mr=$1 m50=$2 m99=$3 me=$4
	set -- $(figures n); nr=$1 n50=$2 n99=$3 ne=$4
	printf '   %-38s %9.0f %8s %8s %7s\n' "muster $path ($enc)" "$mr" "$m50" "$m99" "$me" \
		"nginx  $path ($enc)" "$nr" "$n50" "$n99" "$ne"
	ratio=$(awk -v a="$mr" -v b="$nr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	ok=$(awk -v a="$mr" -v b="$nr" -v e="$me" 'BEGIN { print ((b > 0 && a / b >= 0.5 && e == 0) ? 1 : 0) }')
	if [ "$ok" = 1 ]; then v=PASS; else v=MISS; fi
	echo "   ratio muster/nginx: ${ratio}x   target >= 0.5x   $v"
done

# Not a target: the same without the response cache, every request answered
# and rendered afresh on the thread's open connection (what a new state of
# the record costs once).
MPORT2=$(free_port)
M2="http://127.0.0.1:$MPORT2"
MUSTER_NO_CACHE=1 MUSTER_NOW=$NOW "$MUSTER" --db web.db serve --listen "127.0.0.1:$MPORT2" 2>muster2.log &
mpid2=$!
up "$M2/api/v1/openapi.json" || { echo "bench/web: muster serve (no cache) did not start" >&2; exit 1; }
echo "   without the response cache (not a target; MUSTER_NO_CACHE=1):"
for path in / /api/v1/strength; do
	rm -f c.runs
	measure c "$M2$path" "Accept-Encoding: identity"
	set -- $(figures c)
	printf '   %-38s %9.0f %8s %8s %7s\n' "muster $path, answered afresh" "$1" "$2" "$3" "$4"
done

# Not a target: the same requests while 1,000 connections from 127.0.0.2
# send their headers one byte every 5 s, reopened as soon as the server closes
# them (tests/cli/slow_clients.sh makes the same attack). Every request of the
# attack is cut off by the limit per address or the headers' deadline; what
# is left is the cost of accepting and closing its connections.
if [ "${BENCH_WEB_SLOW:-1}" = 1 ]; then
	echo "   under a slow-client attack (not a target; 1,000 connections from 127.0.0.2, a byte every 5 s):"
	rm -f q.runs a.runs
	for i in $(seq 1 "$ROUNDS"); do
		measure q "$M/" "Accept-Encoding: identity"
		python3 "$SLOW" 127.0.0.1 "$MPORT" 127.0.0.2 1000 5 $((SECS + 3)) >attack.out 2>&1 &
		apid=$!
		sleep 2
		measure a "$M/" "Accept-Encoding: identity"
		wait "$apid" || true
		apid=""
	done
	set -- $(figures q)
	printf '   %-38s %9.0f %8s %8s %7s\n' "muster / (identity), quiet" "$1" "$2" "$3" "$4"
	set -- $(figures a)
	printf '   %-38s %9.0f %8s %8s %7s\n' "muster / (identity), under the attack" "$1" "$2" "$3" "$4"
	echo "   the attack's last run: $(cat attack.out)"
fi
