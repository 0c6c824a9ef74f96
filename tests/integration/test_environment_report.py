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
from tests.fixtures.ports import refused_url, silent_udp_port


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
    assert len(lines) == len(report.checks) and any("[hors ligne]" in line for line in lines)
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
    assert check.status == "ok" and "127.0.0.1" in check.value["localhost"]


def test_cli_env_report_is_stored_as_signed_evidence(probant, tmp_path) -> None:
    import json

    from app.settings import Settings, save_settings

    dead = refused_url()
    save_settings(probant.home, Settings(ntp_servers=("127.0.0.1",), public_ip_services=(dead,),
                                         proxy_check_url=dead, network_timeout_s=1))
    assert probant("init", demo=True).code == 0
    constat = probant("constat", "new", "--dossier",
                      probant("dossier", "new", "Env").json["id"]).json["id"]
    run = probant("env-report", "--constat", constat, "--phase", "start")
    assert run.code == 0, run.stderr
    assert run.json["kind"] == "environment" and run.json["metadata"]["phase"] == "start"
    assert "public_ip" in run.json["metadata"]["offline"]
    out = tmp_path / "env.json"
    assert probant("evidence", "export", run.json["id"], "--out", str(out)).code == 0
    assert json.loads(out.read_text())["checks"][0]["key"] == "hardware"
    shown = probant("evidence", "show", run.json["id"]).json
    assert shown["manifest"]["body"]["sha256"] == run.json["sha256"]
