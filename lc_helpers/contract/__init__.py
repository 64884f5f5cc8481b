"""What a dataset folder must hold: program.yml, the CSV files, and the rules they are checked by.

The lowest layer: it imports nothing else of the package but `errors` and
`paths`. Loading a dataset here validates every file, redacts free text, and
returns typed frames every later step may trust.
"""
