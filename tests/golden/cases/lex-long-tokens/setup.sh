#!/bin/sh
# Tokens longer than the scanner's 16 KiB buffer, which is refilled from
# the file as the scan goes: a 40 000-byte string, a 30 000-byte line
# comment, a block comment of 8000 lines, and a multi-line string with
# an interpolation on each of its 3000 lines.
{
	printf '# '
	head -c 30000 /dev/zero | tr '\0' c
	printf '\n/* '
	i=0
	while [ $i -lt 8000 ]; do printf 'block\n'; i=$((i + 1)); done
	printf ' */\nlet s = "'
	head -c 40000 /dev/zero | tr '\0' a
	printf '"\nlet m = """\n'
	i=0
	while [ $i -lt 3000 ]; do printf 'line ${1 + 1} text\n'; i=$((i + 1)); done
	printf '"""\nstack x {\n  output a = len(s)\n  output b = len(m)\n  output c = split(m, "\\n")[2]\n}\n'
} >input.stack
