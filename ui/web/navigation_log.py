"""The recording browser's side panel: each address loaded, its status, the server reached,
the workstation's own DNS answer for the host, the certificate's fingerprint.

Shown as the recorder sees it (``NetworkRecorder.live_navigations``), refreshed by the
window; a server outside the system resolver's answer is flagged (both are in the log:
docs/web-capture.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from capture.web.model import Navigation
from signing.legal_time import french_time


class NavigationLog(QTableWidget):
    def __init__(self) -> None:
        super().__init__(0, 6)
        self.setObjectName("navigationLog")
        self.setAccessibleName(self.tr("Journal de navigation"))
        self.setHorizontalHeaderLabels([
            self.tr("Heure"), self.tr("Adresse"), self.tr("Statut"),
            self.tr("IP du serveur"), self.tr("DNS du poste"),
            self.tr("Empreinte du certificat (SHA-256)")])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def show_lines(self, lines: Sequence[Navigation], resolved: Mapping[str, Any]) -> None:
        """``resolved``: host -> the system resolver's lookup (capture.web.dns.HostLookup)."""
        for row, nav in enumerate(lines):
            if row >= self.rowCount():
                self.insertRow(row)
            status = str(nav.status) if nav.status else (nav.error or "…")
            dns = self.dns_cell(resolved.get(urlsplit(nav.url).hostname or ""), nav.server_ip)
            for col, text in enumerate((french_time(nav.time)[11:], nav.url, status,
                                        nav.server_ip, dns, nav.certificate_sha256)):
                item = self.item(row, col)
                if item is None or item.text() != text:
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(text)
                    self.setItem(row, col, cell)

    def dns_cell(self, found: Any, server_ip: str) -> str:
        """The system resolver's addresses for the host; flagged when the server Chromium
        reached is not among them."""
        if found is None:
            return "…"
        if found.error:
            return self.tr("échec : {error}").format(error=found.error)
        addresses = ", ".join(found.a + found.aaaa)
        if server_ip and server_ip.strip("[]") not in found.a + found.aaaa:
            return self.tr("⚠ {addresses} (le serveur joint n'en fait pas partie)").format(
                addresses=addresses)
        return addresses
