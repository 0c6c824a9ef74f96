"""A file the user names (a piece to import, a certificate, a narrative, a PDF to
validate): one check before anything is read or written, with the real reason when it
cannot be used — missing, a folder or a device rather than a file, unreadable, or a name
that is not valid UTF-8 (it could not be recorded faithfully in the journal, the
manifests and the PV, which are UTF-8 text)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from evidence.errors import BadInput, FileMissing


class NotAFile(BadInput):
    """The path exists but is a folder, a named pipe, a device or a socket."""

    code = "not_a_file"


class IsAFolder(NotAFile):
    code = "path_is_folder"


class FileUnreadable(BadInput):
    code = "file_unreadable"


class FileNameNotUtf8(BadInput):
    code = "file_name_not_utf8"


KINDS = {stat.S_IFIFO: "named pipe", stat.S_IFCHR: "device", stat.S_IFBLK: "device",
         stat.S_IFSOCK: "socket"}


def shown(path: Path) -> str:
    """The path as a person can read it, whatever its bytes (undecodable ones as �)."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def input_file(path: Path) -> Path:
    """``path`` when it names a regular, readable file whose name is UTF-8; else the
    precise refusal (exit 2). Symbolic links are followed, as the user meant the file."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        raise FileNameNotUtf8(f"file name is not valid UTF-8: {shown(path)!r}",
                              path=shown(path)) from None
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileMissing(f"no such file: {path}", path=str(path)) from None
    except NotADirectoryError:
        raise FileMissing(f"no such file: {path}", path=str(path)) from None
    except PermissionError:
        raise FileUnreadable(f"no permission to reach {path}", path=str(path)) from None
    if stat.S_ISDIR(mode):
        raise IsAFolder(f"a folder, not a file: {path}", path=str(path))
    if not stat.S_ISREG(mode):
        kind = KINDS.get(stat.S_IFMT(mode), "special file")
        raise NotAFile(f"not a regular file ({kind}): {path}", path=str(path))
    if not os.access(path, os.R_OK):
        raise FileUnreadable(f"no permission to read {path}", path=str(path))
    return path
