#!/bin/sh
# A UTF-8 byte order mark before the first declaration: accepted.
printf '\357\273\277let a = 1\nlet b = [a, 2]\n' >input.stack
