"""What REDCap's exports need beyond a table: the data dictionary, labels exports, repeats and events.

A labels export is headed by the fields' labels and holds the choices'
labels; a checkbox field is one column per choice, headed `Label
(choice=Choice label)` and holding Checked/Unchecked. Through the project's
data dictionary it is turned back into the raw export it stands for
(`role___1` holding 1/0, radio and dropdown codes, yes/no and true/false as
1/0, the form's `_complete` status as 0/1/2), so one mapping in program.yml
serves both. Repeating instruments and longitudinal events put rows of
other forms and visits in the same export; they are kept only as the
program names them, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lc_helpers.errors import DatasetError, Problem
from lc_helpers.importers.export_files import rows

#: a labels export's headings of REDCap's own columns -> their raw names
META_LABELS = {
    "record id": "record_id",
    "event name": "redcap_event_name",
    "repeat instrument": "redcap_repeat_instrument",
    "repeat instance": "redcap_repeat_instance",
    "survey identifier": "redcap_survey_identifier",
    "data access group": "redcap_data_access_group",
}
COMPLETE_CODES = {"incomplete": "0", "unverified": "1", "complete": "2"}
BINARY_CODES = {
    "yesno": {"yes": "1", "no": "0"},
    "truefalse": {"true": "1", "false": "0"},
    "checkbox": {"checked": "1", "unchecked": "0"},
}
CHOICE_HEADER = re.compile(r"^(?P<label>.*\S)\s*\(choice=(?P<choice>.*)\)$", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """A label as a labels export heads it: tags dropped, white space collapsed, case folded."""
    return " ".join(TAG.sub("", text).split()).casefold()


@dataclass(frozen=True)
class Field:
    name: str
    form: str
    type: str  # text, notes, radio, dropdown, checkbox, yesno, truefalse, slider, calc, ...
    label: str
    choices: dict[str, str] = field(default_factory=dict)  # code -> label (radio, dropdown, checkbox)


@dataclass(frozen=True)
class RedcapDictionary:
    """A REDCap data dictionary: every field with its form, type, label and choices."""

    fields: dict[str, Field] = field(default_factory=dict)

    def by_label(self) -> dict[str, list[Field]]:
        found: dict[str, list[Field]] = {}
        for item in self.fields.values():
            found.setdefault(plain(item.label), []).append(item)
        return found

    def choice_label(self, variable: str, code: str) -> str:
        item = self.fields.get(variable)
        return item.choices.get(code, "") if item else ""

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(f.form for f in self.fields.values() if f.form))


def _choices(text: str, kind: str) -> dict[str, str]:
    """'1, Clinician | 2, Peer recovery coach' -> {'1': 'Clinician', ...}; sliders and calcs have none."""
    if kind not in ("radio", "dropdown", "checkbox"):
        return {}
    pairs = [part.split(",", 1) for part in text.split("|") if "," in part]
    return {code.strip(): label.strip() for code, label in pairs}


def read_redcap_dictionary(path: Path) -> RedcapDictionary:
    """The fields of a REDCap data dictionary CSV (Project Setup > Data Dictionary > Download)."""
    table = rows(path)
    names = [c.lower() for c in table[0]] if table else []

    def column(prefix: str) -> int | None:
        return next((i for i, n in enumerate(names) if n.startswith(prefix)), None)

    variable, form, kind = column("variable"), column("form name"), column("field type")
    label, choices = column("field label"), column("choices")
    if variable is None or kind is None or label is None or choices is None:
        raise DatasetError(
            [
                Problem(
                    path.name,
                    "this is not a REDCap data dictionary (it needs the columns 'Variable / Field Name', "
                    "'Field Type', 'Field Label' and 'Choices, Calculations, OR Slider Labels')",
                    "download it from REDCap: Project Setup > Data Dictionary > Download the current "
                    "Data Dictionary",
                )
            ]
        )
    fields: dict[str, Field] = {}
    for row in table[1:]:
        row = row + [""] * (len(names) - len(row))
        if not row[variable]:
            continue
        field_type = row[kind].strip().lower()
        fields[row[variable]] = Field(
            name=row[variable],
            form=row[form] if form is not None else "",
            type=field_type,
            label=row[label],
            choices=_choices(row[choices], field_type),
        )
    return RedcapDictionary(fields)


def _checkbox_column(header: str, labels: dict[str, list[Field]]) -> tuple[str, dict[str, str]] | None:
    """'Role (choice=Clinician)' -> ('role___1', checkbox value codes), through the dictionary."""
    found = CHOICE_HEADER.match(header)
    if not found:
        return None
    for item in labels.get(plain(found["label"]), []):
        if item.type != "checkbox":
            continue
        for code, text in item.choices.items():
            if plain(text) == plain(found["choice"]):
                return f"{item.name}___{code}", BINARY_CODES["checkbox"]
    return None


def labels_to_raw(
    file: str, header: list[str], body: list[list[str]], dictionary: RedcapDictionary
) -> tuple[list[str], list[list[str]]]:
    """A labels export as the raw export it stands for; a raw export is returned as it is.

    Headers that are variable names stay; field labels become variable names,
    checkbox choices `var___code`, and their values codes. A label two fields
    share cannot be told apart, so it is refused rather than guessed.
    """
    if not dictionary.fields:
        return header, body
    labels = dictionary.by_label()
    forms = dictionary.forms
    names: list[str] = []
    codes: list[dict[str, str]] = []  # per column: value label (case-folded) -> code
    problems = []
    for heading in header:
        low = plain(heading)
        checkbox = _checkbox_column(heading, labels)
        if heading in dictionary.fields or heading.lower() in META_LABELS.values():
            names.append(heading)
            codes.append({})
        elif low in META_LABELS:
            names.append(META_LABELS[low])
            codes.append({})
        elif low == "complete?":
            names.append(f"{forms[0]}_complete" if len(forms) == 1 else heading)
            codes.append(COMPLETE_CODES)
        elif low == "survey timestamp":
            names.append(f"{forms[0]}_timestamp" if len(forms) == 1 else heading)
            codes.append({})
        elif checkbox is not None:
            names.append(checkbox[0])
            codes.append(checkbox[1])
        elif len(labels.get(low, [])) == 1:
            item = labels[low][0]
            names.append(item.name)
            values = {plain(text): code for code, text in item.choices.items()}
            codes.append(BINARY_CODES.get(item.type, values))
        elif len(labels.get(low, [])) > 1:
            shared = ", ".join(f.name for f in labels[low])
            problems.append(
                Problem(
                    file,
                    f"the column '{heading}' is the label of several fields ({shared})",
                    "export the raw data (variable names as headers) instead of labels, or give the "
                    "fields different labels in REDCap",
                    column=heading,
                )
            )
            names.append(heading)
            codes.append({})
        else:
            names.append(heading)
            codes.append({})
    if problems:
        raise DatasetError(problems)
    converted = [
        [
            codes[i].get(plain(value), value) if i < len(codes) and codes[i] else value
            for i, value in enumerate(row)
        ]
        for row in body
    ]
    return names, converted


def select_rows(
    file: str,
    header: list[str],
    body: list[list[str]],
    instrument: str,
    events: tuple[str, ...],
) -> list[list[str]]:
    """The rows of the feedback survey in a project with repeating instruments or several events.

    Without a setting, an export holding several instruments' repeats or
    several events is refused with what it holds, since taking every row
    would count other forms or visits as responses.
    """
    lowered = [h.lower() for h in header]
    problems = []
    if "redcap_repeat_instrument" in lowered:
        at = lowered.index("redcap_repeat_instrument")
        found = _counts(body, at)
        repeated = [name for name in found if name]
        if repeated and not instrument:
            problems.append(
                Problem(
                    file,
                    "the export holds rows of repeating instruments: " + _listing(found),
                    "name the survey's instrument in program.yml: import.feedback.redcap_instrument: "
                    f"{repeated[0]} (its rows are the responses; the others are left out)",
                    column=header[at],
                )
            )
        elif instrument:
            wanted = instrument.casefold()
            if wanted in {name.casefold() for name in repeated}:
                body = [r for r in body if at < len(r) and r[at].casefold() == wanted]
            else:  # the survey is not repeated: its rows are those of no repeating instrument
                body = [r for r in body if at >= len(r) or not r[at]]
    if "redcap_event_name" in lowered:
        at = lowered.index("redcap_event_name")
        found = _counts(body, at)
        if events:
            wanted_events = {e.casefold() for e in events}
            missing = [e for e in events if e.casefold() not in {f.casefold() for f in found}]
            if missing:
                problems.append(
                    Problem(
                        file,
                        f"import.feedback.redcap_event names {', '.join(missing)}, which the export does "
                        "not hold; it holds " + _listing(found),
                        "name the events as the export writes them (unique event names in a raw export)",
                        column=header[at],
                    )
                )
            body = [r for r in body if at < len(r) and r[at].casefold() in wanted_events]
        elif len(found) > 1:
            problems.append(
                Problem(
                    file,
                    "the export holds rows of several events: " + _listing(found),
                    "name the event(s) of the survey in program.yml: import.feedback.redcap_event: "
                    f"{next(iter(found))} (or a list of them)",
                    column=header[at],
                )
            )
    if problems:
        raise DatasetError(problems)
    return body


def _counts(body: list[list[str]], at: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in body:
        value = row[at] if at < len(row) else ""
        found[value] = found.get(value, 0) + 1
    return found


def _listing(found: dict[str, int]) -> str:
    return ", ".join(f"'{name or '(none)'}' ({count} rows)" for name, count in found.items())
