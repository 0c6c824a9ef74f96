"""The installed program, not the source tree (issue I): the Debian package built by
``installer/build-linux.sh`` is unpacked into an empty root (``dpkg -x``) and run from there,
with no Python on PATH, no source tree in reach, in a temporary home:

``--version``, a demo vault, a screenshot on a real X server (Xvfb), a constat signed as a
PAdES PV with the test PKI's certificate and TSA (certomancer), a bundle exported and
verified by the program itself, and the main window on the X server, looked at.

Marked ``frozen``: the suite's default run leaves these out (``-m "not frozen"`` in
pyproject.toml); ``.ci/run`` builds the package and runs them as a step of its own.
PROBANT_DEB may name the package to test; else the newest ``build/probant_*.deb``."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import mss
import pytest
from PIL import Image

from evidence.software import VERSION
from tests.fixtures.cli import ROOT, Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.web_server import WebSite
from tests.fixtures.xvfb import XDisplay
from tests.integration.test_pv import P12_ENV, complete

pytestmark = pytest.mark.frozen
OUT = worker_output_dir("frozen")


@dataclass(frozen=True)
class Installed:
    root: Path  # where the package was unpacked (``dpkg -x``)
    program: Path  # root/opt/probant/probant
    path: str  # a PATH without any Python interpreter
    size_mb: float
    packaged: bool  # unpacked from the .deb (else a bundle folder)


def _deb() -> Path:
    named = os.environ.get("PROBANT_DEB")
    if named:
        return Path(named)
    built = sorted((ROOT / "build").glob("probant_*.deb"), key=lambda p: p.stat().st_mtime)
    if not built:
        pytest.fail("no package to test: run `bash installer/build-linux.sh` first "
                    "(or set PROBANT_DEB)")
    return built[-1]


def _path_without_python(folder: Path) -> str:
    """A bin folder with every tool of /usr/bin and /bin but Python: the program must not
    find an interpreter, as on a commissaire's workstation."""
    folder.mkdir()
    for source in (Path("/usr/bin"), Path("/bin")):
        for tool in source.iterdir():
            name = tool.name
            if name.startswith(("python", "pip", "pydoc")) or (folder / name).exists():
                continue
            (folder / name).symlink_to(tool)
    return str(folder)


