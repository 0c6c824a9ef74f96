"""Main window shell: title "Probant", the vault's state, the DEMO banner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

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


class MainWindow(QMainWindow):
    locked = Signal(str)  # reason code; a capture session open beside the window ends with it

    def __init__(self, on_unlock: Callable[[], None] | None = None,
                 on_export: Callable[[], None] | None = None,
                 on_tokens: Callable[[], None] | None = None,
                 on_locked: Callable[[str], None] | None = None,
                 on_timestamps: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Probant")
        self.resize(900, 560)
        self.banner = QLabel(self.tr("DÉMONSTRATION — sans valeur probante"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background:#b00020;color:white;font-weight:bold;padding:8px")
        self.banner.setVisible(False)
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
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.capture_button)
        layout.addWidget(self.timestamps_button)
        layout.addWidget(self.pv_button)
        layout.addWidget(self.export_button)
        layout.addWidget(self.tokens_button)
        self.setCentralWidget(body)

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

    def lock(self, reason_code: str) -> None:
        """Forget what the unlocked state showed; the next action asks for the key again.

        ``reason_code``: "idle" or "token_removed" (journaled at the next unlock)."""
        s = self.state
        if s is None or not s.unlocked:
            return
        reason = self.tr("clé retirée") if reason_code == "token_removed" else self.tr(
            "inactivité")
        self.show_state(VaultState(s.home, True, False, s.demo, s.simulated_authenticator))
        if self._on_locked is not None:
            self._on_locked(reason_code)
        self.locked.emit(reason_code)
        self.state_label.setText(self.tr("Coffre verrouillé ({reason}).\nBranchez votre clé puis "
                                         "déverrouillez.").format(reason=reason))

    def show_state(self, state: VaultState) -> None:
        self.state = state
        timer = getattr(self, "_idle", None)
        if timer is not None and state.unlocked:
            timer.start()
        elif timer is not None:
            timer.stop()
        self.banner.setVisible(state.demo)
        self.export_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.timestamps_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.capture_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.pv_button.setVisible(state.unlocked and bool(state.constat_choices))
        self.tokens_button.setVisible(state.unlocked)
        self.unlock_button.setVisible(state.exists and not state.unlocked)
        self.unlock_button.setEnabled(True)
        self.state_label.setText(self._describe(state))

    def show_busy(self, message: str) -> None:
        self.unlock_button.setEnabled(False)
        self.state_label.setText(message)

    def show_error(self, message: str) -> None:
        self.state_label.setText(self.tr("Erreur : ") + message)

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
            self.tr("Dossiers : {d} · Constats : {c} · Pièces : {e}").format(
                d=s.dossiers, c=s.constats, e=s.evidence),
        ]
        if s.simulated_authenticator:
            lines.append(self.tr("Authentificateur logiciel (simulation) : aucune protection matérielle."))
        return "\n".join(lines)
