"""The English catalogue covers the UI: every translatable string of ui/ and app/desktop/.

(a) pyside6-lupdate is run on the current sources into a temporary .ts (about 0.1 s for the
~35 files); each message found there must have a finished English translation in the
committed resources/translations/probant_en.ts, under the same context and source. A failure
names each string and its file: refresh the catalogue with installer/update-translations.sh
and translate what it added. (b) a translation keeps every {placeholder} of its source.
(c) pyside6-lrelease builds a .qm from the committed .ts and Qt loads it and translates.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "translations" / "probant_en.ts"
SOURCES = sorted([*ROOT.glob("ui/*.py"), *ROOT.glob("ui/web/*.py"), *ROOT.glob("app/desktop/*.py")])
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found (PySide6's tools, installed in .venv)")
    return found


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    finished: bool
    files: tuple[str, ...]


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def _messages(ts: Path) -> list[Message]:
    out: list[Message] = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            files, current = [], ""
            for loc in msg.iter("location"):
                current = loc.get("filename") or current  # later ones omit the same file
                files.append(_shown(ts.parent / current))
            out.append(Message(name, msg.findtext("source") or "", tr.text or "",
                               tr.get("type") not in ("unfinished", "obsolete", "vanished"),
                               tuple(dict.fromkeys(files))))
    return out


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """What lupdate finds in the sources today, in a .ts of its own."""
    ts = tmp_path_factory.mktemp("lupdate") / "current.ts"
    done = subprocess.run([_tool("pyside6-lupdate"), "-silent", "-no-obsolete",
                           "-locations", "absolute", *map(str, SOURCES), "-ts", str(ts)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = _messages(ts)
    assert len(found) > 200, "lupdate found too few strings: are the sources read?"
    return found


def test_every_ui_string_has_an_english_translation(extracted: list[Message]) -> None:
    committed = {(m.context, m.source): m for m in _messages(CATALOGUE)}
    missing = [m for m in extracted
               if not (got := committed.get((m.context, m.source))) or not got.finished
               or not got.translation.strip()]
    assert not missing, (
        f"{len(missing)} string(s) of the UI have no English translation in "
        "resources/translations/probant_en.ts (run installer/update-translations.sh, then "
        "translate):\n" + "\n".join(f"  {', '.join(m.files)} [{m.context}]: {m.source!r}"
                                    for m in missing))


def test_contexts_are_class_names(extracted: list[Message]) -> None:
    """``obj.tr("...")`` is filed by lupdate under the context « obj » (e.g. self.parent),
    while Qt looks the string up under the receiver's class: never translated. Outside the
    class's own methods, use QCoreApplication.translate("Class", "...")."""
    bad = sorted({(m.context, m.files, m.source) for m in extracted
                  if not re.fullmatch(r"[A-Z][A-Za-z0-9_]*", m.context)})
    assert not bad, "tr() called on another object (use QCoreApplication.translate):\n" + \
        "\n".join(f"  {', '.join(files)} [{ctx}]: {src!r}" for ctx, files, src in bad)


def test_translations_keep_their_placeholders() -> None:
    wrong = []
    for m in _messages(CATALOGUE):
        if m.finished and sorted(PLACEHOLDER.findall(m.source)) != \
                sorted(PLACEHOLDER.findall(m.translation)):
            wrong.append(f"  [{m.context}] {m.source!r} -> {m.translation!r}")
    assert not wrong, "translations that drop or change a {placeholder}:\n" + "\n".join(wrong)


def test_english_uses_no_french_quotes_and_keeps_accelerators() -> None:
    bad = [f"  [{m.context}] {m.source!r} -> {m.translation!r}" for m in _messages(CATALOGUE)
           if m.finished and ("«" in m.translation or "»" in m.translation
                              or ("&" in m.source) != ("&" in m.translation))]
    assert not bad, "« » in English, or an accelerator (&) lost or added:\n" + "\n".join(bad)


def test_the_catalogue_compiles_and_loads(tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    qm = tmp_path / "probant_en.qm"
    done = subprocess.run([_tool("pyside6-lrelease"), str(CATALOGUE), "-qm", str(qm)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert qm.stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(qm))
    assert not translator.isEmpty() and translator.language() == "en_US"
    assert translator.translate("MainWindow", "&Fichier") == "&File"
    assert translator.translate("MainWindow", "Dossier créé : {title}") \
        == "Dossier created: {title}"
    assert translator.translate("CaptureBar", "Photo enregistrée : annexe {annex}.") \
        == "Photo saved: annex {annex}."
