"""Open every page of a built book in headless Chromium and check what a reader would see.

Sphinx checks the book's source; it cannot see a figure that fails to decode, a
link whose target page or anchor does not exist in the output, a script error,
or a table that pushes the whole page sideways on a phone. This module looks at
the rendered pages the way a reader's browser does, using the machine's Chromium,
Chrome or Edge (the one that prints the PDF, `browsers.find_browser`) driven by
Playwright, so nothing is downloaded.

Each page is served over a local HTTP server (so a missing file is a 404 with a
name) and checked at 1280 px (loads, console, images, links, screenshots), at
390 px (tables must fit or scroll inside their own box; the page must not scroll
sideways) and with print CSS at the width of the PDF's text block, because
Chromium cuts off anything that scrolls on screen and shrinks every page of the
PDF when one element is too wide; that is hard to see in the PDF itself.

Usable from tests (`check_book(...)` returns a `BrowserReport`) and from the
command line::

    lc-report check-book build/example/wave-2/html --screenshots /tmp/shots

The command prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from lc_helpers.errors import CheckError, PdfError
from lc_helpers.paths import AXE, command
from lc_helpers.pipeline.browsers import find_browser
from lc_helpers.qa.extra import check_extra

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Response

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Requests to other hosts fail at name resolution: the book must work offline, and a
# refused request costs nothing (routing every request through Playwright costs ~40%).
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
# The printed text block in CSS px: Letter (215.9 mm) minus the 15 mm side margins of
# book/_static/lc-report.css (@page), at 96 px per inch.
PRINT_WIDTH = round((215.9 - 2 * 15) / 25.4 * 96)
# Folders of a Sphinx build that hold assets, not pages a reader navigates to.
ASSET_DIRS = ("_static", "_images", "_sources", "_sphinx_design_static", "_panels_static")

# Console errors that come from the theme's own scripts and change nothing a reader sees.
# Each entry says why it is harmless, so that removing one is an informed decision.
KNOWN_NOISE: dict[str, str] = {
    # sphinx-thebe 0.3.1 (pulled in by Jupyter Book 1.x) adds its inline config script twice;
    # the second copy fails, the first already set the same constants; thebe is not used.
    r"Identifier 'THEBE_JS_URL' has already been declared": "sphinx-thebe duplicate config script",
    # pydata-sphinx-theme on a reader's first visit: no stored light/dark mode yet, so it
    # logs this as an error and falls back to "auto", which is the intended default.
    r"Got invalid theme mode": "pydata-sphinx-theme first-visit mode fallback",
    # Requests to other hosts are blocked on purpose (the book must work offline), and
    # browsers ask every site for a favicon the book does not have.
    r"net::ERR_(FAILED|BLOCKED_BY_CLIENT|INTERNET_DISCONNECTED|NAME_NOT_RESOLVED)|favicon\.ico": "network",
}
REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]*content=[\"'][^\"']*url=([^\"']+)", re.I)

# Runs in the page: waits for every image (lazy ones are made eager first, because the
# check must not depend on scrolling) and returns those that failed to load or decode.
JS_IMAGES = """async () => {
  const imgs = [...document.images];
  for (const img of imgs) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done);
    setTimeout(done, 5000);
  })));
  return imgs.filter(img => img.naturalWidth === 0)
             .map(img => img.getAttribute('src') || img.currentSrc || '(no src)');
}"""

JS_LINKS = """() => ({
  links: [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href]),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id)
        .concat([...document.querySelectorAll('a[name]')].map(a => a.name)),
})"""

# Shared by the checks below: how an element is named in a report, and the outermost visible
# elements that reach past a width (none inside a box that clips them before that width).
JS_SHARED = """
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].slice(0, 2).join('.') : '');
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && getComputedStyle(el).position !== 'fixed';
  const reachingPast = limit => {
    const found = [];
    if (document.documentElement.scrollWidth <= limit + 1) return found;
    const seen = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= limit + 1) continue;
      if (!visible(el)) { seen.add(el); continue; }   // hidden or fixed boxes do not widen the page
      let skip = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (seen.has(p)) { skip = true; break; }
        if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= limit + 1) {
          skip = true; break; }
      }
      if (skip) continue;
      seen.add(el);
      found.push(name(el) + ' reaches ' + Math.round(r.right) + 'px');
      if (found.length >= 3) break;
    }
    return found;
  };
