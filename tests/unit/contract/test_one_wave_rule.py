"""What a wave selection means is written once, in `contract/target.py`: no other module of the package
compares a wave with "all" or builds a `wave-<W>` folder name itself."""

from __future__ import annotations

import ast
from pathlib import Path

from lc_helpers.paths import PACKAGE

TARGET = PACKAGE / "contract" / "target.py"
# Modules that may still do so, each with its reason. Empty: keep it that way.
ALLOWED: dict[str, str] = {}


def _strings(node: ast.expr) -> list[str]:
    """The string constants an operand of a comparison is, or holds (`x in ("all", ...)`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for element in node.elts for s in _strings(element)]
    return []


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            if "all" in [s for operand in (node.left, *node.comparators) for s in _strings(operand)]:
                found.append(f'{node.lineno}: compares with "all" (use target.covers_all / includes)')
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for text, value in zip(parts, parts[1:], strict=False):
                if (
                    isinstance(text, ast.Constant)
                    and str(text.value).endswith("wave-")
                    and isinstance(value, ast.FormattedValue)
                ):
                    found.append(f"{node.lineno}: builds a wave-<W> name (use ReportTarget's folders)")
    return found


def test_only_the_target_module_reads_a_wave_selection():
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{offence}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != TARGET and str(path.relative_to(PACKAGE.parent)) not in ALLOWED
        for offence in _offences(path)
    ]
    assert offences == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The rule above cannot pass by finding nothing: each form it refuses is found."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = selection == "all"\nb = "all" != wave\nc = s in ("all", "x")\nd = f"build/wave-{s}"\n'
        'e = close("all")\nf = f"{name}.lock"\n',
        encoding="utf-8",
    )
    assert [line.split(":")[0] for line in _offences(sample)] == ["1", "2", "3", "4"]
