"""The `coding:` section of program.yml: the codebook, the coders and the agreement rules.

A codebook is a list of codes, each with a key (what codings.csv and the
workbooks store), a label, a short definition, notes on what to include and
exclude, optionally the parent theme it belongs to, and the free-text
questions it applies to (`questions`, default: every one). A code is decided
only on answers to its questions: agreement, prevalence, counts and
co-occurrence never count an answer the code cannot apply to as "not
given", and the workbooks and QDA projects do not ask for it there. It is written in
program.yml or kept in a REFI-QDA codebook file (.qdc, as QualCoder, NVivo,
ATLAS.ti and MAXQDA export it), read with defusedxml. Agreement below
`threshold` (default 0.667) is flagged; `firm` (default 0.8) is the level
Krippendorff recommends for firm conclusions. `final_rule` says which codes
count where no consensus file settles a unit. `aliases` maps the other names a
coder shows up under in a QDA tool's export (NVivo's user initials, a name
typed without its accents) to the coder of `coders`, so their codings are
theirs on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lc_helpers.contract import config_schema as cs
from lc_helpers.contract.config_reader import ConfigReader

FINAL_RULES = ("all_coders", "any_coder", "majority")
CODE_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
CODER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}")
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
MAX_CODEBOOK_BYTES = 5 * 2**20


@dataclass(frozen=True)
class Code:
    key: str
    label: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    theme: str = ""
    questions: tuple[str, ...] = ()  # the free-text keys it applies to; empty = every question


@dataclass(frozen=True)
class CodingSettings:
    codes: tuple[Code, ...] = ()
    coders: tuple[str, ...] = ()
    threshold: float = 0.667
    firm: float = 0.8
    final_rule: str = "all_coders"
    codebook_file: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, coder), as program.yml lists them

    def coder_named(self, name: str) -> str | None:
        """The coder a QDA tool's user name stands for: a coder's own name or an alias (case aside).

        Without a coders list any name is a coder (the export named them), so
        only an alias is rewritten.
        """
        wanted = " ".join(name.split()).casefold()
        for alias, coder in self.aliases:
            if alias.casefold() == wanted:
                return coder
        found = next((c for c in self.coders if c.casefold() == wanted), None)
        if found is not None or self.coders:
            return found
        return name.strip() or None

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.codes]

    def code(self, key: str) -> Code:
        return next(c for c in self.codes if c.key == key)

    def label(self, key: str) -> str:
        return next((c.label for c in self.codes if c.key == key), key)

    def applies(self, key: str, question: str) -> bool:
        """Whether code `key` is decided on answers to `question` (a code with no list: every question)."""
        code = next((c for c in self.codes if c.key == key), None)
        return code is not None and (not code.questions or question in code.questions)

    def keys_for(self, question: str) -> list[str]:
        """The codes decided on answers to `question`, in codebook order."""
        return [c.key for c in self.codes if not c.questions or question in c.questions]

    def share_an_answer(self, a: str, b: str, questions: list[str]) -> bool:
        """Whether codes `a` and `b` can both be given to one answer (they share a question)."""
        return any(self.applies(a, q) and self.applies(b, q) for q in questions)


#: the `coding:` section of program.yml (see `config_schema`); defaults are CodingSettings'
CODING_SCHEMA = cs.section(
    "The codebook of the free-text answers, the coders, and the agreement rules.",
    {
        "codes": cs.listing(
            "The codebook: one entry per code (or give codebook_file instead).",
            cs.section(
                "One code.",
                {
                    "key": cs.text(
                        "What codings.csv stores: lower-case letters, digits and '_'.",
                        pattern=f"^{CODE_KEY.pattern}$",
                    ),
                    "label": cs.text("The code's name as the report prints it (default: the key)."),
                    "definition": cs.text("What the code means, in a sentence."),
                    "include": cs.text("What to code with it besides the obvious."),
                    "exclude": cs.text("What not to code with it (and which code to use instead)."),
                    "theme": cs.text("The parent theme the code belongs to."),
                    "questions": cs.listing(
                        "The free_text keys whose answers the code applies to (default: every question); "
                        "answers to other questions are never decided on it.",
                        cs.text("A free_text key."),
                    ),
                },
                required=("key",),
            ),
        ),
        "codebook_file": cs.text("A REFI-QDA codebook (.qdc) beside program.yml, instead of codes."),
        "coders": cs.listing(
            "The coders' initials or short pseudonyms (printed in the report).",
            cs.text("A coder.", pattern=f"^{CODER_NAME.pattern}$"),
        ),
        "aliases": cs.free_mapping(
            "Other names a coder's codings come back under from a QDA tool (NVivo's user initials, "
            "a name typed without accents): alias -> the coder's name in coders.",
            cs.text("The coder (one of coders)."),
        ),
        "threshold": cs.number(
            "Agreement (Krippendorff's alpha) below this is flagged.",
            CodingSettings.threshold,
            0,
            1,
            exclusiveMinimum=0,
        ),
        "firm": cs.number(
            "Agreement from which firm conclusions are supported (Krippendorff).",
            CodingSettings.firm,
            0,
            1,
            exclusiveMinimum=0,
        ),
        "final_rule": cs.choice(
            "Which codes count where no consensus.csv row settles a unit.",
            FINAL_RULES,
            CodingSettings.final_rule,
        ),
    },
)


def read_coding(
    read: ConfigReader, value: Any, data_dir: Path, questions: tuple[str, ...] = ()
) -> CodingSettings:
    """The `coding:` section, every problem recorded on `read`; absent means no codebook.

    `questions` are the free_text keys a code's `questions` may name.
    """
    section = read.mapping(value, "coding", "see the README's 'Coding free text and quoting it'")
    if not section:
        return CodingSettings()
    codebook_file = read.text(section, "codebook_file", "coding")
    if codebook_file and "codes" in section:
        read.problem(
            "coding.codebook_file", "'coding' has both codes and a codebook_file", "keep one of them"
        )
    if codebook_file:
        codes = _codes_from_qdc(read, Path(data_dir), codebook_file)
    else:
        codes = _codes(read, section.get("codes"), questions)
    coders = []
    for i, name in enumerate(read.list(section.get("coders"), "coding.coders", "write coders: [ann, ben]")):
        coder = read.text({"c": name}, "c", f"coding.coders[{i + 1}]")
        if not CODER_NAME.fullmatch(coder):
            read.problem(
                f"coding.coders[{i + 1}]",
                f"coder name '{coder}' is not a short name of letters, digits, space, '.', '_' or '-'",
                "use initials or a short pseudonym (coder names are printed in the report)",
            )
        elif coder in coders:
            read.problem(
                f"coding.coders[{i + 1}]", f"coder '{coder}' is listed twice", "list each coder once"
            )
        else:
            coders.append(coder)
    aliases = _aliases(read, section.get("aliases"), tuple(coders))
    threshold = _share(read, section, "threshold")
    firm = _share(read, section, "firm")
    if firm < threshold:
        read.problem(
            "coding.firm", f"'coding.firm' ({firm}) is below the threshold ({threshold})", "e.g. firm: 0.8"
        )
    return CodingSettings(
        codes=tuple(codes),
        coders=tuple(coders),
        threshold=threshold,
        firm=firm,
        final_rule=read.choice(section, "final_rule", "coding"),
        codebook_file=codebook_file,
        aliases=aliases,
    )


def _aliases(read: ConfigReader, value: Any, coders: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`coding.aliases`: each alias once (case aside), never a coder's own name, naming a listed coder."""
    fix = "write aliases: {AB: Ann Bell} (the name in the QDA tool -> a coder of coding.coders)"
    section = read.mapping(value, "coding.aliases", fix)
    found: list[tuple[str, str]] = []
    for alias in section:
        name = " ".join(str(alias).split())
        where = f"coding.aliases.{name}"
        target = read.text(section, alias, "coding.aliases")
        if not name or not target:
            read.problem(where, f"alias '{name}' names no coder", fix)
        elif coders and target not in coders:
            read.problem(
                where,
                f"alias '{name}' points at '{target}', who is not in coding.coders",
                "use one of: " + ", ".join(coders),
            )
        elif any(c.casefold() == name.casefold() for c in coders):
            read.problem(
                where, f"alias '{name}' is a coder's own name", "remove it: a coder's name needs no alias"
            )
        elif any(a.casefold() == name.casefold() for a, _ in found):
            read.problem(where, f"alias '{name}' is listed twice", "list each alias once")
        else:
            found.append((name, target))
    return tuple(found)


