#!/bin/sh
# Refuses a force push to main; reads the hook's JSON input on stdin.
if grep -q 'push.*--force.*main' ; then echo "no force pushes to main" >&2; exit 2; fi
