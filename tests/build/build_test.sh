#!/bin/sh
# build_test.sh - `stackc build` on disk: the output tree and its safety.
#
#   build_test.sh STACKC SRCDIR TEST
#
# TEST is one of:
#   tree         examples/hello builds to exactly the expected tree (below),
#                with the marker file and no temporary directory left over
#   stale        a component removed from the module disappears from the
#                output at the next build (the whole tree is replaced)
#   refuse       a directory stackc did not create is refused (exit 1, byte
#                for byte untouched); an empty one is accepted
#   failed       a build with errors exits 1 and leaves the previous output
#                exactly as it was; so does one with a bad -o
#   determinism  two builds under different TZ, LC_ALL, environment
#                variables, working directory and module path spelling are
#                byte-identical (diff -r)
#   symlinks     replacing a tree that holds symbolic links removes the
#                links, never what they point to
#   stdout       --stdout writes nothing to disk and prints the documents
#   unwritable   a parent directory without write permission gives E0601
#                and exit 1 (skipped, exit 77, when running as root)
#   nospace      a full disk while writing gives E0603 and exit 3 and
#                leaves the previous output as it was (needs a 1 MiB tmpfs:
#                skipped, exit 77, unless root may mount one)
#
# Every test works in a fresh temporary directory, prints one line per
# failed check and exits 1 if there was any.
set -u

