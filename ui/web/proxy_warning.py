"""A proxy on the workstation, in the recording browser: the browser never uses it (explicit
``NoProxy``), but its presence can be argued before the judge, so nothing loads until the
officer has read the warning and acknowledged it (« Continuer la constatation »); the
acknowledgement, who gave it and when are recorded (docs/web-capture.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject

from ui.web.panels import WarningPanel


class ProxyWarning(QObject):
    def __init__(self, acknowledge: Callable[[str], None], parent: QObject | None = None
                 ) -> None:
        """``acknowledge(by)``: called with « officer » when the button is pressed."""
        super().__init__(parent)
        self.acknowledged = True  # until a proxy is found
        self.then = ""  # the address to load once acknowledged
        self.panel = WarningPanel(
            "proxyWarning", self.tr("Avertissement : proxy sur ce poste"), "#fff1c2",
            self.tr("Texte de l'avertissement sur le proxy"),
            self.tr("J'ai lu cet avertissement"), [
                ("proxyAcknowledge", self.tr("Continuer la constatation"),
                 self.tr("Reconnaître la présence du proxy et naviguer ; la reconnaissance "
                         "est enregistrée"))])
        self.text, self.read = self.panel.text, self.panel.read
        (self.go,) = self.panel.buttons
        self.go.setEnabled(False)
        self.read.toggled.connect(self.go.setEnabled)
        self.go.clicked.connect(lambda: acknowledge("officer"))

    def ask(self, proxies: Mapping[str, str], then: str) -> None:
        """Shown, and browsing held, until acknowledged; ``then`` loads afterwards."""
        self.acknowledged, self.then = False, then
        self.text.setText(self.tr(
            "Attention : un proxy est configuré sur ce poste ({proxies}). Le navigateur de "
            "constatation ne l'utilise pas (connexion directe), mais un proxy peut modifier "
            "ce que voit ce poste et sa présence peut être discutée devant le juge. "
            "Lisez cet avertissement et reconnaissez-le pour naviguer : votre "
            "reconnaissance et son heure sont enregistrées dans le journal de "
            "navigation.").format(proxies=", ".join(
                f"{k}={v}" for k, v in sorted(proxies.items()))))
        self.panel.setVisible(True)

    def done(self) -> str:
        """Acknowledged: the panel goes; returns the address waiting to load."""
        self.acknowledged = True
        self.panel.setVisible(False)
        return self.then
