#!/bin/sh
# Installs the Debian packages muster needs to build and test; prints the
# exact command when not root. Quiet when everything is there already.
set -e
PKGS="gcc make pkg-config libsqlite3-dev sqlite3 libjansson-dev libcsv-dev libsodium-dev \
libcmocka-dev iso-codes python3 libxml2-dev libmicrohttpd-dev zlib1g-dev curl openssl"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "muster needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing >&2
