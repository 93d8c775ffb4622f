# tests/pg/lib.sh: PostgreSQL for the tests of the log in PostgreSQL (issue
# 22), all on 127.0.0.1 and under one temporary folder: a single server
# (pg_single) or a pg_auto_failover formation of a monitor and two nodes
# (paf_*). PostgreSQL refuses to run as root: its processes run as `postgres`
# (muster runs as the caller). Each node runs in a session of its own, so
# that its whole process group (the pg_autoctl supervisor, its postgres and
# the backends) is killed by its id, as a machine lost; pg_stop_all stops
# every group started, and is set as the EXIT trap by pg_setup.
. "$MUSTER_ROOT/tests/cli/lib.sh"

PGBIN=/usr/lib/postgresql/15/bin
# Debian's postgresql-15 makes this unprivileged user, which may write the
# sockets' folder /var/run/postgresql (nobody may not; pg_autoctl puts
# the sockets there).
PG_OS_USER=postgres
PGT=
PG_GROUPS=
MUSTER_PIDS=
WAIT_GROUP=

# pg_setup: the temporary folder $PGT (readable by $PG_OS_USER), the trap.
pg_setup() {
	PGT=$(mktemp -d /tmp/muster-pg.XXXXXX)
	chmod 755 "$PGT"
	mkdir -p "$PGT/home/run" "$PGT/sock" "$PGT/d"
	chown -R "$PG_OS_USER" "$PGT/home" "$PGT/sock" "$PGT/d"
	trap pg_stop_all EXIT
	trap 'exit 1' INT TERM
	# Free ports: a base from the pid, checked with ss.
	PG_BASE=$((21000 + ($$ % 400) * 10))
	while ss -ltn | grep -q ":$PG_BASE "; do PG_BASE=$((PG_BASE + 10)); done
}

# as_pg CMD…: runs CMD as $PG_OS_USER, with pg_autoctl's folders under $PGT.
as_pg() {
	runuser -u "$PG_OS_USER" -- env -C / PATH="$PGBIN:/usr/bin:/bin" HOME="$PGT/home" XDG_CONFIG_HOME="$PGT/home/config" \
		XDG_DATA_HOME="$PGT/home/data" XDG_RUNTIME_DIR="$PGT/home/run" "$@"
}

# group NAME CMD…: starts CMD as $PG_OS_USER in a new session (its own process
# group), output to $PGT/NAME.log; its group id in $PGT/NAME.pgid.
group() {
	name=$1
	shift
	setsid runuser -u "$PG_OS_USER" -- env -C / PATH="$PGBIN:/usr/bin:/bin" HOME="$PGT/home" XDG_CONFIG_HOME="$PGT/home/config" \
		XDG_DATA_HOME="$PGT/home/data" XDG_RUNTIME_DIR="$PGT/home/run" "$@" \
		> "$PGT/$name.log" 2>&1 &
	echo $! > "$PGT/$name.pgid"
	PG_GROUPS="$PG_GROUPS $name"
}

# kill_group NAME SIGNAL: signals the whole group NAME started.
kill_group() {
	[ -f "$PGT/$1.pgid" ] && kill -"$2" -"$(cat "$PGT/$1.pgid")" 2>/dev/null
}

