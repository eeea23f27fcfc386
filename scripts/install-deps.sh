#!/bin/sh
# install-deps.sh - install the Debian 12 packages needed to build and test stackc,
# and the npm packages that validate its output (tests/validate).
#
# Idempotent and quiet: it asks dpkg which packages are missing and only
# then runs apt-get (update + install); it runs `npm ci` in tests/validate
# only when node_modules does not match package-lock.json (a stamp file
# records the lock file it was installed from). Works as root; as another
# user it uses sudo when available. Set STACKC_SKIP_DEPS=1 to skip it
# entirely (e.g. on a machine that is provisioned some other way).
set -eu

if [ "${STACKC_SKIP_DEPS:-0}" = 1 ]; then
	exit 0
fi

# Build: compiler, CMake, flex/bison, libraries linked by the compiler and
# the runtime. Test: cmocka, python3 + yaml (checks on emitted YAML),
# git (runtime tests), clang + its runtime (libFuzzer), clang-format.
PACKAGES="build-essential cmake pkg-config flex bison
libgit2-dev libcurl4-openssl-dev libjansson-dev libyaml-dev libedit-dev
libcmocka-dev libpcre2-dev libssl-dev ca-certificates git python3 python3-yaml
clang libclang-rt-14-dev clang-format"

# apt_install PACKAGE...: apt-get update + install, as root or through sudo.
apt_install() {
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "install-deps: missing packages: $*" >&2
		echo "install-deps: no apt-get here; install them by hand (Debian 12 names)" >&2
		exit 1
	fi
	if [ "$(id -u)" = 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-deps: missing packages: $*" >&2
		echo "install-deps: not root and no sudo; run as root: apt-get install $*" >&2
		exit 1
	fi
	echo "install-deps: installing $*"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# npm_install: the exact packages of tests/validate/package-lock.json into
# tests/validate/node_modules (ignored by git), with `npm ci`. Skipped when
# the stamp written after the last successful install names the same lock
# file and Node.js version, so a second run costs a checksum. Install
# scripts are not run: none of these packages needs one.
npm_install() {
	dir=$(cd "$(dirname "$0")/.." && pwd)/tests/validate
	# validate.js --check-node: the Node.js here is at least what every
	# package of the lock file asks for (engines.node).
	node "$dir/validate.js" --check-node || {
		echo "install-deps: install a newer Node.js (Debian 12's nodejs is enough)" >&2
		exit 1
	}
	want="$(sha256sum <"$dir/package-lock.json" | cut -d' ' -f1) node-$(node --version)"
	stamp=$dir/node_modules/.stackc-installed
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return 0
	fi
	echo "install-deps: npm ci in tests/validate"
	log=$(mktemp "${TMPDIR:-/tmp}/stackc-npm.XXXXXX")
	if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "install-deps: npm ci failed in $dir" >&2
		exit 1
	fi
	rm -f "$log"
	echo "$want" >"$stamp"
}

# One dpkg-query for all of them; unknown packages print nothing.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PACKAGES 2>/dev/null |
	awk '$1 == "ii" { print $2 }' || true)
missing=""
for p in $PACKAGES; do
	case " $(echo $installed) " in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done

# Node.js and npm: any install that provides the commands will do (Debian's
# nodejs + npm, or another distribution of Node); only when a command is
# missing are Debian's packages installed.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	# shellcheck disable=SC2086 # word splitting of the package list is wanted
	apt_install $missing
fi
npm_install
