"""``probant web open`` whose browser window is killed (kill -9) mid-session: the capture
already stored stays, the WARC records the window had sent are stored as one item marked
partial, the command says so on stderr and exits 1 (web_session_partial), and
``probant verify`` passes. Real CLI, real QtWebEngine offscreen, the local HTTPS site."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.fixtures.cli import ROOT, demo_site_constat
from tests.fixtures.web_server import WebSite


def test_web_open_killed_keeps_a_partial_archive(web_site: WebSite, tmp_path: Path) -> None:
    probant, constat = demo_site_constat(tmp_path)
    script = tmp_path / "steps.json"
    script.write_text(json.dumps([{"wait_idle": 10}, {"capture": "viewport"},
                                  {"sleep": 300}]), encoding="utf-8")
    env = {**web_site.env(), "PROBANT_BROWSER_SCRIPT": str(script),
           "PROBANT_LOG_DIR": str(tmp_path / "logs"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    cli = subprocess.Popen([sys.executable, "-m", "app.main", "--home", str(probant.home), "--demo",
                            "--json", "web", "open", "--constat", constat,
                            web_site.base + "/start"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and cli.poll() is None:
            listed = probant("evidence", "list", "--constat", constat, demo=True)
            if listed.code == 0 and any(i["kind"] == "web_viewport" for i in listed.json):
                break
            time.sleep(1)
        browser = [p for p in psutil.Process(cli.pid).children()
                   if "ui.web.browser_main" in " ".join(p.cmdline())]
        assert len(browser) == 1, "the browser window's process was not found"
        os.kill(browser[0].pid, signal.SIGKILL)
        out, err = cli.communicate(timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 1, err[-3000:]
    assert json.loads(out)["error"]["code"] == "web_session_partial"
    items = probant("evidence", "list", "--constat", constat, demo=True).json
    kinds = [i["kind"] for i in items if i["kind"].startswith("web_")]
    assert kinds == ["web_viewport", "web_archive_partial"]
    partial = next(i for i in items if i["kind"] == "web_archive_partial")
    assert partial["metadata"]["records"] >= 4 and partial["metadata"]["partial"] is True
    assert (f"l'archive web reçue jusque-là est enregistrée en annexe {partial['annex']}, "
            f"marquée incomplète : {partial['metadata']['records']} enregistrements WARC"
            ) in err, err[-3000:]
    check = probant("verify", demo=True)
    assert check.code == 0, check.stdout + check.stderr
