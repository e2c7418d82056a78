#!/usr/bin/env bash
# Installs what jixiao needs on a Debian machine (run as root): Debian packages,
# the .venv and the pinned Python dependencies. Idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."

# poppler-utils: pdftotext, whose -layout text jixiao reads; fonts-noto-cjk: Chinese in PDFs;
# libharfbuzz-subset0: WeasyPrint subsets those fonts in a tenth of a second instead of seconds.
# postgresql: the throwaway test cluster; chromium: the browser tests (Playwright drives it);
# libreoffice-{writer,calc}-nogui: old .doc/.wps/.xls/.et files are converted with them, and
# tests print Word files to PDF as budget units do.
apt_packages=(python3 python3-venv poppler-utils fonts-noto-cjk libharfbuzz-subset0 postgresql chromium
              libreoffice-writer-nogui libreoffice-calc-nogui)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=${PYTHON:-$(command -v python3.11 || command -v python3)}
stamp=".venv/.installed-$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/pip install -q -r requirements.txt
  .venv/bin/pip install -q --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
