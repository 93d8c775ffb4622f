# serve.sh: sourced by the shell tests that drive the server from node
# (tests/cli/browser.sh, tests/cli/openapi.sh). serve_start makes h.db with
# `muster init --bundled` and starts `muster serve` on 127.0.0.1 at a free
# port, setting U (the base URL) and SERVE_PID; the server is stopped when the
# test exits, however it exits. Needs lib.sh (ok, fail) and $M.

SERVE_PID=""
serve_stop() {
	[ -n "$SERVE_PID" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	for i in $(seq 1 50); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	SERVE_PID=""
}
trap serve_stop EXIT
trap 'serve_stop; exit 130' INT TERM

# free_port: a port nobody listens on now (the kernel's choice for port 0).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve_start NAME: 0 when the server answers; else says "not ok - NAME".
serve_start() {
	$M --db h.db init --bundled > init.log 2>&1 || { fail "$1: init --bundled" "$(cat init.log)"; return 1; }
	for try in 1 2 3 4 5; do
		PORT=$(free_port)
		U="http://127.0.0.1:$PORT"
		ASAN_OPTIONS=${MUSTER_LEAK_ASAN_OPTIONS:-$ASAN_OPTIONS} $M --db h.db serve --listen "127.0.0.1:$PORT" 2> serve.log &
		SERVE_PID=$!
		for i in $(seq 1 100); do
			# Ours answers: alive and serving this port (tests run side by side).
			kill -0 "$SERVE_PID" 2>/dev/null && grep -q "on http://127.0.0.1:$PORT/" serve.log &&
				curl -s -o /dev/null --max-time 2 "$U/api/v1/openapi.json" && return 0
			kill -0 "$SERVE_PID" 2>/dev/null || break
			sleep 0.1
		done
		serve_stop
	done
	fail "$1: muster serve starts on 127.0.0.1" "no port answered: $(cat serve.log)"
	return 1
}

# node_ready NAME: the npm packages of tests/browser are installed.
node_ready() {
	if ! command -v node > /dev/null; then
		fail "$1: node" "Node.js is not installed (make check installs it: sh scripts/deps.sh test)"
		return 1
	fi
	if [ ! -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
		fail "$1: npm packages" "tests/browser/node_modules is missing (run: cd tests/browser && npm ci)"
		return 1
	fi
}
