"""``probant web capture`` with a proxy in the workstation's environment: refused (exit 2, a
precise message) unless ``--accept-proxy``, which is recorded; the browser goes direct anyway.
Real CLI, real QtWebEngine offscreen, the local HTTPS site."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.cli import demo_site_constat
from tests.fixtures.web_server import WebSite


def test_web_capture_refuses_an_unacknowledged_proxy(web_site: WebSite, tmp_path: Path) -> None:
    probant, constat = demo_site_constat(tmp_path)
    env = {**web_site.env(), "HTTPS_PROXY": "http://127.0.0.1:9"}  # dead: a used proxy fails

    refused = probant("web", "capture", "--constat", constat, web_site.base + "/page",
                      demo=True, env=env)
    assert refused.code == 2, refused.stderr
    assert refused.json["error"]["code"] == "web_proxy_present"
    assert "Un proxy est configuré sur ce poste (HTTPS_PROXY=http://127.0.0.1:9)" in (
        refused.stderr)
    assert "--accept-proxy" in refused.stderr
    assert not web_site.log  # no browser was started, nothing requested
    listed = probant("evidence", "list", "--constat", constat, demo=True)
    assert not [i for i in listed.json if str(i["kind"]).startswith("web_")], listed.json

    run = probant("web", "capture", "--constat", constat, "--accept-proxy",
                  web_site.base + "/page", demo=True, env=env)
    assert run.code == 0, run.stderr[-3000:]
    log_id = next(i["id"] for i in run.json["items"] if i["kind"] == "web_log")
    out = tmp_path / "log.json"
    assert probant("evidence", "export", log_id, "--out", str(out), demo=True).code == 0
    facts = json.loads(out.read_bytes())["session"]
    assert facts["proxies_in_environment"]["HTTPS_PROXY"] == "http://127.0.0.1:9"
    assert facts["proxy_acknowledged"] is True
    assert facts["proxy_acknowledged_by"] == "--accept-proxy" and facts["proxy_acknowledged_at"]
    assert [s.path for s in web_site.log][:1] == ["/page"]  # direct, not through the proxy
