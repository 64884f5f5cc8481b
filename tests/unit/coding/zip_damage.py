"""A zip archive damaged the way a bad copy damages one: a member's bytes no longer match its CRC."""

from __future__ import annotations

import zipfile
from pathlib import Path


def damage(path: Path, member: str) -> None:
    """Flip one byte of a member's stored data, as a copy cut or garbled in transit does: the CRC no
    longer matches. The archive is rewritten uncompressed first so the byte is the member's own."""
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        offset = z.getinfo(member).header_offset
    raw = bytearray(path.read_bytes())
    start = raw.index(members[member], offset)
    raw[start + len(members[member]) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
