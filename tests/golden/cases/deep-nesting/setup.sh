#!/bin/sh
# 100000 nested lists: refused with "nesting too deep", not a crash.
"$GOLDEN_GEN" nested 100000 >input.stack
