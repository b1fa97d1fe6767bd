#!/usr/bin/env bash
# The benchmark command (see docs/performance.md): installs wrk if missing, then runs
# `python -m bench`, which serves the quiz and a bare Flask app with the same gunicorn
# settings on 127.0.0.1, drives both with wrk and prints (or --write's) the results.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .

exec .venv/bin/python -m bench "$@"
