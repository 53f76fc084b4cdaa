#!/usr/bin/env bash
# Fails when a build log holds a compiler warning in our own code (Sources/ or Tests/).
# Warnings from dependencies and from pkg-config flags are not ours to fix.
#   swift build -c release 2>&1 | tee build.log; scripts/check-warnings.sh build.log
set -euo pipefail
log="${1:?usage: check-warnings.sh BUILD_LOG}"
found=$(grep -E "/(Sources|Tests)/[^ ]+\.swift:[0-9]+:[0-9]+: warning:" "$log" | grep -v "/\.build/" | sort -u || true)
if [ -n "$found" ]; then
  echo "compiler warnings in Sources/ or Tests/:"
  echo "$found"
  exit 1
fi
echo "no compiler warnings in Sources/ or Tests/"
