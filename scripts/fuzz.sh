#!/usr/bin/env bash
# Fuzzes the loaders: builds NormlabFuzz (release) and feeds it INPUTS seeded mutations of
# experiment files, CSV files, IDX files and metrics.json files (default 12000, seed 1).
# Each input is limited to 30 s and the process to 4 GiB of address space. On a crash or a
# hang the input is left in the artifacts folder and the replay command is printed.
#   scripts/fuzz.sh [INPUTS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
inputs="${1:-12000}"
seed="${2:-1}"
artifacts=.build/fuzz
# Artifacts are rewritten for every input: keep them off the disk when a RAM disk exists.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then artifacts=/dev/shm/normlab-fuzz-$$; fi
swift build -c release --product NormlabFuzz
set +e
.build/release/NormlabFuzz --inputs "$inputs" --seed "$seed" --timeout 30 --memory-mib 4096 --artifacts "$artifacts"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status) on input: $(cat "$artifacts/current.txt" 2>/dev/null || echo unknown)"
  echo "fuzz: the input is $artifacts/current.input; replay with:"
  echo "  .build/release/NormlabFuzz --seed $seed --only $(cut -d' ' -f1 "$artifacts/current.txt" 2>/dev/null)"
  exit 1
fi
rm -rf "$artifacts"
