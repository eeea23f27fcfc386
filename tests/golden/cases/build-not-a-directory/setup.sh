#!/bin/sh
# -o names a regular file: it is refused, not replaced.
echo "a file" >out
