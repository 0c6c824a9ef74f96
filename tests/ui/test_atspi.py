"""The officer's first step driven as a screen reader drives it: through AT-SPI only.

The real ``probant`` window runs in a child process on the Xvfb display (xcb: the offscreen
platform has no accessibility bridge) with a private D-Bus session and accessibility bus
(tests/fixtures/atspi.py). The test never calls into the app's Qt objects: it reads the
tree through libatspi (Debian's ``/usr/bin/python3`` with python3-gi and gir1.2-atspi-2.0,
in a subprocess; chosen over a pure-Python D-Bus client in the .venv because it is the very
library Orca uses, and it needs no new PyPI dependency), finds controls by accessible name
and role, presses « Créer un dossier » through the Action interface, types the title through
EditableText, presses OK, and reads the new dossier back in the « Dossiers » list. Every
push button, check box, combo box and text field of the main window and of the dialog must
have an accessible name. Then the real CLI, on the same home, must list the dossier: what
the screen reader did reached the vault.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fixtures.atspi import A11yBus, AtspiClient, wait_for
from tests.fixtures.cli import ROOT, Probant, offline_settings

EARLIER = "Affaire Durand c/ SCI Les Tilleuls"
TITLE = "Affaire Martin c/ Société X — lecteur d'écran"
REQUESTER_FIELDS = (("Nom", "Martin"), ("Prénoms", "Paul"), ("Profession", "ingénieur"),
                    ("Domicile", "3 rue des Lilas, 69001 Lyon"), ("Nationalité", "française"),
                    ("Date et lieu de naissance", "2 mai 1980 à Lyon"))
# The roles a person operates (Qt's names for them over AT-SPI); each needs a name.
CONTROL_ROLES = ("push button", "toggle button", "check box", "radio button", "combo box",
                 "text", "entry", "password text", "spin button")


def _unnamed_controls(client: AtspiClient, root: dict[str, Any]) -> list[str]:
    return [f"{n['role']} in {n['path']} ({'shown' if 'showing' in n['states'] else 'hidden'})"
            for n in client.find(root, CONTROL_ROLES) if not n["name"].strip()]


def _one(client: AtspiClient, root: dict[str, Any], role: str | tuple[str, ...],
         name: str) -> dict[str, Any]:
    found = client.find(root, role, name)
    assert len(found) == 1, f"{role} « {name} »: {len(found)} found"
    return found[0]


def _items(client: AtspiClient, listing: dict[str, Any]) -> list[str]:
    return [n["name"] for n in client.find(listing, "list item")]


def test_a_dossier_created_through_the_accessibility_interface(
        a11y_bus: A11yBus, tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    cli = Probant(home)
    assert cli("init", demo=True).code == 0
    made = cli("dossier", "new", EARLIER, "--requester", "SCI Les Tilleuls", demo=True)
    assert made.code == 0, made.stderr

    env = {k: v for k, v in a11y_bus.env().items() if not k.startswith("PROBANT_")}
    env["PROBANT_LOG_DIR"] = str(tmp_path / "probant-logs")  # never the real user folder
    with (tmp_path / "app.log").open("wb") as log:  # a file: a full pipe would stall Qt
        app = a11y_bus.popen([sys.executable, "-m", "app.main", "--home", str(home),
                              "--demo"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=log, stderr=subprocess.STDOUT)
    client = a11y_bus.client()

    def application() -> dict[str, Any] | None:
        assert app.poll() is None, (tmp_path / "app.log").read_text(errors="replace")
        return next((a for a in client.apps() if a["pid"] == app.pid), None)

    # Found by its process: Qt names the application after argv[0] (app/main.py).
    probant = wait_for("probant's accessible application on the bus", application, 60)
    window = wait_for("the main window « Probant »",
                      lambda: next(iter(client.find(probant, "frame", "Probant")), None), 30)
    # Unlocked and filled (the demo vault): the dossier made by the CLI is in the list.
    dossiers = wait_for("the « Dossiers » list", lambda: next(
        (n for n in client.find(window, "list", "Dossiers") if "showing" in n["states"]),
        None), 60)
    wait_for("the CLI's dossier in « Dossiers »",
             lambda: any(EARLIER in name for name in _items(client, dossiers)), 30)
    unnamed = {"main window": _unnamed_controls(client, window)}

    create = _one(client, window, "push button", "Créer un dossier")
    assert "showing" in create["states"] and "enabled" in create["states"], create
    assert client.actions(create), "« Créer un dossier » offers no action"
    assert client.do_action(create, 0)

    dialog = wait_for("the « Nouveau dossier » dialog", lambda: next(
        iter(client.find(probant, "dialog", "Nouveau dossier")), None), 20)
    unnamed["Nouveau dossier"] = _unnamed_controls(client, dialog)
    title = _one(client, dialog, ("text", "entry"), "Intitulé du dossier")
    assert client.set_text(title, TITLE)
    wait_for("the title typed", lambda: client.text(title) == TITLE, 10)
    # The requester as art. 648 CPC asks for a natural person: each mention in its field.
    for name, value in REQUESTER_FIELDS:
        field = _one(client, dialog, ("text", "entry"), name)
        assert client.set_text(field, value)
        wait_for(f"« {name} » typed", lambda f=field, v=value: client.text(f) == v, 10)
    assert client.do_action(_one(client, dialog, "push button", "OK"), 0)

    wait_for("the dialog closed",
             lambda: not client.find(probant, "dialog", "Nouveau dossier"), 20)
    # The new dossier is listed and chosen: what a screen reader announces after OK.
    items = wait_for("the new dossier, selected, in « Dossiers »", lambda: [
        n for n in client.find(dossiers, "list item")
        if TITLE in n["name"] and "selected" in n["states"]], 30)
    assert len(items) == 1, items
    assert len(_items(client, dossiers)) == 2
    assert not any(unnamed.values()), f"controls without an accessible name: {unnamed}"

    # Quit as the officer would (Fichier › Quitter), so that the session closes its vault
    # before another process reads it; then the vault, through the real CLI.
    assert client.do_action(_one(client, window, "menu item", "Quitter"), 0)
    wait_for("probant to quit", lambda: app.poll() is not None, 30)
    assert app.returncode == 0, (tmp_path / "app.log").read_text(errors="replace")
    listed = cli("dossier", "list", demo=True)
    assert listed.code == 0, listed.stderr
    titles = [d["title"] for d in listed.json]
    assert sorted(titles) == sorted([EARLIER, TITLE]), titles
