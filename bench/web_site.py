"""The local HTTPS site of bench/web.py: a heavy page (200 sub-resources, 20 MB) and a small
shop for the long session, on 127.0.0.1 with the tests' own CA trusted in a temporary
NSS database; served by the bench's own process, so its work weighs on both sides alike."""

from __future__ import annotations

import io
import json
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BODY = 100 * 1024
N_IMG, N_JS, N_CSS = 120, 40, 40


# -- the site -------------------------------------------------------------------------
def _heavy_routes() -> dict[str, tuple[str, bytes]]:
    """200 sub-resources of 100 KiB (noise PNGs, padded scripts and style sheets)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(16)
    routes: dict[str, tuple[str, bytes]] = {}
    side = int((BODY / 3) ** 0.5)
    for i in range(N_IMG):
        out = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (side, side, 3), dtype=np.uint8)).save(
            out, "PNG", compress_level=0)
        routes[f"/h/img/{i}.png"] = ("image/png", out.getvalue())
    filler = rng.integers(97, 123, BODY, dtype=np.uint8).tobytes()
    for i in range(N_JS):
        head = f"window.__n=(window.__n||0)+1;var v{i}='".encode()
        routes[f"/h/js/{i}.js"] = ("application/javascript",
                                   head + filler[:BODY - len(head) - 2] + b"';")
    for i in range(N_CSS):
        head = f".r{i}{{color:#{i:03x}}}/*".encode()
        routes[f"/h/css/{i}.css"] = ("text/css", head + filler[:BODY - len(head) - 2] + b"*/")
    page = ["<!doctype html><html><head><meta charset='utf-8'><title>Catalogue lourd</title>",
            "<link rel='icon' href='data:,'>"]
    page += [f"<link rel='stylesheet' href='/h/css/{i}.css'>" for i in range(N_CSS)]
    page += ["</head><body><h1>Catalogue</h1>"]
    page += [f"<img src='/h/img/{i}.png' width='48' height='48'>" for i in range(N_IMG)]
    page += [f"<script src='/h/js/{i}.js'></script>" for i in range(N_JS)]
    page += ["</body></html>"]
    routes["/h/page"] = ("text/html; charset=utf-8", "\n".join(page).encode())
    return routes


def _shop_routes(pages: int = 6) -> dict[str, tuple[str, bytes]]:
    """A small shop: each page has text, two small images, a fetch() and DOM work by script,
    and a link to the next page (the long session clicks it)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    routes: dict[str, tuple[str, bytes]] = {}
    for i in range(pages):
        for k in range(2):
            out = io.BytesIO()
            Image.fromarray(rng.integers(0, 255, (30, 40, 3), dtype=np.uint8)).save(out, "PNG")
            routes[f"/s/img/{i}-{k}.png"] = ("image/png", out.getvalue())
        routes[f"/s/data/{i}.json"] = ("application/json",
                                       json.dumps({"price": f"{10 + i},99 €"}).encode())
        body = f"""<!doctype html><html><head><meta charset="utf-8"><title>Article {i}</title>
<link rel="icon" href="data:,"></head><body><h1>Article {i}</h1>
<img src="/s/img/{i}-0.png"> <img src="/s/img/{i}-1.png">
<p id="price">…</p><ul id="list"></ul>
<a id="next" href="/s/{(i + 1) % pages}">suivant</a>
<script>
fetch('/s/data/{i}.json').then(r => r.json()).then(d => {{
  document.getElementById('price').textContent = d.price; }});
const ul = document.getElementById('list');
for (let n = 0; n < 300; n++) {{ const li = document.createElement('li');
  li.textContent = 'ligne ' + n; ul.appendChild(li); }}
</script></body></html>"""
        routes[f"/s/{i}"] = ("text/html; charset=utf-8", body.encode())
    return routes


class Site:
    """HTTPS on 127.0.0.1 with the tests' own CA trusted in a temporary HOME's NSS database."""

    def __init__(self, folder: Path) -> None:
        from tests.fixtures.web_server import _certificates, trust_in_nss

        self.routes = {**_heavy_routes(), **_shop_routes()}
        self.sent = 0  # body bytes written
        self.lock = threading.Lock()
        ca, cert, key, _leaf = _certificates(folder)
        self.home = folder / "browser-home"
        trust_in_nss(self.home, ca)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.set_alpn_protocols(["http/1.1"])
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                mime, body = site.routes.get(self.path.split("?")[0],
                                             ("text/plain", b"not found"))
                self.send_response(200 if body != b"not found" else 404)
                for name, value in (("Content-Type", mime), ("Content-Length", str(len(body))),
                                    ("Cache-Control", "no-store")):
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
                with site.lock:
                    site.sent += len(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.base = f"https://localhost:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def heavy_bytes(self) -> int:
        return sum(len(b) for p, (_m, b) in self.routes.items() if p.startswith("/h/"))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PROBANT_", "QTWEBENGINE_")) and "proxy" not in k.lower()}
        # --no-sandbox: a bench and test switch only (root here), never the users'.
        env.update(HOME=str(self.home), QT_QPA_PLATFORM="offscreen",
                   QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox", PYTHONPATH=str(ROOT),
                   XDG_CONFIG_HOME=str(self.home / ".config"),
                   XDG_CACHE_HOME=str(self.home / ".cache"))
        return env

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
