"""Segments a QDA tool recorded: kept at import (segments.csv), compared by character, shown by the CLI."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from lc_helpers import load_dataset
from lc_helpers.analysis import coded_themes
from lc_helpers.cli import main
from lc_helpers.coding.qdpx import guid
from lc_helpers.contract.units import free_text_units
from lc_helpers.devtools.synthetic_text import written_codes

USERS = {"Coder A": guid("user", "Coder A"), "Coder B": guid("user", "Coder B")}


def _export(folder: Path, capsys) -> list[Path]:
    """The coders' .qdpx projects, one per coder, as `coding export` writes them."""
    assert main(["coding", "export", "--data", str(folder)]) == 0
    capsys.readouterr()
    return [folder / "coding" / f"coding-{coder.replace(' ', '_')}.qdpx" for coder in USERS]


def _half(length: int) -> int:
    return length // 2


def _code_with_segments(paths: list[Path], dataset, spans=None) -> None:
    """Coder A highlights each code over the whole answer, Coder B over its first half (as QualCoder
    writes selections into the project), each in their own project; where no code applies, the
    coder puts the done marker on it."""
    settings = dataset.program.coding
    units = free_text_units(dataset)
    spans = spans or {"Coder A": lambda n: (0, n), "Coder B": lambda n: (0, _half(n))}
    for path, (coder, user) in zip(paths, USERS.items(), strict=True):
        with zipfile.ZipFile(path) as z:
            members = {n: z.read(n) for n in z.namelist()}
        xml = members["project.qde"].decode("utf-8")
        for unit in units.itertuples():
            codes = [k for k in settings.keys if k in written_codes(unit.question, unit.text)]
            selections = []
            start, end = spans[coder](len(unit.text))
            for target in [guid("code", k) for k in codes] or [guid("marker", "done")]:
                selections.append(
                    f'<PlainTextSelection guid="{guid("sel", unit.unit_id + coder + target)}" '
                    f'startPosition="{start}" endPosition="{end}" creatingUser="{user}">'
                    f'<Coding guid="{guid("coding", unit.unit_id + coder + target)}" creatingUser="{user}">'
                    f'<CodeRef targetGUID="{target}"/></Coding></PlainTextSelection>'
                )
            pattern = re.compile(f'(<TextSource [^>]*name="{unit.unit_id}"[^>]*>.*?</Description>)', re.S)
            coded = "".join(selections)
            xml = pattern.sub(lambda m, coded=coded: m.group(1) + coded, xml, count=1)
        members["project.qde"] = xml.encode("utf-8")
        with zipfile.ZipFile(path, "w") as z:
            for name, data in members.items():
                z.writestr(name, data)


def _expected(dataset) -> dict[str, dict[str, int]]:
    """The characters table per code, worked out from the answers and the two coders' rule above."""
    settings = dataset.program.coding
    out: dict[str, dict[str, int]] = {}
    for code in settings.keys:
        counts = {"both": 0, "only_first": 0, "only_second": 0, "neither": 0}
        for unit in free_text_units(dataset).itertuples():
            if not settings.applies(code, unit.question):
                continue
            n = len(unit.text)
            if code in written_codes(unit.question, unit.text):
                counts["both"] += _half(n)
                counts["only_first"] += n - _half(n)
            else:
                counts["neither"] += n
        out[code] = counts
    return out