pg_stop_all() {
	for g in $PG_GROUPS; do kill_group "$g" TERM; done
	sleep 1
	for g in $PG_GROUPS; do kill_group "$g" KILL; done
	[ -f "$PGT/single.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGT/d/single" -m immediate stop > /dev/null 2>&1
	for p in $MUSTER_PIDS; do kill "$p" 2>/dev/null; done
	[ -n "$PGT" ] && [ -z "$PG_KEEP" ] && rm -rf "$PGT"
}

# pg_single: one PostgreSQL on $PG_BASE, no standby; $URL reaches it.
pg_single() {
	as_pg "$PGBIN/initdb" -D "$PGT/d/single" -U muster --auth=trust -N > "$PGT/initdb.log" 2>&1 || return 1
	as_pg "$PGBIN/pg_ctl" -D "$PGT/d/single" -o "-p $PG_BASE -k $PGT/sock -c listen_addresses=127.0.0.1" \
		-l "$PGT/d/single.log" -w start > /dev/null || return 1
	touch "$PGT/single.pid"
	URL="postgresql://muster@127.0.0.1:$PG_BASE/postgres?connect_timeout=5"
}

# paf_start: a monitor on $PG_BASE and nodes n1 (primary) and n2 (its
# synchronous standby) on $PG_BASE+1 and +2, with short health checks;
# $URL names both nodes and asks for the one that writes.
paf_start() {
	P0=$PG_BASE P1=$((PG_BASE + 1)) P2=$((PG_BASE + 2))
	MON="postgres://autoctl_node@127.0.0.1:$P0/pg_auto_failover?sslmode=disable"
	group mon pg_autoctl create monitor --pgdata "$PGT/d/mon" --pgport "$P0" --hostname 127.0.0.1 \
		--listen 127.0.0.1 --auth trust --no-ssl --run
	WAIT_GROUP=mon wait_for 60 "monitor" sh -c "PGCONNECT_TIMEOUT=2 psql -qAt '$MON' -c 'select 1' > /dev/null 2>&1" || return 1
	# A node is unhealthy after 1 s without an answer and 3 s without a report;
	# a lost primary is taken as demoted after 3 s (the defaults: 5, 20, 30 s).
	as_pg psql -qAt "postgres://autoctl@127.0.0.1:$P0/pg_auto_failover?sslmode=disable" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" \
		-c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000" \
		-c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 3000" \
		-c "SELECT pg_reload_conf()" > "$PGT/monitor-settings.log" 2>&1
	paf_node n1 "$P1"
	WAIT_GROUP=n1 wait_for 90 "n1 primary" paf_is n1 single || return 1
	paf_node n2 "$P2"
	WAIT_GROUP=n2 wait_for 180 "n2 secondary" paf_joined n2 "$P1" || return 1
	wait_for 30 "n1 primary" paf_is n1 primary || return 1
	URL="postgresql://muster@127.0.0.1:$P1,127.0.0.1:$P2/muster?target_session_attrs=read-write&connect_timeout=2"
}

# paf_node NAME PORT: creates (or, when it exists, runs again) a node.
paf_node() {
	if [ -d "$PGT/d/$1" ]; then
		group "$1" pg_autoctl run --pgdata "$PGT/d/$1"
	else
		group "$1" pg_autoctl create postgres --pgdata "$PGT/d/$1" --pgport "$2" --hostname 127.0.0.1 \
			--listen 127.0.0.1 --name "$1" --auth trust --no-ssl --username muster --dbname muster --monitor "$MON" --run
	fi
}

# paf_joined NAME PRIMARY_PORT: NAME is a secondary; until then the
# primary is asked for a checkpoint (pg_basebackup, which pg_autoctl runs
# to make a standby, waits for one, spread over minutes by default).
paf_joined() {
	paf_is "$1" secondary && return 0
	as_pg psql -qAt -p "$2" -d postgres -c CHECKPOINT > /dev/null 2>&1
	return 1
}

# paf_state NAME: the node's state as the monitor last heard it.
paf_state() {
	psql -qAt "$MON" -c "select reportedstate from pgautofailover.node where nodename = '$1'" 2>/dev/null
}
paf_is() { [ "$(paf_state "$1")" = "$2" ]; }

# wait_for SECONDS WHAT CMD…: until CMD succeeds; prints why not.
wait_for() {
	limit=$1 what=$2
	shift 2
	i=0
	while ! "$@"; do
		i=$((i + 1))
		if [ -n "$WAIT_GROUP" ] && ! kill -0 "$(cat "$PGT/$WAIT_GROUP.pgid")" 2>/dev/null; then
			echo "# $WAIT_GROUP stopped while waiting for $what: $(tail -3 "$PGT/$WAIT_GROUP.log")" >&2
			return 1
		fi
		if [ $i -gt $((limit * 5)) ]; then
			echo "# gave up waiting for $what after $limit s" >&2
			return 1
		fi
		sleep 0.2
	done
}

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }
