"""The one command line: `lc-report <command>` (also `python -m lc_helpers <command>`).

Every command is one module of this package holding a `Command` (name, help,
arguments, run); `COMMANDS` below lists them in the order `--help` shows
them, so adding a command is one module and one line here. The Makefile
calls these commands. A command imports what it needs when it runs, and only
the command asked for adds its arguments, so `lc-report build` on an
unchanged report answers before pandas, matplotlib or papermill are
imported. User mistakes end with a message and a non-zero exit, never a
traceback: `main` handles them, for every command, in one place.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import NoReturn

from lc_helpers.cli import (
    bench,
    bench_portfolio,
    build,
    check,
    check_book,
    check_pdf,
    coding,
    dictionary,
    import_exports,
    init_project,
    new_dataset,
    portfolio,
    preview,
    scale,
    synthesize,
    validate,
)
from lc_helpers.cli.command import Command
from lc_helpers.errors import user_failure

COMMANDS: tuple[Command, ...] = (
    build.COMMAND,
    portfolio.COMMAND,
    validate.COMMAND,
    check.COMMAND,
    check_book.COMMAND,
    check_pdf.COMMAND,
    scale.COMMAND,
    bench.COMMAND,
    bench_portfolio.COMMAND,
    import_exports.COMMAND,
    coding.QUOTES,
    coding.CODING,
    preview.COMMAND,
    synthesize.COMMAND,
    dictionary.COMMAND,
    new_dataset.COMMAND,
    init_project.COMMAND,
)


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; only the command asked for adds its arguments (some import heavy modules)."""
    asked = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    top = argparse.ArgumentParser(
        prog="lc-report",
        description="Reproducible evaluation reports for learning collaboratives.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="command")
    for command in COMMANDS:
        own = sub.add_parser(command.name, help=command.help, description=command.description)
        if command.name == asked:
            command.add_arguments(own)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command: its exit status, or the one its failure calls for (2: the user's input)."""
    args = parser(argv).parse_args(argv)
    command = next(c for c in COMMANDS if c.name == args.command)
    try:
        return command.run(args)
    except KeyboardInterrupt:
        print("Interrupted; the last good report was left as it was.", file=sys.stderr)
        return 130
    except Exception as error:
        failure = user_failure(error, command.outcome, command.file_error_note)
        if failure is None:
            raise  # a defect of lc-report: its traceback is what a bug report needs
        print(failure[0], file=sys.stderr)
        return failure[1]


def entry() -> NoReturn:
    """The process's entry point (`lc-report`, `python -m lc_helpers`): `main`, then a prompt exit.

    At exit, Python clears every module and collects garbage over all that is
    still alive; after a build, with Sphinx's environment, pandas and
    matplotlib loaded, that took 0.7 s of CPU after the build had said done.
    Everything a command writes is closed by then, so the heap is frozen
    first (`gc.freeze`) and the collector skips it. Tests call `main`, whose
    process goes on, and is not frozen.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    entry()
