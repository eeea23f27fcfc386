#!/bin/sh
# cli_test.sh - the modes of `stackc fmt` on real files.
#
#   cli_test.sh STACKC
#
# Builds a small tree in a temporary directory and checks, for each mode
# (in-place rewrite, --check, --diff, stdin), what is printed, the exit
# status and what is (not) written: unchanged files, hidden directories,
# files with syntax errors and missing paths. Prints one line per failed
# check and exits 1 if there was any.
set -u

if [ $# -ne 1 ]; then
	echo "usage: cli_test.sh STACKC" >&2
	exit 2
fi
case $1 in
/*) stackc=$1 ;;
*) stackc=$(pwd)/$1 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-fmt-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
export NO_COLOR=1 LC_ALL=C

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run ARGS...: run stackc, leaving stdout, stderr and status in files.
run() {
	"$stackc" "$@" >out.txt 2>err.txt
	echo $? >code.txt
}
expect_code() {
	[ "$(cat code.txt)" = "$1" ] || fail "$2: exit status $(cat code.txt), expected $1"
}
expect_out() {
	printf '%s' "$1" >want.txt
	cmp -s want.txt out.txt || {
		fail "$2: unexpected stdout"
		diff -u want.txt out.txt
	}
}
expect_file() { # expect_file PATH CONTENT WHAT
	printf '%s' "$2" >want.txt
	cmp -s want.txt "$1" || fail "$3: $1 has unexpected content: $(cat "$1")"
}

reset_tree() {
	rm -rf tree
	mkdir -p tree/sub tree/.hidden
	printf 'let a=1\n' >tree/a.stack
	printf 'let b = 2\n' >tree/b.stack
	printf 'let  c = [1,2]\n' >tree/sub/c.stack
	printf 'let d=4\n' >tree/.hidden/d.stack
	printf 'let e=5\n' >tree/e.txt
	chmod 640 tree/a.stack
}

# --- in-place rewrite -------------------------------------------------------
reset_tree
run fmt tree
expect_code 0 "fmt DIR"
expect_out 'tree/a.stack
tree/sub/c.stack
' "fmt DIR lists the reformatted files, sorted"
expect_file tree/a.stack 'let a = 1
' "fmt DIR"
expect_file tree/sub/c.stack 'let c = [1, 2]
' "fmt DIR recurses"
expect_file tree/b.stack 'let b = 2
' "fmt DIR leaves formatted files alone"
expect_file tree/.hidden/d.stack 'let d=4
' "fmt DIR skips hidden directories"
expect_file tree/e.txt 'let e=5
' "fmt DIR only formats .stack files"
[ "$(ls -l tree/a.stack | cut -c1-10)" = "-rw-r-----" ] ||
	fail "fmt DIR: file mode not kept: $(ls -l tree/a.stack)"
[ -z "$(find tree -name '*stackc-tmp*')" ] || fail "fmt DIR: temporary files left behind"

run fmt tree
expect_code 0 "second fmt DIR"
expect_out '' "second fmt DIR prints nothing"

# An explicit file is formatted whatever its name.
run fmt tree/e.txt
expect_code 0 "fmt FILE.txt"
expect_file tree/e.txt 'let e = 5
' "fmt FILE.txt"

# Through a symbolic link: the target changes, the link stays a link.
printf 'let l=1\n' >target.stack
ln -s target.stack link.stack
run fmt link.stack
expect_code 0 "fmt LINK"
[ -L link.stack ] || fail "fmt LINK: the link was replaced by a file"
expect_file target.stack 'let l = 1
' "fmt LINK"

# --- --check ------------------------------------------------------------------
reset_tree
run fmt --check tree
expect_code 1 "fmt --check"
expect_out 'tree/a.stack
tree/sub/c.stack
' "fmt --check lists what would change"
expect_file tree/a.stack 'let a=1
' "fmt --check writes nothing"
run fmt --check tree/b.stack
expect_code 0 "fmt --check on a formatted file"
expect_out '' "fmt --check on a formatted file"

# --- --diff -------------------------------------------------------------------
run fmt --diff tree/a.stack tree/b.stack
expect_code 1 "fmt --diff"
expect_out '--- a/tree/a.stack
+++ b/tree/a.stack
@@ -1 +1 @@
-let a=1
+let a = 1
' "fmt --diff"
expect_file tree/a.stack 'let a=1
' "fmt --diff writes nothing"
run fmt --diff tree/b.stack
expect_code 0 "fmt --diff on a formatted file"
expect_out '' "fmt --diff on a formatted file"

# --- stdin --------------------------------------------------------------------
printf 'let s={a:1}' >in.txt
"$stackc" fmt - <in.txt >out.txt 2>err.txt
echo $? >code.txt
expect_code 0 "fmt -"
expect_out 'let s = { a: 1 }
' "fmt - writes the formatted text"
"$stackc" fmt --check - <in.txt >out.txt 2>err.txt
echo $? >code.txt
expect_code 1 "fmt --check -"
expect_out '<stdin>
' "fmt --check -"

# --- errors -------------------------------------------------------------------
reset_tree
printf 'let = 1\n' >tree/bad.stack
run fmt tree
expect_code 1 "fmt with a syntax error"
expect_file tree/bad.stack 'let = 1
' "a file with syntax errors is left untouched"
expect_file tree/a.stack 'let a = 1
' "other files are still formatted"
grep -q 'tree/bad.stack:1:5: error\[' err.txt || fail "syntax error not reported: $(cat err.txt)"

run fmt --check missing.stack tree/b.stack
expect_code 1 "fmt on a missing path"
grep -q 'E0001' err.txt || fail "missing path not reported as E0001: $(cat err.txt)"

printf 'let = 1\n' | "$stackc" fmt - >out.txt 2>err.txt
echo $? >code.txt
expect_code 1 "fmt - with a syntax error"
expect_out '' "fmt - with a syntax error prints no text"

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all checks passed"
