#!/bin/sh
# check_docs.sh - the examples in the documentation must be true.
#
#   check_docs.sh STACKC SRCDIR
#
# Reads README.md and docs/*.md under SRCDIR and runs every fenced code
# block whose info string starts with one of these tags:
#
#   ```stack        a complete file; `stackc check` must accept it: exit 0,
#                   nothing on stdout; warnings on stderr are allowed. If a
#                   ```text block follows it (blank lines in between), that
#                   block is the exact expected stderr (the warnings).
#   ```stack-syntax a complete file that is only syntax-checked
#                   (`stackc parse`: exit 0, no output), for examples that
#                   import modules a documentation page cannot provide.
#   ```stack-error  a complete file; `stackc check` must reject it: exit 1,
#                   nothing on stdout. If the next fenced block follows it
#                   with only blank lines in between and is tagged ```text,
#                   that block is the exact expected stderr.
#
# A ```stack block may be followed, with only blank lines in between, by a
# line of the form
#
#   Result: `JSON`
#
# Then the block must also declare `example`, and
# `stackc eval --output json DIR example` (DIR: the directory holding the
# example) must exit 0 and print the same JSON value. Both sides are
# normalised with python3's json module (json.dumps(json.loads(...))), so
# layout does not matter but types do: `2` and `2.0` differ, and so does the
# order of keys. Everything between the first and the last backquote of the
# line is the JSON text.
#
# Other blocks are not run. Fences must start in column 1 (no indented
# blocks). Each example is written to `example.stack` in a fresh temporary
# directory and checked there as `stackc check example.stack`, with
# NO_COLOR=1, LC_ALL=C and GITHUB_ACTIONS unset, so the expected output of
# a diagnostic names `example.stack`. A word `name=FILE` after the tag
# (```stack-error name=hello.stack) uses FILE instead, for examples that
# belong to a story told in a named file.
#
# On a mismatch the failing block is named by file and line, and a
# unified diff of the expected and actual stderr is printed. Exits 1 if
# any block failed or if no block was found at all.
set -u

