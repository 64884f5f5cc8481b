"""Published aggregates (`published.yml`) that a dataset claims to reproduce.

Optional: a program without a publication has no such file, and the audit
chapter then runs only the consistency checks that need no published values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lc_helpers.contract.bounded_yaml import read_bounded_yaml
from lc_helpers.errors import DatasetError, Problem

PUBLISHED_FILE = "published.yml"


def load_published(data_dir: Path) -> dict[str, Any] | None:
    path = Path(data_dir) / PUBLISHED_FILE
    if not path.is_file():
        return None
    raw, _, problems = read_bounded_yaml(path)
    if problems:
        raise DatasetError(problems)
    if not isinstance(raw, dict):
        raise DatasetError(
            [Problem(PUBLISHED_FILE, "the file must be a mapping", "start from data/example/published.yml")]
        )
    # YAML may read wave ids such as 1 as integers; wave ids are strings everywhere else.
    for section in ("table3", "attendance_text", "sessions_stated"):
        if isinstance(raw.get(section), dict):
            raw[section] = {str(k): v for k, v in raw[section].items()}
    problems = []
    for wave, items in (raw.get("table3") or {}).items():
        for key, target in (items or {}).items():
            needed = (
                ("n", "mean", "sd")
                if isinstance(target, dict) and "mean" in target
                else ("n", "n_yes", "percent")
            )
            missing = [
                k
                for k in needed
                if not isinstance(target, dict) or not isinstance(target.get(k), (int, float))
            ]
            if missing:
                problems.append(
                    Problem(
                        PUBLISHED_FILE,
                        f"table3 wave {wave}, item {key}: {', '.join(missing)} missing or not a number",
                        "give n, mean and sd (or n, n_yes and percent for yes/no items)",
                        column=f"table3.{wave}.{key}",
                    )
                )
    if problems:
        raise DatasetError(problems)
    return raw
