"""A private X display for the benchmarks that need a screen (Xvfb, its number chosen by
the server itself through ``-displayfd``, so parallel runs never collide)."""

from __future__ import annotations

import os
import subprocess


def start_xvfb(width: int = 1920, height: int = 1080) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb at ``width``x``height``x24 without TCP; returns the process and ``:N``."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                             f"{width}x{height}x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    try:
        while not number.endswith(b"\n"):
            chunk = os.read(read_fd, 16)
            if not chunk:
                proc.kill()
                raise SystemExit("Xvfb did not start")
            number += chunk
    finally:
        os.close(read_fd)
    return proc, f":{number.decode().strip()}"
