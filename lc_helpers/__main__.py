"""`python -m lc_helpers <command>`: the same command line as `lc-report`."""

import sys

from lc_helpers.cli import main

sys.exit(main())
