"""Zip files that come back from other people: workbooks (.xlsx) and QDA projects (.qdpx).

Both are zip archives of XML. Before anything parses one, its directory is
checked: member names must be plain relative paths (no `..`, no absolute or
drive paths: zip-slip), the number of members, each member's size and the
total unpacked size are bounded, and so is the compression ratio (a zip bomb
unpacks a few kilobytes into gigabytes). Every member is then read once, so a
damaged one (bad CRC, broken compressed data) is named before a parser meets
it. XML inside is parsed with defusedxml, which refuses entity declarations
(billion laughs) and external entities. Nothing is ever extracted to disk:
members are read into memory by name.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lc_helpers.errors import DatasetError, Problem


@dataclass(frozen=True)
class Limits:
    """What an archive may hold; the README states these numbers."""

    archive_bytes: int = 200 * 2**20  # the .zip/.xlsx/.qdpx file itself
    members: int = 10_000
    member_bytes: int = 100 * 2**20  # one member, unpacked
    total_bytes: int = 500 * 2**20  # all members, unpacked
    ratio: int = 200  # unpacked / packed, per member larger than 1 MiB


LIMITS = Limits()


class ArchiveError(DatasetError):
    """An archive refused before parsing; the command line prints it like any dataset problem."""

    def __init__(self, problem: Problem):
        super().__init__([problem])
        self.problem = problem


def _refuse(path: Path, rule: str, fix: str) -> ArchiveError:
    return ArchiveError(Problem(path.name, rule, fix))


def safe_member_name(name: str) -> bool:
    """A plain relative path inside the archive: no parent steps, no root, no drive, no backslashes."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = PurePosixPath(name).parts
    return ".." not in parts and not (parts and ":" in parts[0])


def open_checked(path: Path, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """Open a zip archive after checking its directory against `limits`; raise ArchiveError if refused."""
    path = Path(path)
    if path.stat().st_size > limits.archive_bytes:
        raise _refuse(
            path,
            f"the file is larger than {limits.archive_bytes // 2**20} MiB",
            "split the work into smaller files",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(
            path, f"the file is not a readable zip archive ({exc})", "export it again from the tool"
        ) from exc
    infos = archive.infolist()
    problem: tuple[str, str] | None = None
    if len(infos) > limits.members:
        problem = (f"the archive holds {len(infos)} files (limit {limits.members})", "export it again")
    total = 0
    for info in infos:
        if problem:
            break
        total += info.file_size
        if not safe_member_name(info.filename):
            problem = (
                f"the archive holds a file named '{info.filename}', which points outside the archive",
                "export it again from the tool; do not edit the archive by hand",
            )
        elif info.file_size > limits.member_bytes:
            problem = (
                f"'{info.filename}' unpacks to {info.file_size} bytes "
                f"(limit {limits.member_bytes // 2**20} MiB per file)",
                "leave large media out of the export",
            )
        elif info.file_size > 2**20 and info.file_size > limits.ratio * max(info.compress_size, 1):
            problem = (
                f"'{info.filename}' unpacks to more than {limits.ratio} times its packed size (a zip bomb?)",
                "export it again from the tool",
            )
        elif total > limits.total_bytes:
            problem = (
                f"the archive unpacks to more than {limits.total_bytes // 2**20} MiB",
                "leave large media out of the export",
            )
    if problem:
        archive.close()
        raise _refuse(path, *problem)
    try:
        _check_integrity(archive, path, limits)
    except ArchiveError:
        archive.close()
        raise
    return archive


# What zipfile and zlib raise for a member whose bytes do not match its directory entry.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def _damaged(path: Path, name: str, exc: BaseException) -> ArchiveError:
    return _refuse(
        path,
        f"'{name}' inside the archive cannot be read ({exc}): the file is damaged "
        "(changed or cut short after export) or encrypted",
        "export it again from the tool, without a password, and import the new file",
    )


def _check_integrity(archive: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """Read every member to its end: zipfile checks the CRC only there, and a parser would
    otherwise meet a damaged member halfway and fail with a traceback that names no file."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            with archive.open(info) as handle:
                while handle.read(2**20):
                    pass
        except _DAMAGED as exc:
            raise _damaged(path, info.filename, exc) from exc


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits = LIMITS) -> bytes:
    """One member's bytes, read no further than the member limit (the header may lie about its size)."""
    try:
        with archive.open(name) as handle:
            data = handle.read(limits.member_bytes + 1)
    except _DAMAGED as exc:
        raise _damaged(Path(archive.filename or "archive"), name, exc) from exc
    if len(data) > limits.member_bytes:
        raise ArchiveError(
            Problem(name, f"'{name}' unpacks to more than its stated size", "export it again from the tool")
        )
    return data


def parse_xml(data: bytes, label: str):
    """An XML document parsed with defusedxml: entity declarations and external entities are refused."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ArchiveError(
            Problem(
                label,
                f"the XML declares entities or a DTD ({type(exc).__name__}), which lc-report never reads",
                "export it again from the QDA tool; a hand-made file must not declare entities",
            )
        ) from exc
    except ParseError as exc:
        raise ArchiveError(
            Problem(label, f"the XML could not be read ({exc})", "export it again from the tool")
        ) from exc


# A DTD or entity declaration as it is spelled in UTF-8 (or ASCII) and in UTF-16 either way round.
_DECLARATIONS = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(m) for m in _DECLARATIONS) - 1


def declares_entities(handle) -> bool:
    """Whether an XML stream holds `<!DOCTYPE` or `<!ENTITY` anywhere, read in chunks to its end.

    A declaration stands before the root element, but comments and processing
    instructions before it may be of any length, so the whole document is
    searched (element text escapes `<`, so a literal marker can only be markup).
    Chunks overlap by a marker's length, so one split across two is still found.
    """
    tail = b""
    while chunk := handle.read(2**20):
        window = tail + chunk
        if any(marker in window for marker in _DECLARATIONS):
            return True
        tail = window[-_OVERLAP:]
    return False


def refuse_doctypes(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse XML members that declare a DTD or entities.

    openpyxl parses with defusedxml too, but its error names no cause; this
    check names the member.
    """
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as handle:
                found = declares_entities(handle)
        except _DAMAGED as exc:
            raise _damaged(path, info.filename, exc) from exc
        if found:
            raise _refuse(
                path,
                f"'{info.filename}' declares entities or a DTD, which lc-report never reads",
                "save the workbook again from the spreadsheet program",
            )


def load_workbook_checked(path: Path, limits: Limits = LIMITS):
    """An .xlsx workbook opened by openpyxl after the archive checks (openpyxl parses with defusedxml)."""
    import openpyxl

    with open_checked(path, limits) as archive:
        refuse_doctypes(archive, Path(path))
    try:
        return openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            Path(path),
            f"the workbook could not be read ({type(exc).__name__}: {exc})",
            "save it again as .xlsx",
        ) from exc
