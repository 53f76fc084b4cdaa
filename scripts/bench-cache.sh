#!/usr/bin/env bash
# Measures the run cache: each experiment is run three times into fresh folders with one
# fresh cache: cold (every run trained and stored), warm (every run reused), and with
# --no-cache. Prints a Markdown table of wall times and fails unless the warm run reused every
# run and wrote byte-identical files (the cold and warm reports fully; the --no-cache report
# apart from the wall-clock keys wall_seconds and steps_per_second), and, for an experiment
# whose first run takes 10 s or more, unless the second took under a tenth of the first.
# (Below that the fixed cost of drawing the report, about half a second, dominates.)
# The figures in docs/run-cache.md come from this script.
#
#   scripts/bench-cache.sh [EXPERIMENT.yaml...]
#   (default: bench/run-cache.yaml bench/jobs-scaling.yaml experiments/quickstart.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product normlab >/dev/null
normlab="$PWD/.build/release/normlab"
experiments=("$@")
if [ ${#experiments[@]} -eq 0 ]; then
  experiments=(bench/run-cache.yaml bench/jobs-scaling.yaml experiments/quickstart.yaml)
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export SOURCE_DATE_EPOCH=1700000000

seconds() { python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$1" "$2"; }
# Every file of a report with its SHA-256; metrics.json without the wall-clock lines.
digest() {
  (cd "$1" && find . -type f ! -name metrics.json -print0 | sort -z | xargs -0 sha256sum
   grep -v -e '"wall_seconds"' -e '"steps_per_second"' metrics.json | sha256sum)
}

echo "| experiment | runs | first run (trains) | second run (reuses) | ratio | outputs |"
echo "|---|---|---|---|---|---|"
failed=0
for file in "${experiments[@]}"; do
  name=$(basename "$file" .yaml)
  cache="$scratch/$name-cache"
  start=$(date +%s%N)
  "$normlab" run "$file" --out "$scratch/cold" --cache "$cache" --no-progress >"$scratch/cold.log" || [ $? -eq 1 ]
  middle=$(date +%s%N)
  "$normlab" run "$file" --out "$scratch/warm" --cache "$cache" --no-progress >"$scratch/warm.log" || [ $? -eq 1 ]
  end=$(date +%s%N)
  "$normlab" run "$file" --out "$scratch/fresh" --no-cache --no-progress >/dev/null || [ $? -eq 1 ]
  folder=$(ls "$scratch/cold")
  reused=$(grep -o 'reused [0-9]* of [0-9]* run' "$scratch/warm.log" | head -1)
  total=$(echo "$reused" | awk '{print $4}')
  cold=$(seconds "$start" "$middle")
  warm=$(seconds "$middle" "$end")
  ratio=$(python3 -c "print(f'{$warm / $cold:.3f}')")
  outputs="identical"
  if ! diff -r "$scratch/cold/$folder" "$scratch/warm/$folder" >/dev/null; then outputs="cold and warm differ"; failed=1; fi
  if ! diff <(digest "$scratch/warm/$folder") <(digest "$scratch/fresh/$folder") >&2; then outputs="differs from --no-cache"; failed=1; fi
  if [ "$reused" != "reused $total of $total run" ]; then outputs="$outputs, $reused"; failed=1; fi
  if python3 -c "import sys; sys.exit(0 if $cold < 10 or $warm < 0.1 * $cold else 1)"; then :; else
    outputs="$outputs, not under a tenth"; failed=1
  fi
  echo "| $name | $total | ${cold} s | ${warm} s | $ratio | $outputs |"
  rm -rf "$scratch/cold" "$scratch/warm" "$scratch/fresh"
done
echo
echo "$(nproc) cores, $("$normlab" cache info "$(ls -d "$scratch"/*-cache | head -1)" | grep "this build" | sed "s/^ *//")"
exit $failed
