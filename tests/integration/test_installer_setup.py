"""installer/setup.sh on a checkout that is already set up (the suite runs after
`setup.sh --dev`): a runtime run, as installer/probant.sh does on every launch, neither
rebuilds .venv nor removes the test tools from it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _pytest_file() -> Path:
    out = subprocess.run([str(VENV_PYTHON), "-c", "import pytest; print(pytest.__file__)"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return Path(out.stdout.strip())


def test_a_runtime_setup_keeps_the_environment_and_its_dev_set() -> None:
    cfg = ROOT / ".venv" / "pyvenv.cfg"
    before = _identity(cfg)
    pytest_before = _identity(_pytest_file())

    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    run = subprocess.run(["bash", str(ROOT / "installer" / "setup.sh")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stdout + run.stderr
    assert _identity(cfg) == before, "setup.sh recreated .venv"
    assert _identity(_pytest_file()) == pytest_before, "setup.sh removed or reinstalled pytest"
    assert list((ROOT / "resources" / "translations").glob("*.qm"))
