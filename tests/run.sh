#!/usr/bin/env bash
# The whole test suite, set-up included: system packages, Python environment, lint, types,
# tests; then the installed program (installer/build-linux.sh, tests/installer/, marker
# "frozen") when the whole suite is asked for (no arguments, or in CI).
# Usage: bash tests/run.sh [pytest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh --dev
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
echo "== ruff" >&2
.venv/bin/ruff check .
echo "== mypy" >&2
.venv/bin/mypy
echo "== pytest" >&2
# On the machine's cores (pytest-xdist; each worker starts its own Xvfb, certomancer
# services and SoftHSM token, on free ports). "-n 0" as an argument runs in one process.
.venv/bin/python -m pytest -n auto --maxprocesses=4 "$@"
if [ $# -eq 0 ] || [ "${CI:-}" = true ]; then
  echo "== installed program (build, then tests/installer)" >&2
  PROBANT_DEB_COMPRESS=none bash installer/build-linux.sh
  .venv/bin/python -m pytest -m frozen -n 0 -p no:cacheprovider -q tests/installer
fi
