#!/usr/bin/env bash
# CI: builds a release normlab, builds the shipped handouts twice and checks the PDFs and HTML
# pages: the same bytes both times (and with the results of `normlab run` as with training), an
# outline, at least four pages, a CJK font embedded in the Chinese PDF, a glyph in the installed
# fonts for every character shown (scripts/glyph-coverage.py), and both pages in headless
# Chromium when it is installed (scripts/ci-browser.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
swift build -c release
normlab=.build/release/normlab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
experiments=(experiments/input-normalization.yaml experiments/bn-vs-nobn.yaml experiments/bn-learning-rate.yaml)

seconds() { date +%s; }
started=$(seconds)
echo "== handouts/bn-lesson.yaml, trained twice (--jobs 2, then --jobs 1)"
"$normlab" handout handouts/bn-lesson.yaml --out "$work/a" --jobs 2 --no-progress
echo "trained and written in $(( $(seconds) - started )) s"
"$normlab" handout handouts/bn-lesson.yaml --out "$work/b" --jobs 1 --no-progress
echo "== the same experiments with normlab run, then both handouts from those results"
"$normlab" run "${experiments[@]}" --out "$work/results" --no-progress
"$normlab" handout handouts/bn-lesson.yaml --out "$work/c" --results "$work/results"
"$normlab" handout handouts/bn-lesson.zh.yaml --out "$work/a" --results "$work/results"
"$normlab" handout handouts/bn-lesson.zh.yaml --out "$work/b" --results "$work/results"

en=bn-lesson/handout.pdf
zh=bn-lesson-zh/handout.pdf
cmp "$work/a/$en" "$work/b/$en"
cmp "$work/a/$en" "$work/c/$en"
cmp "$work/a/$zh" "$work/b/$zh"
for page in bn-lesson/handout.html bn-lesson-zh/handout.html; do
  cmp "$work/a/$page" "$work/b/$page"
done
cmp "$work/a/bn-lesson/handout.html" "$work/c/bn-lesson/handout.html"
echo "handout.pdf and handout.html files are byte-identical run to run"

for pdf in "$work/a/$en" "$work/a/$zh"; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  echo "$pdf: ${pages:-0} pages"
  [ "${pages:-0}" -ge 4 ]
  python3 - "$pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
catalog = re.search(rb"/Type\s*/Catalog[^>]*?/Outlines\s+(\d+)\s+0\s+R", data) or re.search(rb"/Outlines\s+(\d+)\s+0\s+R[^>]*?/Type\s*/Catalog", data)
assert catalog, "the PDF has no outline (bookmarks)"
objects = re.findall(rb"\d+\s+0\s+obj(.*?)endobj", data, re.S)
entries = sum(1 for body in objects if b"/Title" in body and b"/Parent" in body)
assert entries >= 4, f"the outline has {entries} entries"
print(f"outline with {entries} entries")
PY
done
text=$(pdftotext "$work/a/$en" -)
grep -q "Contents" <<<"$text" && grep -q "Figure 1:" <<<"$text"
text=$(pdftotext "$work/a/$zh" -)
grep -q "目录" <<<"$text" && grep -q "图 1：" <<<"$text"
fonts=$(pdffonts "$work/a/$zh")
echo "$fonts"
grep -Eq "WenQuanYi|NotoSansCJK|NotoSerifCJK" <<<"$fonts" || { echo "no CJK font embedded in $zh"; exit 1; }
echo "== every character shown has a glyph in an installed font"
python3 scripts/glyph-coverage.py "$work/a/$en" "$work/a/$zh" "$work/a/bn-lesson/handout.html" "$work/a/bn-lesson-zh/handout.html"
if command -v chromium >/dev/null; then
  echo "== handout.html in headless Chromium"
  python3 Tests/Browser/check_report.py "$work/a/bn-lesson/handout.html" "$work/a/bn-lesson-zh/handout.html"
else
  echo "chromium is not installed: handout.html not opened in a browser (scripts/ci-browser.sh installs it)"
fi
echo "handouts passed in $(( $(seconds) - started )) s"
