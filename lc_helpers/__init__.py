"""lc-report: load, validate, summarise and present learning-collaborative data.

The package is split by role (see the README's architecture section):
`contract` (what a dataset must hold), `analysis` (numbers from a dataset),
`chapter` (what notebooks call), `pipeline` (the build), `qa` (checks of a
built report) and `devtools` (tools no build uses). The names below are the
ones most scripts need; they are imported on first use, so light commands (a
no-op rebuild check) do not pay for pandas.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Dataset", "load_dataset"):
        from lc_helpers.contract import dataset

        return getattr(dataset, name)
    if name in ("DatasetError", "Problem"):
        from lc_helpers import errors

        return getattr(errors, name)
    raise AttributeError(name)
