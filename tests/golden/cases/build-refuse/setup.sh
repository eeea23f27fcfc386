#!/bin/sh
# An output directory that stackc did not create: it must not be replaced.
mkdir notes
echo "keep me" >notes/todo.txt
