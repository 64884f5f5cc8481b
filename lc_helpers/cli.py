"""The one command line: `lc-report <command>` (also `python -m lc_helpers <command>`).

The Makefile calls these commands. Each command imports what it needs when it
runs, so `lc-report build` on an unchanged report answers before pandas,
matplotlib or papermill are imported. User mistakes end with a message and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from lc_helpers.errors import BuildError, CheckError, DatasetError, summarise

DATA_HELP = "dataset folder with program.yml and the CSV files (default: data/example)"
WAVE_HELP = "a wave id from program.yml, or 'all' (default: all)"
BUILD_HELP = "folder the reports are built in (default: build)"


def _dataset_options(parser: argparse.ArgumentParser, build_dir: bool = False) -> None:
    parser.add_argument("--data", default=Path("data/example"), type=Path, help=DATA_HELP)
    parser.add_argument("--wave", default="all", help=WAVE_HELP)
    if build_dir:
        parser.add_argument("--build-dir", default=Path("build"), type=Path, help=BUILD_HELP)


def _print_problems(error: DatasetError, command: str) -> None:
    outcome = {"import": "nothing was written", "build": "nothing was built"}.get(command, "see below")
    print(f"The dataset has {len(error.problems)} problem(s); {outcome}:", file=sys.stderr)
    for line in summarise(error.problems):
        print(f"  {line}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build a report; every build, also one that finds nothing changed, ends with the data's warnings."""
    from lc_helpers.paths import PROJECT_KIND
    from lc_helpers.pipeline.cache_keys import report_is_current
    from lc_helpers.pipeline.data_warnings import print_warnings

    if PROJECT_KIND == "packaged":
        print(
            "(no report project here: building with the notebooks and book installed with lc-report; "
            "`lc-report init DIR` makes a project of your own to edit)"
        )
    # Answer a no-op rebuild before importing pandas, matplotlib and papermill.
    current = report_is_current(args.data, str(args.wave), args.build_dir, not args.no_pdf)
    if current is not None:
        label = f"{Path(args.data).resolve().name} wave {args.wave}"
        print(f"[{label}] up to date (nothing changed) -> {current}", flush=True)
        print_warnings(current, label)
        return 0
    from lc_helpers.pipeline.build import build_report

    build_report(args.data, str(args.wave), args.build_dir, pdf=not args.no_pdf, jobs=args.jobs)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from lc_helpers.contract.dataset import check_wave, load_dataset
    from lc_helpers.contract.published import load_published

    dataset = load_dataset(args.data)
    check_wave(dataset, str(args.wave))
    load_published(dataset.root)
    for warning in dataset.warnings:
        print(f"  {warning}")
    print(
        f"{dataset.name}: {len(dataset.sessions)} sessions in "
        f"{len(dataset.program.waves)} waves; no errors, {len(dataset.warnings)} warning(s)."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Browser and PDF checks of the report `make report` built for the same arguments."""
    from lc_helpers.paths import command, report_folder
    from lc_helpers.qa import browser, pdf_pages

    report = report_folder(args.build_dir, args.data, str(args.wave))
    if not (report / "html").is_dir():
        build = command("report-wave", data=args.data, wave=args.wave)
        raise CheckError(f"no built report in {report}: run `{build}` first")
    book = argparse.Namespace(
        html_dir=report / "html", screenshots=report / "screenshots", page=None, verbose=False
    )
    pages = argparse.Namespace(
        pdf=report / "report.pdf",
        min_pages=5,
        max_pages=120,
        png_dir=report / "pdf-pages",
        dpi=60,
        edge_mm=3.0,
        footer_mm=20.0,
        content_box_mm=None,
    )
    return browser.run(book) or pdf_pages.run(pages)


def cmd_synthesize(args: argparse.Namespace) -> int:
    """Write (or, with --check, compare) the dataset's synthetic files."""
    from lc_helpers.contract.dataset import load_dataset
    from lc_helpers.devtools.synthetic import DEFAULT_SEED, synthetic_files

    dataset = load_dataset(args.data)
    stale = []
    for name, text in synthetic_files(dataset, DEFAULT_SEED if args.seed is None else args.seed).items():
        target = Path(args.data) / name
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({text.count(chr(10)) - 1} synthetic rows)")
    if args.check:
        print(
            "synthetic files "
            + (f"DIFFER from a regeneration: {', '.join(stale)}" if stale else "match a fresh regeneration")
        )
    return 1 if stale else 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    from lc_helpers.contract.dictionary import write_dictionary
    from lc_helpers.contract.program import load_program

    program, problems = load_program(args.data)
    if problems:
        raise DatasetError(problems)
    path = write_dictionary(program, args.data)
    print(f"wrote {path}: every column of every file, with the values program.yml allows")
    return 0


def cmd_new_dataset(args: argparse.Namespace) -> int:
    from lc_helpers.devtools.scaffold import new_dataset, next_steps

    folder = new_dataset(args.target)
    print(f"created {folder}: {next_steps(folder)}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """A report project of one's own: notebooks/, book/, a dataset, a README with the commands."""
    from lc_helpers.devtools.project import init_project
    from lc_helpers.devtools.scaffold import next_steps

    data = init_project(args.target, example=args.example, dataset=args.dataset)
    print(f"created the report project {args.target} (see its README.md)")
    if args.example:
        inside = data.relative_to(args.target)
        print(f"build the example report inside it: cd {args.target} && lc-report build --data {inside}")
    else:
        print(f"its dataset {data}: {next_steps(data)}")
    return 0


def _delegate(module: str) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[..., int], str]:
    """A command whose options and body live in the module that does the work."""
    import importlib

    loaded = importlib.import_module(module)
    return loaded.add_arguments, loaded.run, loaded.DESCRIPTION


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. Commands whose options live in heavy modules are loaded only when asked for."""
    asked = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    top = argparse.ArgumentParser(
        prog="lc-report",
        description="Reproducible evaluation reports for learning collaboratives.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="command")

    build = sub.add_parser("build", help="build the report (HTML and PDF) of one wave or all")
    _dataset_options(build, build_dir=True)
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster previews)")
    build.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")
    build.set_defaults(run=cmd_build)

    validate = sub.add_parser("validate", help="check a dataset and list every problem in one pass")
    _dataset_options(validate)
    validate.set_defaults(run=cmd_validate)

    check = sub.add_parser("check", help="browser and PDF checks of a built report (screenshots, page PNGs)")
    _dataset_options(check, build_dir=True)
    check.set_defaults(run=cmd_check)

    for name, module, what in (
        ("check-book", "lc_helpers.qa.browser", "check the pages of any built book folder"),
        ("check-pdf", "lc_helpers.qa.pdf_pages", "check the pages of any PDF"),
        ("scale", "lc_helpers.devtools.scale", "write a 10x or 100x copy of a dataset for benchmarks"),
        ("bench", "lc_helpers.devtools.bench", "benchmark the build and print a table"),
        ("import", "lc_helpers.importers.command", "Zoom/Teams attendance or REDCap/Qualtrics surveys in"),
        (
            "preview",
            "lc_helpers.preview.server",
            "serve the report on 127.0.0.1 and rebuild it on every save",
        ),
        ("quotes", "lc_helpers.coding.quotes_command", "review sheet of answers to quote; approved ones in"),
        ("coding", "lc_helpers.coding.coding_command", "coding workbooks out, coded work in, agreement"),
    ):
        if asked != name:
            sub.add_parser(name, help=what)
            continue
        add_arguments, run, description = _delegate(module)
        command = sub.add_parser(name, help=what, description=description)
        add_arguments(command)
        command.set_defaults(run=run)

    synth = sub.add_parser("synthesize", help="regenerate a dataset's synthetic files (fixed seed)")
    synth.add_argument("--data", default=Path("data/example"), type=Path, help=DATA_HELP)
    synth.add_argument("--seed", default=None, type=int, help="random seed (default: the example's)")
    synth.add_argument("--check", action="store_true", help="write nothing; fail if a file differs")
    synth.set_defaults(run=cmd_synthesize)

    dictionary = sub.add_parser(
        "dictionary", help="write DATA_DICTIONARY.md into a dataset folder, from its program.yml"
    )
    dictionary.add_argument("data", type=Path, help="dataset folder with program.yml, e.g. data/ohio")
    dictionary.set_defaults(run=cmd_dictionary)

    scaffold = sub.add_parser("new-dataset", help="create a dataset folder to fill in")
    scaffold.add_argument("target", type=Path, help="the folder to create, e.g. data/ohio")
    scaffold.set_defaults(run=cmd_new_dataset)

    init = sub.add_parser(
        "init", help="create a report project to edit: notebooks/, book/, a dataset, a README"
    )
    init.add_argument("target", type=Path, help="the folder to create (new or empty), e.g. ohio-report")
    init.add_argument(
        "--example", action="store_true", help="the example dataset (builds at once) instead of an empty one"
    )
    init.add_argument(
        "--dataset", default=None, help="name of the empty dataset under data/ (default: the folder's name)"
    )
    init.set_defaults(run=cmd_init)

    return top


def main(argv: list[str] | None = None) -> int:
    args = parser(argv).parse_args(argv)
    try:
        return args.run(args)
    except DatasetError as error:
        _print_problems(error, args.command)
        return 2
    except (CheckError, FileExistsError) as error:
        print(error, file=sys.stderr)
        return 2
    except BuildError as error:
        print(f"Build failed; the last good report was left as it was.\n{error}", file=sys.stderr)
        return 1
    except OSError as error:
        after = " The last good report was left as it was." if args.command == "build" else ""
        print(f"Could not read or write a file: {error}.{after}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the last good report was left as it was.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
