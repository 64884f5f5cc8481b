"""nbstripout as git runs it (the notebooks' clean filter and diff textconv), started in 0.2 s, not 1.4 s.

Git runs the filter once for every notebook whose file changed since the
index last saw it: on `git status`, on `git add`, and in every build, whose
provenance asks git whether tracked files were edited. nbstripout imports
nbformat, and through it jsonschema, which builds a Lark grammar for the
optional `rfc3987_syntax` package (an "iri" format checker that nbformat never
uses). Stopping that one import, as the build does (lc_helpers/pipeline), leaves
nbstripout's own code and output unchanged; a test compares them.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # import -> ImportError

from nbstripout import main  # noqa: E402 - after the stopped import

main()
