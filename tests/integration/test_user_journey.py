"""The whole path a new user walks, from an installed wheel to a portfolio, through the command line.

Each feature has its own tests; this one walks across them in the order the
README gives, in a project made by `lc-report init` from a wheel (so only the
`lc-report` command exists): platform exports with free text imported into
the scaffold's dataset and built; a codebook added, coding packages
exported and filled by two coders (one in the workbook, one in a QDA tool
that names its project file after the project, as ATLAS.ti does), imported,
quotes reviewed, built; a coded answer redacted by a reviewer and re-linked
as documented, built; then the program and a broken one in a portfolio run
twelve times. Every step ends as documented, and the last report is whole.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "data" / "imports"
CODEBOOK = """
coding:
  codes:
    - {key: more_time, label: More time, definition: Asks for more time for discussion or cases.}
    - {key: materials, label: Materials, definition: Asks for slides or handouts.}
    - {key: pace, label: Pace, definition: Asks for a shorter or quicker didactic.}
  coders: [Ann, Ben]
"""
# what each coder sees in an answer: the codes are the words it uses (Ben never gives 'pace')
WORDS = {"more_time": "time", "materials": ("slides", "handouts"), "pace": "shorter"}


def _codes_for(text: str, coder: str) -> set[str]:
    found = {
        code
        for code, words in WORDS.items()
        if any(w in text.lower() for w in ([words] if isinstance(words, str) else words))
    }
    return found - {"pace"} if coder == "Ben" else found


class Project:
    """An `lc-report init` project, driven by the wheel's `lc-report` as a user types it."""

    def __init__(self, venv: Path, folder: Path) -> None:
        self.lc_report = venv / "bin" / "lc-report"
        self.folder = folder
        self.env = {**os.environ, "LC_REPORT_SALT": "journey-salt-0123456789abcdef"}

    def run(self, *args: str | Path, expect: int = 0, timeout: float = 600) -> str:
        done = subprocess.run(
            [str(self.lc_report), *map(str, args)],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env,
        )
        out = done.stdout + done.stderr
        assert done.returncode == expect, f"lc-report {' '.join(map(str, args))} -> {done.returncode}:\n{out}"
        assert "Traceback" not in out, out
        # only commands this install has ("Snakemake version" is not a make command)
        assert not re.search(r"\bmake [a-z]", out) and ".venv/bin" not in out, out
        return out


