#!/bin/sh
# A stray Latin-1 byte (0xE9, "é" in ISO-8859-1) inside a string.
printf 'let a = 1\nlet s = "caf\351"\n' >input.stack
