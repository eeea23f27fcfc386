#!/bin/sh
# Windows line endings throughout: accepted.
printf 'let a = 1\r\n# a comment\r\nlet b = [a, 2]\r\nlet s = """\r\n  two\r\n  lines\r\n  """\r\n' >input.stack
