"""`python -m lc_helpers <command>`: the same command line as `lc-report`."""

from lc_helpers.cli import entry

entry()
