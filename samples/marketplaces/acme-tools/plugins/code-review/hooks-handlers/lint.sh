#!/bin/sh
# Runs the project's linter on the file named in the hook input.
file=$(sed -n 's/.*"file_path": *"\([^"]*\)".*/\1/p')
[ -n "$file" ] && npx --no-install eslint "$file" || true
