"""Main window: the vault's state, the DEMO banner, the navigator (dossiers, constats,
evidence), the menu bar and the status bar (lock state, user and role, pending
timestamps). Widgets only: the desktop shell (app/desktop/shell.py) runs the actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.navigator import Navigator

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "probant.svg"


def app_icon() -> QIcon:
    return QIcon(str(ICON))


_ACTIVITY = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress,
             QEvent.Type.Wheel)


@dataclass(frozen=True)
class VaultState:
    """What the shell shows; built by app/ from the core, never by the widgets."""

    home: str
    exists: bool
    unlocked: bool
    demo: bool
    simulated_authenticator: bool = False
    officer: str = ""
    dossiers: int = 0
    constats: int = 0
    evidence: int = 0
    error: str = ""
    constat_choices: tuple[tuple[str, str], ...] = ()  # (id, label) for the export dialog
    tokens: tuple[Any, ...] = ()  # ui.tokens.TokenRow, for the key management screen
    role: str = ""
    pending_timestamps: int = 0
    rolled_back: str = ""  # the vault opened read-only: an anchor says it is older
    dossier_list: tuple[Any, ...] = ()  # evidence.model.Dossier
    constat_list: tuple[Any, ...] = ()  # evidence.model.Constat
    office: str = ""  # the officer's étude and its address, which head the PV
    address: str = ""


class MainWindow(QMainWindow):
    locked = Signal(str)  # reason code; a capture session open beside the window ends with it
    menu_triggered = Signal(str)  # a menu entry's key ("new_dossier", "journal", ...)

    def __init__(self, on_unlock: Callable[[], None] | None = None,
                 on_export: Callable[[], None] | None = None,
                 on_tokens: Callable[[], None] | None = None,
                 on_locked: Callable[[str], None] | None = None,
                 on_timestamps: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Probant")
        self.setWindowIcon(app_icon())
        self.resize(1200, 760)
        self.banner = QLabel(self.tr("DÉMONSTRATION — sans valeur probante"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background:#b00020;color:white;font-weight:bold;padding:8px")
        self.banner.setVisible(False)
        # A vault older than one of its anchors opens read-only: said first, in red.
        self.alarm = QLabel()
        self.alarm.setObjectName("rollbackAlarm")
        self.alarm.setWordWrap(True)
        self.alarm.setStyleSheet("background:#6d0012;color:white;font-weight:bold;padding:8px")
        self.alarm.setVisible(False)
        self.state_label = QLabel(self.tr("Chargement du coffre…"))
        self.state_label.setObjectName("vaultState")
        self.state_label.setWordWrap(True)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.state_label.setStyleSheet("font-size: 14px; padding: 12px")
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unlock_button = QPushButton(self.tr("Déverrouiller avec ma clé"))
        self.unlock_button.setVisible(False)
        if on_unlock is not None:
            self.unlock_button.clicked.connect(on_unlock)
        self.export_button = QPushButton(self.tr("Exporter un dossier de preuve…"))
        self.export_button.setVisible(False)
        if on_export is not None:
            self.export_button.clicked.connect(on_export)
        self.timestamps_button = QPushButton(self.tr("Horodatage des constats…"))
        self.timestamps_button.setVisible(False)
        if on_timestamps is not None:
            self.timestamps_button.clicked.connect(on_timestamps)
        # Opens the « Constat en cours » panel; wired by app/gui_capture.py.
        self.capture_button = QPushButton(self.tr("Capturer…"))
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setVisible(False)
        # Opens the procès-verbal dialog (rules, preview, signature); wired by app/gui_pv.py.
        self.pv_button = QPushButton(self.tr("Procès-verbal…"))
        self.pv_button.setObjectName("pvButton")
        self.pv_button.setVisible(False)
        self.tokens_button = QPushButton(self.tr("Clés d'accès au coffre…"))
        self.tokens_button.setVisible(False)
        if on_tokens is not None:
            self.tokens_button.clicked.connect(on_tokens)
        self._on_locked = on_locked
        self.state: VaultState | None = None
        self.navigator = Navigator()
        self.navigator.setVisible(False)
        self.lock_button = QPushButton(self.tr("Verrouiller"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setVisible(False)
        self.lock_button.clicked.connect(lambda: self.lock("user"))
        for button, name in ((self.unlock_button, self.tr("Déverrouiller le coffre")),
                             (self.capture_button, self.tr("Ouvrir le panneau de capture")),
                             (self.timestamps_button, self.tr("Horodatage des constats")),
                             (self.pv_button, self.tr("Procès-verbal du constat")),
                             (self.export_button, self.tr("Exporter un dossier de preuve")),
                             (self.tokens_button, self.tr("Clés d'accès au coffre")),
                             (self.lock_button, self.tr("Verrouiller le coffre"))):
            button.setAccessibleName(name)
        self.navigator.setAccessibleName(self.tr("Dossiers et constats"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addWidget(self.alarm)
        layout.addWidget(self.state_label)
        layout.addWidget(self._login_panel(), 1)
        layout.addWidget(self.navigator, 1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        actions = QHBoxLayout()
        for button in (self.capture_button, self.timestamps_button, self.pv_button,
                       self.export_button, self.tokens_button, self.lock_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self.setCentralWidget(body)
        self.menus: dict[str, QMenu] = {}
        self.menu_actions: dict[str, QAction] = {}
        self._build_menus()
        # The demonstration mark is a permanent label, first: permanent labels keep their
        # whole text, while the status bar's message area is what shrinks (at 1200 px the
        # message read « sans valeur probant »).
        self.status_demo = QLabel()
        self.status_demo.setObjectName("demoState")
        self.status_demo.setStyleSheet("color:#b00020;font-weight:bold")
        self.status_demo.hide()
        self.status_lock = QLabel()
        self.status_user = QLabel()
        self.status_pending = QLabel()
        self.status_network = QLabel()
        self.status_network.setObjectName("networkState")
        self.status_sync = QLabel()  # hidden while no remote store is defined
        self.status_sync.setObjectName("syncState")
        self.status_sync.hide()
        # No accessible name on these labels: a screen reader then reads their text, which
        # is the information (a name set on a QLabel hides its text on AT-SPI).
        for label in (self.status_demo, self.status_lock, self.status_user, self.status_pending,
                      self.status_network, self.status_sync):
            self.statusBar().addPermanentWidget(label)

    def _build_menus(self) -> None:
        """Menus and shortcuts; each entry emits ``menu_triggered(key)`` for the shell."""
        bar = self.menuBar()
        spec = (
            (self.tr("&Fichier"), (("lock", self.tr("&Verrouiller"), "Ctrl+L"),
                                   ("settings", self.tr("&Réglages…"), "Ctrl+,"),
                                   ("quit", self.tr("&Quitter"), "Ctrl+Q"))),
            (self.tr("&Dossier"), (("new_dossier", self.tr("&Nouveau dossier…"), "Ctrl+N"),
                                   ("new_constat", self.tr("Nouveau &constat…"), "Ctrl+Shift+N"),
                                   ("import", self.tr("&Importer des pièces…"), "Ctrl+I"),
                                   ("close_constat", self.tr("C&lore le constat…"), ""))),
            (self.tr("&Outils"), (("journal", self.tr("&Journal…"), "Ctrl+J"),
                                  ("verify_vault", self.tr("&Vérifier le coffre…"), ""),
                                  ("verify_bundle", self.tr("Vérifier un dossier de &preuve…"),
                                   ""),
                                  ("users", self.tr("&Utilisateurs…"), ""),
                                  ("sync", self.tr("&Synchronisation…"), ""),
                                  ("tokens", self.tr("&Clés d'accès…"), ""))),
            (self.tr("&Aide"), (("about", self.tr("À &propos de Probant"), ""),)),
        )
        for title, entries in spec:
            menu = bar.addMenu(title)
            self.menus[title] = menu
            for key, text, shortcut in entries:
                action = QAction(text, self)
                action.setObjectName(f"menu_{key}")
                if shortcut:
                    action.setShortcut(QKeySequence(shortcut))
                action.triggered.connect(lambda _=False, k=key: self.menu_triggered.emit(k))
                menu.addAction(action)
                self.menu_actions[key] = action

    def arm_auto_lock(self, idle_ms: int, token_present: Callable[[], bool] | None = None,
                      poll_ms: int = 2000) -> None:
        """Lock the window after ``idle_ms`` without input, or when the token goes away."""
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(lambda: self.lock("idle"))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if token_present is not None:
            self._presence = token_present
            self._poll = QTimer(self)
            self._poll.setInterval(poll_ms)
            self._poll.timeout.connect(self._check_token)
            self._poll.start()

    def set_idle_delay(self, idle_ms: int) -> None:
        timer = getattr(self, "_idle", None)
        if timer is not None:
            timer.setInterval(idle_ms)
            if timer.isActive():
                timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        timer = getattr(self, "_idle", None)
        if timer is not None and timer.isActive() and event.type() in _ACTIVITY:
            timer.start()  # any input restarts the idle count
        return False

    def note_activity(self) -> None:
        """Input seen elsewhere (a capture hotkey pressed in the browser) keeps the vault open."""
        timer = getattr(self, "_idle", None)
        if timer is not None and timer.isActive():
            timer.start()

    def _check_token(self) -> None:
        if self.state is not None and self.state.unlocked and not self._presence():
            self.lock("token_removed")

    def restore_geometry(self) -> None:
        """Where the officer left the window (Qt's own per-user settings; no secret)."""
        from PySide6.QtCore import QSettings

        saved = QSettings("Probant", "Probant").value("main_window/geometry")
        if saved is not None:
            self.restoreGeometry(saved)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QSettings

        QSettings("Probant", "Probant").setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def lock(self, reason_code: str) -> None:
        """Forget what the unlocked state showed; the next action asks for the key again.

        ``reason_code``: "idle" or "token_removed" (journaled at the next unlock)."""
        s = self.state
        if s is None or not s.unlocked:
            return
        self.show_state(VaultState(s.home, True, False, s.demo, s.simulated_authenticator))
        reason = {"token_removed": self.tr("clé retirée"), "user": self.tr("à votre demande")
                  }.get(reason_code, self.tr("inactivité"))
        if self._on_locked is not None:
            self._on_locked(reason_code)
        self.locked.emit(reason_code)
        self.state_label.setText(self.tr("Coffre verrouillé ({reason}).\nBranchez votre clé puis "
                                         "déverrouillez.").format(reason=reason))

    def _login_panel(self) -> QWidget:
        """What a locked vault shows: who the program is and the one thing to do, centred
        (a bare button across an empty window looked broken)."""
        self.login_panel = QWidget()
        self.login_panel.setObjectName("loginPanel")
        self.login_panel.setVisible(False)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAccessibleName(self.tr("Logo de Probant"))
        title = QLabel(self.tr("Probant — constats numériques"))
        title.setStyleSheet("font-size: 20px; font-weight: bold")
        hint = QLabel(self.tr("Le code PIN de votre clé de sécurité, puis un appui sur la clé, "
                              "vous seront demandés."))
        self.unlock_button.setMinimumWidth(280)
        column = QVBoxLayout(self.login_panel)
        column.addStretch(1)
        for widget in (logo, title, hint, self.unlock_button):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return self.login_panel

    def show_state(self, state: VaultState) -> None:
        self.state = state
        timer = getattr(self, "_idle", None)
        if timer is not None and state.unlocked:
            timer.start()
        elif timer is not None:
            timer.stop()
        self.banner.setVisible(state.demo)
        self.alarm.setVisible(bool(state.rolled_back))
        self.alarm.setText(self.tr(
            "RETOUR EN ARRIÈRE DÉTECTÉ — coffre ouvert en lecture seule : {why}. Rien ne peut "
            "y être écrit ; faites vérifier le coffre (Outils › Vérifier le coffre).").format(
            why=state.rolled_back) if state.rolled_back else "")
        self.export_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.timestamps_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.capture_button.setVisible(state.unlocked and bool(state.constat_choices))
        officer = state.role in ("", "commissaire")
        self.capture_button.setEnabled(officer)
        self.capture_button.setToolTip("" if officer else self.tr(
            "Réservé au commissaire de justice : un collaborateur ne capture pas."))
        self.pv_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.tokens_button.setVisible(state.unlocked)
        self.lock_button.setVisible(state.unlocked)
        self.unlock_button.setVisible(state.exists and not state.unlocked)
        self.login_panel.setVisible(state.exists and not state.unlocked)
        self.unlock_button.setEnabled(True)
        self.state_label.setText(self._describe(state))
        self.navigator.setVisible(state.unlocked)
        if state.unlocked:
            self.navigator.show_matters(state.dossier_list, state.constat_list, state.role)
        for key in ("lock", "new_dossier", "new_constat", "import", "close_constat", "journal",
                    "verify_vault", "tokens", "users"):
            self.menu_actions[key].setEnabled(state.unlocked)
        self._show_status(state)

    def _show_status(self, s: VaultState) -> None:
        self.status_lock.setText(self.tr("Coffre ouvert") if s.unlocked
                                 else self.tr("Coffre verrouillé"))
        role = {"commissaire": self.tr("commissaire de justice"),
                "collaborateur": self.tr("collaborateur")}.get(s.role, s.role)
        self.status_user.setText(f"{s.officer} — {role}" if s.unlocked and s.officer else "")
        self.status_pending.setText(
            self.tr("{n} horodatage(s) en attente").format(n=s.pending_timestamps)
            if s.unlocked else "")
        self.status_demo.setText(self.tr("DÉMONSTRATION — sans valeur probante"))
        self.status_demo.setVisible(s.demo)

    def show_network(self, online: bool | None, authority: str) -> None:
        """Whether the trusted time can be reached now (offline is a normal state)."""
        # The reason stays in the tooltip: the bar's labels must fit a 1200 px window.
        reason = ""
        if online is None:
            text = self.tr("Réseau : non vérifié")
            reason = self.tr("Aucune autorité d'horodatage n'est configurée.")
        elif online:
            text = self.tr("En ligne ({host})").format(host=authority)
        else:
            text = self.tr("Hors ligne : les horodatages attendent")
        self.status_network.setText(text)
        self.status_network.setToolTip(reason)

    def show_sync(self, text: str) -> None:
        """Where the remote stores stand (the shell's background sync words it)."""
        self.status_sync.setText(text)
        self.status_sync.setVisible(bool(text))

    def say(self, text: str) -> None:
        """What the last action did, or why it was refused (French, from the describer)."""
        self.message.setText(text)

    def show_busy(self, message: str) -> None:
        self.unlock_button.setEnabled(False)
        self.state_label.setText(message)

    def show_error(self, message: str) -> None:
        self.state_label.setText(self.tr("Erreur : ") + message)

    def _etude_line(self, s: VaultState) -> str:
        if s.office.strip() and s.address.strip():
            return self.tr("Étude : {office}, {address}").format(office=s.office,
                                                               address=s.address)
        # The PV cannot be signed without it (the rule « etude »): said where it is set.
        return self.tr("Étude : à renseigner (Outils › Utilisateurs › « Modifier "
                       "l'étude… »), le procès-verbal l'exige.")

    def _describe(self, s: VaultState) -> str:
        if s.error:
            return s.error
        if not s.exists:
            return self.tr("Aucun coffre dans {home}.\nCréez-le avec « probant init ».").format(
                home=s.home)
        if not s.unlocked:
            return self.tr("Coffre verrouillé ({home}).\nBranchez votre clé puis déverrouillez.").format(
                home=s.home)
        lines: list[Any] = [
            self.tr("Coffre ouvert : {home}").format(home=s.home),
            self.tr("Officier : {name}").format(name=s.officer),
            self._etude_line(s),
            self.tr("Dossiers : {d} · Constats : {c} · Pièces : {e}").format(
                d=s.dossiers, c=s.constats, e=s.evidence),
        ]
        if s.simulated_authenticator:
            lines.append(self.tr("Authentificateur logiciel (simulation) : aucune protection matérielle."))
        return "\n".join(lines)
