#!/bin/sh
# Installs the Debian packages muster needs; prints the exact command when not
# root. Quiet when everything is there already.
#
#   sh scripts/deps.sh          to build and run (make run)
#   sh scripts/deps.sh test     and to test (make check): Debian's Chromium, Node.js
#                               and npm, then `npm ci` in tests/browser when its
#                               node_modules is missing or older than its lock file
#                               and clang with its libFuzzer runtime (make fuzz)
#   sh scripts/deps.sh bench    and to benchmark (make bench): wrk, nginx and PostgreSQL 15
#                               with pg_auto_failover
set -e
cd "$(dirname "$0")/.."
MODE=${1:-run}
PKGS="gcc make pkg-config libsqlite3-dev sqlite3 libjansson-dev libcsv-dev libsodium-dev nettle-dev \
libcmocka-dev iso-codes python3 libxml2-dev libmicrohttpd-dev zlib1g-dev libxlsxwriter-dev curl libcurl4-openssl-dev gettext openssl \
libcairo2 libpango-1.0-0 libpangocairo-1.0-0 librsvg2-2 fonts-dejavu-core libcurl4 libpq-dev"
case "$MODE" in
run) ;;
test)
	PKGS="$PKGS chromium libxml2-utils clang libclang-rt-14-dev poppler-utils"
	# The log in PostgreSQL with automatic failover (tests/pg, make check-pg).
	PKGS="$PKGS postgresql-15 pg-auto-failover-cli postgresql-15-auto-failover"
	# Any Node.js 20 or later will do (playwright-core needs it); Debian's when there is none.
	command -v node > /dev/null || PKGS="$PKGS nodejs"
	command -v npm > /dev/null || PKGS="$PKGS npm"
	;;
bench) PKGS="$PKGS wrk nginx postgresql-15 pg-auto-failover-cli postgresql-15-auto-failover" ;;
*)
	echo "usage: sh scripts/deps.sh [run|test|bench]" >&2
	exit 2
	;;
esac

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "muster needs these Debian packages:$missing" >&2
		echo "install them with:  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "installing:$missing" >&2
	# Wait for the dpkg lock (another install may be running) rather than fail.
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing >&2
fi

# The browser and OpenAPI tests' npm packages, exactly as locked.
if [ "$MODE" = test ]; then
	B=tests/browser
	if [ ! -f "$B/node_modules/.package-lock.json" ] || [ "$B/package-lock.json" -nt "$B/node_modules/.package-lock.json" ]; then
		echo "installing the npm packages of $B (npm ci)" >&2
		(cd "$B" && npm ci --no-audit --no-fund --loglevel=error >&2)
	fi
fi
