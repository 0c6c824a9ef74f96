"""« À propos de Probant »: version (and the source's commit), the session's DEMO and
simulated-authenticator state, the application log's path, and the main libraries
with their version and licence as their installed metadata declares them.

Widgets only: the facts are gathered by ``app/desktop/tools_screens.about_info``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Library:
    name: str
    version: str  # "" when not installed
    licence: str


@dataclass(frozen=True)
class AboutInfo:
    version: str
    commit: str | None  # the git commit of a source tree, None for an installed build
    demo: bool
    simulated_authenticator: bool | None  # None while the vault is locked (not known)
    log_file: str | None
    libraries: tuple[Library, ...]


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("À propos de Probant"))
        self.resize(640, 520)
        self.info = info
        self.title = QLabel(self.version_text())
        self.title.setObjectName("aboutVersion")
        self.title.setAccessibleName(self.tr("Version"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mode = QLabel(self.mode_text())
        self.mode.setObjectName("aboutMode")
        self.mode.setWordWrap(True)
        self.mode.setAccessibleName(self.tr("Mode de fonctionnement"))
        if info.demo or info.simulated_authenticator:
            self.mode.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.log = QLabel(self.tr("Journal de l'application : {path}").format(
            path=info.log_file or self.tr("non ouvert")))
        self.log.setObjectName("aboutLog")
        self.log.setWordWrap(True)
        self.log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log.setAccessibleName(self.tr("Emplacement du journal de l'application"))
        self.libraries = self._library_table(info.libraries)
        close = QPushButton(self.tr("&Fermer"))
        close.setAccessibleName(self.tr("Fermer"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.mode, self.log, QLabel(self.tr("Composants et licences :"))):
            layout.addWidget(widget)
        layout.addWidget(self.libraries, 1)
        layout.addLayout(buttons)

    def version_text(self) -> str:
        text = self.tr("Probant {version}").format(version=self.info.version)
        return text + (f" ({self.info.commit})" if self.info.commit else "")

    def mode_text(self) -> str:
        lines = [self.tr("Mode DÉMONSTRATION : rien de ce qui est fait ici n'a de valeur "
                         "probante.") if self.info.demo
                 else self.tr("Mode normal (coffre de l'étude).")]
        simulated = self.info.simulated_authenticator
        if simulated:
            lines.append(self.tr("Authentificateur SIMULÉ (logiciel) : il ne protège rien."))
        elif simulated is None:
            lines.append(self.tr("Authentificateur : connu une fois le coffre déverrouillé."))
        else:
            lines.append(self.tr("Authentificateur : clé FIDO2 matérielle."))
        return "\n".join(lines)

    def _library_table(self, libraries: tuple[Library, ...]) -> QTableWidget:
        # A dozen fixed rows: a table widget is the simple tool here.
        table = QTableWidget(len(libraries), 3)
        table.setObjectName("aboutLibraries")
        table.setAccessibleName(self.tr("Bibliothèques et licences"))
        table.setHorizontalHeaderLabels([self.tr("Composant"), self.tr("Version"),
                                         self.tr("Licence")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setTabKeyNavigation(False)  # Tab moves on to the button
        for row, lib in enumerate(libraries):
            for column, text in enumerate((lib.name, lib.version or self.tr("non installé"),
                                           lib.licence)):
                table.setItem(row, column, QTableWidgetItem(text))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table
