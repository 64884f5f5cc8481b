"""Running Sphinx (through Jupyter Book) on the assembled book source: the one place that does.

The build hands over the book's source folder and the builders it wants
(`html`, and `singlehtml` for the PDF); what comes back is each builder's
output folder. Warnings count as errors: every one is reported and the build
fails (`jupyter-book build -W --keep-going`).

One read for all builders. Sphinx runs in this process, through the same
calls `jupyter-book build` makes (`jupyter_book.sphinx.build_sphinx`), one
application per builder, all on one environment folder (`cache/_build/.doctrees`):
the first reads the pages that changed, the next finds nothing to read and only
writes. A process per builder would pay 2 s of imports and start-up each and
read every page again. The environment survives between builds, so an
unchanged page is not read again.

Sphinx keeps state in globals: docutils' registries of directives, roles and
nodes (each application runs inside `docutils_namespace`, which puts them back
afterwards), its logging handlers (each application sets its own) and its
message catalogues (emptied after each application, as Sphinx's own test
harness does). Two builds in one process therefore give what two processes
give; tests build the book in-process again and compare the bytes.

The live preview keeps one html application between builds (a `LiveBook` it
passes to every build): a save re-reads only the changed pages, with no
start-up at all. It is replaced
when the book's configuration or table of contents changes; once the code of an
extension from this package has changed, Sphinx runs in a fresh process (`python
-m lc_helpers.pipeline.sphinx_runner`), which imports the new code.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import shutil
import subprocess
import sys
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from lc_helpers.errors import BuildError

BOOK_TIMEOUT_S = 900
BUILD = "_build"  # cache/_build/<builder>, as `jupyter-book build --path-output cache` lays it out
# Sphinx's globals (docutils' registries, logging) are the process's: one application builds at a time.
_SPHINX = threading.Lock()


def build_book(
    source: Path, builders: list[str], cache: Path, live: LiveBook | None = None
) -> dict[str, Path]:
    """Build `source` with every builder from one read of the pages; return builder -> output folder.

    A failed build drops the cached environment: one left by a failed run would
    skip the pages that failed the next time, hiding their warnings. The
    builders share one read, so they run one after the other. `live` is the
    preview's application kept between builds: an html-only build rebuilds it in place.
    """
    source, cache = Path(source).absolute(), Path(cache).absolute()
    for old in cache.glob("out-*"):
        shutil.rmtree(old, ignore_errors=True)  # one environment per builder: the layout before this one
    try:
        if live is not None and builders == ["html"]:
            live.build(source, cache / BUILD)
        elif live is not None and live.stale_code:
            run_in_subprocess(source, cache / BUILD, builders)
        else:
            run_builders(source, cache / BUILD, builders)
        return {builder: cache / BUILD / builder for builder in builders}
    except BaseException:
        shutil.rmtree(cache, ignore_errors=True)
        raise


def run_builders(source: Path, out: Path, builders: list[str]) -> None:
    """Each builder in turn, in this process, on one environment; every warning of every builder reported."""
    failures: list[str] = []
    with _SPHINX:
        for builder in builders:
            warnings = io.StringIO()
            with ExitStack() as stack:
                app = new_app(source, out, builder, warnings, stack)
                failures += _run(app, builder, warnings)
    if failures:
        raise BuildError("\n".join(failures))


def new_app(source: Path, out: Path, builder: str, warnings: io.StringIO, stack: ExitStack) -> Any:
    """A Sphinx application as `jupyter-book build <source> --builder <b> -W --keep-going -q` makes it.

    The docutils registries it changes are put back when `stack` closes.
    """
    import yaml
    from jupyter_book.config import get_final_config
    from jupyter_book.pdf import update_latex_documents
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    sphinx_config, meta = get_final_config(
        user_yaml=source / "_config.yml",
        cli_config={"external_toc_path": (source / "_toc.yml").as_posix(), "latex_individualpages": False},
        sourcedir=source,
        use_external_toc=True,
    )
    stack.enter_context(patch_docutils(None))
    stack.enter_context(docutils_namespace())
    stack.callback(_forget_catalogues)
    _fresh_config_defaults()
    app = Sphinx(
        srcdir=source,
        confdir=None,
        outdir=out / builder,
        doctreedir=out / ".doctrees",
        buildername=builder,
        confoverrides=copy.deepcopy(sphinx_config),
        status=None,
        warning=warnings,
        freshenv=False,
        warningiserror=True,
        tags=None,
        verbosity=0,
        parallel=1,
        keep_going=True,
    )
    # What jupyter_book.sphinx.build_sphinx does between making the application and building.
    app.config.latex_documents = update_latex_documents(
        app.config.latex_documents, meta["latex_doc_overrides"]
    )
    if app.builder.name == "singlehtml":
        app.set_html_assets_policy("always")
    if app.config["use_multitoc_numbering"] and "external_toc_path" in app.config:
        if "numbered: true" in yaml.dump(app.config.external_site_map.as_json()):
            app.setup_extension("sphinx_multitoc_numbering")
    return app


_DEFAULTS: dict[str, Any] | None = None


def _fresh_config_defaults() -> None:
    """Give the next application Sphinx's configuration defaults as they were before any application.

    Every application's configuration falls back to the same default objects,
    and the themes append to one of them in place (`templates_path`): a second
    application in the process would start with the first one's additions.
    """
    from sphinx.config import Config

    global _DEFAULTS
    if _DEFAULTS is None:
        _DEFAULTS = copy.deepcopy(Config.config_values)
    Config.config_values = copy.deepcopy(_DEFAULTS)


def _forget_catalogues() -> None:
    import sphinx.locale

    sphinx.locale.translators.clear()


def _run(app: Any, builder: str, warnings: io.StringIO) -> list[str]:
    """Build; return the failure message (the warnings) or nothing."""
    for leftover in Path(app.outdir).glob("_static/mystnb.*.css"):
        # myst-nb writes its CSS after the pages; present at write time, Sphinx would add a
        # ?v= checksum to the link that a fresh build never has. Same bytes either way.
        leftover.unlink()
    try:
        app.build(False, [])
    except Exception as exc:  # noqa: BLE001 - an extension's error: reported with the warnings so far
        return [_failure(builder, warnings.getvalue(), f"{type(exc).__name__}: {exc}")]
    if app.statuscode:
        return [_failure(builder, warnings.getvalue())]
    return []


def _failure(builder: str, log: str, error: str = "") -> str:
    lines = re.sub(r"\x1b\[[0-9;]*m", "", log).strip().splitlines()
    interesting = [line for line in lines if "WARNING" in line or "ERROR" in line] or lines[-15:]
    if error:
        interesting.append(error)
    return f"the book ({builder}) did not build:\n  " + "\n  ".join(interesting[:20])


def run_in_subprocess(source: Path, out: Path, builders: list[str]) -> None:
    """`run_builders` in a fresh interpreter, which imports the extensions' code as it is now."""
    command = [sys.executable, "-P", "-m", __name__, str(source), str(out), *builders]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=BOOK_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the book did not build in {BOOK_TIMEOUT_S} s and was stopped") from None
    if result.returncode != 0:
        raise BuildError(result.stderr.strip() or result.stdout.strip())


