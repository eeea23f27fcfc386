#!/bin/sh
# Errors in tokens that start and end beyond the scanner's first 16 KiB
# buffer: an unknown escape 20 000 bytes into a string, and a string
# left open after a 30 000-byte comment, each reported where it is.
{
	printf 'let s = "'
	head -c 20000 /dev/zero | tr '\0' a
	printf '\\q"\n# '
	head -c 30000 /dev/zero | tr '\0' c
	printf '\nlet t = "open\n'
} >input.stack
