#!/usr/bin/env bash
# Builds Probant for macOS: build/dist/Probant.app (PyInstaller, installer/probant.spec, with
# the camera, microphone and screen-recording usage strings in its Info.plist) and
# build/Probant-VERSION.dmg (dmgbuild, installer/macos/dmg_settings.py).
#
#   bash installer/macos/build-macos.sh
#
# Needs: Python 3.11+ (python.org or Homebrew), uv (installed from PyPI when missing).
# Code signing and notarisation, when configured:
#   PROBANT_CODESIGN_IDENTITY   "Developer ID Application: …" in the login keychain
#   PROBANT_NOTARY_PROFILE      a notarytool keychain profile (xcrun notarytool store-credentials)
# Without them the build says it is unsigned (Gatekeeper will ask the person to confirm).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
say() { printf '[probant build] %s\n' "$*" >&2; }

command -v uv >/dev/null || { say "installing uv (from PyPI)"; python3 -m pip install --user --quiet uv; }
UV="$(command -v uv || echo "$HOME/Library/Python/3.11/bin/uv")"
export UV_PROJECT_ENVIRONMENT="$ROOT/build/venv" UV_COMPILE_BYTECODE=1
"$UV" sync --frozen --no-dev --group build --group macos --quiet
for ts in resources/translations/*.ts; do build/venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"; done

export PROBANT_BUILD_COMMIT="${PROBANT_BUILD_COMMIT:-$(git rev-parse --short=12 HEAD)}"
build/venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work installer/probant.spec
APP=build/dist/Probant.app
"$APP/Contents/MacOS/probant" --version
VERSION="$(build/venv/bin/python -c 'from evidence.software import VERSION; print(VERSION)')"

ENTITLEMENTS=installer/macos/entitlements.plist
if [ -n "${PROBANT_CODESIGN_IDENTITY:-}" ]; then
  say "signing with $PROBANT_CODESIGN_IDENTITY (hardened runtime)"
  codesign --force --deep --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
    --sign "$PROBANT_CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  say "no PROBANT_CODESIGN_IDENTITY: Probant.app is NOT signed"
fi

DMG="build/Probant-$VERSION.dmg"
build/venv/bin/dmgbuild -s installer/macos/dmg_settings.py -D app="$APP" "Probant $VERSION" "$DMG"
if [ -n "${PROBANT_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$PROBANT_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${PROBANT_NOTARY_PROFILE:-}" ] && [ -n "${PROBANT_CODESIGN_IDENTITY:-}" ]; then
  say "notarising (xcrun notarytool, profile $PROBANT_NOTARY_PROFILE)"
  xcrun notarytool submit "$DMG" --keychain-profile "$PROBANT_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
else
  say "not notarised (PROBANT_NOTARY_PROFILE and PROBANT_CODESIGN_IDENTITY are needed)"
fi
say "built $DMG"
