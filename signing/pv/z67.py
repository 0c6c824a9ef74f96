"""The NF Z67-147 points as rules (D3 point 5), and the start report's screens (point 6).

Each point is judged on every environment report of the constat (start, intermediate,
end): it holds only when each report says « ok » for it. A probe that could not run
(« unknown », « offline », absent) is « non déterminé », never a pass; a « warning » is an
anomaly. A point that does not hold blocks the signature unless the officer writes a
reservation for it (``evidence.reservations``), which the PV prints.

The clock: measured against an NTP server by the reports; when none answered, against
the TSA by the first token of each capture (D3 point 7: genTime minus the workstation
clock at the middle of the request), which establishes the point only once every
capture has its token and each offset, net of half the round trip, is within 1 s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PHASES_FR = {"start": "relevé de début", "end": "relevé de fin",
             "manual": "relevé intermédiaire"}
STATUS_FR = {"warning": "anomalie", "unknown": "non déterminé", "offline": "non déterminé"}


@dataclass(frozen=True)
class Report:
    """One environment report as stored (its canonical JSON's checks, by key)."""

    phase: str
    annex: str
    checks: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Point:
    code: str
    label_fr: str  # as the « Réserves » section names it
    keys: tuple[str, ...]  # the report's checks that establish it


#: The points, in the norm's order; their codes are the ones ``constat reserve`` takes.
POINTS: tuple[Point, ...] = (
    Point("hardware", "Identification du matériel", ("hardware",)),
    Point("antivirus", "État de l'antivirus et du pare-feu", ("security",)),
    Point("public_ip", "Adresse IP publique", ("public_ip",)),
    Point("clock", "Écart de l'horloge du poste (NTP, ou à défaut autorité d'horodatage)",
          ("clock",)),
    Point("proxy", "Absence de proxy (système, environnement, transparent)",
          ("proxy", "transparent_proxy")),
    Point("dns", "Résolution DNS des domaines visités", ()),
    Point("browser", "Identification du navigateur", ("browser",)),
    Point("browser_state", "État du cache, des cookies et de l'historique du navigateur", ()),
)
SCREENS = Point("screens", "Écrans relevés au début des opérations", ("screens",))
RESERVABLE: dict[str, str] = {p.code: p.label_fr for p in (*POINTS, SCREENS)}
SCREEN_KINDS = ("screenshot", "video", "video_segment")


@dataclass(frozen=True)
class TsaSkew:
    """The workstation clock against a TSA, measured by the first token covering a capture
    (D3 point 7): TSA genTime minus the clock at the middle of the request's round trip."""

    annex: str
    tsa: str
    skew_ms: int
    round_trip_ms: int


#: Beyond this offset (NTP or TSA, net of the round trip) the clock is an anomaly.
CLOCK_LIMIT_MS = 1000


@dataclass(frozen=True)
class Outcome:
    code: str
    ok: bool
    message_fr: str
    subjects: tuple[str, ...] = ()


def _where(r: Report) -> str:
    return f"{PHASES_FR.get(r.phase, 'relevé')} (annexe {r.annex})"


def _check_problem(r: Report, key: str) -> str | None:
    check = r.checks.get(key)
    if check is None:
        return f"{_where(r)} : non déterminé (point absent du relevé)"
    status = str(check.get("status", "unknown"))
    if status == "ok":
        return None
    note = str(check.get("note") or "")
    label = str(check.get("label") or key)
    return (f"{_where(r)} : {label} — {STATUS_FR.get(status, 'non déterminé')}"
            + (f" ({note})" if note else ""))


def _dns(point: Point, reports: Sequence[Report]) -> Outcome:
    """Established once a report resolved the visited domains (``env-report --domain``);
    any failed resolution is an anomaly."""
    problems = [p for r in reports if r.checks.get("dns_resolution", {}).get("value")
                and (p := _check_problem(r, "dns_resolution"))]
    resolved = [r for r in reports if r.checks.get("dns_resolution", {}).get("value")
                and r.checks["dns_resolution"].get("status") == "ok"]
    if not resolved and not problems:
        problems.append("non déterminé — aucun relevé n'a résolu les domaines visités "
                        "(« probant env-report --constat ID --domain DOMAINE »)")
    if problems:
        return Outcome(point.code, False, f"{point.label_fr} : " + " ; ".join(problems)
                       + ". Réserve requise pour signer.")
    return Outcome(point.code, True, f"{point.label_fr} : établie par "
                   + ", ".join(_where(r) for r in resolved) + ".",
                   tuple(r.annex for r in resolved))


def _clock_by_tsa(point: Point, reports: Sequence[Report], skews: Sequence[TsaSkew],
                  unstamped: Sequence[str]) -> Outcome | None:
    """No NTP server answered, but the tokens measured the clock (D3 points 5 and 7): the
    point holds when every capture has a token and each offset is within the limit. An NTP
    anomaly (a measured offset too large) is never overridden; None: no such measure."""
    if any(str(r.checks.get("clock", {}).get("status")) == "warning" for r in reports):
        return None
    if not skews or unstamped:
        return None
    worst = max(skews, key=lambda k: abs(k.skew_ms) - k.round_trip_ms / 2)
    late = abs(worst.skew_ms) - worst.round_trip_ms / 2 > CLOCK_LIMIT_MS
    measure = (f"aucun serveur de temps joignable ; écart mesuré par rapport à l'heure de "
               f"l'autorité d'horodatage {worst.tsa} à chaque jeton : au plus {worst.skew_ms:+d} "
               f"ms (à ± {(worst.round_trip_ms + 1) // 2} ms près, annexe {worst.annex})")
    if late:
        return Outcome(point.code, False, f"{point.label_fr} : {measure}, au-delà du seuil de "
                       f"{CLOCK_LIMIT_MS} ms — anomalie. Réserve requise pour signer.",
                       (worst.annex,))
    return Outcome(point.code, True, f"{point.label_fr} : {measure}.",
                   tuple(k.annex for k in skews))


def _point(point: Point, reports: Sequence[Report], skews: Sequence[TsaSkew] = (),
           unstamped: Sequence[str] = ()) -> Outcome:
    if point.code == "dns":
        return _dns(point, reports)
    problems: list[str] = []
    for r in reports:
        problems += [p for key in point.keys if (p := _check_problem(r, key))]
        if point.code == "browser":
            value = str(r.checks.get("browser", {}).get("value", ""))
            if "absent" in value and not any(_where(r) in p for p in problems):
                problems.append(f"{_where(r)} : navigateur intégré absent — non déterminé")
    if not reports:
        problems.append("aucun relevé d'environnement — non déterminé")
    if problems and point.code == "clock" and reports:
        by_tsa = _clock_by_tsa(point, reports, skews, unstamped)
        if by_tsa is not None:
            return by_tsa
    if problems:
        return Outcome(point.code, False, f"{point.label_fr} : " + " ; ".join(problems)
                       + ". Réserve requise pour signer.", tuple(r.annex for r in reports))
    return Outcome(point.code, True, f"{point.label_fr} : établi par chaque relevé.")


def _browser_state(web_sessions: Sequence[Mapping[str, Any]]) -> Outcome:
    point = next(p for p in POINTS if p.code == "browser_state")
    if not web_sessions:
        return Outcome(point.code, False, f"{point.label_fr} : non déterminé — aucune capture "
                       "par le navigateur intégré dans ce constat ; l'état du navigateur "
                       "utilisé n'est pas relevé. Réserve requise pour signer.")
    bad = [s for s in web_sessions
           if not (s.get("off_the_record") is True and s.get("cookies_at_start") == 0)]
    if bad:
        return Outcome(point.code, False, f"{point.label_fr} : profil du navigateur non vierge "
                       "(cookies présents ou profil persistant) — anomalie. Réserve requise "
                       "pour signer.")
    return Outcome(point.code, True, f"{point.label_fr} : profil neuf sans cookie ni historique, "
                   "cache en mémoire, à chaque session de capture.")


def evaluate(reports: Sequence[Report], web_sessions: Sequence[Mapping[str, Any]],
             skews: Sequence[TsaSkew] = (), unstamped: Sequence[str] = ()) -> list[Outcome]:
    """``skews``: the clock offset each captured item's first token measured; ``unstamped``:
    the captured items with no token yet (the clock is then not established by the TSA)."""
    return [_browser_state(web_sessions) if p.code == "browser_state"
            else _point(p, reports, skews, unstamped) for p in POINTS]


def screens_rule(reports: Sequence[Report], screen_annexes: Sequence[str]) -> Outcome:
    """The start report saw no screen, yet the constat holds screen captures."""
    start = next((r for r in reports if r.phase == "start"), None)
    check = start.checks.get("screens") if start else None
    saw_none = check is not None and not check.get("value")
    if start is not None and saw_none and screen_annexes:
        return Outcome("screens", False, f"Le relevé de début (annexe {start.annex}) indique "
                       "« Écrans : aucun » alors que les annexes " + ", ".join(screen_annexes)
                       + " sont des captures d'écran. Réserve requise pour signer.",
                       tuple(screen_annexes))
    return Outcome("screens", True, "Les écrans relevés au début sont cohérents avec les "
                   "captures d'écran.")