def _bundle(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Installed:
    """A bundle given by PROBANT_BUNDLE (the Windows and macOS jobs of the build workflow):
    copied out of the source tree first."""
    copy = tmp_path_factory.mktemp("installed-root") / "probant"
    shutil.copytree(folder, copy, symlinks=True)
    name = "probant.exe" if sys.platform == "win32" else "probant"
    size = sum(f.lstat().st_size for f in copy.rglob("*") if f.is_file() and not f.is_symlink())
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if p and not list(Path(p).glob("python*")))
    return Installed(copy, copy / name, path, size / 2**20, packaged=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    if os.environ.get("PROBANT_BUNDLE"):
        yield _bundle(tmp_path_factory, Path(os.environ["PROBANT_BUNDLE"]))
        return
    deb = _deb()
    root = tmp_path_factory.mktemp("installed-root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=600)
    program = root / "opt" / "probant" / "probant"
    assert program.is_file(), f"{deb.name} has no /opt/probant/probant"
    size = sum(f.lstat().st_size for f in (root / "opt" / "probant").rglob("*")
               if f.is_file() and not f.is_symlink())
    bin_dir = tmp_path_factory.mktemp("bin") / "bin"
    yield Installed(root, program, _path_without_python(bin_dir), size / 2**20, packaged=True)


def _probant(installed: Installed, home: Path) -> Probant:
    env = {"PATH": installed.path, "PYTHONPATH": "", "PYTHONHOME": "", "VIRTUAL_ENV": ""}
    return Probant(home, env=env, program=(str(installed.program),), cwd=home.parent)


def test_package_layout_and_version(installed: Installed) -> None:
    root = installed.root
    if not installed.packaged:
        _check_version(installed)
        return
    assert os.readlink(root / "usr" / "bin" / "probant") == "/opt/probant/probant"
    desktop = (root / "usr/share/applications/probant.desktop").read_text()
    assert "Exec=/usr/bin/probant" in desktop and "Icon=probant" in desktop
    assert (root / "usr/lib/udev/rules.d/70-probant-fido.rules").is_file()
    assert not list(root.rglob("_pytest")) and not list(root.rglob("certomancer")), \
        "test tooling was bundled"
    _check_version(installed)


def _check_version(installed: Installed) -> None:
    run = subprocess.run([str(installed.program), "--version"], capture_output=True, text=True,
                         env={"PATH": installed.path}, cwd=installed.root, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"probant {VERSION} (commit "), run.stdout
    print(f"installed bundle: {installed.size_mb:.0f} MB")


def _misaligned_segments(path: Path) -> list[str]:
    """The loadable segments of an ELF file whose address and file offset differ modulo
    their alignment: the loader refuses such a library ("ELF load command address/offset
    not page-aligned"), as it did numpy's OpenBLAS once stripped (installer/probant.spec)."""
    data = path.read_bytes()[:1 << 16]
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:  # 64-bit little-endian only
        return []
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    bad = []
    for i in range(phnum):
        kind, _, offset, address = struct.unpack_from("<IIQQ", data, phoff + i * phentsize)
        alignment, = struct.unpack_from("<Q", data, phoff + i * phentsize + 48)
        if kind == 1 and alignment > 1 and (address - offset) % alignment:  # PT_LOAD
            bad.append(f"segment {i}: offset {offset:#x}, address {address:#x}")
    return bad


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries (Linux)")
def test_every_library_of_the_bundle_can_be_loaded(installed: Installed) -> None:
    """Each shared library the bundle holds, not only those the other tests happen to load:
    its segments where the loader accepts them, and each link leading to a file."""
    folder = installed.program.parent
    libraries = [p for p in folder.rglob("*.so*") if p.is_file()]
    assert len(libraries) > 100, libraries
    misaligned = {str(p.relative_to(folder)): bad for p in libraries
                  if not p.is_symlink() and (bad := _misaligned_segments(p))}
    assert not misaligned, misaligned
    dangling = [str(p.relative_to(folder)) for p in folder.rglob("*")
                if p.is_symlink() and not p.exists()]
    assert not dangling, dangling


@pytest.fixture
def screen(request: pytest.FixtureRequest) -> dict[str, str]:
    """Where the screenshot is taken: Xvfb on Linux; the runner's own desktop elsewhere."""
    if sys.platform.startswith("linux"):
        display: XDisplay = request.getfixturevalue("xvfb")
        return {"DISPLAY": display.display}
    return {}


def test_a_constat_from_capture_to_verified_bundle(installed: Installed, pki_live,
                                                  screen: dict[str, str], web_site: WebSite,
                                                  tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = _probant(installed, home)
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Constater l'écran",
                      "--place", "Poste de travail de l'étude, Paris").json["id"]
    assert probant("tsa", "add", pki_live.tsa_url, "--trust",
                   str(pki_live.ca_bundle_pem)).code == 0
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env=screen)
    assert shot.code == 0, shot.stderr
    # The recording browser from the bundle: QtWebEngine and its helper process, the
    # DevTools recording, the signed WACZ (HOME holds the NSS database trusting the site).
    browser_env = {k: v for k, v in web_site.env().items()
                   if k in ("HOME", "QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS",
                            "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    web = probant("web", "capture", "--constat", constat, f"{web_site.base}/page",
                  "--full-page", env=browser_env)
    assert web.code == 0, web.stdout + web.stderr
    kinds = {item["kind"] for item in web.json["items"]}
    assert {"web_archive", "web_log"} <= kinds, kinds
    assert probant("constat", "close", constat).code == 0
    assert probant("timestamp", "flush").code == 0
    complete(probant, constat)
    signer = probant("signer", "add", "--pkcs12", str(pki_live.p12("signer")), "--trust",
                     str(pki_live.ca_bundle_pem), env=P12_ENV)
    assert signer.code == 0, signer.stderr
    signed = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert signed.code == 0, signed.stderr
    bundle = tmp_path / "bundle.zip"
    export = probant("export", "--constat", constat, "--out", str(bundle))
    assert export.code == 0, export.stderr
    verified = _probant(installed, tmp_path / "empty-home")("verify", str(bundle), "--trust",
                                                           str(pki_live.ca_bundle_pem))
    assert verified.code == 0, verified.stdout + verified.stderr


def test_camera_and_screen_video_from_the_bundle(installed: Installed, camera_file: Path,
                                               screen: dict[str, str],
                                               tmp_path: Path) -> None:
    """The bundle's two FFmpegs and OpenCV at work (what stripping the libraries or leaving
    a duplicate out could break): a simulated camera's H.264 file decoded by OpenCV's video
    backend, a photo encoded by OpenCV, its video and a screen recording encoded by PyAV,
    the segments then decoded here."""
    home = tmp_path / "home"
    offline_settings(home)
    probant = _probant(installed, home)
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant("dossier", "new", "Caméra").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    photo = probant("capture", "webcam", "photo", "--constat", constat, "--device",
                    str(camera_file))
    assert photo.code == 0, photo.stderr
    assert photo.json["simulated"] and photo.json["metadata"]["exif"]["image_unique_id"]
    video = probant("capture", "webcam", "video", "--constat", constat, "--device",
                    str(camera_file), "--duration", "3")
    assert video.code == 0, video.stderr
    assert video.json["playlist"]["frames"] == 75
    record = probant("capture", "record", "--constat", constat, "--duration", "2", "--fps",
                     "10", "--region", "0,0,320,240", env=screen)
    assert record.code == 0, record.stderr
    frames = 0
    for item in probant("evidence", "list", "--constat", constat).json:
        if item["kind"] != "video_segment":
            continue
        out = tmp_path / f"{item['id']}.mp4"
        assert probant("evidence", "export", item["id"], "--out", str(out)).code == 0
        with av.open(str(out)) as container:
            frames += sum(1 for _ in container.decode(video=0))
    assert frames >= 75 + 10, frames  # the camera's 75 and the screen's 2 s at 10 fps


def _window_shown(display: str, path: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # xdotool is the test's tool: found on the test's PATH (a bundle's PATH may lack /usr/bin).
        found = subprocess.run([shutil.which("xdotool") or "xdotool", "search", "--onlyvisible",
                                "--name", "Probant"],
                               env={"DISPLAY": display, "PATH": path}, capture_output=True,
                               text=True)
        if found.returncode == 0 and found.stdout.strip():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="Linux only: the window is looked at on Xvfb")
def test_the_window_opens_and_is_drawn(installed: Installed, xvfb: XDisplay,
                                       tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = _probant(installed, home)
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    env = {"PATH": installed.path, "HOME": str(tmp_path), "DISPLAY": xvfb.display,
           "QT_QPA_PLATFORM": "xcb", "PROBANT_LOG_DIR": str(tmp_path / "logs"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    started = time.monotonic()
    app = subprocess.Popen([str(installed.program), "--home", str(home), "--demo"], env=env,
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           start_new_session=True)
    try:
        assert _window_shown(xvfb.display, installed.path, 60), "no Probant window appeared"
        print(f"cold start to a window: {time.monotonic() - started:.2f} s")
        time.sleep(1.0)  # the first paint after mapping
        shot = OUT / "frozen-window.png"
        with mss.mss(display=xvfb.display) as screen:
            grab = screen.grab(screen.monitors[1])
        Image.frombytes("RGB", grab.size, grab.rgb).save(shot)
        image = Image.open(shot).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 16)
        # Xvfb's empty screen is one colour; a drawn window has text, frames, buttons.
        assert colours is None or len(colours) > 20, f"the screen is blank ({shot})"
        # The red DEMO band across the window's top (ui/main_window.py's banner).
        red = sum(1 for r, g, b in image.get_flattened_data() if r > 150 and g < 40 and b < 70)
        assert red > 10_000, f"no DEMO banner drawn ({red} red pixels, {shot})"
        assert app.poll() is None, app.stderr.read().decode() if app.stderr else ""
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
    shutil.rmtree(tmp_path / "logs", ignore_errors=True)
