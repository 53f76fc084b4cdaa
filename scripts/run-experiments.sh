#!/usr/bin/env bash
# Runs every shipped experiment and checks its `expect:` clauses (exit 1 on any failure).
#   scripts/run-experiments.sh [--quick] [--gallery] [--out DIR]
# --gallery copies each experiment's showcase chart to docs/images/experiments/ for the README.
set -uo pipefail
cd "$(dirname "$0")/.."
quick=()
gallery=0
out=reports
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=(--quick) ;;
    --gallery) gallery=1 ;;
    --out) out="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
swift build -c release >/dev/null || exit 3
normlab=.build/release/normlab

# The chart each experiment shows in the README gallery.
declare -A showcase=(
  [quickstart]=loss [bn-vs-nobn]=percentiles [bn-learning-rate]=loss [bn-placement]=loss
  [bn-batch-size]=accuracy [initialization]=gradient_norms [optimizers]=optimizer_paths
  [input-normalization]=contours [ema]=ema [regularization]=decision_boundary
  [lr-decay]=learning_rate [softmax]=decision_boundary [hyperparameter-search]=sweep
)

failed=()
for file in experiments/*.yaml; do
  name=$(basename "$file" .yaml)
  start=$(date +%s%N)
  "$normlab" run "$file" --out "$out" --no-progress "${quick[@]}" >/dev/null
  status=$?
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '%-24s exit %d  %4d.%01d s\n' "$name" "$status" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
  [ "$status" -eq 0 ] || failed+=("$name")
  if [ "$gallery" -eq 1 ]; then
    mkdir -p docs/images/experiments
    chart="$out/$name/charts/${showcase[$name]:-loss}.png"
    [ -f "$chart" ] || chart="$out/$name/charts/loss.png"
    cp "$chart" "docs/images/experiments/$name.png"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "experiments with failed expectations or errors: ${failed[*]}"
  exit 1
fi
echo "all experiments passed their expectations"
