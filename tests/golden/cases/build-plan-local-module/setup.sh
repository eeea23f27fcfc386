#!/bin/sh
# A hidden directory as terraform init leaves it: never copied.
mkdir -p infra/postgres/.terraform && echo '{}' > infra/postgres/.terraform/state