"""

# Runs in the page at phone width. A table is readable when it fits its container, or when
# the nearest ancestor that clips it (overflow-x other than visible) lets the reader scroll.
JS_NARROW = (
    """(screen) => {
"""
    + JS_SHARED
    + """
  const out = {pageWidth: document.documentElement.scrollWidth, problems: [], scrolling: []};
  for (const table of document.querySelectorAll('table')) {
    const box = table.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;   // not displayed
    let scroller = null, clipper = null;
    for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
      const ox = getComputedStyle(el).overflowX;
      if (ox === 'auto' || ox === 'scroll') { scroller = el; break; }
      if (ox === 'hidden' || ox === 'clip') { clipper = el; break; }
    }
    const width = Math.max(box.width, table.scrollWidth);
    const container = clipper || table.parentElement;
    const label = name(table) +
      (table.caption ? ' "' + table.caption.textContent.trim().slice(0, 60) + '"' : '');
    if (scroller) {
      if (scroller.scrollWidth > scroller.clientWidth + 1)
        out.scrolling.push(label + ' (' + Math.round(width) + 'px, scrolls in ' + name(scroller) + ')');
      if (scroller.getBoundingClientRect().right > screen + 1)
        out.problems.push(label + ': its scrolling container ' + name(scroller) + ' reaches ' +
          Math.round(scroller.getBoundingClientRect().right) + 'px, past the screen');
    } else if (width > container.clientWidth + 1 || box.right > screen + 1) {
      out.problems.push(label + ' is ' + Math.round(width) + 'px wide in a ' +
        Math.round(container.clientWidth) + 'px container ' + name(container) + ' that ' +
        (clipper ? 'cuts it off' : 'does not scroll'));
    }
  }
  out.wide = reachingPast(screen);
  return out;
}"""
)


# Runs in the page with print CSS at the width of the printed text block. Chromium prints an
# element that scrolls on screen as a clipped box, and shrinks the whole document (every
# page's text) when anything is wider than the paper, so both count as problems.
JS_PRINT = (
    """(width) => {
"""
    + JS_SHARED
    + """
  const out = {pageWidth: document.documentElement.scrollWidth, clipped: []};
  for (const el of document.body.querySelectorAll('*')) {
    const ox = getComputedStyle(el).overflowX;
    if (ox === 'visible' || !visible(el) || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const inner = el.querySelector('table, img, pre, code, svg');
      out.clipped.push(name(el) + (inner ? ' (holding ' + name(inner) + ')' : '') + ' shows ' +
        el.clientWidth + 'px of ' + el.scrollWidth + 'px');
    }
  }
  out.wide = reachingPast(width);
  return out;
}"""
)


@dataclass(frozen=True)
class BrowserProblem:
    """One thing a reader would notice, on one page (path relative to the book folder)."""

    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


@dataclass
class BrowserReport:
    """Everything the browser check found; `problems` is empty when the book is fine."""

    pages: list[str] = field(default_factory=list)
    load_errors: list[BrowserProblem] = field(default_factory=list)
    console_errors: list[BrowserProblem] = field(default_factory=list)
    broken_images: list[BrowserProblem] = field(default_factory=list)
    broken_links: list[BrowserProblem] = field(default_factory=list)
    narrow_tables: list[BrowserProblem] = field(default_factory=list)
    narrow_pages: list[BrowserProblem] = field(default_factory=list)
    print_overflow: list[BrowserProblem] = field(default_factory=list)
    # Markup that data turned into live elements, and dialogs a script opened (alert, confirm).
    injected: list[BrowserProblem] = field(default_factory=list)
    # axe-core (WCAG 2 A and AA): serious and critical violations fail the check; the others are listed.
    accessibility: list[BrowserProblem] = field(default_factory=list)
    minor_accessibility: list[BrowserProblem] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    # Not problems, but worth a look: ignored known console noise, tables a reader has to
    # scroll sideways (at phone or desktop width), and requests to other hosts (lost offline).
    ignored_console: list[BrowserProblem] = field(default_factory=list)
    scrolling_tables: list[BrowserProblem] = field(default_factory=list)
    # Tables wider than the text column at desktop width: the reader scrolls to see the last columns.
    wide_tables: list[BrowserProblem] = field(default_factory=list)
    external_requests: set[str] = field(default_factory=set)

    @property
    def problems(self) -> list[BrowserProblem]:
        return [
            *self.load_errors,
            *self.console_errors,
            *self.broken_images,
            *self.broken_links,
            *self.narrow_tables,
            *self.narrow_pages,
            *self.print_overflow,
            *self.injected,
            *self.accessibility,
        ]

    @property
    def ok(self) -> bool:
        return not self.problems


def book_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the book, relative to its folder, skipping asset folders."""
    return [
        rel.as_posix()
        for rel in (p.relative_to(html_dir) for p in sorted(html_dir.rglob("*.html")))
        if rel.parts[0] not in ASSET_DIRS
    ]


