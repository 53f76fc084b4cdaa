#!/usr/bin/env bash
# CI: the interoperability checks that need Python packages from PyPI (installed here, into
# .venv-interop). Exits non-zero on the first failure.
#   1. TensorBoard's own readers (and a running tensorboard) read back the encoder's sample
#      export and normlab's exports of real reports (a plain comparison, a sweep, a diverging
#      run), every scalar equal to metrics.json; pandas reads the tidy CSV unchanged.
#   2. `run --tensorboard` and `export` write the same bytes; exporting twice is byte-identical.
#   3. scripts/pr-comment.py and the CI recipes in docs/ci/ (tests against fake APIs).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-interop
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check tensorboard pandas pyyaml
py="$venv/bin/python"
"$py" -c "import tensorboard, pandas, yaml; print('tensorboard', tensorboard.__version__, '/ pandas', pandas.__version__)"

swift build -c release --product normlab >/dev/null
swift build -c release --product NormlabInteropSample >/dev/null
normlab="$PWD/.build/release/normlab"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export SOURCE_DATE_EPOCH=1700000000 NORMLAB_CACHE="$scratch/cache"

echo "== the encoder's sample export, read back by TensorBoard and pandas"
.build/release/NormlabInteropSample "$scratch/sample"
"$py" scripts/tensorboard-readback.py "$scratch/sample/logdir" "$scratch/sample/expected.json" --server

echo "== normlab's exports of real reports, read back by TensorBoard and pandas"
"$normlab" run experiments/quickstart.yaml --out "$scratch/reports" --tensorboard "$scratch/tb-run" --no-progress
"$normlab" run experiments/hyperparameter-search.yaml --quick --out "$scratch/reports" --no-progress
# Its expect clause fails on purpose (exit 1): a diverging variant, NaN losses included.
"$normlab" run Tests/ReliabilityTests/Fixtures/diverge.yaml --out "$scratch/reports" --no-progress || [ $? -eq 1 ]
for name in quickstart hyperparameter-search diverge; do
  "$normlab" export "$scratch/reports/$name" --tensorboard "$scratch/tb/$name" --csv "$scratch/csv/$name.csv"
  server=()
  [ "$name" = diverge ] && server=(--server)
  "$py" scripts/export-readback.py "$scratch/reports/$name" "$scratch/tb/$name" "$scratch/csv/$name.csv" "${server[@]}"
done
diff -r "$scratch/tb-run/quickstart" "$scratch/tb/quickstart"
"$normlab" export "$scratch/reports/quickstart" --tensorboard "$scratch/tb/quickstart" --csv "$scratch/again.csv"
diff -r "$scratch/tb-run/quickstart" "$scratch/tb/quickstart"
cmp "$scratch/again.csv" "$scratch/csv/quickstart.csv"
echo "run --tensorboard and export wrote the same bytes, twice"

echo "== the PR-comment script and the CI recipes in docs/ci/, against fake APIs"
NORMLAB_BIN="$normlab" "$py" -m unittest discover -s scripts/tests -v

echo "interop: ok"
