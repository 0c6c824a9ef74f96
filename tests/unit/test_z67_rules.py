"""D3 point 5: each NF Z67-147 point is a rule, and for each rule one case where it blocks
and one where it passes (signing/pv/z67.evaluate and screens_rule, on reports shaped as the
environment report stores them). The CLI tests (tests/integration/test_pv_rules.py) show
the same rules through ``pv check``/``pv sign`` and the reservations that lift them."""

from __future__ import annotations

from typing import Any

import pytest

from signing.pv.z67 import POINTS, Report, TsaSkew, evaluate, screens_rule

OK: dict[str, dict[str, Any]] = {
    "hardware": {"status": "ok", "value": {"make": "LENOVO", "model": "20XW", "serial": "PF2"}},
    "security": {"status": "ok", "value": {"antivirus": "actif"}},
    "public_ip": {"status": "ok", "value": "203.0.113.7"},
    "clock": {"status": "ok", "value": {"127.0.0.1": 12}},
    "proxy": {"status": "ok", "value": {}},
    "transparent_proxy": {"status": "ok", "value": {}},
    "browser": {"status": "ok", "value": {"engine": "QtWebEngine", "sessions": 1}},
    "dns_resolution": {"status": "ok", "value": {"localhost": {"A": ["127.0.0.1"]}}},
    "screens": {"status": "ok", "value": ["1920x1080"]},
}
CLEAN_SESSION = {"off_the_record": True, "cookies_at_start": 0}


def _reports(**changed: dict[str, Any] | None) -> list[Report]:
    checks = {k: v for k, v in {**OK, **changed}.items() if v is not None}
    return [Report("start", "1", checks), Report("end", "9", OK)]


def _outcome(code: str, reports: list[Report], sessions: list[dict[str, Any]] | None = None
             ) -> tuple[bool, str]:
    out = next(o for o in evaluate(reports, [CLEAN_SESSION] if sessions is None else sessions)
               if o.code == code)
    return out.ok, out.message_fr


def test_every_point_of_the_norm_is_a_rule() -> None:
    assert [p.code for p in POINTS] == ["hardware", "antivirus", "public_ip", "clock", "proxy",
                                        "dns", "browser", "browser_state"]
    assert all(o.ok for o in evaluate(_reports(), [CLEAN_SESSION]))


# (point, the report's check that fails it, how it fails)
BLOCKING = [
    ("hardware", "hardware", {"status": "unknown", "value": {}, "note": "dmidecode refusé"}),
    ("hardware", "hardware", None),  # absent from a report: never a pass
    ("antivirus", "security", {"status": "warning", "value": {"antivirus": "désactivé"}}),
    ("public_ip", "public_ip", {"status": "offline", "value": ""}),
    ("public_ip", "public_ip", {"status": "warning", "value": "deux adresses différentes"}),
    ("clock", "clock", {"status": "warning", "value": {"127.0.0.1": 4200}}),
    ("proxy", "proxy", {"status": "warning", "value": {"HTTPS_PROXY": "http://10.0.0.1:3128"}}),
    ("proxy", "transparent_proxy", {"status": "warning", "value": {"via": "squid"}}),
    ("dns", "dns_resolution", {"status": "warning", "value": {"example.com": "injoignable"}}),
    ("browser", "browser", {"status": "unknown", "value": {"engine": "absent"}}),
]


@pytest.mark.parametrize(("code", "key", "check"), BLOCKING,
                         ids=[f"{c}-{k}-{(v or {}).get('status', 'absent')}"
                              for c, k, v in BLOCKING])
def test_a_point_not_established_blocks(code: str, key: str, check: dict | None) -> None:  # type: ignore[type-arg]
    ok, message = _outcome(code, _reports(**{key: check}))
    assert not ok and "Réserve requise pour signer" in message, message
    # the other points still hold: only this rule blocks
    assert [o.code for o in evaluate(_reports(**{key: check}), [CLEAN_SESSION])
            if not o.ok] == [code]


@pytest.mark.parametrize("code", [p.code for p in POINTS])
def test_a_point_established_passes(code: str) -> None:
    ok, message = _outcome(code, _reports())
    assert ok and "Réserve requise" not in message, message


def test_dns_blocks_when_no_report_resolved_the_visited_domains() -> None:
    unresolved = {"status": "unknown", "value": {}}
    nothing = [Report("start", "1", {**OK, "dns_resolution": unresolved}),
               Report("end", "9", {**OK, "dns_resolution": unresolved})]
    ok, message = _outcome("dns", nothing)
    assert not ok and "aucun relevé n'a résolu les domaines visités" in message, message
    # resolved by the end report only (the start one is taken before browsing): established
    assert _outcome("dns", _reports(dns_resolution=unresolved))[0]


def test_browser_state_blocks_without_a_clean_session_and_passes_with_one() -> None:
    assert not _outcome("browser_state", _reports(), [])[0]  # no session: not established
    ok, message = _outcome("browser_state", _reports(),
                           [CLEAN_SESSION, {"off_the_record": True, "cookies_at_start": 3}])
    assert not ok and "non vierge" in message
    assert _outcome("browser_state", _reports(), [CLEAN_SESSION, CLEAN_SESSION])[0]


def test_the_clock_by_the_tsa_passes_within_the_limit_and_blocks_beyond() -> None:
    offline = _reports(clock={"status": "offline", "value": {}})
    [clock] = [o for o in evaluate(offline, [CLEAN_SESSION], [TsaSkew("2", "TSA", 80, 40)])
               if o.code == "clock"]
    assert clock.ok
    [clock] = [o for o in evaluate(offline, [CLEAN_SESSION], [TsaSkew("2", "TSA", 5000, 40)])
               if o.code == "clock"]
    assert not clock.ok and "au-delà du seuil" in clock.message_fr


def test_screens_rule_blocks_when_the_start_saw_none_and_passes_otherwise() -> None:
    none_seen = [Report("start", "1", {"screens": {"status": "ok", "value": []}})]
    blocked = screens_rule(none_seen, ["2", "3"])
    assert not blocked.ok and "« Écrans : aucun »" in blocked.message_fr
    assert blocked.subjects == ("2", "3")
    assert screens_rule(none_seen, []).ok  # no screen capture: nothing contradicts it
    assert screens_rule(_reports(), ["2"]).ok