class LiveBook:
    """One html application kept between builds (the live preview), rebuilt in place.

    Before each rebuild, three things a fresh application would have fresh are
    reset: the builder's lists of scripts and style sheets (pages add to them
    while they are written), the environment's cache of pickled doctrees, and
    the warning count (with the captured warnings and the logging filters). The output is the same as a
    fresh build's, search index included.
    """

    def __init__(self) -> None:
        self.app: Any = None
        self.key = ""
        self.stack = ExitStack()
        self.warnings = io.StringIO()
        self.assets: list[list] = []
        self.extension_code: dict[str, str] = {}
        self.stale_code = False

    def build(self, source: Path, out: Path) -> None:
        with _SPHINX:
            if self.stale_code or self._code_changed():
                self.close()
                self.stale_code = True
                run_in_subprocess(source, out, ["html"])
                return
            key = _config_key(source, out)
            if self.app is None or key != self.key:
                self.close()
                self.app = new_app(source, out, "html", self.warnings, self.stack)
                self.key = key
                self.assets = [list(lists) for lists in _assets(self.app)]
                self.extension_code = _extension_code(self.app)
            else:
                from sphinx.util import logging

                for lists, saved in zip(_assets(self.app), self.assets, strict=True):
                    lists[:] = saved
                self.app.env._pickled_doctree_cache.clear()
                self.app._warncount = 0
                self.app.statuscode = 0
                self.warnings.seek(0)
                self.warnings.truncate()
                logging.setup(self.app, self.app._status, self.warnings)  # fresh filters, as a new app has
            failures = _run(self.app, "html", self.warnings)
            if failures:
                self.close()  # the next build starts from a fresh application and environment
                raise BuildError("\n".join(failures))

    def _code_changed(self) -> bool:
        return any(_digest(Path(file)) != digest for file, digest in self.extension_code.items())

    def close(self) -> None:
        self.app = None
        self.key = ""
        self.stack.close()
        self.stack = ExitStack()


def _assets(app: Any) -> list[list]:
    """The scripts and style sheets pages are written with: the registry's and the html builder's.

    Themes add a script per page (`app.add_js_file`), which lands in the
    registry too; the builder copies the registry's at the start of writing, so
    a rebuild would carry every page's script of the last build into every page.
    """
    builder = app.builder
    return [app.registry.js_files, app.registry.css_files, builder._js_files, builder._css_files]


def _config_key(source: Path, out: Path) -> str:
    """What a live application was made from: a change to any of it needs a new application."""
    parts = [str(source), str(out)]
    parts += [_digest(source / name) for name in ("_config.yml", "_toc.yml", "conf.py")]
    return "\n".join(parts)


def _extension_code(app: Any) -> dict[str, str]:
    """The source files of this package's Sphinx extensions the application loaded, with their digests."""
    files = {}
    for name in app.extensions:
        module = sys.modules.get(name)
        if name.startswith("lc_helpers.") and getattr(module, "__file__", None):
            files[module.__file__] = _digest(Path(module.__file__))
    return files


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def main(argv: list[str]) -> int:
    """`python -m lc_helpers.pipeline.sphinx_runner <source> <out> <builder>...` (see `run_in_subprocess`)."""
    source, out, *builders = argv
    try:
        run_builders(Path(source), Path(out), builders)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
