#!/bin/sh
# The output directory cannot be created: its parent is a regular file.
# (A read-only parent is not usable here: the tests may run as root.)
echo "a file" >parent
