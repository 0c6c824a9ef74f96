"""The desktop session: one object for the options, settings, handler, describer,
worker runner and the vault's lifetime (replaces the closures of the old wiring).

The vault is unlocked once per session (PIN and touch asked once) and held on its
host's thread; a PV signature and a whole-dossier export ask for a fresh touch
(``access.reconfirm_presence``); the session locks on idle or token removal
(the window decides when) and journals those locks at the next unlock, since
nothing can be written while locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from app.cli.context import GlobalOptions
from app.messages import describe
from app.services import access, overview
from app.services.context import AppContext
from app.services.overview import VaultOverview
from app.settings import Settings, load_settings, save_settings
from app.vault_host import VaultHost
from evidence.clock import utc_now_iso
from evidence.errors import ProbantError, VaultLocked
from evidence.progress import CancelToken, ProgressCallback
from evidence.vault import Vault, vault_exists
from signing.handlers import InteractionHandler
from ui.worker import TaskRunner

log = logging.getLogger(__name__)
T = TypeVar("T")
Service = Callable[[AppContext, Vault], Any]
LongService = Callable[[AppContext, Vault, ProgressCallback, CancelToken], Any]


class DesktopSession(QObject):
    unlocked = Signal(object)  # VaultOverview
    locked = Signal(str)  # reason code: "idle", "token_removed", "user"
    changed = Signal(object)  # VaultOverview after a write: every view refreshes from it
    failed = Signal(str)  # a worded error no caller handled

    def __init__(self, opts: GlobalOptions, interaction: InteractionHandler,
                 runner: TaskRunner | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.opts = opts
        self.settings = settings if settings is not None else _load(opts)
        self.ctx = AppContext(opts.home, self.settings, interaction, interaction,
                              demo=opts.demo, lang=opts.lang)
        self.runner = runner or TaskRunner()
        self.host = VaultHost()
        self.overview: VaultOverview | None = None
        self._locks: list[tuple[str, str]] = []  # (reason, UTC time), journaled at unlock

    # -- words ---------------------------------------------------------------------
    def describe(self, exc: BaseException) -> str:
        """The one boundary where errors become French (or English) sentences."""
        return describe(exc, self.opts.lang)

    @property
    def vault_exists(self) -> bool:
        return vault_exists(self.opts.home)

    # -- settings --------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> None:
        save_settings(self.opts.home, settings)
        self.settings = settings
        self.ctx = self.ctx.with_settings(settings)

    # -- the vault's lifetime --------------------------------------------------------
    def unlock(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        """PIN and touch (asked through the handler) on the vault's thread; demo mode
        opens (or creates) the demo vault without asking anything."""
        def work(_progress: ProgressCallback, _cancel: CancelToken) -> VaultOverview:
            opener = (lambda: access.open_or_create_demo(self.ctx)) if self.opts.demo else (
                lambda: access.unlock(self.ctx))
            self.host.open(opener)
            return self.host.run(self._journal_locks_and_look)

        self.runner.run(work, self._now_unlocked, on_error or self._fail)

    def create_vault(self, request: access.OfficerRequest, on_created: Callable[[str], None],
                     on_error: Callable[[BaseException], None]) -> None:
        """The first run: the officer's vault made on the vault's thread and kept open
        (no second PIN prompt, no locked window after the wizard); ``on_created`` gets
        the recovery code, shown once."""
        codes: list[str] = []

        def make() -> Vault:
            created = access.create_officer_vault(self.ctx, request)
            codes.append(created.recovery_code)
            return created.vault

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> VaultOverview:
            self.host.open(make)
            return self.host.run(self._journal_locks_and_look)

        def done(view: VaultOverview) -> None:
            self._now_unlocked(view)
            on_created(codes[0])

        self.runner.run(work, done, on_error)

    def _journal_locks_and_look(self, vault: Vault) -> VaultOverview:
        for reason, when in self._locks:
            vault.log("session_locked", details={"reason": reason, "locked_at": when})
        self._locks.clear()
        return overview.overview(vault)

    def _now_unlocked(self, view: VaultOverview) -> None:
        self.overview = view
        log.info("desktop session unlocked")
        self.unlocked.emit(view)

    @property
    def is_unlocked(self) -> bool:
        return self.overview is not None

    def lock(self, reason: str) -> None:
        if self.overview is None:
            return
        self.overview = None
        self._locks.append((reason, utc_now_iso()))
        self.host.close()
        log.info("desktop session locked (%s)", reason)
        self.locked.emit(reason)

    def close(self) -> None:
        self.host.shutdown()

    # -- running services ------------------------------------------------------------
    def call(self, service: Service, on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None, *,
             writes: bool = True) -> None:
        """``service(ctx, vault)`` off the GUI thread, on the vault's thread; after a
        write the overview is read again and ``changed`` tells every view."""
        self.run_long(lambda ctx, vault, _p, _c: service(ctx, vault), on_done, on_error,
                      writes=writes)

    def refresh(self, on_done: Callable[[Any], None] = lambda _none: None,
                on_error: Callable[[BaseException], None] | None = None) -> None:
        """The overview read again, after work done beside the session's own calls (a
        recording on its own connection, a dialog's actions); ``changed`` tells every view."""
        self.call(lambda _c, _v: None, on_done, on_error)

    def run_long(self, service: LongService, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None = None, *,
                 on_progress: Callable[[int, int], None] | None = None,
                 writes: bool = True) -> CancelToken:
        def work(progress: ProgressCallback, cancel: CancelToken) -> tuple[Any, Any]:
            result = self.host.run(lambda vault: service(self.ctx, vault, progress, cancel))
            view = self.host.run(overview.overview) if writes else None
            return result, view

        def done(pair: tuple[Any, Any]) -> None:
            result, view = pair
            if view is not None and self.overview is not None:
                self.overview = view
                self.changed.emit(view)
            on_done(result)

        return self.runner.run(work, done, on_error or self._fail, on_progress)

    def run_beside(self, service: LongService, on_done: Callable[[Any], None],
                   on_error: Callable[[BaseException], None] | None = None, *,
                   on_progress: Callable[[int, int], None] | None = None) -> CancelToken:
        """A long capture (a recording) on its own connection to the unlocked vault, so
        the vault's thread stays free for the rest of the window meanwhile; the views
        refresh when it ends."""
        def work(progress: ProgressCallback, cancel: CancelToken) -> Any:
            main = self.host.current()
            if main is None:
                raise VaultLocked("the vault is locked")
            vault = main.sibling()
            try:
                return service(self.ctx, vault, progress, cancel)
            finally:
                vault.close()

        def done(result: Any) -> None:
            if self.overview is None:  # locked meanwhile: the capture is kept, said as such
                on_done(result)
                return
            self.refresh(lambda _none: on_done(result), on_error)
        return self.runner.run(work, done, on_error or self._fail, on_progress)

    def call_confirmed(self, purpose: str, service: Service, on_done: Callable[[Any], None],
                       on_error: Callable[[BaseException], None] | None = None) -> None:
        """An act that binds the officer: a fresh PIN and touch first, on this vault."""
        def confirmed(ctx: AppContext, vault: Vault) -> Any:
            access.reconfirm_presence(ctx, vault, purpose)
            return service(ctx, vault)
        self.call(confirmed, on_done, on_error)

    def blocking(self, service: Callable[[AppContext, Vault], T]) -> T:
        """For the screens whose own worker already runs off the GUI thread."""
        return self.host.run(lambda vault: service(self.ctx, vault))

    def blocking_confirmed(self, purpose: str, service: Callable[[AppContext, Vault], T]) -> T:
        def confirmed(vault: Vault) -> T:
            access.reconfirm_presence(self.ctx, vault, purpose)
            return service(self.ctx, vault)
        return self.host.run(confirmed)

    def _fail(self, exc: BaseException) -> None:
        self.failed.emit(self.describe(exc))


def _load(opts: GlobalOptions) -> Settings:
    """Read once per session; a damaged file gives the defaults, and is said."""
    try:
        return load_settings(opts.home)
    except ProbantError as exc:
        log.warning("settings unreadable, defaults used: %s", exc.code)
        return Settings()
