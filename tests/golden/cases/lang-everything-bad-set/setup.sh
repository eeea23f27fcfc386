#!/bin/sh
# The module under test lives in tests/lang/everything.
cp -R "$(dirname "$GOLDEN_GEN")/../lang/everything/." .
