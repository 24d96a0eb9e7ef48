#!/usr/bin/env bash
# Runs the tests before a push.
dotnet test --no-build || { echo "tests failed: push refused" >&2; exit 1; }
