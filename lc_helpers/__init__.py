"""lc-report helpers: load, validate, summarise and present learning-collaborative data.

Attributes are imported on first use, so that light commands (a no-op rebuild
check) do not pay for pandas and matplotlib.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Dataset", "load_dataset"):
        from . import dataset

        return getattr(dataset, name)
    if name in ("DatasetError", "Problem"):
        from . import problems

        return getattr(problems, name)
    raise AttributeError(name)
