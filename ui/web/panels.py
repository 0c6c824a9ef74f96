"""The recording browser's bands: the recording band, always in sight, and the warning
panels (a text, « J'ai lu cet avertissement », buttons).

Used for a certificate Chromium refused and for a proxy on the workstation: the
officer reads, ticks, then chooses; the window (ui/web/browser.py) records the
choice. The texts come translated from the window (its translation context)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class WarningPanel(QFrame):
    def __init__(self, name: str, accessible: str, colour: str, text_name: str,
                 read_text: str, buttons: list[tuple[str, str, str]]) -> None:
        """``buttons``: (object name, text, accessible name) each, left to right."""
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setStyleSheet(f"#{name} {{ background: {colour}; }}")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(text_name)
        self.read = QCheckBox(read_text)
        self.read.setObjectName(name + "Read")
        self.read.setAccessibleName(read_text)
        self.buttons: list[QPushButton] = []
        for object_name, label, described in buttons:
            button = QPushButton(label)
            button.setObjectName(object_name)
            button.setAccessibleName(described)
            self.buttons.append(button)
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        row = QHBoxLayout()
        for part in (self.read, *self.buttons):
            row.addWidget(part)
        box.addLayout(row)
        self.setVisible(False)


class RecordingBand(QLabel):
    """Always in sight: this window records, in a profile of its own; in a demonstration
    vault, the same red band as the main window's."""

    def __init__(self, demo: bool) -> None:
        super().__init__()
        text = self.tr("● Session enregistrée : chaque réponse reçue est archivée ; profil "
                       "vierge, détruit à la fin de la session")
        if demo:
            text = self.tr("DÉMONSTRATION — sans valeur probante") + " · " + text
        self.setText(text)
        self.setObjectName("recordingBand")
        self.setAccessibleName(text)
        colour = "#b00020" if demo else "#1f3b57"
        self.setStyleSheet(f"QLabel {{ background: {colour}; color: white; font-weight: bold; "
                           "padding: 3px 8px; }")
