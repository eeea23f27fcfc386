#!/bin/sh
# The bundled example, as it is in the repository.
cp -R "$(dirname "$GOLDEN_GEN")/../../examples/cnoe-platform/." .
