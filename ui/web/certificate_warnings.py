"""A certificate Chromium refused, in the recording browser: the officer reads the warning,
ticks « J'ai lu cet avertissement », then refuses (recommended) or goes on; each decision,
its time and the certificate are recorded and sent to the parent. Several errors wait their
turn; a script never accepts one (refused, the refusal recorded); one Chromium says cannot
be overridden can only be refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from evidence.clock import utc_now_iso
from ui.web.panels import WarningPanel


class CertificateWarnings(QObject):
    def __init__(self, scripted: bool, send: Callable[[dict[str, Any]], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scripted, self._send = scripted, send
        self.pending: list[tuple[Any, dict[str, Any]]] = []
        self.decisions: list[dict[str, Any]] = []
        self.panel = WarningPanel(
            "certificateWarning", self.tr("Avertissement de sécurité"), "#fde2e1",
            self.tr("Texte de l'avertissement"), self.tr("J'ai lu cet avertissement"), [
                ("certificateRefuse", self.tr("Refuser (recommandé)"),
                 self.tr("Refuser le certificat et ne pas charger la page")),
                ("certificateAccept", self.tr("Continuer malgré l'erreur"),
                 self.tr("Accepter le certificat ; l'acceptation est enregistrée"))])
        self.text, self.read = self.panel.text, self.panel.read
        self.refuse, self.accept = self.panel.buttons
        self.accept.setEnabled(False)
        self.read.toggled.connect(self._read_toggled)
        self.refuse.clicked.connect(lambda: self.decide(False))
        self.accept.clicked.connect(lambda: self.decide(True))

    def error(self, error: Any, facts: dict[str, Any]) -> None:
        """Chromium's certificate error (``QWebEngineCertificateError``) and its facts."""
        self.pending.append((error, facts))
        if self.scripted:
            QTimer.singleShot(0, lambda: self.decide(False))
            return
        if len(self.pending) == 1:
            self._show()

    def _show(self) -> None:
        _error, facts = self.pending[0]
        chain = ", ".join(f[:16] + "…" for f in facts["chain_sha256"]) or "—"
        text = self.tr(
            "Le certificat de sécurité de {url} n'est pas valable : {description} "
            "(empreintes : {chain}). Le site n'a peut-être pas l'identité qu'il annonce. "
            "Refuser est recommandé ; si vous continuez, votre acceptation, son heure et le "
            "certificat sont enregistrés dans le journal de navigation.").format(
            url=facts["url"], description=facts["description"], chain=chain)
        if not facts["overridable"]:
            text += " " + self.tr("Cette erreur ne peut pas être contournée.")
        self.text.setText(text)
        self.read.setChecked(False)
        self.read.setEnabled(bool(facts["overridable"]))
        self.accept.setEnabled(False)
        self.panel.setVisible(True)

    def _read_toggled(self, on: bool) -> None:
        overridable = bool(self.pending and self.pending[0][1]["overridable"])
        self.accept.setEnabled(on and overridable)

    def decide(self, accept: bool) -> None:
        if not self.pending:
            return
        error, facts = self.pending.pop(0)
        accept = accept and bool(facts["overridable"]) and not self.scripted
        entry = {**facts, "decision": "accepted" if accept else "refused",
                 "decided_at": utc_now_iso(), "by": "script" if self.scripted else "officer"}
        self.decisions.append(entry)
        if accept:
            error.acceptCertificate()
        else:
            error.rejectCertificate()
        self._send(entry)
        self.panel.setVisible(False)
        if self.pending:
            self._show()

    def refuse_all(self) -> None:
        """At « Terminer »: what still waits is refused, and recorded so."""
        while self.pending:
            self.decide(False)
