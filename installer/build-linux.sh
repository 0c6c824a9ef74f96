#!/usr/bin/env bash
# Builds Probant for Linux: the one-folder bundle (PyInstaller, installer/probant.spec) in
# build/dist/probant/ and a Debian package build/probant_VERSION_ARCH.deb, installable with
#   sudo apt install ./build/probant_*.deb
# The build environment (build/venv) is synced from uv.lock: runtime dependencies and the
# "build" group (PyInstaller), never the test tools.
# Usage: bash installer/build-linux.sh [--no-deb]   (PROBANT_DEB_COMPRESS=none: a quick, uncompressed .deb)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
say() { printf '[probant build] %s\n' "$*" >&2; }

bash installer/setup.sh   # system packages (Qt's libraries, DejaVu fonts), uv, the .qm files
UV="$(command -v uv || echo "$HOME/.local/bin/uv")"
export UV_PROJECT_ENVIRONMENT="$ROOT/build/venv" UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
say "build environment (build/venv)"
"$UV" sync --frozen --no-dev --group build --quiet

say "PyInstaller bundle (build/dist/probant)"
export PROBANT_BUILD_COMMIT="${PROBANT_BUILD_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"
build/venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work installer/probant.spec
BUNDLE=build/dist/probant
"$BUNDLE/probant" --version
say "bundle size: $(du -sh "$BUNDLE" | cut -f1)"

[ "${1:-}" = "--no-deb" ] && exit 0

VERSION="$(build/venv/bin/python -c 'from evidence.software import VERSION; print(VERSION)')"
ARCH="$(dpkg --print-architecture)"
PKG="build/deb/probant_${VERSION}_${ARCH}"
say "Debian package ($PKG.deb)"
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/lib/udev/rules.d" \
  "$PKG/usr/share/doc/probant"
# Hard links, not a copy: dpkg-deb only reads the ~700 MB bundle (its tar stores each file
# whole: a link to a file outside the tree is no link in the archive; same listing, modes and
# owners). The copy and its write-back made this step 13-19 s instead of 4.3 s, in every
# test run (issue 20). Another filesystem: copied.
cp -al "$BUNDLE" "$PKG/opt/probant" 2>/dev/null || { rm -rf "$PKG/opt/probant"; cp -a "$BUNDLE" "$PKG/opt/probant"; }
ln -s /opt/probant/probant "$PKG/usr/bin/probant"
install -m 0644 installer/linux/probant.desktop "$PKG/usr/share/applications/probant.desktop"
install -m 0644 resources/icons/probant.svg "$PKG/usr/share/icons/hicolor/scalable/apps/probant.svg"
install -m 0644 installer/linux/70-probant-fido.rules "$PKG/usr/lib/udev/rules.d/70-probant-fido.rules"
install -m 0644 README.md "$PKG/usr/share/doc/probant/README.md"
SIZE_KB="$(du -sk "$PKG" | cut -f1)"
cat >"$PKG/DEBIAN/control" <<CONTROL
Package: probant
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: Probant <contact@probant.fr>
Installed-Size: ${SIZE_KB}
Section: utils
Priority: optional
Depends: libc6 (>= 2.31), libgl1, libegl1, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libfontconfig1, libdbus-1-3, libnss3, libxcomposite1, libxdamage1, libxrandr2, libxtst6, libasound2 | libasound2t64
Recommends: pcscd, gnome-keyring | kwalletmanager
Description: Constats numériques certifiés pour commissaires de justice
 Probant établit des preuves numériques (captures d'écran, vidéo, navigateur
 de constatation enregistré) dans un coffre chiffré, horodatées RFC 3161, et
 un procès-verbal signé PAdES avec le certificat du commissaire de justice.
CONTROL
cat >"$PKG/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
# The FIDO2 key rule (udev) and the menu entry take effect without a reboot.
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules 2>/dev/null || true; udevadm trigger --subsystem-match=hidraw 2>/dev/null || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
exit 0
POSTINST
chmod 0755 "$PKG/DEBIAN/postinst"
# Removing the program never touches a vault: vaults live in each user's home
# (platformdirs: ~/.local/share/Probant), which no maintainer script reads or removes.
# xz (dpkg's default, every Debian and Ubuntu reads it) for a release; PROBANT_DEB_COMPRESS=none
# for the test suite's build (compressing 700 MB takes minutes on two cores).
dpkg-deb -Z"${PROBANT_DEB_COMPRESS:-xz}" --build --root-owner-group "$PKG" "build/probant_${VERSION}_${ARCH}.deb" >/dev/null
say "built build/probant_${VERSION}_${ARCH}.deb ($(du -h "build/probant_${VERSION}_${ARCH}.deb" | cut -f1))"
