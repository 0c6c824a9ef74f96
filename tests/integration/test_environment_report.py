"""Environment report on this Linux machine, with loopback stand-ins for Internet services."""

from __future__ import annotations

import socket
import sys

import pytest

from capture.environment.base import LABELS, EnvironmentConfig
from capture.environment.platforms import PlatformProbes, current
from capture.environment.platforms.linux import LinuxProbes
from capture.environment.report import build_report, probes
from evidence.canonical import canonical_json
from tests.fixtures.ports import junk_ntp_server, refused_url, silent_udp_port


def _offline_config(**changes: object) -> EnvironmentConfig:
    # Ports held by this process for the session: TCP refused, UDP never answered.
    dead = refused_url()
    base = dict(ntp_servers=("127.0.0.1",), ntp_port=silent_udp_port(),
                public_ip_services=(dead, dead), proxy_check_url=dead, timeout_s=1.0)
    base.update(changes)
    return EnvironmentConfig(**base)  # type: ignore[arg-type]


def _black_hole() -> socket.socket:
    """A listening TCP socket that never accepts: a connection opens, no answer ever comes."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


# The report must come back although nothing answers (its own time-outs, 1 s each, end the
# waits); how long it takes on a reference machine is measured by bench/environment_report.py.
# This bound is only a hang guard, far above any machine's time.
@pytest.mark.timeout(120)
def test_every_checklist_point_is_present_and_offline_is_said(monkeypatch) -> None:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    with _black_hole() as silent:
        hole = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        report = build_report("start", _offline_config(public_ip_services=(hole, refused_url()),
                                                       proxy_check_url=hole))
    keys = [c.key for c in report.checks]
    assert keys == [key for key, _, _ in probes(EnvironmentConfig())]
    assert all(c.method for c in report.checks)
    for key in ("public_ip", "transparent_proxy", "clock"):
        assert report.check(key).status == "offline"
    assert report.check("os").value["system"] == "Linux"
    assert report.check("proxy").status == "ok"
    lines = report.summary_lines_fr()
    assert len(lines) == len(report.checks)
    assert any("[non déterminé, hors ligne]" in line for line in lines)
    raw = canonical_json(report.to_canonical())  # no floats anywhere
    assert b'"phase":"start"' in raw


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only: the Linux reader, for real")
def test_the_linux_reader_behind_the_platform_interface_gives_every_point() -> None:
    reader = current()
    assert isinstance(reader, LinuxProbes) and isinstance(reader, PlatformProbes)
    report = build_report("end", _offline_config(), reader=reader)
    assert [c.key for c in report.checks] == list(LABELS)
    assert [c.label_fr for c in report.checks] == list(LABELS.values())
    methods = {c.key: c.method for c in report.checks}
    assert "/etc/os-release" in methods["os"] and "/sys/class/net" in methods["network"]
    assert methods["gateway"].startswith("/proc/net/route")
    for check in report.checks:  # nothing fell through to the report's last-resort handler
        assert "lecture interrompue" not in check.method and check.value != "délai dépassé"


def test_clock_offset_is_measured_and_warned(ntp_server) -> None:
    late = ntp_server(3.0)
    report = build_report("manual", _offline_config(ntp_port=late.port))
    clock = report.check("clock")
    offset = clock.value["127.0.0.1"]["offset_ms"]
    assert 2800 <= offset <= 3200 and clock.status == "warning"
    fine = ntp_server(0.0)
    assert build_report("manual", _offline_config(ntp_port=fine.port)).check(
        "clock").status == "ok"


def test_public_ip_services_agreeing_or_not(http_endpoint) -> None:
    a, b = http_endpoint("203.0.113.7"), http_endpoint("203.0.113.7")
    same = build_report("manual", _offline_config(public_ip_services=(a.url, b.url)))
    assert same.check("public_ip").status == "ok"
    c = http_endpoint("198.51.100.9")
    differ = build_report("manual", _offline_config(public_ip_services=(a.url, c.url)))
    assert differ.check("public_ip").status == "warning"


def test_transparent_proxy_and_configured_proxy_are_warnings(http_endpoint, monkeypatch) -> None:
    via = http_endpoint("ok", {"Via": "1.1 squid-cache"})
    report = build_report("manual", _offline_config(proxy_check_url=via.url))
    assert report.check("transparent_proxy").status == "warning"
    assert "via" in report.check("transparent_proxy").value
    clean = http_endpoint("ok")
    assert build_report("manual", _offline_config(proxy_check_url=clean.url)).check(
        "transparent_proxy").status == "ok"
    monkeypatch.setenv("http_proxy", "http://proxy.example:3128")
    assert build_report("manual", _offline_config()).check("proxy").status == "warning"


@pytest.mark.parametrize("domains", [("localhost",)])
def test_dns_resolution_of_named_domains(domains: tuple[str, ...]) -> None:
    check = build_report("manual", _offline_config(domains_to_resolve=domains)).check(
        "dns_resolution")
    assert check.status == "ok" and "127.0.0.1" in check.value["localhost"]["A"]


def test_cli_env_report_is_stored_as_signed_evidence(probant, tmp_path) -> None:
    import json

    from app.settings import Settings, save_settings

    dead = refused_url()
    save_settings(probant.home, Settings(ntp_servers=(junk_ntp_server(),), public_ip_services=(dead,),
                                         proxy_check_url=dead, network_timeout_s=1))
    assert probant.setup("init", demo=True).code == 0
    constat = probant("constat", "new", "--dossier",
                      probant.setup("dossier", "new", "Env").json["id"]).json["id"]
    run = probant("env-report", "--constat", constat, "--phase", "start")
    assert run.code == 0, run.stderr
    assert run.json["kind"] == "environment" and run.json["metadata"]["phase"] == "start"
    assert "public_ip" in run.json["metadata"]["offline"]
    out = tmp_path / "env.json"
    assert probant("evidence", "export", run.json["id"], "--out", str(out)).code == 0
    assert json.loads(out.read_text())["checks"][0]["key"] == "hardware"
    shown = probant("evidence", "show", run.json["id"]).json
    assert shown["manifest"]["body"]["sha256"] == run.json["sha256"]


def _env_item(probant, item_id: str, tmp_path) -> tuple[dict, dict]:
    """(metadata, report JSON) of an environment report stored in the vault."""
    import json

    out = tmp_path / f"{item_id}.json"
    assert probant("evidence", "export", item_id, "--out", str(out)).code == 0
    shown = probant("evidence", "show", item_id).json
    meta = shown["item"]["metadata"] if "item" in shown else shown["metadata"]
    return meta, {c["key"]: c for c in json.loads(out.read_text())["checks"]}


# A real `probant web capture` session (QtWebEngine offscreen, the local HTTPS site whose CA
# only the private NSS database of the site's HOME trusts): the end report reads it back.
@pytest.mark.timeout(600)
def test_the_end_report_states_the_browser_session_and_resolves_the_visited_hosts(
        probant, web_site, tmp_path) -> None:
    from app.settings import Settings, save_settings

    dead = refused_url()
    save_settings(probant.home, Settings(ntp_servers=(junk_ntp_server(),), public_ip_services=(dead,),
                                         proxy_check_url=dead, network_timeout_s=1))
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Site").json["id"]
    opened = probant("constat", "new", "--dossier", dossier, "--place", "Étude")
    assert opened.code == 0, opened.stderr
    constat = opened.json["id"]
    meta, start = _env_item(probant, opened.json["environment_start"], tmp_path)
    # before any browsing: the engine, and no claim about a profile nobody checked yet
    assert start["browser"]["status"] == "ok" and start["browser"]["value"]["sessions"] == 0
    said = next(x for x in meta["summary_fr"] if x.startswith("Navigateur de capture"))
    assert "vérifiés à chaque session" in said and "cookie" not in said, said
    assert start["dns_resolution"]["value"] == {}

    run = probant("web", "capture", "--constat", constat, web_site.base + "/start",
                  env=web_site.env(), timeout=300)
    assert run.code == 0, run.stderr
    closed = probant("constat", "close", constat)
    assert closed.code == 0, closed.stderr
    meta, end = _env_item(probant, closed.json["environment_end"], tmp_path)
    b = end["browser"]
    assert b["status"] == "ok", b
    assert b["value"]["engine"] == "QtWebEngine" and b["value"]["chromium"].count(".") == 3
    assert b["value"]["window"] == [1280, 800] and b["value"]["checked"]
    assert b["value"]["state"]["cookies_at_start"] == 0 and b["value"]["state"]["off_the_record"]
    assert "Probant/" in b["value"]["user_agent"]  # the fixed, recorded user agent
    said = next(x for x in meta["summary_fr"] if x.startswith("Navigateur de capture"))
    for part in (f"Chromium « {b['value']['chromium']} »", f"« {b['value']['user_agent']} »",
                 "fenêtre de 1280 × 800 pixels", "0 cookie, cache en mémoire vidé au départ"):
        assert part in said, said
    dns = end["dns_resolution"]
    assert dns["status"] == "ok" and list(dns["value"]) == ["localhost"], dns
    assert "127.0.0.1" in dns["value"]["localhost"]["A"]
    assert dns["value"]["localhost"]["resolver"] == end["dns_servers"]["value"]
    said = next(x for x in meta["summary_fr"] if x.startswith("Résolution des domaines"))
    assert "« localhost » → « 127.0.0.1 » (IPv4)" in said, said
    # the PV's rules read the same facts: browser identified, DNS established
    rules = {r["code"]: r for r in probant("pv", "check", "--constat", constat,
                                           "--confirm-pending").json["rules"]}
    assert rules["browser"]["holds"] and rules["dns"]["holds"], (rules["browser"], rules["dns"])
    assert rules["browser_state"]["holds"], rules["browser_state"]


def test_an_end_report_without_browsing_says_absent_and_dns_not_established(
        probant, tmp_path) -> None:
    from tests.fixtures.cli import offline_settings

    offline_settings(probant.home)
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Sans site").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    closed = probant("constat", "close", constat)
    assert closed.code == 0, closed.stderr
    meta, end = _env_item(probant, closed.json["environment_end"], tmp_path)
    assert end["browser"]["status"] == "unknown" and end["browser"]["value"]["engine"] == "absent"
    assert end["dns_resolution"]["status"] == "unknown"
    text = "\n".join(meta["summary_fr"])
    assert "aucune session du navigateur de constatation" in text
    assert "profil" not in next(x for x in meta["summary_fr"] if x.startswith("Navigateur"))
    assert "résolution non établie [non déterminé]" in text
    rules = {r["code"]: r for r in probant("pv", "check", "--constat", constat,
                                           "--confirm-pending").json["rules"]}
    assert not rules["browser"]["holds"] and not rules["dns"]["holds"]
