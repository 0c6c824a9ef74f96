"""The WACZ of ``probant web capture`` replays offline in replayweb.page (issue 16, point 2).

A real capture of the local HTTPS test site through the real command; then the site is
stopped and a listener put on its port records any connection; replayweb.page (the npm
package, pinned) is served from 127.0.0.1 with the exported WACZ and loaded in
QtWebEngine offscreen. The replayed page must show the site's text, the text its script
inserted from a fetch() of JSON, both images decoded with their colours, and its iframe;
and nothing may have asked the origin for anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.output import worker_output_dir
from tests.fixtures.replayweb import StoppableSite, replay
from tests.fixtures.web_server import SCRIPT_TEXT

COLOURS = {"a": (200, 30, 30), "b": (30, 30, 200)}  # tests/fixtures/web_server.py's PNGs


def _captured_wacz(site: StoppableSite, tmp_path: Path) -> tuple[bytes, dict[str, Any]]:
    probant, constat = demo_site_constat(tmp_path)
    out = tmp_path / "session.wacz"
    run = capture_to_wacz(probant, constat, out, site.site.env(), site.site.base + "/start")
    return out.read_bytes(), run.json


def _explain(result: dict[str, Any]) -> str:
    """What to read when the replay is not what was expected."""
    shown = {k: result.get(k) for k in ("shown", "seconds", "exit", "viewer_error", "ui_text")}
    return (json.dumps(shown, ensure_ascii=False) + "\nframes: "
            + json.dumps(result.get("frames"), ensure_ascii=False)
            + "\nreplayed: " + json.dumps(result.get("replay"), ensure_ascii=False)[:1500]
            + "\nconsole:\n" + "\n".join(result.get("console", [])[-15:]))


def test_the_captured_wacz_replays_offline_in_replayweb_page(
        web_site_to_stop: StoppableSite, replay_server_for: Any, tripwire: Any,
        tmp_path: Path) -> None:
    site = web_site_to_stop.site
    wacz, captured = _captured_wacz(web_site_to_stop, tmp_path)
    assert captured["items"][0]["kind"] == "web_archive"
    assert any(s.path == "/data.json" for s in site.log)  # the live page did fetch its JSON

    # Offline: the origin is gone, and whatever knocks on its port is written down.
    web_site_to_stop.stop()
    port = int(site.base.rsplit(":", 1)[1])
    wire = tripwire(port)
    served = replay_server_for(wacz)
    page_url = site.base + "/page"
    out_dir = worker_output_dir("web-replay")
    result = replay(served.page(page_url), SCRIPT_TEXT, out_dir,
                    env={**site.env(), "HOME": str(tmp_path / "replay-home")})
    why = _explain(result)

    assert result["shown"], f"replayweb.page did not show the archived page in time\n{why}"
    replayed = result["replay"]
    assert replayed["src"].endswith("/mp_/" + page_url), why
    text = replayed["text"]
    assert "Catalogue" in text and SCRIPT_TEXT in text and "pending" not in text, why
    images = {i["id"]: i for i in replayed["images"]}
    assert set(images) == set(COLOURS), why
    for name, rgb in COLOURS.items():
        img = images[name]
        assert (img["complete"], img["width"], img["height"]) == (True, 40, 30), why
        assert isinstance(img["rgb"], list), f"image {name} unreadable: {img['rgb']}"
        assert all(abs(got - want) <= 3 for got, want in zip(img["rgb"], rgb, strict=True)), \
            f"image {name}: {img['rgb']} is not {rgb}"
    assert replayed["frames"] == ["Cadre"], why

    # Everything came from the WACZ through replayweb.page: the browser's only network
    # peer was the loopback server of the viewer, which read the archive by ranges.
    assert wire.peers == [], f"the stopped origin was contacted: {wire.peers}"
    foreign = [u for u in result["requests"] if not u.startswith(served.base + "/")]
    assert foreign == [], f"requests outside the replay server: {foreign}"
    paths = {s.path for s in served.log}
    assert "/archive/session.wacz" in paths and {"/replay/ui.js", "/replay/sw.js"} <= paths
    assert paths <= {"/", "/replay/", "/replay/ui.js", "/replay/sw.js", "/archive/session.wacz"}, \
        paths
    assert (out_dir / "replay.png").stat().st_size > 0
