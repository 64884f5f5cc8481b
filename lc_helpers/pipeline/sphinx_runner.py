"""Running Sphinx (through Jupyter Book) on the assembled book source: the one place that does.

The build hands over the book's source folder and the builders it wants
(`html`, and `singlehtml` for the PDF); what comes back is each builder's
output folder. Sphinx keeps its environment in `cache` between builds, so an
unchanged page is not read again; warnings count as errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lc_helpers.errors import BuildError

BOOK_TIMEOUT_S = 900


def build_book(source: Path, builders: list[str], cache: Path, jobs: int) -> dict[str, Path]:
    """Build `source` with every builder; return builder -> output folder.

    A failed build drops the cached environment: one left by a failed run would
    skip the pages that failed the next time, hiding their warnings.
    """
    for leftover in cache.glob("out-*/_build/*/_static/mystnb.*.css"):
        # myst-nb writes its CSS after the pages; present at write time, Sphinx would add a
        # ?v= checksum to the link that a fresh build never has. Same bytes either way.
        leftover.unlink()
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(builders)))) as pool:
            outputs = pool.map(lambda b: jupyter_book(source, b, cache / f"out-{b}"), builders)
            return dict(zip(builders, outputs, strict=True))
    except BaseException:
        shutil.rmtree(cache, ignore_errors=True)
        raise


def jupyter_book(source: Path, builder: str, out: Path) -> Path:
    """Run the Jupyter Book (Sphinx) build; warnings count as errors.

    Through this interpreter rather than the `jupyter-book` script beside it, which is
    `Scripts\\jupyter-book.exe` on Windows and absent where the package comes from another folder.
    """
    command = [
        sys.executable,
        "-P",  # the current folder is not put on the import path
        "-c",
        "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
        "build",
        str(source),
        "--builder",
        builder,
        "--path-output",
        str(out),
        "-W",
        "--keep-going",
        "-q",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=BOOK_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"the book ({builder}) did not build in {BOOK_TIMEOUT_S} s and was stopped"
        ) from None
    if result.returncode != 0:
        log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).strip().splitlines()
        interesting = [line for line in log if "WARNING" in line or "ERROR" in line] or log[-15:]
        raise BuildError(f"the book ({builder}) did not build:\n  " + "\n  ".join(interesting[:20]))
    return out / "_build" / builder
