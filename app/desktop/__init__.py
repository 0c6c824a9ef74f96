"""The desktop application: one session object and the screens wired to it.

``session.DesktopSession`` owns the options, the settings (read once), the
interaction handler, the error describer, the worker runner and the vault's
lifetime; ``shell.Shell`` builds the main window and opens the other screens,
each calling the application services through the session. Only this package
and ``ui/`` know Qt; ``ui/`` never imports ``app/``.
"""
