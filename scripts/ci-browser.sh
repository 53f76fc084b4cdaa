#!/usr/bin/env bash
# Opens the report.html of every shipped experiment in headless Chromium and checks it in a real
# browser (Tests/Browser/check_report.py): it loads with no console error or warning and no
# network request, is not blank, and its legend, hover and scale-switch interactions work, in
# the light and the dark colour scheme. Exit status 1 when any check fails.
#   scripts/ci-browser.sh [--reports DIR] [--screenshots DIR] [--quick]
# Installs Debian's chromium and the fonts the report names when run as root with apt-get. The
# check needs only Python's standard library (it speaks the DevTools protocol over a pipe).
# Experiments without a report.html in DIR (default: reports) are run first with
# scripts/run-experiments.sh (--quick passes through).
set -euo pipefail
cd "$(dirname "$0")/.."
reports=reports
screenshots=()
quick=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reports) reports="$2"; shift ;;
    --screenshots) screenshots=(--screenshots "$2"); shift ;;
    --quick) quick=(--quick) ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg -s chromium fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei >/dev/null 2>&1; then
    apt-get update
    apt-get install -y chromium fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei
  fi
fi
command -v chromium >/dev/null || { echo "ci-browser: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
chromium --version 2>/dev/null

pages=()
missing=0
for file in experiments/*.yaml; do
  name=$(basename "$file" .yaml)
  [ -f "$reports/$name/report.html" ] || missing=1
  pages+=("$reports/$name/report.html")
done
if [ "$missing" -eq 1 ]; then
  echo "== running the shipped experiments into $reports"
  ./scripts/run-experiments.sh --out "$reports" "${quick[@]}" || [ $? -eq 1 ]
fi

echo "== report.html of ${#pages[@]} experiments in headless Chromium"
python3 Tests/Browser/check_report.py "${screenshots[@]}" "${pages[@]}"
