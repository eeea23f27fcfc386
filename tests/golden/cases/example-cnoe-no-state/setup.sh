#!/bin/sh
# The bundled example without its recorded state: the values the
# database produces are unknown, and the build names each one.
cp -R "$(dirname "$GOLDEN_GEN")/../../examples/cnoe-platform/." .
rm -r .stackc
