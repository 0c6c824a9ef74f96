"""A command imports only what it runs (issue 20: the suite starts ``probant`` thousands of
times, and each start paid for every command's code and libraries).

The real entry point (``app.main.main``) in a subprocess of its own, which writes the names
of every module it holds (``sys.modules``) as it exits: the parser is built without any
command's code, and a command loads neither another command's module nor a library it does
not use (S3, video, camera, Qt, PDF)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fixtures.cli import Probant, Run

# Libraries that cost a start-up tens of milliseconds each; only their commands load them.
# (Not keyring: the anchors load it wherever a D-Bus session bus could answer.)
HEAVY = ("boto3", "botocore", "cv2", "av", "mss", "numpy", "PIL", "PySide6", "pyhanko",
         "reportlab")
# app/cli/<name>_commands.py; web_commands also holds the web command's arguments, so the
# parser imports it (it imports no service at its top).
COMMAND_MODULES = ("bundle", "capture", "pv", "sync", "time", "user", "vault", "web")


# ``probant ARGS``, then the modules it holds written to the file named by the first
# argument (at exit, after --help's SystemExit too).
PROGRAM = """
import atexit, sys
out, args = sys.argv[1], sys.argv[2:]
atexit.register(lambda: open(out, "w", encoding="utf-8").write("\\n".join(sys.modules)))
from app.main import main
sys.exit(main(args))
"""


def run_listing_modules(home: Path, listing: Path, *args: str, demo: bool = False,
                        json_out: bool = True) -> tuple[Run, set[str]]:
    probant = Probant(home, program=(sys.executable, "-c", PROGRAM, str(listing)))
    run = probant(*args, demo=demo, json_out=json_out)
    return run, set(listing.read_text(encoding="utf-8").splitlines())


def loaded(modules: set[str], *names: str) -> list[str]:
    """Those of ``modules`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_help_builds_the_parser_without_any_command(tmp_path: Path) -> None:
    run, modules = run_listing_modules(tmp_path / "home", tmp_path / "modules", "--help",
                                       json_out=False)
    assert run.code == 0, run.stderr[-2000:]
    assert "dossier" in run.stdout and "restore" in run.stdout
    assert "app.cli.parser" in modules
    commands = [f"app.cli.{c}_commands" for c in COMMAND_MODULES if c != "web"]
    assert loaded(modules, *HEAVY, *commands, "app.services", "evidence.vault", "capture",
                  "signing", "fido2", "sqlcipher3", "cryptography") == []
    assert "app.frozen" not in modules  # the version line (git from a checkout): --version only


def test_version_is_worked_out_when_asked(tmp_path: Path) -> None:
    from app.frozen import version_line
    from app.version import VERSION

    run, modules = run_listing_modules(tmp_path / "home", tmp_path / "modules", "--version",
                                       json_out=False)
    assert (run.code, run.stdout, run.stderr) == (0, version_line(VERSION) + "\n", "")
    assert "app.frozen" in modules


def test_dossier_list_loads_only_its_own_command(probant: Probant) -> None:
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    assert probant("dossier", "new", "Affaire", "--requester", "SAS", demo=True).code == 0
    run, modules = run_listing_modules(probant.home, probant.home.parent / "modules",
                                       "dossier", "list", demo=True)
    assert run.code == 0, run.stderr[-2000:]
    assert [d["title"] for d in run.json] == ["Affaire"]
    assert "app.cli.vault_commands" in modules and "fido2.client" in modules  # unlocked
    others = [f"app.cli.{c}_commands" for c in COMMAND_MODULES if c not in ("vault", "web")]
    assert loaded(modules, *HEAVY, *others, "capture", "evidence.sync", "app.services.sync",
                  "signing.pv", "signing.tsa") == []


def test_every_command_module_is_found_by_a_walk_of_the_app_package() -> None:
    # The installed build collects Probant's modules by walking its packages (PyInstaller's
    # collect_submodules): a command module imported only by name at run time must be found
    # by that walk, which skips a folder without __init__.py (the frozen app once failed
    # every command with « No module named 'app.cli.vault_commands' »).
    import pkgutil

    import app
    from app.cli.runner import COMMANDS

    found = {m.name for m in pkgutil.walk_packages(app.__path__, "app.")}
    wanted = {target.split(":")[0] for target in COMMANDS.values()}
    assert wanted <= found, sorted(wanted - found)
