"""The desktop's capture wiring: the « Constat en cours » panel on a capture session.

Kept out of app/gui.py: that file only connects the main window's « Capturer… »
button to ``connect_capture``. One panel at a time; it ends (hotkeys released,
vault closed on its thread) when closed or when the main window locks.
"""

from __future__ import annotations

from typing import Any

from app.capture_session import CaptureSession, StampConfig
from app.cli.context import GlobalOptions
from signing.handlers import InteractionHandler


def build_capture_session(opts: GlobalOptions, interaction: InteractionHandler,
                          on_stamped: Any = None) -> CaptureSession:
    """The vault opened with the officer's key on the session's own thread, at its start."""
    from app.gui import _flush_config, _open_with_key
    from app.settings import load_settings

    stamp = StampConfig(_flush_config(opts),
                        enabled=load_settings(opts.home).timestamp_after_capture)
    return CaptureSession(lambda: _open_with_key(opts, interaction), stamp, on_stamped)


def build_capture_panel(opts: GlobalOptions, interaction: InteractionHandler,
                        on_activity: Any = None, parent: Any = None, **panel_options: Any) -> Any:
    """The panel, its session and the global hotkeys; call ``start()`` to open the session."""
    from app.gui import _describer
    from ui.capture_panel import CapturePanel
    from ui.hotkeys import GlobalHotkeys

    relay: list[Any] = []  # the panel does not exist yet when the session is built
    session = build_capture_session(opts, interaction,
                                    on_stamped=lambda outcome: relay[0].stamp_callback(outcome))
    panel = CapturePanel(session, _describer(opts), GlobalHotkeys(), on_activity=on_activity,
                         parent=parent, **panel_options)
    relay.append(panel)
    return panel


def connect_capture(window: Any, opts: GlobalOptions, interaction: InteractionHandler) -> None:
    """« Capturer… » opens (or brings back) the panel; locking the window ends it."""
    holder: list[Any] = []

    def open_panel() -> None:
        if holder and not holder[0].ended:  # open, or still asking for the key
            holder[0].show()
            holder[0].raise_()
            return
        if holder:
            holder.pop()  # ended: a new session needs a new panel
        # Its own top-level window (no parent): it stays up while the main window is hidden.
        panel = build_capture_panel(opts, interaction, on_activity=window.note_activity)
        holder.append(panel)
        # The key's "touch it" prompt went to the main window: its state comes back after.
        panel.started.connect(lambda: window.state is not None and window.show_state(window.state))
        panel.show()
        panel.start()

    def locked(_reason: str) -> None:
        if holder:
            panel = holder.pop()
            panel.end()
            panel.close()  # not deleted: a capture in flight still reports to it

    window.capture_button.clicked.connect(open_panel)
    window.locked.connect(locked)
