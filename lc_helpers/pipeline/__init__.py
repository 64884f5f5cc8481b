"""`make report`: run the notebooks, assemble the book, print the PDF, publish atomically.

Reruns are cheap because every step is keyed on content (`cache_keys`).

Importing this package stops one optional import that the build never uses:
`jsonschema` (which nbformat, papermill and myst-nb import) builds a Lark
grammar for the `rfc3987_syntax` package at import, about 0.7 s, only to offer
an "iri" format checker; nbformat validates without format checkers, so no
notebook, page or file comes out different. The kernels the build starts skip
it the same way (`kernels.KERNEL_BOOT`). JupyterLab, which uses the checker,
runs in its own process and is untouched.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # import -> ImportError
