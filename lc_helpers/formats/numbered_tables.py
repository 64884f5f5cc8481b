"""The tables a report's notebooks saved, numbered and captioned as the book placed them.

A notebook's `ctx.table` saves each table's cells as shown (`tables/<name>.meta.json`);
the book numbers the tables and records their captions and notes
(`lc_tables.json`). Joined, they are what the exports step hands every format.
"""

from __future__ import annotations

import json
from pathlib import Path


def numbered_tables(out_dir: Path, placed: list[dict]) -> list[dict]:
    """Every table a notebook saved, with the number, caption and notes the book gave it.

    `placed` is the book's `lc_tables.json` (reading order). A table no page
    placed still goes to the files, after the numbered ones, under its name.
    Each record has the whole `title` ("Table 3. Caption"), its parts `number`
    and `caption`, and the bibliography entries it cites (`references`: label, entry).
    """
    saved = {
        record["name"]: record
        for record in (
            json.loads(p.read_text(encoding="utf-8")) for p in (out_dir / "tables").glob("*.meta.json")
        )
    }
    records = []
    for entry in placed:
        record = saved.pop(entry["key"], None)
        if record is None:
            continue
        title = f"Table {entry['number']}. {entry['caption']}" if entry["number"] else entry["caption"]
        records.append(
            {
                **record,
                "title": title + _label(record),
                "number": str(entry["number"] or ""),
                "caption": entry["caption"] + _label(record),
                "notes": entry["notes"],
                "references": [tuple(pair) for pair in entry.get("references", [])],
            }
        )
    for record in sorted(saved.values(), key=lambda r: (r["notebook"], r["order"])):
        title = record["name"] + _label(record)
        unplaced = {"title": title, "number": "", "caption": title, "notes": "", "references": []}
        records.append({**record, **unplaced})
    return records


def _label(record: dict) -> str:
    return f" [{record['label']}]" if record.get("label") else ""
