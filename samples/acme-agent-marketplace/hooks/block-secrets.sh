#!/usr/bin/env bash
# Refuses a tool call whose input looks like it carries a secret.
if grep -Eq '(AKIA[0-9A-Z]{16}|-----BEGIN (RSA|EC) PRIVATE KEY-----)' <<<"$TOOL_INPUT"; then
  echo "blocked: the input looks like it contains a secret" >&2
  exit 2
fi
