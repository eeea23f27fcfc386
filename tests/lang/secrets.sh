#!/bin/sh
# secrets.sh - a secret's text never reaches eval's output or messages,
# whatever is computed from it.
#
#   secrets.sh STACKC SRCDIR
#
# tests/lang/everything declares `param admin_password: secret =
# "correct horse"`. Each expression below derives something from it; the
# output (stdout and stderr, YAML and JSON) must not contain the text, nor
# its upper-case, base64 or mangled forms.
set -u
stackc=$1
dir=$2/tests/lang/everything
failed=0
total=0
# One expression per line.
exprs='platform.password
"x${admin_password}y"
[admin_password, 1]
{p: admin_password}
json_encode({p: admin_password})
yaml_encode([admin_password])
upper(admin_password)
base64_encode(admin_password)
admin_password + "!"
format("%s", admin_password)
replace(admin_password, "horse", "cow")
split(admin_password, " ")
regex_replace(admin_password, "o", "0")
sha256(admin_password)
to_string(admin_password)
trim(admin_password)
slice(admin_password, 0, 7)
{for k, v in {a: admin_password} : k => v}
[for w in split(admin_password, " ") : w]
join([admin_password], ",")
fail(admin_password)
admin_password == "x"
to_int(admin_password)
json_decode(admin_password)'
pattern='correct|horse|CORRECT|HORSE|Y29ycmVjd|c0rrect|cow'
old_ifs=$IFS
IFS='
'
for e in $exprs; do
	for fmt in yaml json; do
		total=$((total + 1))
		out=$(cd "$dir" && "$stackc" eval --output "$fmt" . "$e" 2>&1)
		if printf '%s' "$out" | grep -qE "$pattern"; then
			echo "LEAK ($fmt): $e"
			printf '%s\n' "$out"
			failed=$((failed + 1))
		fi
	done
done
IFS=$old_ifs
echo "secrets: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