def _share(read: ConfigReader, section: dict[str, Any], name: str) -> float:
    """A share in (0, 1]: the bounds and the default are the schema's."""
    rule = read.declaration(f"coding.{name}")
    default, low, high = rule["default"], rule["exclusiveMinimum"], rule["maximum"]
    value = section.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value <= high:
        read.problem(
            f"coding.{name}",
            f"'coding.{name}' must be a number above 0 and at most 1",
            f"e.g. {name}: {default}",
        )
        return default
    return float(value)


def _questions(read: ConfigReader, code: dict[str, Any], key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """A code's `questions`: free_text keys, each once; an unknown key names the known ones."""
    found: list[str] = []
    fix = "write questions: [improve, takeaway] (keys of free_text)"
    for j, entry in enumerate(read.list(code.get("questions"), f"{key}.questions", fix)):
        where = f"{key}.questions[{j + 1}]"
        name = read.text({"q": entry}, "q", where)
        if name not in known:
            read.problem(
                where,
                f"'{name}' is not a free_text question of program.yml",
                "use one of: " + (", ".join(known) or "(declare the question under free_text first)"),
            )
        elif name in found:
            read.problem(where, f"question '{name}' is listed twice", "list each question once")
        else:
            found.append(name)
    return tuple(found)


def _codes(read: ConfigReader, value: Any, questions: tuple[str, ...] = ()) -> list[Code]:
    codes: list[Code] = []
    fix = "write '- {key: more_cases, label: More case presentations, definition: ...}'"
    for i, entry in enumerate(read.list(value, "coding.codes", fix)):
        key = f"coding.codes[{i + 1}]"
        code = read.mapping(entry, key, fix)
        name = read.text(code, "key", key)
        if not name:
            continue
        if not CODE_KEY.fullmatch(name):
            read.problem(
                f"{key}.key",
                f"code key '{name}' is not a short key of lower-case letters, digits and '_'",
                "e.g. key: more_cases (the label carries the wording)",
            )
            continue
        if name in {c.key for c in codes}:
            read.problem(f"{key}.key", f"code key '{name}' is used twice", "give every code its own key")
            continue
        codes.append(
            Code(
                name,
                read.text(code, "label", key) or name,
                read.text(code, "definition", key),
                read.text(code, "include", key),
                read.text(code, "exclude", key),
                read.text(code, "theme", key),
                _questions(read, code, key, questions),
            )
        )
    return codes


def code_key(name: str) -> str:
    """A code key made from a QDA tool's code name: lower case, '_' between words, at most 40 characters."""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40].strip("_")
    return key if key and key[0].isalpha() else f"c_{key}"[:40]


