"""``probant verify BUNDLE``: the standalone verifier's checks, plus a full PAdES
validation of the procès-verbal by pyHanko (revocation data, modification
analysis, proven level), with no vault and no token."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

from evidence.bundle import probant_verify as standalone
from evidence.errors import BadInput
from signing.pv.validate import validate_pdf


def verify_bundle(path: Path, extra_trust: Sequence[bytes] = ()) -> standalone.Report:
    report = standalone.verify(path, extra_trust)
    try:
        source = standalone.Source(path)
        index = json.loads(source.read("bundle.json"))
        pv = index.get("pv")
        if not pv or pv not in source.names:
            return report
        trust = b"".join(source.read(t) for t in index.get("trust", []) if t in source.names)
        pdf = source.read(pv)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return report  # the standalone checks have already said what is wrong
    try:
        validation = validate_pdf(pdf, trust + b"".join(extra_trust))
    except BadInput:
        report.error(pv, "pv_validation", "not a readable PDF")
        return report
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on a damaged file:
        # a finding in the report, never a traceback in place of the verdict
        report.error(pv, "pv_validation", f"pyHanko could not read it ({type(exc).__name__})")
        return report
    report.pv_level = validation.level
    if validation.level:
        report.notes.append(f"PV validated by pyHanko: level {validation.level}")
    if not validation.ok:
        for problem in validation.problems or ["invalid signature"]:
            report.error(pv, "pv_validation", problem)
    return report