def test_a_qdpx_import_keeps_the_segments_and_the_agreement_compares_them(dataset_copy, capsys):
    folder = dataset_copy()
    paths = _export(folder, capsys)
    dataset = load_dataset(folder)
    _code_with_segments(paths, dataset)
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    out = capsys.readouterr().out
    assert "segments.csv" in out and "agreement on the highlighted text" in out
    lines = (folder / "segments.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "unit_id,coder,code,start,end"  # positions only: no text, no tool ids
    unit = free_text_units(dataset).iloc[0]
    length = len(unit.text)
    assert f"{unit.unit_id},Coder B,{written_codes(unit.question, unit.text)[0]},0,{_half(length)}" in lines
    table = coded_themes.segment_agreement(load_dataset(folder), "all").set_index("code")
    for code, counts in _expected(dataset).items():
        for column, value in counts.items():
            assert table.loc[code, column] == value, (code, column)
    pooled = table.loc[""]
    assert pooled["overlap"] == pytest.approx(pooled["both"] / (pooled["both"] + pooled["only_first"]))
    # the CLI prints the same numbers
    assert main(["coding", "agreement", "--data", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert f"overlap {100 * pooled['overlap']:5.1f}%" in printed
    assert f"characters both {int(pooled['both']):6d}" in printed


def test_a_program_coded_in_workbooks_says_nothing_about_segments(dataset_copy, capsys):
    folder = dataset_copy()
    assert main(["coding", "agreement", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "alpha" in out and "highlighted" not in out and "segment" not in out
    assert not (folder / "segments.csv").exists()
    assert coded_themes.segment_agreement(load_dataset(folder), "all") is None


def test_the_cli_alpha_counts_each_code_only_on_the_answers_it_applies_to(dataset_copy, capsys):
    """The import's agreement must be the report's: a code is no decision on another question's answers."""
    folder = dataset_copy()
    paths = _export(folder, capsys)
    _code_with_segments(paths, load_dataset(folder))
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    out = capsys.readouterr().out
    report = coded_themes.agreement(load_dataset(folder), "all", samples=20).set_index("code")
    for code in ("more_discussion", "equity_time", "co_occurring"):
        units = int(report.loc[code, "units"])
        assert re.search(rf"{code}\s.*units\s+{units}\s", out), (code, units, out)


def test_a_coder_imported_again_from_a_workbook_loses_the_old_segments(dataset_copy, capsys):
    folder = dataset_copy()
    paths = _export(folder, capsys)
    _code_with_segments(paths, load_dataset(folder))
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    capsys.readouterr()
    from tests.unit.coding.test_workbooks import _code  # a coder's workbook as filled in Excel

    workbook = folder / "coding" / "coding-Coder_B.xlsx"
    _code(workbook)
    assert main(["coding", "import", "--data", str(folder), str(workbook)]) == 0
    capsys.readouterr()
    rows = (folder / "segments.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all(",Coder A," in row for row in rows)
    assert coded_themes.segment_agreement(load_dataset(folder), "all") is None  # one coder with segments left


def test_a_selection_outside_the_answer_is_refused_with_a_clear_message(dataset_copy, capsys):
    folder = dataset_copy()
    paths = _export(folder, capsys)
    before = (folder / "codings.csv").read_bytes()
    _code_with_segments(
        paths,
        load_dataset(folder),
        spans={"Coder A": lambda n: (0, n), "Coder B": lambda n: (0, n + 5)},
    )
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "coding-Coder_B.qdpx" in err
    assert "Coder B's selection 0-" in err and "is not a stretch of the answer" in err
    assert not (folder / "segments.csv").exists() and (folder / "codings.csv").read_bytes() == before


def test_a_hand_edited_segment_that_codings_csv_does_not_give_is_named(dataset_copy, capsys):
    folder = dataset_copy()
    paths = _export(folder, capsys)
    _code_with_segments(paths, load_dataset(folder))
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 0
    capsys.readouterr()
    segments = folder / "segments.csv"
    lines = segments.read_text(encoding="utf-8").splitlines()
    unit, coder, code, start, end = lines[1].split(",")
    other = next(k for k in load_dataset(folder).program.coding.keys if k != code)
    lines[1] = f"{unit},{coder},{other},{start},{int(end) + 10_000}"
    segments.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--data", str(folder)]) != 0
    err = capsys.readouterr().err
    assert "segments.csv" in err and "row 2" in err and "Traceback" not in err
    assert "is not inside the answer" in err and f"highlighted '{other}' in unit '{unit}'" in err


def test_a_selection_in_a_crlf_source_lands_on_the_same_characters_of_the_answer(dataset_copy, capsys):
    """MAXQDA may write sources with CRLF, so a tool's position counts one more character per line
    break than the answer's: the segment is kept where the coder highlighted it, in the answer's terms."""
    import csv

    folder = dataset_copy()
    for name in ("codings.csv", "consensus.csv", "assignments.csv", "quotes.csv"):
        (folder / name).unlink(missing_ok=True)  # they name the answer's old wording
    answer = "More discussion would have been helpful.\nAnd fewer slides, please."
    with (folder / "feedback.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["response_id"] == "1-r003")
    row["improve"] = answer
    with (folder / "feedback.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    dataset = load_dataset(folder)
    unit = free_text_units(dataset).set_index("response_id").loc["1-r003"]
    assert unit.text == answer
    code = next(k for k in dataset.program.coding.keys if dataset.program.coding.applies(k, "improve"))
    path = _export(folder, capsys)[0]  # Coder A's

    source = answer.replace("\n", "\r\n")
    start = source.index("fewer slides")  # as the tool counts, the CR included
    end = start + len("fewer slides")
    user, target = USERS["Coder A"], guid("code", code)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    xml = members["project.qde"].decode("utf-8")
    selection = (
        f'<PlainTextSelection guid="{guid("sel", "crlf")}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{user}"><Coding guid="{guid("coding", "crlf")}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{target}"/></Coding></PlainTextSelection>'
    )
    pattern = re.compile(f'(<TextSource [^>]*name="{unit.unit_id}"[^>]*>.*?</Description>)', re.S)
    members["project.qde"] = pattern.sub(lambda m: m.group(1) + selection, xml, count=1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data.replace(b"\n", b"\r\n") if name.startswith("sources/") else data)

    assert main(["coding", "import", "--data", str(folder), str(path)]) == 0, capsys.readouterr().err
    lines = (folder / "segments.csv").read_text(encoding="utf-8").splitlines()
    first = answer.index("fewer slides")
    assert lines[1:] == [f"{unit.unit_id},Coder A,{code},{first},{first + len('fewer slides')}"]


def test_an_empty_selection_is_refused_at_import_not_left_for_the_build_to_trip_on(dataset_copy, capsys):
    folder = dataset_copy()
    paths = _export(folder, capsys)
    before = (folder / "codings.csv").read_bytes()
    _code_with_segments(
        paths, load_dataset(folder), spans={"Coder A": lambda n: (0, n), "Coder B": lambda n: (3, 3)}
    )
    assert main(["coding", "import", "--data", str(folder), *map(str, paths)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "coding-Coder_B.qdpx" in err and "holds no character" in err
    assert (folder / "codings.csv").read_bytes() == before and not (folder / "segments.csv").exists()
