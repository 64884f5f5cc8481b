"""Which Chrome, Chromium or Edge prints the PDF and runs the checks: one answer for both.

All three are the same engine and take the same headless switches. The
browser is looked for, in order: the program `LC_REPORT_BROWSER` names (a
wrong value is an error, never silently ignored); the usual program names on
PATH (Debian's `chromium`, `google-chrome`, `microsoft-edge`, ...); the usual
install places of the operating system (macOS `/Applications/*.app`, Windows
`Program Files` and the per-user `AppData\\Local`). Nothing is ever downloaded.
"""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath

from lc_helpers.errors import PdfError
from lc_helpers.paths import setup_note

BROWSER_VARIABLE = "LC_REPORT_BROWSER"
PATH_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
LINUX_PLACES = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge",
)
MAC_APPLICATIONS = (Path("/Applications"),)  # and ~/Applications; a module value so tests can point it
MAC_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
# Under %ProgramFiles%, %ProgramFiles(x86)% and %LocalAppData%: machine-wide and per-user installs.
WINDOWS_APPS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Chromium\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
)
WINDOWS_ROOTS = (
    ("ProgramFiles", r"C:\Program Files"),
    ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
    ("LocalAppData", None),
)


def install_places(system: str | None = None, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where the operating system's installers put Chrome, Chromium and Edge, most usual first."""
    system = system or platform.system()
    environ = os.environ if environ is None else environ
    if system == "Darwin":
        folders = [*MAC_APPLICATIONS]
        if environ.get("HOME"):
            folders.append(Path(environ["HOME"]) / "Applications")
        return [folder / app for folder in folders for app in MAC_APPS]
    if system == "Windows":
        roots = [environ.get(name) or default for name, default in WINDOWS_ROOTS]
        return [
            Path(root).joinpath(*PureWindowsPath(app).parts) for root in roots if root for app in WINDOWS_APPS
        ]
    return [Path(place) for place in LINUX_PLACES]


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_browser(system: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The browser program to run headless; a clear error if there is none or LC_REPORT_BROWSER is wrong."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(BROWSER_VARIABLE, "").strip()
    if chosen:
        found = shutil.which(chosen, path=environ.get("PATH"))
        if found is None or not _runnable(Path(found)):
            raise PdfError(
                f"{BROWSER_VARIABLE} is set to {chosen!r}, which is not a program that can be run. "
                "Set it to the full path of Chrome, Chromium or Edge (e.g. "
                r"'C:\Program Files\Google\Chrome\Application\chrome.exe'), "
                "or unset it to look in the usual places"
            )
        return found
    for name in PATH_NAMES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return found
    places = install_places(system, environ)
    for place in places:
        if _runnable(place):
            return str(place)
    raise PdfError(
        "no Chrome, Chromium or Edge found (looked on PATH for "
        + ", ".join(PATH_NAMES[:3])
        + ", ... and in "
        + "; ".join(str(p) for p in places[:3])
        + ", ...). Install one (Debian/Ubuntu: 'sudo apt-get install chromium'"
        + setup_note()
        + f"), or set {BROWSER_VARIABLE} to the browser's program file"
    )