if [ $# -ne 3 ]; then
	echo "usage: build_test.sh STACKC SRCDIR TEST" >&2
	exit 2
fi
case $1 in
/*) stackc=$1 ;;
*) stackc=$(pwd)/$1 ;;
esac
srcdir=$(cd "$2" && pwd)
test=$3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-build.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
export NO_COLOR=1 LC_ALL=C
unset GITHUB_ACTIONS
umask 022

failures=0
fail() {
	echo "FAIL[$test]: $*"
	failures=$((failures + 1))
}

# run ARGS...: run stackc, leaving stdout, stderr and status in files
# outside the trees being compared.
run() {
	"$stackc" "$@" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
	echo $? >"$tmp/code.txt"
}
expect_code() {
	code=$(cat "$tmp/code.txt")
	if [ "$code" != "$1" ]; then
		fail "$2: exit status $code, expected $1"
		cat "$tmp/stderr.txt"
	fi
}
expect_stderr_has() {
	grep -q -- "$1" "$tmp/stderr.txt" || {
		fail "$2: stderr lacks '$1':"
		cat "$tmp/stderr.txt"
	}
}
# listing DIR: every path below DIR with its type and a checksum of each
# file, sorted: equal listings mean equal trees.
listing() {
	(cd "$1" && find . -print | LC_ALL=C sort | while IFS= read -r p; do
		if [ -L "$p" ]; then
			echo "$p -> $(readlink "$p")"
		elif [ -d "$p" ]; then
			echo "$p/"
		else
			echo "$p $(cksum <"$p")"
		fi
	done)
}
# no_leftovers DIR: no DIR.stackc-tmp-* or DIR.stackc-old-* next to DIR.
no_leftovers() {
	for f in "$1".stackc-*; do
		[ -e "$f" ] && fail "$2: leftover $f"
	done
}

cp -R "$srcdir/examples/hello" hello

# The exact tree examples/hello builds to. Update it (and docs/build.md)
# when the layout or a backend's file names change on purpose.
hello_tree() {
	cat <<'EOF'
.
./.stackc-output
./dev
./dev/argocd-cm-health.yaml
./dev/hello
./dev/hello/argocd
./dev/hello/argocd/apps
./dev/hello/argocd/apps/00-web.yaml
./dev/hello/argocd/root.yaml
./dev/hello/kubernetes
./dev/hello/kubernetes/web
./dev/hello/kubernetes/web/00-service-web.yaml
./dev/hello/kubernetes/web/01-deployment-web.yaml
./dev/hello/kubernetes/web/02-ingress-web.yaml
./dev/plan.json
./prod
./prod/argocd-cm-health.yaml
./prod/hello
./prod/hello/argocd
./prod/hello/argocd/apps
./prod/hello/argocd/apps/00-web.yaml
./prod/hello/argocd/root.yaml
./prod/hello/kubernetes
./prod/hello/kubernetes/web
./prod/hello/kubernetes/web/00-service-web.yaml
./prod/hello/kubernetes/web/01-deployment-web.yaml
./prod/hello/kubernetes/web/02-ingress-web.yaml
./prod/plan.json
EOF
}

check_hello_tree() { # check_hello_tree DIR WHAT
	hello_tree >"$tmp/want-tree.txt"
	(cd "$1" && find . -print | LC_ALL=C sort) >"$tmp/got-tree.txt"
	cmp -s "$tmp/want-tree.txt" "$tmp/got-tree.txt" || {
		fail "$2: unexpected tree (- expected, + actual):"
		diff -u "$tmp/want-tree.txt" "$tmp/got-tree.txt"
	}
}

case $test in
tree)
	run build hello -o out
	expect_code 0 "build hello"
	check_hello_tree out "build hello"
	[ -s "$tmp/stdout.txt" ] && fail "build hello: printed on stdout"
	# examples/hello declares no gitops_repo: the one warning is W0721.
	grep -v -e 'warning\[W0721\]' -e 'hint: declare `param gitops_repo' "$tmp/stderr.txt" \
		>"$tmp/stderr-other.txt"
	[ -s "$tmp/stderr-other.txt" ] &&
		fail "build hello: printed on stderr: $(cat "$tmp/stderr.txt")"
	expect_stderr_has "warning\[W0721\]" "build hello"
	[ -f out/.stackc-output ] || fail "no marker file"
	# Permissions as mkdir and touch give them (the tests run with umask
	# 022), not mkdtemp's 0700.
	mode=$(ls -ld out | cut -c1-10)
	[ "$mode" = drwxr-xr-x ] || fail "out has mode $mode, expected drwxr-xr-x"
	mode=$(ls -l out/dev/plan.json | cut -c1-10)
	[ "$mode" = -rw-r--r-- ] || fail "out/dev/plan.json has mode $mode, expected -rw-r--r--"
	no_leftovers out "build hello"
	# The default directory is ./out.
	mkdir cwd && (cd cwd && "$stackc" build ../hello >/dev/null 2>&1) ||
		fail "build without -o failed"
	check_hello_tree cwd/out "build without -o"
	# Building again over an earlier output works and changes nothing.
	listing out >"$tmp/first.txt"
	run build hello -o out
	expect_code 0 "second build"
	listing out >"$tmp/second.txt"
	cmp -s "$tmp/first.txt" "$tmp/second.txt" || fail "second build changed the tree"
	no_leftovers out "second build"
	# --env builds that environment only: the tree then holds only it.
	run build hello --env prod -o out
	expect_code 0 "build --env prod"
	[ -d out/dev ] && fail "build --env prod: out/dev is still there"
	[ -f out/prod/plan.json ] || fail "build --env prod: no out/prod/plan.json"
	;;

stale)
	# A second component, then the module without it.
	mkdir extra
	awk '{ print } /^stack hello \{/ {
		print "  component worker: k8s.app {"
		print "    image = image"
		print "  }"
	}' hello/hello.stack >extra/hello.stack
	run build extra -o out
	expect_code 0 "build with worker"
	[ -d out/dev/hello/kubernetes/worker ] || fail "worker was not built"
	grep -q '"hello.worker"' out/dev/plan.json || fail "worker is not in the plan"
	run build hello -o out
	expect_code 0 "build without worker"
	check_hello_tree out "build without worker"
	grep -q worker out/dev/plan.json && fail "worker is still in the plan"
	no_leftovers out "build without worker"
	;;

refuse)
	mkdir precious precious/sub
	echo "keep me" >precious/notes.txt
	echo "me too" >precious/sub/more.txt
	listing precious >"$tmp/before.txt"
	run build hello -o precious
	expect_code 1 "build into precious"
	expect_stderr_has "error\[E0602\]: refusing to replace 'precious': it was not created by stackc build" \
		"build into precious"
	listing precious >"$tmp/after.txt"
	cmp -s "$tmp/before.txt" "$tmp/after.txt" || fail "precious was changed"
	no_leftovers precious "build into precious"
	# A hidden file is content too.
	mkdir hidden && echo x >hidden/.keep
	run build hello -o hidden
	expect_code 1 "build into a directory with a hidden file"
	[ -f hidden/.keep ] || fail "hidden/.keep was removed"
	# A marker that is a symbolic link proves nothing.
	mkdir fake && ln -s ../precious/notes.txt fake/.stackc-output && echo x >fake/data
	run build hello -o fake
	expect_code 1 "build into a directory with a linked marker"
	[ -f fake/data ] || fail "fake/data was removed"
	# An empty directory is accepted.
	mkdir empty
	run build hello -o empty
	expect_code 0 "build into an empty directory"
	check_hello_tree empty "build into an empty directory"
	;;

failed)
	run build hello -o out
	expect_code 0 "first build"
	listing out >"$tmp/before.txt"
	# replicas is int(1..10): 99 fails in every environment.
	run build hello -o out --set replicas=99
	expect_code 1 "build with an error"
	expect_stderr_has "error\[E0503\]" "build with an error"
	listing out >"$tmp/after.txt"
	cmp -s "$tmp/before.txt" "$tmp/after.txt" || fail "a failed build changed the output"
	no_leftovers out "failed build"
	# An error in one environment only (prod's domain makes an invalid
	# host name): still nothing written.
	sed 's/domain = "hello.example.com"/domain = "bad domain!"/' hello/hello.stack \
		>hello-prod-bad.stack
	mkdir bad && mv hello-prod-bad.stack bad/hello.stack
	run build bad -o out
	expect_code 1 "build with an error in prod only"
	expect_stderr_has "in environment 'prod'" "build with an error in prod only"
	listing out >"$tmp/after.txt"
	cmp -s "$tmp/before.txt" "$tmp/after.txt" || fail "a build failing in prod changed the output"
	no_leftovers out "build failing in prod"
	;;

determinism)
	mkdir a b
	(cd a && env TZ=UTC LC_ALL=C "$stackc" build ../hello -o out) ||
		fail "build in a failed"
	(cd b && env -i PATH="${PATH:-/usr/bin:/bin}" TZ=Asia/Kolkata LC_ALL=C.UTF-8 LANG=C.UTF-8 \
		STACKC_UNRELATED=1 "$stackc" build "$tmp/hello/" -o "$tmp/b/out") ||
		fail "build in b failed"
	diff -r a/out b/out || fail "the two builds differ"
	;;

symlinks)
	mkdir outside && echo "not yours" >outside/file
	run build hello -o out
	expect_code 0 "first build"
	ln -s "$tmp/outside" out/dir-link
	ln -s "$tmp/outside/file" out/dev/file-link
	run build hello -o out
	expect_code 0 "build over links"
	[ -f outside/file ] || fail "a file behind a link was removed"
	[ "$(cat outside/file)" = "not yours" ] || fail "a file behind a link was changed"
	check_hello_tree out "build over links"
	# The output directory itself a link: refused, the link kept.
	ln -s out linked
	run build hello -o linked
	expect_code 1 "build into a link"
	expect_stderr_has "it is a symbolic link" "build into a link"
	[ -L linked ] || fail "the link was replaced"
	;;

stdout)
	mkdir cwd
	(cd cwd && "$stackc" build ../hello --stdout >"$tmp/k8s.yaml" 2>"$tmp/stderr.txt") ||
		fail "build --stdout failed: $(cat "$tmp/stderr.txt")"
	[ -z "$(ls -A cwd)" ] || fail "build --stdout wrote to disk: $(ls -A cwd)"
	# Six objects (Deployment, Service, Ingress, in dev and prod): five
	# separators.
	n=$(grep -c '^---$' "$tmp/k8s.yaml")
	[ "$n" = 5 ] || fail "build --stdout: $n '---' separators, expected 5"
	(cd cwd && "$stackc" build ../hello --stdout --target plan >"$tmp/plan.json") ||
		fail "build --stdout --target plan failed"
	n=$(grep -c '"format_version"' "$tmp/plan.json")
	[ "$n" = 2 ] || fail "build --stdout --target plan: $n plans, expected 2"
	[ -z "$(ls -A cwd)" ] || fail "build --stdout --target plan wrote to disk"
	# Standard output that cannot be written: a message and exit 3.
	if [ -w /dev/full ]; then
		"$stackc" build hello --stdout >/dev/full 2>"$tmp/stderr.txt"
		code=$?
		[ "$code" = 3 ] || fail "build --stdout >/dev/full: exit $code, expected 3"
		expect_stderr_has "cannot write to standard output: No space left on device" \
			"build --stdout >/dev/full"
	fi
	;;

unwritable)
	if [ "$(id -u)" = 0 ]; then
		echo "build_test.sh: running as root, permissions are not enforced; skipped"
		exit 77
	fi
	mkdir ro && chmod 555 ro
	run build hello -o ro/out
	expect_code 1 "build into a read-only parent"
	expect_stderr_has "error\[E0601\]: cannot create the output directory 'ro/out': Permission denied" \
		"build into a read-only parent"
	# Replacing needs a writable parent too: the old tree stays.
	chmod 755 ro
	run build hello -o ro/out
	expect_code 0 "build into ro/out"
	listing ro/out >"$tmp/before.txt"
	chmod 555 ro
	run build hello -o ro/out
	expect_code 1 "replace in a read-only parent"
	expect_stderr_has "error\[E0601\]: cannot replace the output directory 'ro/out'" \
		"replace in a read-only parent"
	listing ro/out >"$tmp/after.txt"
	cmp -s "$tmp/before.txt" "$tmp/after.txt" || fail "ro/out was changed"
	chmod 755 ro
	;;

nospace)
	if [ "$(id -u)" != 0 ] || ! mkdir small ||
		! mount -t tmpfs -o size=1m stackc-test "$tmp/small" 2>/dev/null; then
		echo "build_test.sh: cannot mount a small tmpfs; skipped"
		exit 77
	fi
	trap 'umount "$tmp/small"; rm -rf "$tmp"' EXIT INT TERM
	run build hello -o small/out
	expect_code 0 "first build"
	listing small/out >"$tmp/before.txt"
	# Leave room for half a tree: the second build fails part-way.
	free=$(df -Pk small | awk 'NR == 2 { print $4 }')
	used=$(du -sk small/out | cut -f1)
	dd if=/dev/zero of=small/filler bs=1k count=$((free - used / 2)) 2>/dev/null
	run build hello -o small/out
	expect_code 3 "build on a full disk"
	expect_stderr_has "error\[E0603\]: cannot write '.*': No space left on device" \
		"build on a full disk"
	listing small/out >"$tmp/after.txt"
	cmp -s "$tmp/before.txt" "$tmp/after.txt" || fail "a build on a full disk changed the output"
	no_leftovers small/out "build on a full disk"
	;;

*)
	echo "build_test.sh: unknown test '$test'" >&2
	exit 2
	;;
esac

[ "$failures" -eq 0 ] || exit 1
exit 0
