"""What the recording browser takes from the page as it is now, by kind: the visible
viewport, the full page (Chromium's full-page capture), the HTML received and the DOM
after scripts, a print to PDF, MHTML. Each a ``Capture`` naming the page's address, title
and time (and the consent banners it showed); the window sends them to the parent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from capture.web.model import Capture, Recording
from capture.web.package import source_capture
from capture.web.wacz import Page
from ui.web.session import cdp_result, full_page_png, page_pdf, run_js, viewport_png


@dataclass(frozen=True)
class PageNow:
    """The page when the capture was asked, and where the captures go through."""

    app: Any
    conn: Any  # the CDP connection
    cdp: str  # the page's session id
    page: Any  # QWebEnginePage
    view: Any  # QWebEngineView
    url: str  # passwords masked
    title: str
    time: str
    number: int  # the window's capture count: names the files
    seen: tuple[tuple[str, str], ...]  # consent banners on the page, as details


def take(kind: str, now: PageNow, recording: Recording) -> list[Capture]:
    def cap(k: str, mime: str, ext: str, data: bytes, **details: int | str) -> Capture:
        return Capture(k, mime, f"{k}-{now.number}.{ext}", data, now.url, now.title, now.time,
                       tuple(details.items()) + now.seen)

    app, page = now.app, now.page
    if kind == "viewport":
        return [cap("web_viewport", "image/png", "png", viewport_png(app, now.conn, now.cdp),
                    viewport_width=now.view.width(), viewport_height=now.view.height())]
    if kind == "fullpage":
        data, width, height = full_page_png(app, now.conn, now.cdp, page)
        return [cap("web_fullpage", "image/png", "png", data, scroll_height=height,
                    scroll_width=width)]
    if kind == "source":
        out: list[Capture] = []
        source = source_capture(recording, Page(now.url, now.time, now.title),
                                f"web_source-{now.number}.html")
        if source is not None:
            out.append(source)
        dom = str(run_js(app, page, "document.documentElement.outerHTML"))
        return [*out, cap("web_dom", "text/html", "html", dom.encode())]
    if kind == "pdf":
        data = page_pdf(app, page)
        return [cap("web_pdf", "application/pdf", "pdf", data)] if data else []
    if kind == "mhtml":  # through CDP, in memory: QWebEnginePage.save writes a file
        snap = cdp_result(app, now.conn.call("Page.captureSnapshot", {"format": "mhtml"},
                                             now.cdp), 60)
        return [cap("web_mhtml", "multipart/related", "mhtml", str(snap["data"]).encode())]
    return []
