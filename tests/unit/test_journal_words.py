"""Every code the vault writes or finds has words for a person: the journal's action codes
(``vault.record("…")``, ``journal.append(…, "…")``) and the checks' areas and problems
(``Damage("area", subject, "problem")``), found in the source itself, not listed by hand:
a new code without words would reach the window raw."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from app.services.journal_words import ACTIONS, AREAS, PROBLEMS, damage_line
from evidence import anchors
from evidence.verify import Damage

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("evidence", "signing", "capture", "app")


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    yield path, node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _codes() -> tuple[set[str], set[str], set[str]]:
    actions, areas, problems = set(), set(), set()
    for _path, call in _calls():
        name = _name(call)
        if name == "log" and call.args and (code := _literal(call.args[0])) is not None:
            actions.add(code)  # vault.log("action", …): its own transaction
        elif name == "record" and call.args:
            # vault.record(conn, "action", …) or session.record("action", …)
            for arg in call.args[:2]:
                if (code := _literal(arg)) is not None:
                    actions.add(code)
        elif (name == "append" and isinstance(call.func, ast.Attribute)
              and getattr(call.func.value, "id", "") in ("journal", "journal_mod")
              and len(call.args) >= 4 and (code := _literal(call.args[3])) is not None):
            actions.add(code)  # journal.append(conn, vault_id, subject, "action", …)
        elif name == "Damage":
            args = list(call.args) + [None, None, None]
            if (area := _literal(args[0])) is not None:
                areas.add(area)
            problem = _literal(args[2])
            for keyword in call.keywords:
                if keyword.arg == "problem":
                    problem = _literal(keyword.value)
                if keyword.arg == "area" and (area := _literal(keyword.value)):
                    areas.add(area)
            if problem is not None:
                problems.add(problem)
    return actions, areas, problems


def test_the_walk_reaches_the_codes() -> None:
    actions, areas, problems = _codes()
    assert {"evidence_added", "constat_closed", "unlock_failed"} <= actions
    assert {"journal", "evidence", "manifest"} <= areas
    assert {"untracked", "added_after_close", "captured_without_role"} <= problems


def test_every_code_found_has_french_and_english_words() -> None:
    actions, areas, problems = _codes()
    states = {anchors.ROLLBACK, anchors.FORK, anchors.TAMPERED, anchors.MISSING}
    assert not actions - ACTIONS.keys(), f"journal actions without words: {actions - ACTIONS.keys()}"
    assert not areas - AREAS.keys(), f"check areas without words: {areas - AREAS.keys()}"
    missing = (problems | states) - PROBLEMS.keys()
    assert not missing, f"check problems without words: {missing}"
    for table in (ACTIONS, AREAS, PROBLEMS):
        assert all(fr.strip() and en.strip() for fr, en in table.values())


def test_a_damage_reads_as_a_french_sentence() -> None:
    damage = Damage("capture", "ev_123", "captured_without_role", annex="3",
                    constat_id="cst_1", detail="Paul Martin était collaborateur")
    line = damage_line(damage, "fr")
    assert line == ("Capture ev_123 (annexe 3, constat cst_1) : capture par une personne qui "
                    "n'était pas commissaire — Paul Martin était collaborateur")
    assert "captured_without_role" not in line