if [ $# -ne 2 ]; then
	echo "usage: check_docs.sh STACKC SRCDIR" >&2
	exit 2
fi
case $1 in
/*) stackc=$1 ;;
*) stackc=$(pwd)/$1 ;;
esac
srcdir=$2
if [ ! -x "$stackc" ]; then
	echo "check_docs.sh: '$stackc' is not executable" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackc-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/blocks"

unset GITHUB_ACTIONS
NO_COLOR=1
LC_ALL=C
export NO_COLOR LC_ALL

cd "$srcdir" || exit 2
docs=""
[ -f README.md ] && docs="README.md"
for f in docs/*.md; do
	[ -f "$f" ] && docs="$docs $f"
done
if [ -z "$docs" ]; then
	echo "check_docs.sh: no README.md or docs/*.md under $srcdir" >&2
	exit 1
fi

# Split the documents into blocks: N.stack (the example), N.expected (its
# expected stderr, if any), N.result (the JSON of its Result line, if any),
# and one index line per example: "N<TAB>tag<TAB>file<TAB>line<TAB>name".
# shellcheck disable=SC2086 # word splitting of $docs is intended
awk -v dir="$tmp/blocks" '
FNR == 1 {
	if (inblock)
		printf "%s: unterminated code block\n", prevfile > "/dev/stderr"
	inblock = 0
	pending = 0
	result_pending = 0
	prevfile = FILENAME
}
!inblock && /^```/ {
	info = substr($0, 4)
	sub(/^[ \t]+/, "", info)
	split(info, words, /[ \t]+/)
	tag = words[1]
	name = "example.stack"
	for (w = 2; w in words; w++)
		if (words[w] ~ /^name=[A-Za-z0-9._-]+$/)
			name = substr(words[w], 6)
	inblock = 1
	if (pending && tag == "text") {
		mode = "expect"
		out = dir "/" pending_n ".expected"
	} else if (tag == "stack" || tag == "stack-error" || tag == "stack-syntax") {
		n++
		mode = "code"
		out = dir "/" n ".stack"
		printf "%d\t%s\t%s\t%d\t%s\n", n, tag, FILENAME, FNR, name > (dir "/index")
	} else {
		mode = "skip"
	}
	if (mode != "skip")
		printf "" > out
	pending = 0
	result_pending = 0
	next
}
!inblock && result_pending && /^Result: `.*`/ {
	text = $0
	sub(/^Result: `/, "", text)
	sub(/`[^`]*$/, "", text)
	print text > (dir "/" result_n ".result")
	close(dir "/" result_n ".result")
	result_pending = 0
	pending = 0
	next
}
!inblock {
	if ($0 !~ /^[ \t]*$/) {
		pending = 0
		result_pending = 0
	}
	next
}
/^```[ \t]*$/ {
	inblock = 0
	if (mode != "skip")
		close(out)
	if (mode == "code" && (tag == "stack-error" || tag == "stack")) {
		pending = 1
		pending_n = n
	}
	if (mode == "code" && tag == "stack") {
		result_pending = 1
		result_n = n
	}
	next
}
mode != "skip" { print > out }
END {
	if (inblock)
		printf "%s: unterminated code block\n", FILENAME > "/dev/stderr"
}
' $docs || exit 2

if [ ! -s "$tmp/blocks/index" ]; then
	echo "check_docs.sh: no \`\`\`stack or \`\`\`stack-error blocks found" >&2
	exit 1
fi

if ls "$tmp/blocks/"*.result >/dev/null 2>&1 && ! command -v python3 >/dev/null; then
	echo "check_docs.sh: python3 is needed to compare the Result lines" >&2
	exit 2
fi

total=0
failed=0
# Examples with a Result line (each is also counted in total).
results=$(find "$tmp/blocks" -name '*.result' | wc -l | tr -d ' ')
# fail WHERE MESSAGE: report one failing block.
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

tab=$(printf '\t')
while IFS=$tab read -r n tag file line name; do
	total=$((total + 1))
	where="$file:$line ($tag)"
	work=$tmp/run$n
	mkdir "$work"
	cp "$tmp/blocks/$n.stack" "$work/$name"
	rc=0
	cmd=check
	[ "$tag" = stack-syntax ] && cmd=parse
	(cd "$work" && "$stackc" $cmd "$name" >stdout 2>stderr) || rc=$?
	if [ -s "$work/stdout" ]; then
		fail "$where" "unexpected output on stdout:"
		cat "$work/stdout"
	fi
	case $tag in
	stack)
		if [ "$rc" -ne 0 ] || grep -q 'error\[' "$work/stderr"; then
			fail "$where" "stackc check exited with $rc; the example must be accepted:"
			cat "$work/stderr"
		elif [ -f "$tmp/blocks/$n.expected" ] &&
			! cmp -s "$tmp/blocks/$n.expected" "$work/stderr"; then
			fail "$where" "stderr differs from the \`\`\`text block that follows (- expected, + actual):"
			diff -u "$tmp/blocks/$n.expected" "$work/stderr" | tail -n +3
		elif [ -f "$tmp/blocks/$n.result" ]; then
			rc=0
			(cd "$work" && "$stackc" eval --output json . example \
				>eval.out 2>eval.err) || rc=$?
			if [ "$rc" -ne 0 ]; then
				fail "$where" "stackc eval --output json . example exited with $rc:"
				# The diagnostics again, as text: easier to read.
				(cd "$work" && "$stackc" eval . example 2>&1)
			else
				# Compared below, all at once: one python3 for all.
				printf '%s\t%s\t%s\n' "$where" "$tmp/blocks/$n.result" \
					"$work/eval.out" >>"$tmp/compare"
			fi
		fi
		;;
	stack-syntax)
		if [ "$rc" -ne 0 ] || [ -s "$work/stderr" ]; then
			fail "$where" "stackc parse exited with $rc; the example must parse:"
			cat "$work/stderr"
		fi
		;;
	stack-error)
		if [ "$rc" -ne 1 ]; then
			fail "$where" "stackc check exited with $rc; the example must be rejected (exit 1)"
			cat "$work/stderr"
		elif [ -f "$tmp/blocks/$n.expected" ] &&
			! cmp -s "$tmp/blocks/$n.expected" "$work/stderr"; then
			fail "$where" "stderr differs from the \`\`\`text block that follows (- expected, + actual):"
			diff -u "$tmp/blocks/$n.expected" "$work/stderr" | tail -n +3
		fi
		;;
	esac
done <"$tmp/blocks/index"

# The Result lines: both sides normalised with json.dumps(json.loads(...)),
# in one python3 run (starting python3 per example is slow). Prints a FAIL
# line per mismatch; the exit status is their number.
if [ -f "$tmp/compare" ]; then
	rc=0
	python3 - "$tmp/compare" <<'EOF' || rc=$?
import json, sys

def norm(path):
    with open(path, encoding="utf-8") as f:
        return json.dumps(json.loads(f.read()))

bad = 0
with open(sys.argv[1], encoding="utf-8") as index:
    for line in index:
        where, want_file, got_file = line.rstrip("\n").split("\t")
        try:
            want = norm(want_file)
        except ValueError:
            with open(want_file, encoding="utf-8") as f:
                print("FAIL %s: the Result line is not JSON: %s" % (where, f.read().strip()))
            bad += 1
            continue
        try:
            got = norm(got_file)
        except ValueError:
            with open(got_file, encoding="utf-8") as f:
                print("FAIL %s: stackc eval did not print JSON:\n%s" % (where, f.read()))
            bad += 1
            continue
        if want != got:
            print("FAIL %s: the value of 'example' differs from the Result line:" % where)
            print("  expected: %s" % want)
            print("  actual:   %s" % got)
            bad += 1
sys.exit(min(bad, 100))
EOF
	failed=$((failed + rc))
fi

echo "docs.examples: $total examples checked ($results with a Result line), $failed failed"
[ "$failed" -eq 0 ]