def _codes_from_qdc(read: ConfigReader, data_dir: Path, name: str) -> list[Code]:
    """Codes of a REFI-QDA codebook (.qdc): each codable Code, its Description, its parent as theme."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    path = (data_dir / name).resolve()
    where = "coding.codebook_file"
    if data_dir.resolve() not in path.parents or not path.is_file():
        read.problem(
            where,
            f"codebook_file '{name}' is not a file in the dataset folder",
            "put the .qdc file beside program.yml",
        )
        return []
    if path.stat().st_size > MAX_CODEBOOK_BYTES:
        read.problem(where, f"codebook_file '{name}' is larger than 5 MiB", "export the codebook alone")
        return []
    try:
        root = fromstring(path.read_bytes(), forbid_dtd=True)
    except (DefusedXmlException, ParseError) as exc:
        read.problem(
            where,
            f"codebook_file '{name}' could not be read safely ({type(exc).__name__})",
            "export it again from the QDA tool",
        )
        return []
    codes: list[Code] = []

    def walk(element: Any, theme: str) -> None:
        for child in element:
            if _local(child.tag) != "Code":
                continue
            label = (child.get("name") or "").strip()
            description = next((d.text or "" for d in child if _local(d.tag) == "Description"), "").strip()
            if label and child.get("isCodable", "true") == "true":
                key = code_key(label)
                if key in {c.key for c in codes}:
                    read.problem(
                        where,
                        f"two codes of '{name}' give the key '{key}'",
                        "rename one of them in the QDA tool",
                    )
                else:
                    codes.append(Code(key, label, description, theme=theme))
            walk(child, label or theme)

    for section in root:
        if _local(section.tag) == "Codes":
            walk(section, "")
    if not codes:
        read.problem(where, f"codebook_file '{name}' holds no codes", "export the codebook with its codes")
    return codes


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
