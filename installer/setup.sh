#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine (as root or a sudoer) for Probant:
# system packages, uv, the locked Python environment in .venv, the UI translations.
# Idempotent: installs only what is missing. Usage: bash installer/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0; [ "${1:-}" = "--dev" ] && DEV=1

say() { printf '[probant setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  say "need root for: $*  (run as root or install sudo)"; return 1; fi; }

# Runtime: Qt's xcb platform libraries. Tests add: Xvfb, SoftHSM2, poppler, NSS tools, opensc,
# a software TPM with tpm2-pkcs11 (a token whose PIN locks).
RUNTIME_PKGS="libgl1 libegl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
 libfontconfig1 libdbus-1-3 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2
 fonts-dejavu-core xvfb x11-utils"
TEST_PKGS="softhsm2 opensc poppler-utils libnss3-tools openssl xdotool x11-apps zip unzip
 util-linux procps time dbus-daemon at-spi2-core python3-gi gir1.2-atspi-2.0
 gnome-keyring binutils swtpm libtpm2-pkcs11-1"
pkgs="$RUNTIME_PKGS"; [ "$DEV" = 1 ] && pkgs="$pkgs $TEST_PKGS"

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  # One dpkg-query for all of them (this runs on every launch).
  installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $pkgs 2>/dev/null \
    | awk '/ install ok installed$/ {sub(/:.*/, "", $1); printf "%s ", $1}' || true)"
  missing=""
  for p in $pkgs; do case "$installed" in *" $p "*) ;; *) missing="$missing $p";; esac; done
  # libasound2 is called libasound2t64 on newer releases: accept either.
  case "$missing" in *libasound2*) dpkg-query -W libasound2t64 >/dev/null 2>&1 && missing="${missing/libasound2/}";; esac
  if [ -n "${missing// /}" ]; then
    say "installing system packages:$missing"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null \
      || { say "retrying one by one (some names differ between releases)"; for p in $missing; do
           as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null \
           || { [ "$p" = libasound2 ] && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libasound2t64 >/dev/null; } \
           || say "could not install $p"; done; }
  fi
else
  say "not a Debian/Ubuntu system: install Qt's xcb libraries (and for tests Xvfb, softhsm2, poppler, NSS tools) yourself"
fi

# The interpreter by its real path (not a pyenv/asdf shim, not a symlink): uv compares it with
# the one .venv was made from, and a different path would make it delete and recreate .venv.
PY=""
for c in python3 python3.13 python3.12 python3.11; do
  command -v "$c" >/dev/null 2>&1 || continue
  PY="$("$c" 2>/dev/null -c 'import os, sys
if sys.version_info < (3, 11): sys.exit(1)
print(os.path.realpath(sys.executable))' || true)"
  [ -n "$PY" ] && break
done
[ -n "$PY" ] || { say "Python 3.11 or newer is needed"; exit 2; }

# The Python environment. A stamp written after each successful sync records what .venv was
# synced from (uv.lock, pyproject.toml, interpreter) and which dependency set it holds:
# "dev" (runtime + tests/lint) or "runtime". Nothing is synced when the stamp already covers
# the request; a runtime launch never removes the dev set (--inexact), so that alternating
# `probant.sh` and `tests/run.sh` neither rebuilds .venv nor reinstalls the test tools.
STAMP=.venv/.probant-sync
sha() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
inputs="$(sha uv.lock pyproject.toml | awk '{print $1}' | tr '\n' ' ')python=$PY bytecode"
held=""
if [ -x .venv/bin/python ] && [ -f .venv/pyvenv.cfg ] && [ -f "$STAMP" ] \
   && [ "$(sed -n 1p "$STAMP")" = "$inputs" ]; then held="$(sed -n 2p "$STAMP")"; fi
if [ "$held" = dev ] || { [ "$DEV" = 0 ] && [ "$held" = runtime ]; }; then
  :  # .venv already holds what is asked for, synced from these very files
else
  UV="$(command -v uv || true)"
  if [ -z "$UV" ] && [ -x "$HOME/.local/bin/uv" ]; then UV="$HOME/.local/bin/uv"; fi
  if [ -z "$UV" ]; then
    say "installing uv (from PyPI)"
    "$PY" -m pip install --user --quiet uv 2>/dev/null || "$PY" -m pip install --user --quiet --break-system-packages uv \
      || { as_root apt-get install -y -qq python3-pip >/dev/null && "$PY" -m pip install --user --quiet --break-system-packages uv; }
    UV="$(command -v uv || echo "$HOME/.local/bin/uv")"
  fi
  # Bytecode compiled at install (uv does not by default): without it every `probant`
  # command compiles pyHanko, ReportLab and the rest again, a second per command.
  export UV_PYTHON="$PY" UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1
  rm -f "$STAMP"
  if [ "$DEV" = 1 ]; then "$UV" sync --frozen --quiet; held=dev
  elif [ -d .venv ]; then "$UV" sync --frozen --quiet --no-dev --inexact; held=runtime
  else "$UV" sync --frozen --quiet --no-dev; held=runtime; fi
  printf '%s\n%s\n' "$inputs" "$held" >"$STAMP"
fi

# Tests only: replayweb.page (npm, pinned, integrity checked) for the offline replay test of
# the recording browser's archives; fetched once into tests/fixtures/replayweb/npm/.
if [ "$DEV" = 1 ] && [ -z "$(ls -A tests/fixtures/replayweb/npm 2>/dev/null)" ]; then
  command -v npm >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
    || say "npm not installed: the replay test will fetch replayweb.page itself or say why"
  command -v npm >/dev/null && { .venv/bin/python -m tests.fixtures.replayweb fetch >/dev/null \
    || say "replayweb.page could not be fetched (npm registry unreachable?)"; }
fi

# UI translations (.ts sources are committed; .qm are built here).
for ts in resources/translations/*.ts; do
  [ -e "$ts" ] || continue
  qm="${ts%.ts}.qm"
  if [ ! -e "$qm" ] || [ "$ts" -nt "$qm" ]; then .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"; fi
done
say "ready (.venv)"