def main_pages(pages: Iterable[str]) -> list[str]:
    """The pages worth a desktop screenshot: the landing page and each chapter under notebooks/."""
    pages = list(pages)
    front = [p for p in ("intro.html", "index.html") if p in pages][:1]
    return front + [p for p in pages if p.startswith("notebooks/")]


def table_heavy_page(html_dir: Path, pages: Iterable[str]) -> str | None:
    """The page with the most table rows: the one whose phone layout is worth a screenshot."""
    rows = {p: (html_dir / p).read_text(encoding="utf-8", errors="replace").count("<tr") for p in pages}
    best = max(rows, key=lambda p: rows[p], default=None)
    return best if best and rows[best] else None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The browser drops connections it no longer needs (a 404 favicon): not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free local port and yield its base URL.

    Over HTTP every request gets a status code, so a missing stylesheet, script or
    image is reported with its path instead of failing silently as file:// can.
    """
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _IdCollector(HTMLParser):
    """Ids and anchor names of a page the browser did not open (for link targets only)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


def _ids_in_file(path: Path) -> set[str]:
    parser = _IdCollector()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.ids


def check_links(
    html_dir: Path, base: str, links: dict[str, list[tuple[str, str]]], ids: dict[str, set[str]]
) -> list[BrowserProblem]:
    """Every link into the book must reach an existing file and, with a #fragment, an existing id.

    `links` maps a page to (href as written, absolute URL) pairs; `ids` holds the ids
    of pages already seen in the browser (others are parsed from disk on demand).
    """
    problems: list[BrowserProblem] = []
    root_path = urlsplit(base).path
    for page, page_links in links.items():
        for raw, absolute in page_links:
            if not absolute.startswith(base):
                continue  # other hosts, mailto:, javascript:
            parts = urlsplit(absolute)
            rel = unquote(parts.path[len(root_path) :])
            if rel == "" or rel.endswith("/") or (html_dir / rel).is_dir():
                rel = (Path(rel) / "index.html").as_posix()
            target = html_dir / rel
            if not target.is_file():
                problems.append(BrowserProblem(page, "broken link", f"{raw!r} -> no file {rel}"))
                continue
            fragment = unquote(parts.fragment)
            if not fragment or fragment == "top" or target.suffix != ".html":
                continue
            if rel not in ids:
                ids[rel] = _ids_in_file(target)
            if fragment not in ids[rel]:
                problems.append(
                    BrowserProblem(page, "broken link", f"{raw!r} -> no id {fragment!r} in {rel}")
                )
    return problems


def _screenshot_name(page: str, prefix: str = "") -> str:
    stem = Path(page).with_suffix("").as_posix().removeprefix("notebooks/").replace("/", "__")
    return f"{prefix}{stem}.png"


def _noise(text: str) -> str | None:
    return next((why for pattern, why in KNOWN_NOISE.items() if re.search(pattern, text)), None)


