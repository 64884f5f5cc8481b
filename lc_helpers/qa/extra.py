"""The report checks' own Python packages, which a plain `pip install lc-report` leaves out.

Playwright (driving the browser) and Pillow (reading page images) come with the
`check` extra of pyproject.toml. A user without it asked for a check, so a missing
package is a message saying how to install the extra, not an ImportError traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from lc_helpers.errors import CheckError
from lc_helpers.paths import command


def check_extra(module: str) -> ModuleType:
    """Import `module` of the `check` extra, or say how to install the extra.

    Only the absence of the package asked for is turned into the message: a module
    missing further down (a broken install of a dependency) keeps its own error.
    """
    package = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] != package:
            raise
        raise CheckError(
            f"the report checks need the Python package {package!r}, which is not installed: it comes with "
            f"lc-report's `check` extra; run `{command('check-extra')}`"
        ) from None
