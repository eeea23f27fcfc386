#!/bin/sh
# A NUL byte in the middle of the second line.
printf 'let a = 1\nlet b\000 = 2\n' >input.stack