# Elements no report page has of its own, but that markup typed into a dataset would
# create: inline event handlers (but the theme's own print and full-screen buttons),
# javascript: links, frames and plugins, scripts that alert.
JS_INJECTED = """() => {
  const themeHandlers = new Set(['window.print()', 'toggleFullScreen()']);
  const found = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (!attr.name.toLowerCase().startsWith('on') || themeHandlers.has(attr.value.trim())) continue;
      found.push(name(el) + ' has ' + attr.name + '=' + attr.value.slice(0, 60));
    }
  }
  for (const el of document.querySelectorAll('a[href^="javascript:" i], iframe, frame, object, embed')) {
    found.push(name(el) + ' ' + (el.getAttribute('href') || el.getAttribute('src') || ''));
  }
  for (const el of document.querySelectorAll('script:not([src])')) {
    const code = el.textContent;
    if (/alert|prompt|confirm/.test(code)) found.push('inline script: ' + code.slice(0, 80));
  }
  return found;
}"""


class _PageWatch:
    """Collects what the page logs while it loads: console errors, uncaught exceptions, bad requests.

    One browser tab visits every page in turn (a new tab per page costs more than the
    page itself), so `rel` is updated before each navigation.
    """

    def __init__(self, base: str, report: BrowserReport) -> None:
        self.rel, self.base, self.report = "", base, report

    def attach(self, page: Page) -> None:
        page.on("console", self.console)
        page.on("pageerror", lambda exc: self.error("script error", str(exc)))
        page.on("response", self.response)
        page.on("requestfailed", self.failed)
        page.on("dialog", self.dialog)

    def dialog(self, dialog: Any) -> None:
        """No page of a report opens a dialog: one that does runs a script someone slipped in."""
        self.report.injected.append(
            BrowserProblem(self.rel, f"script opened a {dialog.type} dialog", dialog.message)
        )
        dialog.dismiss()

    def error(self, kind: str, text: str) -> None:
        line = (text.strip().splitlines() or [""])[0][:300]
        if _noise(line):
            self.report.ignored_console.append(BrowserProblem(self.rel, kind, line))
        else:
            self.report.console_errors.append(BrowserProblem(self.rel, kind, line))

    def console(self, message: ConsoleMessage) -> None:
        where = (message.location or {}).get("url", "")
        if message.type != "error" or message.text.startswith("Failed to load resource"):
            return  # failed loads are reported with their URL by response() and failed()
        if where and not where.startswith(self.base):
            self.report.ignored_console.append(
                BrowserProblem(self.rel, "third-party console error", message.text)
            )
            return
        self.error("console error", message.text)

    def response(self, response: Response) -> None:
        url = response.url
        if url.startswith(self.base) and response.status >= 400 and not url.endswith("favicon.ico"):
            self.report.load_errors.append(
                BrowserProblem(
                    self.rel, "missing resource", f"HTTP {response.status} for {url[len(self.base) :]}"
                )
            )

    def failed(self, request: Request) -> None:
        if not request.url.startswith(self.base):
            self.report.external_requests.add(request.url)  # refused by the host rules (offline)
        elif not request.url.endswith("favicon.ico"):
            self.report.load_errors.append(
                BrowserProblem(
                    self.rel, "failed request", f"{request.url[len(self.base) :]}: {request.failure}"
                )
            )


