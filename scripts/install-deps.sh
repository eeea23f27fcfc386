#!/bin/sh
# install-deps.sh - install the Debian 12 packages needed to build and test stackc.
#
# Idempotent and quiet: it asks dpkg which packages are missing and only
# then runs apt-get (update + install). Works as root; as another user it
# uses sudo when available. Set STACKC_SKIP_DEPS=1 to skip it entirely
# (e.g. on a machine that is provisioned some other way).
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

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: no apt-get here; install them by hand (Debian 12 names)" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: not root and no sudo; run as root: apt-get install$missing" >&2
	exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is wanted
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
