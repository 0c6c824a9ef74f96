#!/usr/bin/env bash
# Runs Probant after setting up what it needs. With no FIDO2 token plugged in and no
# PROBANT_AUTHENTICATOR, the app starts in DEMO mode (clearly marked: no probative value).
# Usage: bash installer/probant.sh [probant arguments...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/installer/setup.sh"
args=("$@")
if [ ${#args[@]} -eq 0 ] && [ -z "${PROBANT_AUTHENTICATOR:-}" ]; then
  if ! "$here/.venv/bin/python" -c 'from fido2.hid import CtapHidDevice; import sys; sys.exit(0 if list(CtapHidDevice.list_devices()) else 1)' 2>/dev/null; then
    echo "[probant] aucune clé FIDO2 détectée : mode DÉMONSTRATION (sans valeur probante)" >&2
    args=(--demo)
  fi
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ] && [ ${#args[@]} -le 1 ] && { [ ${#args[@]} -eq 0 ] || [ "${args[0]}" = --demo ]; }; then
  echo "[probant] pas d'écran : l'application s'ouvre sur un écran virtuel Xvfb (Ctrl+C pour quitter)" >&2
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$here/.venv/bin/probant" "${args[@]}"
fi
exec "$here/.venv/bin/probant" "${args[@]}"
