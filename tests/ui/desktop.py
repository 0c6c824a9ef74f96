"""Test helpers for the desktop: a real DesktopSession, unlocked through the real core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.cli.context import GlobalOptions
from app.desktop.session import DesktopSession
from app.desktop.shell import Shell
from signing.handlers import InteractionHandler


def options(home: Path, demo: bool, lang: str = "fr") -> GlobalOptions:
    return GlobalOptions(home=home, demo=demo, json=False, lang=lang)


def unlocked_session(qtbot: Any, opts: GlobalOptions, interaction: InteractionHandler
                     ) -> DesktopSession:
    """The session unlocked (the demo vault created if needed); closed with the test."""
    session = DesktopSession(opts, interaction)
    errors: list[BaseException] = []
    session.unlock(errors.append)
    qtbot.waitUntil(lambda: session.is_unlocked or bool(errors), timeout=30000)
    assert not errors, [session.describe(e) for e in errors]
    return session


def started_shell(opts: GlobalOptions, interaction: Any = None) -> Shell:
    """The main window on a new session, as ``probant`` starts it (demo: unlocking)."""
    from ui.interaction import QtInteraction

    asker = interaction or QtInteraction()
    shell = Shell(DesktopSession(opts, asker), asker if isinstance(asker, QtInteraction)
                  else None)
    shell.start()
    return shell


@dataclass(frozen=True)
class Etude:
    """A real officer's vault (software key, PIN 1111) with a collaborateur holding their
    own key (PIN 2222) and one constat: what the staff tests start from."""

    home: Path
    officer: str  # the officer's authenticator spec
    staff: str  # the collaborateur's
    constat: str
    clerk: str  # the collaborateur's user id


def officer_and_clerk(tmp_path: Path, *, closed: bool = False) -> Etude:
    from app import identity
    from evidence import dossiers
    from evidence.keyslots import new_recovery_code, recovery_slot
    from evidence.model import OfficerIdentity
    from evidence.users import add_user, enroll_slot
    from evidence.vault import create_vault, open_vault
    from signing.handlers import FixedAnswers

    home = tmp_path / "home"
    officer, staff = f"soft:{tmp_path / 'officer.json'}", f"soft:{tmp_path / 'staff.json'}"
    code = new_recovery_code()
    create_vault(home, OfficerIdentity("Maître Jeanne DUPONT", "Étude Dupont", "Paris"),
                 [identity.fido2_factor(officer, FixedAnswers("1111"), "Clé", "Maître DUPONT"),
                  lambda uid: recovery_slot(code, uid)], demo=False).close()
    with open_vault(home, [identity.Fido2Opener(officer, FixedAnswers("1111"))]) as vault:
        dossier = dossiers.create_dossier(vault, "Affaire Martin", "SAS Martin")
        constat = dossiers.create_constat(vault, dossier.id, "Constater la page").id
        if closed:
            dossiers.close_constat(vault, constat)
        clerk = add_user(vault, "Paul Martin", "collaborateur")
        enroll_slot(vault, clerk.id, identity.fido2_factor(
            staff, FixedAnswers("2222"), "Clé de Paul", "Paul Martin")(clerk.id))
    return Etude(home, officer, staff, constat, clerk.id)
