#!/usr/bin/env bash
# Install everything the test suite needs, then run it: the README's test command and CI's.
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# The axe-core version pinned in tests/browser/package.json (the one place to change it).
AXE_VERSION=$(sed -n 's/.*"axe-core": *"\([0-9.]*\)".*/\1/p' tests/browser/package.json)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# System tools for the browser and PDF tests: Debian's Chromium (never a Playwright
# browser download) and poppler's pdftotext.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

# Python: a project venv with the app, its test extras and the browser driver.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,browser]'

# axe-core, pinned, from the npm registry; the browser tests inject it into each page.
if [ ! -f "tests/browser/node_modules/axe-core/package.json" ] \
   || ! grep -q "\"version\": \"$AXE_VERSION\"" tests/browser/node_modules/axe-core/package.json; then
  # --no-save: leave package.json's exact pin as it is and write no lock file beside it.
  npm install --silent --no-audit --no-fund --no-save --prefix tests/browser "axe-core@$AXE_VERSION"
fi

exec .venv/bin/python -m pytest "$@"
