#!/bin/sh
# A 10 MB single-line list: must be accepted within a few seconds.
"$GOLDEN_GEN" long-list 10000000 >input.stack
