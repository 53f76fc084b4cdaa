#!/usr/bin/env bash
# Installs the system libraries normlab builds against (Cairo, Pango, OpenBLAS), poppler's
# tools for checking PDFs, a CJK font so Pango can fall back to it, and DejaVu's math font
# for typeset formulas.
set -euo pipefail
packages=(libcairo2-dev libpango1.0-dev libopenblas-dev poppler-utils fonts-wqy-microhei fonts-dejavu-extra)
if dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y "${packages[@]}"
