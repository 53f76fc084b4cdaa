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

# Readers of untrusted files: a product of two sizes read from a header or a document can
# overflow Int and trap. Use multipliedReportingOverflow, or say on the line why it cannot.
readers="Sources/NormlabExperiment/Data/CSVLoader.swift Sources/NormlabExperiment/Data/IDXLoader.swift Sources/NormlabExperiment/Results/MetricsCodec.swift"
products=$(grep -nE '[]A-Za-z0-9_)] \* [A-Za-z_(]' $readers | grep -v '// *safe:' || true)
if [ -n "$products" ]; then
  echo "Unchecked products of sizes in file readers (use multipliedReportingOverflow or justify with // safe:):"
  echo "$products"
  exit 1
fi
echo "lint: ok"
