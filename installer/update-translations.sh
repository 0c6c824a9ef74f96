#!/usr/bin/env bash
# Refreshes the English catalogue resources/translations/probant_en.ts from the sources.
#
# pyside6-lupdate reads every ui/*.py, ui/web/*.py and app/desktop/*.py (self.tr(...) and
# QCoreApplication.translate("Context", ...) with French source strings), keeps the existing
# translations, adds the new strings as unfinished, drops the ones no source uses any more
# (-no-obsolete) and records locations relative to the .ts (stable diffs). Then translate the
# unfinished messages (Qt Linguist, or by hand in the XML) and commit the .ts; the .qm is not
# committed: installer/setup.sh builds it (this script rebuilds the local one too).
# tests/unit/test_translations.py fails while a source string has no finished translation.
#
# Receivers: lupdate files `obj.tr("...")` under the context "obj" (e.g. « self.parent »),
# while Qt looks it up under the receiver's class at run time, so such calls are never
# translated. Outside a class's own methods, use QCoreApplication.translate("Class", "...").
#
# Usage: bash installer/update-translations.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
TS=resources/translations/probant_en.ts
"$BIN/pyside6-lupdate" -silent -no-obsolete -locations relative \
  ui/*.py ui/web/*.py app/desktop/*.py -ts "$TS"
"$BIN/pyside6-lrelease" -silent "$TS" -qm "${TS%.ts}.qm"
total=$(grep -c '<message' "$TS" || true)
unfinished=$(grep -c 'type="unfinished"' "$TS" || true)
printf '%s: %s messages, %s unfinished\n' "$TS" "$total" "$unfinished" >&2
