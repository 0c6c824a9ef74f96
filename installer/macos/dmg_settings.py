# dmgbuild settings for Probant's disk image (installer/macos/build-macos.sh):
# the app and a link to /Applications, nothing else.
# ruff: noqa
import os.path

application = defines.get("app", "build/dist/Probant.app")  # noqa: F821 (given by dmgbuild)
appname = os.path.basename(application)

format = "UDZO"
filesystem = "HFS+"
files = [application]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (140, 120), "Applications": (500, 120)}
window_rect = ((100, 100), (640, 280))
default_view = "icon-view"
show_icon_preview = False
