#!/bin/sh
# A directory where the state file should be (git keeps no empty ones).
mkdir somedir
