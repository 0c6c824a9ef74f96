#!/usr/bin/env bash
# The whole test suite, set-up included: system packages, Python environment, lint, types, tests.
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
exec .venv/bin/python -m pytest "$@"
