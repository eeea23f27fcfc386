#!/bin/sh
# The example of LANGUAGE.md ("What a user writes") with a services/web.stack
# of our own and the state an apply of its database recorded.
cp -R "$(dirname "$GOLDEN_GEN")/../lang/language-example/." .
