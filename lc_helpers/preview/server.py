"""The live preview: build once, serve on 127.0.0.1, rebuild what a save touched, reload the page.

Watching (watchfiles), the websocket that tells open pages to reload, and the
middleware that adds its script to every served page are sphinx-autobuild's;
this module chooses what to rebuild. A save runs the same incremental build as
`make report` without the PDF: a prose edit reuses the notebook's run and
Sphinx re-reads only changed pages; a code edit re-runs that notebook; a data
edit re-validates and re-runs the chapters (the cache keys include the data);
a package edit re-runs them all on restarted kernels. The preview builds into
build/<dataset>/preview/wave-<W>, with its own cache and lock, so it never
touches the published report (build/<dataset>/wave-<W>, with its PDF) that
`make report` made and a team may be sharing. Kernels stay running
between saves, so a re-run pays no kernel start. A failed build keeps the last good pages, and
the page shows the message in a banner while the terminal prints it.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path

WATCHED_SUFFIXES = {".ipynb", ".md", ".yml", ".yaml", ".py", ".csv", ".bib", ".css", ".js", ".txt"}
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", "build", ".git", "node_modules", ".venv"}

STATUS_SCRIPT = b"""
<script>
fetch("/__lc_status").then(r => r.json()).then(s => {
  if (!s.error) return;
  const box = document.createElement("pre");
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:9999;margin:0;padding:1em;"
    + "background:#fdf0ef;color:#5a0d14;border-bottom:3px solid #b2182b;white-space:pre-wrap;";
  box.textContent = "The last save did not build; the page shows the last good report.\\n\\n" + s.error;
  document.body.prepend(box);
});
</script>
"""


def free_port() -> int:
    """A port free on the loopback interface (the preview is never served on other interfaces)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_watched(path: Path) -> bool:
    return path.suffix in WATCHED_SUFFIXES and not IGNORED_PARTS.intersection(path.parts)


class Preview:
    """The state of one preview: what it builds, the last error, and the reload flag's server."""

    def __init__(self, data: Path, wave: str, build_dir: Path) -> None:
        self.data, self.wave = Path(data).resolve(), str(wave)
        self.build_dir = Path(build_dir).resolve()
        self.error = ""
        self.lock = threading.Lock()
        from lc_helpers.pipeline.kernels import WarmKernels
        from lc_helpers.pipeline.sphinx_runner import LiveBook

        self.kernels = WarmKernels(os.cpu_count() or 1)
        self.book = LiveBook()  # Sphinx stays loaded between saves, its html application too

    def build(self, reason: str = "start", changed: Sequence[Path] = ()) -> bool:
        """Rebuild (incrementally, no PDF) on warm kernels; on failure keep the last good report.

        An edit of the package restarts the kernels, which imported its old code.
        """
        from lc_helpers.errors import BuildError, DatasetError, summarise
        from lc_helpers.paths import PACKAGE
        from lc_helpers.pipeline.build import build_report

        with self.lock:
            if any(path.suffix == ".py" and path.is_relative_to(PACKAGE) for path in changed):
                self.kernels.restart()
            started = time.perf_counter()
            try:
                build_report(
                    self.data,
                    self.wave,
                    self.build_dir,
                    pdf=False,
                    warm=self.kernels,
                    preview=True,
                    live_book=self.book,
                )
            except DatasetError as exc:
                self.error = "\n".join(summarise(exc.problems))
            except BuildError as exc:
                self.error = str(exc)
            else:
                self.error = ""
            took = time.perf_counter() - started
            if self.error:
                print(f"[preview] {reason}: the build failed ({took:.1f} s); serving the last good report:")
                print("  " + self.error.replace("\n", "\n  "), flush=True)
            else:
                print(f"[preview] {reason}: rebuilt in {took:.1f} s", flush=True)
            return not self.error

    def html_dir(self) -> Path:
        """build/<dataset>/preview/wave-<W>/html: the preview's own report, never the published one."""
        from lc_helpers.contract.target import ReportTarget

        return ReportTarget(self.data, self.wave).report_folder(self.build_dir, preview=True) / "html"


def _app(preview: Preview, port: int, watched: Sequence[Path]):
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class Rebuilds(RebuildServer):
        """sphinx-autobuild's watcher and reload socket; the rebuild runs in this process's thread pool."""

        async def watch(self) -> None:
            import watchfiles

            ready = False
            async for changes in watchfiles.awatch(
                *self.paths,
                watch_filter=lambda _, p: is_watched(Path(p)),
                rust_timeout=500,
                yield_on_timeout=True,  # an empty first yield: the watcher is running
            ):
                if not ready:
                    ready = True
                    # Announced only now: a save before the watcher runs would be missed.
                    print(f"[preview] serving http://127.0.0.1:{port}/ (Ctrl-C stops it)", flush=True)
                    print(json.dumps({"preview_url": f"http://127.0.0.1:{port}/"}), flush=True)
                if not changes:
                    continue
                paths = sorted({Path(p) for _, p in changes})
                names = ", ".join(sorted({p.name for p in paths}))
                await asyncio.to_thread(preview.build, "saved " + names, paths)
                self.flag.set()

    server = Rebuilds(list(watched), IgnoreFilter([], []), lambda changed_paths: None)

    class Injector(JavascriptInjectorMiddleware):
        def __init__(self, app, ws_url: str) -> None:
            super().__init__(app, ws_url)
            self.script += STATUS_SCRIPT

    async def status(_request):
        return JSONResponse({"error": preview.error})

    @asynccontextmanager
    async def lifespan(app):
        async with server.lifespan(app):
            yield
        preview.kernels.shutdown()  # Ctrl-C leaves no kernel running

    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", server, name="reload"),
            Route("/__lc_status", status),
            Mount("/", app=StaticFiles(directory=preview.html_dir(), html=True), name="report"),
        ],
        middleware=[Middleware(Injector, ws_url=f"127.0.0.1:{port}")],
        lifespan=lifespan,
    )


def serve(data: Path, wave: str, build_dir: Path, port: int = 0) -> None:
    """Build once, then serve and rebuild on every save until Ctrl-C.

    Runs in the foreground and prints each rebuild as it happens, since the
    person editing watches this terminal as well as the page. A first build
    that fails with no earlier report to fall back on raises BuildError: there
    would be nothing to serve. `port` 0 picks a free one.
    """
    import uvicorn

    from lc_helpers.errors import BuildError
    from lc_helpers.paths import BOOK, NOTEBOOKS, PACKAGE

    preview = Preview(data, wave, build_dir)
    if not preview.build() and not preview.html_dir().is_dir():
        raise BuildError("the first build failed and there is no earlier report to serve:\n" + preview.error)
    port = port or free_port()
    watched = [NOTEBOOKS, BOOK, PACKAGE, preview.data]
    try:
        uvicorn.run(_app(preview, port, watched), host="127.0.0.1", port=port, log_level="warning")
    finally:
        preview.kernels.shutdown()
