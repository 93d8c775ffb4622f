# helpers/serve.sh: starting muster serve on 127.0.0.1 for a test and signing
# in with curl. Sourced by web.sh, web_i18n.sh, users.sh, oversight.sh, leak.sh
# and security.sh after lib.sh; not a test itself (run.sh runs tests/cli/*.sh
# only).
# The server always stops: by stop_server, or by the EXIT trap set here.

C="curl -s --max-time 20"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT

# start_server DB [SERVE OPTIONS…]: serves DB on a free port; sets pid, PORT, U.
# The scheme is https when a --tls-cert option is given.
start_server() {
	db=$1
	shift
	scheme=http
	case " $* " in *" --tls-cert "*) scheme=https ;; esac
	for try in 0 1 2 3 4; do
		PORT=$((20000 + ($$ * 13 + try * 1013) % 20000))
		U="$scheme://127.0.0.1:$PORT"
		ASAN_OPTIONS=${MUSTER_LEAK_ASAN_OPTIONS:-$ASAN_OPTIONS} $M --db "$db" serve --listen "127.0.0.1:$PORT" "$@" 2>> serve.log &
		pid=$!
		for i in $(seq 1 100); do
			# Ours answers: it is alive and says it serves this port (tests
			# run side by side; another test's server may hold the port).
			if kill -0 "$pid" 2>/dev/null && grep -q "on $scheme://127.0.0.1:$PORT/" serve.log &&
				$C -k -o /dev/null "$U/api/v1/openapi.json"; then return 0; fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=""
	done
	return 1
}

# stop_server: SIGTERM; the server must exit 0 (under the sanitizers, a leak
# or an error in any request makes it exit otherwise).
stop_server() {
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	pid=""
	[ $rc -eq 0 ] && ok "the server stops cleanly (exit 0)" || fail "the server stops cleanly" "exit $rc: $(tail -5 serve.log)"
}

# csrf_in FILE: the value of the first csrf field of an HTML page.
csrf_in() {
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1
}

# signin JAR NAME PASSWORD: gets the sign-in form (its cookie into JAR),
# posts the name and password; prints the status code.
signin() {
	jar=$1
	rm -f "$jar"
	$C -c "$jar" -o signin.html "$U/signin"
	tok=$(csrf_in signin.html)
	$C -b "$jar" -c "$jar" -o signin.out -w '%{http_code}' --data-urlencode "csrf=$tok" \
		--data-urlencode "name=$2" --data-urlencode "password=$3" "$U/signin"
}

# session_csrf JAR: the CSRF token of the signed-in session in JAR.
session_csrf() {
	$C -b "$1" -o csrf.html "$U/signout"
	csrf_in csrf.html
}

# post JAR PATH OUTFILE FIELD=VALUE…: posts a form with the session's token;
# prints the status code.
post() {
	jar=$1 path=$2 outfile=$3
	shift 3
	tok=$(session_csrf "$jar")
	n=$#
	while [ "$n" -gt 0 ]; do
		kv=$1
		shift
		set -- "$@" --data-urlencode "$kv"
		n=$((n - 1))
	done
	$C -b "$jar" -o "$outfile" -w '%{http_code}' --data-urlencode "csrf=$tok" "$@" "$U$path"
}

# alert FILE: the text of a page's role="alert" paragraph (the error shown).
alert() {
	python3 -c 'import html,re,sys; m=re.search(r"role=\"alert\">(?:<b>)?(.*?)(?:</b>)?</p>", open(sys.argv[1]).read()); print(html.unescape(m.group(1)) if m else "")' "$1"
}
