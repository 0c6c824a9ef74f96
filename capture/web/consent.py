"""Cookie consent banners seen by the recording browser, recorded as seen (nothing clicked).

Modest on purpose: a banner is "detected" when one of the selectors below, of the
consent platforms (CMPs) most met on French and European sites, matches an
element that is displayed (not ``display: none`` nor ``visibility: hidden``,
with a non-empty box) at the moment of the check. A banner drawn by an unknown
platform is not detected; a detection says which selector matched, nothing
about what the officer or the site chose. The list is documented in
docs/web-capture.md; the check runs in Qt's application world (ui/web), which
the page's scripts cannot see.
"""

from __future__ import annotations

import json
from typing import Any

# (platform, CSS selector): the banner's or dialog's own container, as each platform ships it.
SELECTORS: tuple[tuple[str, str], ...] = (
    ("OneTrust", "#onetrust-banner-sdk"),
    ("OneTrust", "#onetrust-pc-sdk"),
    ("Didomi", "#didomi-popup"),
    ("Didomi", "#didomi-notice"),
    ("Axeptio", "#axeptio_overlay .axeptio_widget"),
    ("Axeptio", "#axeptio_main_button"),
    ("tarteaucitron", "#tarteaucitronAlertBig"),
    ("tarteaucitron", "#tarteaucitron"),
    ("Cookiebot", "#CybotCookiebotDialog"),
    ("Quantcast Choice", "#qc-cmp2-ui"),
    ("TrustArc", "#truste-consent-track"),
    ("TrustArc", ".truste_box_overlay"),
    ("Usercentrics", "#usercentrics-root"),
    ("Usercentrics", "#usercentrics-cmp-ui"),
    ("Sourcepoint", "[id^='sp_message_container']"),
    ("CookieYes", ".cky-consent-container"),
    ("Complianz", "#cmplz-cookiebanner-container .cmplz-cookiebanner"),
    ("iubenda", "#iubenda-cs-banner"),
    ("Osano", ".osano-cm-dialog"),
    ("Sirdata", "#sd-cmp"),
    ("CookieFirst", ".cookiefirst-root"),
    ("Borlabs Cookie", "#BorlabsCookieBox"),
    ("Cookie Notice", "#cookie-notice"),
    ("Klaro", ".klaro .cookie-notice"),
    ("Google Funding Choices", ".fc-consent-root"),
    ("générique", "[role='dialog'][aria-label*='cookie' i]"),
    ("générique", "[role='dialog'][aria-label*='consent' i]"),
    ("générique", "[id*='cookie-banner' i]"),
    ("générique", "[class*='cookie-banner' i]"),
    ("générique", "[id*='consent-banner' i]"),
)


def detection_script() -> str:
    """JavaScript returning the visible matches, as a JSON string (an expression)."""
    return """(function (list) {
  var found = [];
  list.forEach(function (entry) {
    var nodes;
    try { nodes = document.querySelectorAll(entry[1]); } catch (e) { return; }
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i], style = getComputedStyle(el), box = el.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || box.width < 1
          || box.height < 1) continue;
      found.push({platform: entry[0], selector: entry[1],
                  text: (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 200)});
      break;
    }
  });
  return JSON.stringify(found);
})(%s)""" % json.dumps([list(s) for s in SELECTORS])  # noqa: UP031 - JS braces


def parse_detection(result: Any) -> list[dict[str, str]]:
    """The script's answer, one entry per platform (its first visible match)."""
    try:
        found = json.loads(str(result)) if result else []
    except ValueError:
        return []
    seen: dict[str, dict[str, str]] = {}
    for entry in found if isinstance(found, list) else []:
        if isinstance(entry, dict) and str(entry.get("platform")) not in seen:
            seen[str(entry["platform"])] = {k: str(entry.get(k, ""))
                                            for k in ("platform", "selector", "text")}
    return list(seen.values())


def summary(found: list[dict[str, str]]) -> str:
    """« OneTrust, Didomi » for a capture's manifest; "" when none."""
    return ", ".join(f["platform"] for f in found)
