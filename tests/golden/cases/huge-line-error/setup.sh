#!/bin/sh
# A 10 MB single line with an error at its very end: the excerpt in the
# diagnostic must stay readable (not the whole 10 MB line).
"$GOLDEN_GEN" long-list-error 10000000 >input.stack
