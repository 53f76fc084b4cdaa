#!/usr/bin/env bash
# Fails when Sources use constructs that trap on bad input: try!, fatalError, as!, or a force
# unwrap of an optional (`!` after an identifier, `)` or `]`, not `!=`). A line may opt out
# with a `// safe:` comment that says why the value cannot be missing.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='try!|fatalError\(|as! |precondition\(|[]A-Za-z0-9_)]!([^=]|$)'
hits=$(grep -rnE "$pattern" Sources --include='*.swift' | grep -v '// *safe:' | grep -vE '^\S+:\s*//' | grep -vE '"[^"]*![^"]*"' || true)
if [ -n "$hits" ]; then
  echo "Trapping constructs in Sources (fix them or justify with // safe:):"
  echo "$hits"
  exit 1
fi
echo "lint: ok"
