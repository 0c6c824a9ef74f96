"""The Linux bundle's shared libraries, read with GNU binutils (readelf, strip): what
installer/probant.spec shares, leaves out and strips for the size goal (issue 19,
bench/frozen_start.py). Entries are PyInstaller's (dest, src, typecode) tuples.
Loaded by the spec from its path; the build environment needs binutils."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

Entry = tuple[str, str, str]


# FFmpeg's libraries, as auditwheel names them in a wheel's .libs folder: libavcodec-<hash>.so.62.28.102
FFMPEG = ("avcodec", "avformat", "avutil", "swscale", "swresample", "avfilter", "avdevice")
AUDITWHEEL_NAME = re.compile(r"^lib(?P<lib>[a-z0-9_]+)-[0-9a-f]{8}\.so\.(?P<version>[0-9.]+)$")


def _readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True,
                          check=True).stdout


@functools.cache
def _needed(path: str) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", _readelf("-d", path))


def _dynamic_symbols(path: str) -> tuple[set[str], set[str]]:
    """(imported, defined) versioned symbols, as ``name@VERSION``."""
    imported: set[str] = set()
    defined: set[str] = set()
    for line in _readelf("--dyn-syms", path).splitlines():
        fields = line.split()
        if len(fields) < 8 or "@" not in fields[7]:
            continue
        name, _, version = fields[7].partition("@")
        symbol = f"{name}@{version.lstrip('@')}"
        (imported if fields[6] == "UND" else defined).add(symbol)
    return imported, defined


def _version(name: str) -> tuple[str, tuple[int, ...]] | None:
    match = AUDITWHEEL_NAME.match(name)
    if not match or match["lib"] not in FFMPEG:
        return None
    return match["lib"], tuple(int(n) for n in match["version"].split("."))


def shared_ffmpeg(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """OpenCV's FFmpeg libraries as links to PyAV's when these can serve it (same major
    version, a release no older, every symbol OpenCV's module takes from them defined);
    otherwise the entries unchanged. The libraries only OpenCV's FFmpeg needed go too."""
    cv_dir, av_dir = "opencv_python_headless.libs/", "av.libs/"
    files = {dest: src for dest, src, typecode in binaries}
    reader = next((dest for dest in files if dest.startswith("cv2/cv2.")), None)
    cv = {dest[len(cv_dir):]: src for dest, src in files.items() if dest.startswith(cv_dir)}
    av = {dest[len(av_dir):]: src for dest, src in files.items() if dest.startswith(av_dir)}
    if reader is None or not cv or not av:
        return binaries, datas
    av_by_lib = {v[0]: (name, v[1]) for name in av if (v := _version(name))}
    imported = _dynamic_symbols(files[reader])[0]
    # OpenCV's FFmpeg libraries: those its module links, and theirs (swresample).
    ours: dict[str, tuple[str, tuple[int, ...]]] = {}
    queue = [n for n in _needed(files[reader]) if n in cv]
    while queue:
        name = queue.pop()
        found = _version(name)
        if found is None or name in ours:
            continue
        ours[name] = found
        queue += [n for n in _needed(cv[name]) if n in cv]
    shared: dict[str, str] = {}
    for name, (lib, version) in ours.items():
        theirs = av_by_lib.get(lib)
        if theirs is None or theirs[1][0] != version[0] or theirs[1] < version:
            print(f"[probant spec] two FFmpegs kept: no match for {name} in PyAV")
            return binaries, datas
        wanted = {s for s in imported if s.split("@")[1].startswith(f"LIB{lib.upper()}_")}
        missing = wanted - _dynamic_symbols(av[theirs[0]])[1]
        if missing:
            print(f"[probant spec] two FFmpegs kept: {theirs[0]} lacks {sorted(missing)[:3]}")
            return binaries, datas
        shared[name] = theirs[0]
    # The links sit in OpenCV's folder, so the PyAV libraries they lead to look for their own
    # dependencies there ($ORIGIN is the folder of the name loaded): each of those is linked
    # too. The loader maps one file once, whichever name reaches it first.
    closure: set[str] = set()
    queue = list(shared.values())
    while queue:
        name = queue.pop()
        if name not in closure:
            closure.add(name)
            queue += [dep for dep in _needed(av[name]) if dep in av]
    links = {**{name: name for name in closure}, **shared}  # name in OpenCV's folder: PyAV's
    # What OpenCV's module still needs of its own folder once its FFmpeg is PyAV's.
    used: set[str] = set()
    queue = [n for n in _needed(files[reader]) if n in cv and n not in links]
    while queue:
        name = queue.pop()
        if name not in used:
            used.add(name)
            queue += [n for n in _needed(cv[name]) if n in cv and n not in links]
    dropped = {cv_dir + name for name in cv if name not in used}
    kept = [entry for entry in binaries if entry[0] not in dropped]
    datas = datas + [(cv_dir + name, "../" + av_dir + target, "SYMLINK")
                     for name, target in links.items()]
    saved = sum(os.path.getsize(cv[name]) for name in cv if name not in used)
    print(f"[probant spec] one FFmpeg: OpenCV uses PyAV's ({saved / 2**20:.0f} MB left out)")
    return kept, datas


def without_dangling_links(datas: list[Entry], binaries: list[Entry]) -> list[Entry]:
    """The SYMLINK entries whose target is still collected (PyInstaller links a library
    collected in a sub-folder from the top folder; a library left out loses its link)."""
    while True:
        present = {dest for dest, _, _ in datas + binaries}
        kept = [(dest, src, typecode) for dest, src, typecode in datas
                if typecode != "SYMLINK"
                or os.path.normpath(os.path.join(os.path.dirname(dest), src)) in present]
        if len(kept) == len(datas):
            return kept
        datas = kept


def _aligned(path: str) -> bool:
    """Every loadable segment at an address congruent to its file offset (modulo its
    alignment), as the ELF format requires and the loader checks."""
    for line in _readelf("-l", path).splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, address, alignment = int(fields[1], 16), int(fields[2], 16), int(fields[-1], 16)
            if alignment > 1 and (address - offset) % alignment:
                return False
    return True


def stripped(binaries: list[Entry], folder: Path) -> list[Entry]:
    """The binaries with stripped copies (written to ``folder``) in place of the originals
    that carry symbols. Stripping a library that auditwheel's patchelf grew with extra
    segments can leave a segment off its alignment, and the loader then refuses it ("ELF load
    command address/offset not page-aligned": numpy's OpenBLAS, when PyInstaller's own strip
    option was tried): each copy is checked, and the original kept when the check fails."""
    shutil.rmtree(folder, ignore_errors=True)
    result: list[Entry] = []
    refused: list[str] = []
    saved = 0
    for dest, src, typecode in binaries:
        try:
            sections = _readelf("-S", src)
        except subprocess.CalledProcessError:  # not an ELF file: nothing to strip
            sections = ""
        if ".symtab" not in sections and ".debug_" not in sections:
            result.append((dest, src, typecode))
            continue
        out = folder / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["strip", "--strip-unneeded", "-o", str(out), src], check=True)
        if not _aligned(str(out)):
            refused.append(dest)
            result.append((dest, src, typecode))
            continue
        saved += os.path.getsize(src) - out.stat().st_size
        result.append((dest, str(out), typecode))
    print(f"[probant spec] debug symbols stripped: {saved / 2**20:.0f} MB; "
          f"kept whole (strip would misalign them): {', '.join(refused) or 'none'}")
    return result


def left_behind(left_out: list[Entry], binaries: list[Entry]) -> set[str]:
    """The libraries of the build system (the top folder) that only left-out pieces needed:
    GTK's theme plugin brought cairo, pango, ATK, gdk-pixbuf... Only libraries reached from
    a left-out piece are candidates, so that those loaded by name at run time (NSS's
    modules, libpython, ctypes' finds) stay."""
    top = {dest: src for dest, src, _ in binaries if "/" not in dest}
    reached: set[str] = set()
    queue = [name for _, src, _ in left_out for name in _needed(src)]
    while queue:
        name = queue.pop()
        if name in top and name not in reached:
            reached.add(name)
            queue += _needed(top[name])
    orphans: set[str] = set()
    while True:
        needed = {name for dest, src, _ in binaries if dest not in orphans
                  for name in _needed(src)}
        new = reached - orphans - needed
        if not new:
            return orphans
        orphans |= new