def check_book(
    html_dir: Path | str,
    screenshots: Path | str | None = None,
    pages: list[str] | None = None,
    timeout_ms: int = 30_000,
    print_width: int | None = PRINT_WIDTH,
) -> BrowserReport:
    """Load each page, check it at desktop width and at phone width, and collect every problem.

    `pages` restricts the check to some pages (paths relative to `html_dir`); their
    links are still checked against the whole folder. With `screenshots`, full-page
    screenshots of the main pages at 1280 px and one of the most table-heavy page at
    390 px are written there. `print_width` (CSS px of the printed text block; None to
    skip) enables the print-layout check.
    """
    sync_api = check_extra("playwright.sync_api")

    html_dir = Path(html_dir).resolve()
    if not html_dir.is_dir():
        raise FileNotFoundError(f"no such book folder: {html_dir}")
    shots = Path(screenshots) if screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    report = BrowserReport(pages=list(pages) if pages is not None else book_pages(html_dir))
    to_shoot = set(main_pages(report.pages)) if shots else set()
    heavy = table_heavy_page(html_dir, main_pages(report.pages) or report.pages) if shots else None
    links: dict[str, list[tuple[str, str]]] = {}
    ids: dict[str, set[str]] = {}

    with serve(html_dir) as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_browser(), args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            page = browser.new_page(viewport=DESKTOP)
            page.set_default_timeout(timeout_ms)
            watch = _PageWatch(base, report)
            watch.attach(page)
            for rel in report.pages:
                text = (html_dir / rel).read_text(encoding="utf-8", errors="replace")
                redirect = REFRESH.search(text)
                if redirect:  # Jupyter Book's index.html -> intro.html: only its target is checked
                    target = redirect.group(1).strip()
                    links[rel] = [(target, urljoin(base + rel, target))]
                    continue
                watch.rel = rel
                page.set_viewport_size(DESKTOP)
                try:
                    response = page.goto(base + rel, wait_until="load")
                except sync_api.Error as exc:
                    report.load_errors.append(BrowserProblem(rel, "does not load", str(exc).splitlines()[0]))
                    continue
                if response is None or not response.ok:
                    status = response.status if response else "no response"
                    report.load_errors.append(BrowserProblem(rel, "does not load", f"HTTP {status}"))
                for found_markup in page.evaluate(JS_INJECTED):
                    report.injected.append(BrowserProblem(rel, "live markup from data", found_markup))
                _check_accessibility(page, rel, report)  # after the markup check: axe is a script we add
                for src in page.evaluate(JS_IMAGES):
                    report.broken_images.append(
                        BrowserProblem(rel, "broken image", f"{src} did not load or decode")
                    )
                found = page.evaluate(JS_LINKS)
                links[rel] = [(raw, absolute) for raw, absolute in found["links"]]
                ids[rel] = set(found["ids"])
                at_desktop = f"table at {DESKTOP['width']}px"
                for detail in page.evaluate(JS_NARROW, DESKTOP["width"])["scrolling"]:
                    report.scrolling_tables.append(BrowserProblem(rel, at_desktop, detail))
                    wide = f"wider than its column {at_desktop}"
                    report.wide_tables.append(BrowserProblem(rel, wide, detail))
                if shots and rel in to_shoot:
                    page.evaluate("document.fonts.ready.then(() => true)")
                    report.screenshots.append(shots / _screenshot_name(rel))
                    page.screenshot(path=str(report.screenshots[-1]), full_page=True)
                _check_narrow(page, rel, report)
                if shots and rel == heavy:
                    report.screenshots.append(shots / _screenshot_name(rel, f"narrow-{NARROW['width']}px-"))
                    page.screenshot(path=str(report.screenshots[-1]), full_page=True)
                if print_width:
                    _check_print(page, rel, report, print_width)
        finally:
            browser.close()

    report.broken_links.extend(check_links(html_dir, base, links, ids))
    return report


