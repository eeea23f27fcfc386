#!/bin/sh
# 50 independent syntax errors, one per line: each is reported once, and
# past the cap the rest are counted ("and N more errors").
"$GOLDEN_GEN" many-errors 50 >input.stack
