"""One module per file format a report offers, listed in one registry (`registry.FORMATS`).

Each format says what it is called, which build step makes it, where its files
go and how the report links them (`interface.Format`). The build's exports
step writes every format that has a writer, the front page's "Download:" line
and the links under each table and figure come from the same list, and the
build copies exactly the listed files beside the pages. A new format is one
module here and one line in `registry.py`.
"""
