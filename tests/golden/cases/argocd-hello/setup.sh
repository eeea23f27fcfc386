#!/bin/sh
# The module under test is examples/hello: one k8s.app, two environments,
# no gitops_repo parameter (W0721).
cp -R "$(dirname "$GOLDEN_GEN")/../../examples/hello/." .
