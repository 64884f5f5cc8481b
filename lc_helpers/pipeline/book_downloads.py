"""The theme's download menu offers the report's own files: the PDF, the DOCX and the workbook.

sphinx-book-theme's menu offers each page's source (.md, .ipynb) and a ".pdf"
that prints the one web page the reader is on, neither of which is the report.
The build passes the front page's downloads from the formats registry
(`lc_downloads`: path under the HTML folder, label), and this extension puts
them in the menu's place, linked relative to each page; with none, the menu
is dropped.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

MENU = "download-buttons"
ICONS = {".pdf": "fas fa-file-pdf", ".docx": "fas fa-file-word", ".xlsx": "fas fa-file-excel"}


def download_menu(downloads: list[list[str]], link_to: Any) -> dict[str, Any] | None:
    """The menu group for the theme's header: one link per file, or None when there is nothing to offer."""
    buttons = []
    for path, label in downloads:
        suffix = PurePosixPath(path).suffix
        buttons.append(
            {
                "type": "link",
                "url": link_to(path, 1),
                "text": suffix,
                "tooltip": label,
                "icon": ICONS.get(suffix, "fas fa-file"),
                "label": f"download-{suffix.lstrip('.')}-button",
            }
        )
    if not buttons:
        return None
    return {
        "type": "group",
        "tooltip": "Download the report",
        "icon": "fas fa-download",
        "buttons": buttons,
        "label": MENU,
    }


def replace_menu(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    buttons = context.get("header_buttons")
    if not isinstance(buttons, list):
        return
    menu = download_menu(app.config.lc_downloads, context["pathto"])
    kept = [b for b in buttons if b.get("label") != MENU]
    at = next((i for i, b in enumerate(buttons) if b.get("label") == MENU), len(kept))
    if menu is not None:
        kept.insert(at, menu)
    buttons[:] = kept


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("lc_downloads", [], "html")
    app.connect("html-page-context", replace_menu, priority=900)  # after the theme's buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