# Run axe-core on the page as it is shown now and return one line per violation and node. Colour
# contrast is a WCAG 2 AA rule; it is named so that no change of axe's defaults drops it unseen.
JS_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                          rules: {'color-contrast': {enabled: true}}});
  return result.violations.map(v => ({id: v.id, impact: v.impact || 'minor', help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
# Switch the page to a colour mode as the theme's light/dark button does (pydata-sphinx-theme sets
# both attributes on <html>), and end the theme's colour transitions so axe reads the final colours.
JS_THEME = """(mode) => {
  document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode;
  for (const animation of document.getAnimations()) animation.finish();
  return getComputedStyle(document.body).backgroundColor;
}"""
# A reader may have either mode: the theme follows the system's setting and has a switch.
THEMES = ("light", "dark")
SERIOUS = {"serious", "critical"}


def _browser() -> str:
    """The same browser the PDF is printed with; none is a check that cannot run, not a finding."""
    try:
        return find_browser()
    except PdfError as error:
        raise CheckError(str(error)) from None


def _check_accessibility(page: Page, rel: str, report: BrowserReport) -> None:
    """axe-core's WCAG 2 A/AA rules in light and in dark mode (axe from npm, pinned in package-lock.json).

    The page is left in light mode, the mode the screenshots and the other checks use.
    """
    if not AXE.is_file():
        raise CheckError(
            f"{AXE} is missing: run `{command('npm-packages')}` in the project folder "
            "(installs the pinned axe-core from the npm registry)"
        )
    page.add_script_tag(path=str(AXE))
    for mode in THEMES:
        page.evaluate(JS_THEME, mode)
        for violation in page.evaluate(JS_AXE):
            found = BrowserProblem(
                rel,
                f"accessibility ({violation['impact']}, {mode} mode): {violation['id']}",
                f"{violation['help']}: {', '.join(violation['nodes'])}",
            )
            serious = violation["impact"] in SERIOUS
            (report.accessibility if serious else report.minor_accessibility).append(found)
    page.evaluate(JS_THEME, THEMES[0])


def _check_print(page: Page, rel: str, report: BrowserReport, width: int) -> None:
    """Lay the page out with print CSS at the printed text width, as Chromium does for the PDF.

    The multi-page HTML has the same content and print CSS as the single page that is
    printed, so an element found here is one the PDF cuts off or shrinks to fit.
    """
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": 1000})
    found = page.evaluate(JS_PRINT, width)
    page.emulate_media(media="screen")
    where = f"print at {width}px"
    report.print_overflow.extend(BrowserProblem(rel, where, f"cut off: {d}") for d in found["clipped"])
    if found["pageWidth"] > width + 1:
        scale = width / found["pageWidth"]
        # Chromium lays the document out wider and scales it down (to at most 1/2), cutting off the rest.
        detail = (
            f"content is {found['pageWidth']}px wide for {width}px of paper, so Chromium shrinks the text "
            f"of every PDF page to about {max(scale, 0.5):.0%}: " + "; ".join(found["wide"])
        )
        report.print_overflow.append(BrowserProblem(rel, where, detail))


def _check_narrow(page: Page, rel: str, report: BrowserReport) -> None:
    """Re-lay the page out at phone width (no reload: media queries and resize handlers fire)."""
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(100)  # let the theme's resize handlers run
    found = page.evaluate(JS_NARROW, NARROW["width"])
    where = f"at {NARROW['width']}px"
    report.narrow_tables.extend(BrowserProblem(rel, f"table {where}", d) for d in found["problems"])
    report.scrolling_tables.extend(BrowserProblem(rel, f"table {where}", d) for d in found["scrolling"])
    if found["pageWidth"] > NARROW["width"] + 1:
        detail = f"page scrolls sideways ({found['pageWidth']}px wide): " + "; ".join(found["wide"])
        report.narrow_pages.append(BrowserProblem(rel, f"page {where}", detail))


def report_book(
    html_dir: Path | str,
    screenshots: Path | str | None = None,
    pages: list[str] | None = None,
    verbose: bool = False,
) -> int:
    """Check the book, print one line per problem (stdout) and a summary (stderr); the exit status.

    The commands `check-book` and `check` print the same way; tests call `check_book` for the report.
    """
    report = check_book(html_dir, screenshots, pages=pages)
    for problem in report.problems:
        print(problem)
    if verbose:
        for note in report.ignored_console:
            print(f"ignored: {note}", file=sys.stderr)
        for note in report.scrolling_tables:
            print(f"scrolls: {note}", file=sys.stderr)
        for url in sorted(report.external_requests):
            print(f"blocked: {url}", file=sys.stderr)
        for note in report.minor_accessibility:
            print(f"accessibility, minor or moderate: {note}", file=sys.stderr)
        for shot in report.screenshots:
            print(f"screenshot: {shot}", file=sys.stderr)
    print(
        f"{len(report.pages)} page(s) checked: {len(report.problems)} problem(s), "
        f"{len(report.ignored_console)} known console message(s) ignored, "
        f"{len(report.external_requests)} off-site request(s) blocked, "
        f"{len(report.screenshots)} screenshot(s)",
        file=sys.stderr,
    )
    return 1 if report.problems else 0
