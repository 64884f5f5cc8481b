"""After `pip install lc-report` a user has one command, `lc-report`: what `init` and `new-dataset`
write into their project (READMEs, program.yml, the SLURM profile, notebooks) and print must name
only commands that exist there: no make target, no path into a clone's .venv, and every
`lc-report <command> --option` a real command with that option."""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from lc_helpers.cli import parser
from tests.conftest import ROOT

PHONY = re.search(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
TARGETS = sorted(PHONY.group(1).split(), key=len, reverse=True) if PHONY else []
MAKE = re.compile(r"\bmake\s+(?:" + "|".join(map(re.escape, TARGETS)) + r")\b")
VENV = re.compile(r"\.venv\b")
MENTION = re.compile(r"`(lc-report [^`]*)`")  # a command shown as code in a file
PRINTED = re.compile(r"lc-report [^`\n]*")  # a command in a printed message


def _lc_report(cwd: Path, *args: str) -> str:
    """Run the installed command line as a user would, from `cwd`; its printed output."""
    done = subprocess.run(
        [sys.executable, "-m", "lc_helpers", *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout + done.stderr


def _text(path: Path) -> str:
    """What a reader of the file sees: a notebook's cells, any other file as it is."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return text


def _subparsers(of: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in of._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _problem(mention: str) -> str | None:
    """Why the mentioned command line cannot run, or None. Placeholders (`<folder>`) and optional
    parts (`[--wave W]`) are as a README writes them; only command names and options are checked."""
    words = shlex.split(re.sub(r"<[^>]*>", "X", mention).replace("[", " ").replace("]", " "))[1:]
    names = [w for w in words if not w.startswith("-")]
    if not names:
        return None if words in ([], ["--help"]) else f"no command in '{mention}'"
    if names[0] == "X":  # `lc-report <command> --help`
        return None
    level = parser(words)
    for name in names:
        choices = _subparsers(level)
        if not choices:
            break
        if name not in choices:
            return f"'{mention}': no command '{name}' (there are: {', '.join(choices)})"
        level = choices[name]
    options = {o for action in level._actions for o in action.option_strings}
    unknown = [w.split("=")[0] for w in words if w.startswith("-") and w.split("=")[0] not in options]
    return f"'{mention}': no option {', '.join(unknown)}" if unknown else None


def test_init_and_new_dataset_name_only_commands_a_pip_install_has(tmp_path):
    printed = _lc_report(tmp_path, "init", "ohio")
    printed += _lc_report(tmp_path, "init", "demo", "--example")
    printed += _lc_report(tmp_path / "ohio", "new-dataset", "data/maine")
    files = [p for p in sorted(tmp_path.rglob("*")) if p.is_file()]
    assert any(p.name == "program.yml" for p in files) and any(p.name == "config.yaml" for p in files)
    problems = [f"printed: {m.group(0)}" for m in (MAKE.search(printed), VENV.search(printed)) if m]
    problems += [p for m in PRINTED.findall(printed) if (p := _problem(m.strip(" .,;)")))]
    for path in files:
        text = _text(path)
        where = path.relative_to(tmp_path)
        problems += [f"{where}: {m.group(0)}" for m in (*MAKE.finditer(text), *VENV.finditer(text))]
        problems += [f"{where}: {p}" for m in MENTION.findall(text) if (p := _problem(m))]
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_it_looks_for():
    assert MAKE.search("run `make\nvalidate DATA=x`") and not MAKE.search("a Snakemake profile; make sure")
    assert _problem("lc-report import feedback --data X --suggest") is None
    assert _problem("lc-report coding export") is None and _problem("lc-report --help") is None
    assert "no command 'import-feedback'" in (_problem("lc-report import-feedback --data x") or "")
    assert "no option --sugest" in (_problem("lc-report import feedback --data x y --sugest") or "")