def _fill_workbook(path: Path, coder: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Coding"]
    names = [c.value for c in sheet[1]]
    codes = [n for n in names if n in WORDS]
    for row in range(2, sheet.max_row + 1):
        given = _codes_for(sheet.cell(row, names.index("text") + 1).value, coder)
        for code in codes:
            sheet.cell(row, names.index(code) + 1, 1 if code in given else 0)
        if "time" in given:
            sheet.cell(row, names.index("exemplar") + 1, "yes")
    book.save(path)


def _code_in_qda_tool(exported: Path, target: Path, coder: str, project_name: str) -> None:
    """Codings by one user, written into the project's TextSources as QDA tools write them.

    The project file is renamed after the project, as ATLAS.ti names it.
    """
    with zipfile.ZipFile(exported) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members.pop("project.qde").decode("utf-8")
    user = re.search(rf'<User guid="([^"]+)" name="{coder}"', xml).group(1)
    code_guid = {label: guid for guid, label in re.findall(r'<Code guid="([^"]+)" name="([^"]+)"', xml)}
    label = {"more_time": "More time", "materials": "Materials", "pace": "Pace"}

    def coded(match: re.Match) -> str:
        source, path = match.group(0), match.group(2)
        text = members[f"sources/{path}"].decode("utf-8")
        codings = "".join(
            f'<Coding guid="{match.group(1)[:-4]}{n:04d}" creatingUser="{user}">'
            f'<CodeRef targetGUID="{code_guid[label[code]]}"/></Coding>'
            for n, code in enumerate(sorted(_codes_for(text, coder)))
        )
        if not codings:
            return source
        selection = (
            f'<PlainTextSelection guid="{match.group(1)[:-4]}9999" startPosition="0" '
            f'endPosition="{len(text)}" creatingUser="{user}">{codings}</PlainTextSelection>'
        )
        return source.replace("</TextSource>", selection + "</TextSource>")

    xml = re.sub(
        r'<TextSource guid="([^"]+)"[^>]*plainTextPath="internal://([^"]+)"[^>]*>.*?</TextSource>',
        coded,
        xml,
        flags=re.S,
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{project_name}.qde", xml)
        for name, data in members.items():
            archive.writestr(name, data)


def _approve_first_quote(sheet_path: Path, reviewer: str) -> str:
    book = openpyxl.load_workbook(sheet_path)
    sheet = book["Review"]
    names = [c.value for c in sheet[1]]
    sheet.cell(2, names.index("approve") + 1, "yes")
    sheet.cell(2, names.index("reviewer") + 1, reviewer)
    book.save(sheet_path)
    return sheet.cell(2, names.index("unit_id") + 1).value


@pytest.mark.long(seconds=100)
def test_a_new_user_goes_from_scaffold_to_coded_themes_to_a_portfolio(tmp_path, wheel_venv):
    init = subprocess.run(
        [str(wheel_venv / "bin" / "lc-report"), "init", "valley-report", "--dataset", "valley"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    user = Project(wheel_venv, tmp_path / "valley-report")
    data = user.folder / "data" / "valley"
    assert (data / "codings.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # header only

    # The program described (the README's first step), then the platforms' exports imported.
    shutil.copy(SAMPLES / "program" / "program.yml", data / "program.yml")
    shutil.copy(SAMPLES / "program" / "sessions.csv", data / "sessions.csv")
    zoom = sorted((SAMPLES / "zoom").glob("participants_*.csv"))
    user.run("import", "attendance", "--data", data, *zoom, "--mapping", SAMPLES / "zoom" / "meetings.csv")
    user.run("import", "attendance", "--data", data, *sorted((SAMPLES / "teams").glob("*.csv")))
    user.run("import", "feedback", "--data", data, next((SAMPLES / "qualtrics").glob("*.csv")))
    user.run("build", "--data", data, "--wave", "all", "--no-pdf")

    # A codebook; coding out to two coders, in again; quotes reviewed.
    with (data / "program.yml").open("a", encoding="utf-8") as program:
        program.write(CODEBOOK)
    user.run("coding", "export", "--data", data)
    out = data / "coding"
    _fill_workbook(out / "coding-Ann.xlsx", "Ann")
    _code_in_qda_tool(out / "coding-Ben.qdpx", tmp_path / "Valley LC.qdpx", "Ben", "Valley LC")
    imported = user.run(
        "coding", "import", "--data", data, out / "coding-Ann.xlsx", tmp_path / "Valley LC.qdpx"
    )
    assert "by Ann, Ben" in imported
    user.run("quotes", "--data", data)
    quoted = _approve_first_quote(out / "quotes-review.xlsx", "Dr. Rivera")
    user.run("quotes", "--data", data, "--read", out / "quotes-review.xlsx")
    user.run("build", "--data", data, "--wave", "all", "--no-pdf")
    report = user.folder / "build" / "valley" / "wave-all"
    assert (report / "tables" / "coded_themes.csv").is_file()
    assert quoted in (data / "quotes.csv").read_text(encoding="utf-8-sig")

    # A reviewer rewords a coded answer on purpose: refused, then re-linked as the message says.
    feedback = data / "feedback.csv"
    answer = "More time for the case discussion."
    assert answer in feedback.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(feedback.open(encoding="utf-8-sig", newline="")))
    first = next(r for r in rows if r["improve"] == answer)
    first["improve"] = "More time for the case discussions."
    with feedback.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    refused = user.run("validate", "--data", data, expect=2)
    unit = re.search(r"the answer of unit '(u[0-9a-f]{12})' changed after", refused).group(1)
    assert f"lc-report coding relink {unit}" in refused
    user.run("coding", "relink", unit, "--data", data, "--reviewer", "Dr. Rivera", "--note", "plural")
    user.run("build", "--data", data, "--wave", "all", "--no-pdf")
    audit = (report / "html" / "notebooks" / "09_audit.html").read_text(encoding="utf-8")
    assert unit in audit and "Dr. Rivera confirmed" in audit

    # Into a portfolio beside a broken program; the same command twelve times.
    user.run("new-dataset", "data/broken")
    broken = user.folder / "data" / "broken"
    with (broken / "sessions.csv").open("a", encoding="utf-8") as sessions:
        sessions.write("s1,1,Opening,,,,,,twenty,,\n")
    (user.folder / "portfolio.yml").write_text(
        "name: Valley network\nprograms: [data/valley, data/broken]\nwaves: [all]\npdf: false\n",
        encoding="utf-8",
    )
    for attempt in range(12):
        said = user.run("portfolio", "portfolio.yml", "--cores", "2", expect=1, timeout=900)
        assert "broken" in said and "attendance_total" in said, (attempt, said)
    synthesis = user.folder / "build" / "portfolio-portfolio" / "synthesis"
    assert (synthesis / "html" / "intro.html").is_file()
    pages = sorted(p.name for p in (report / "html" / "notebooks").glob("*.html"))
    assert pages == [f"{p.stem}.html" for p in sorted((user.folder / "notebooks").glob("[0-9]*.ipynb"))]
