"""Environment report time when no Internet service answers (the goal the test suite used to
check with a wall clock: tests/integration/test_environment_report.py).

Usage: .venv/bin/python -m bench.environment_report [--runs 5] [--timeout 1.0]

Every network point is pointed at loopback: HTTP services at a port that refuses
connections and at one that accepts and never answers, NTP at a UDP port that never
answers. The report's probes run in parallel, each bounded by the configured time-out,
so the whole report should take about one time-out plus the local reads.
Goal: every run <= 15 s with a 1 s time-out.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from capture.environment.base import EnvironmentConfig  # noqa: E402
from capture.environment.report import build_report  # noqa: E402

GOAL_S = 15.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    refused, silent_tcp, silent_udp = (socket.socket(), socket.socket(),
                                       socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    for sock in (refused, silent_tcp, silent_udp):
        sock.bind(("127.0.0.1", 0))
    silent_tcp.listen(16)
    dead = f"http://127.0.0.1:{refused.getsockname()[1]}/"
    hole = f"http://127.0.0.1:{silent_tcp.getsockname()[1]}/"
    config = EnvironmentConfig(ntp_servers=("127.0.0.1",), ntp_port=silent_udp.getsockname()[1],
                               public_ip_services=(dead, hole), proxy_check_url=hole,
                               timeout_s=args.timeout)
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        report = build_report("manual", config)
        times.append(time.perf_counter() - started)
        offline = [c.key for c in report.checks if c.status == "offline"]
        assert {"public_ip", "transparent_proxy", "clock"} <= set(offline), offline
    worst = max(times)
    print(f"environment report, nothing answering (time-out {args.timeout:g} s), {args.runs} runs:"
          f" median {statistics.median(times):.2f} s, worst {worst:.2f} s"
          f" (goal <= {GOAL_S:g} s: {'met' if worst <= GOAL_S else 'NOT met'})")


if __name__ == "__main__":
    main()
