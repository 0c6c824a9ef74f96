#!/usr/bin/env bash
# The whole test suite, set-up included: system packages, Python environment, lint, types,
# tests; then the installed program (installer/build-linux.sh, tests/installer/, marker
# "frozen") when the whole suite is asked for (no arguments, or in CI).
# Usage: bash tests/run.sh [pytest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
# Byte code is kept (__pycache__/, git-ignored): the suite starts `probant` a few thousand
# times, and without .pyc files each start compiles Probant's own modules again (about
# 0.1 s of CPU each time; issue 20). The environment may forbid it: not for this run.
unset PYTHONDONTWRITEBYTECODE
echo "== ruff" >&2
.venv/bin/ruff check .
echo "== mypy" >&2
.venv/bin/mypy

whole=0
if [ $# -eq 0 ] || [ "${CI:-}" = true ]; then whole=1; fi
build_pid=""
build_log=build/run-build.log
stop_build() {
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then
    kill -- "-$build_pid" 2>/dev/null || true
  fi
}
if [ "$whole" = 1 ]; then
  # The package for tests/installer is built meanwhile, at the lowest CPU and I/O priority:
  # PyInstaller waits on the disk most of its ~4 minutes, and the pytest workers wait on their
  # subprocesses and servers, so the build takes the CPU they leave and never theirs (nice 19
  # weighs 1.5 % against a worker). Its own process group, stopped if the run ends first.
  mkdir -p build
  echo "== installed program: building in the background (log: $build_log)" >&2
  idle=(nice -n 19)
  if ionice -c 3 true 2>/dev/null; then idle+=(ionice -c 3); fi
  PROBANT_DEB_COMPRESS=none setsid "${idle[@]}" bash installer/build-linux.sh >"$build_log" 2>&1 &
  build_pid=$!
  trap stop_build EXIT
fi

echo "== pytest" >&2
# On the machine's cores (pytest-xdist; each worker starts its own Xvfb, certomancer
# services and SoftHSM token, on free ports). "-n 0" as an argument runs in one process.
.venv/bin/python -m pytest -n auto --maxprocesses=4 "$@"
if [ "$whole" = 1 ]; then
  echo "== installed program (build, then tests/installer)" >&2
  if ! wait "$build_pid"; then
    build_pid=""
    tail -n 60 "$build_log" >&2
    echo "installer/build-linux.sh failed (whole log: $build_log)" >&2
    exit 1
  fi
  build_pid=""
  grep '^\[probant build\]' "$build_log" >&2 || true
  .venv/bin/python -m pytest -m frozen -n 0 -p no:cacheprovider -q tests/installer
fi
