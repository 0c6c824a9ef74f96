"""The exact bodies replay (issue 16, point 2): the WACZ of a page framing a Latin-1 page and
fetch()ing a gzip-encoded text and a binary body, captured through the real command, replays
offline in replayweb.page with the same text: the Latin-1 bytes read as Latin-1 (the charset
header archived with them), the gzip body served as the identity body it is archived as
(``X-Archive-Orig-Content-Encoding``), the binary body whole. Nothing asks the origin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.output import worker_output_dir
from tests.fixtures.replayweb import StoppableSite, replay
from tests.fixtures.web_server import BINARY, GZIP_TEXT, LATIN1_TEXT


def test_latin1_gzip_and_binary_bodies_replay_offline(
        web_site_to_stop: StoppableSite, replay_server_for: Any, tripwire: Any,
        tmp_path: Path) -> None:
    site = web_site_to_stop.site
    probant, constat = demo_site_constat(tmp_path)
    out = tmp_path / "session.wacz"
    capture_to_wacz(probant, constat, out, site.env(), site.base + "/bodies")

    web_site_to_stop.stop()
    wire = tripwire(int(site.base.rsplit(":", 1)[1]))
    served = replay_server_for(out.read_bytes())
    gz, binary = f"gzip {len(GZIP_TEXT.decode())}", f"binaire {len(BINARY)}"
    result = replay(served.page(site.base + "/bodies"), binary, worker_output_dir("web-replay"),
                    env={**site.env(), "HOME": str(tmp_path / "replay-home")})
    replayed = result.get("replay") or {}
    why = json.dumps({k: result.get(k) for k in ("shown", "seconds", "frames")},
                     ensure_ascii=False) + json.dumps(replayed, ensure_ascii=False)[:1500]
    assert result["shown"], why
    assert gz in replayed["text"] and binary in replayed["text"], why
    assert replayed["frames"] == [LATIN1_TEXT], why
    assert wire.peers == [], f"the stopped origin was contacted: {wire.peers}"
