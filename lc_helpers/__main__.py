"""Command line: `python -m lc_helpers validate|build ...` (the Makefile calls these)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .fingerprint import report_is_current
from .problems import DatasetError


def _print_problems(error: DatasetError) -> None:
    print(f"The dataset has {len(error.problems)} problem(s); nothing was built:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def _synthesize(data: Path, seed: int | None, check: bool) -> int:
    """Write (or, with --check, compare) the dataset's synthetic files."""
    from .dataset import load_dataset
    from .synthetic import DEFAULT_SEED, synthetic_files

    dataset = load_dataset(data)
    stale = []
    for name, text in synthetic_files(dataset, DEFAULT_SEED if seed is None else seed).items():
        target = Path(data) / name
        if check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({text.count(chr(10)) - 1} synthetic rows)")
    if check:
        print(
            "synthetic files "
            + (f"DIFFER from a regeneration: {', '.join(stale)}" if stale else "match a fresh regeneration")
        )
    return 1 if stale else 0


def _check(data: Path, wave: str, build_dir: Path) -> int:
    """Run the browser check and the PDF check on the report `make report` built for these arguments."""
    from . import browser_check, pdf_check

    report = Path(build_dir).resolve() / Path(data).resolve().name / f"wave-{wave}"
    if not (report / "html").is_dir():
        print(
            f"No built report in {report}: run `make report` with the same DATA and WAVE first.",
            file=sys.stderr,
        )
        return 2
    browser = browser_check.main([str(report / "html"), "--screenshots", str(report / "screenshots")])
    pdf = pdf_check.main(
        [
            str(report / "report.pdf"),
            "--min-pages",
            "5",
            "--max-pages",
            "120",
            "--png-dir",
            str(report / "pdf-pages"),
        ]
    )
    return browser or pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lc_helpers")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a dataset folder and report every problem")
    validate.add_argument("--data", default="data/example", type=Path)
    validate.add_argument("--wave", default="all")
    build = sub.add_parser("build", help="build the report for one wave (or all)")
    build.add_argument("--data", default="data/example", type=Path)
    build.add_argument("--wave", default="all")
    build.add_argument("--build-dir", default="build", type=Path)
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster previews)")
    build.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")
    synth = sub.add_parser(
        "synthesize", help="regenerate the synthetic feedback, attendance and knowledge files (fixed seed)"
    )
    synth.add_argument("--data", default="data/example", type=Path)
    synth.add_argument("--seed", default=None, type=int)
    synth.add_argument(
        "--check",
        action="store_true",
        help="do not write; fail if the committed file differs from a regeneration",
    )
    check = sub.add_parser("check", help="browser and PDF checks of a built report (screenshots, page PNGs)")
    check.add_argument("--data", default="data/example", type=Path)
    check.add_argument("--wave", default="all")
    check.add_argument("--build-dir", default="build", type=Path)
    scaffold = sub.add_parser("new-dataset", help="create an empty dataset folder to fill in")
    scaffold.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    if args.command == "new-dataset":
        from .scaffold import new_dataset

        try:
            folder = new_dataset(args.target)
        except FileExistsError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"created {folder}: edit program.yml, fill the CSV files, then `make validate DATA={folder}`")
        return 0
    if args.command == "check":
        return _check(args.data, str(args.wave), args.build_dir)
    if args.command == "build":
        # Answer a no-op rebuild before importing pandas, matplotlib and papermill.
        current = report_is_current(args.data, str(args.wave), args.build_dir, not args.no_pdf)
        if current is not None:
            name = Path(args.data).resolve().name
            print(f"[{name} wave {args.wave}] up to date (nothing changed) -> {current}")
            return 0
    from .build import BuildError, build_report
    from .dataset import check_wave, load_dataset
    from .pdf import PdfError

    try:
        if args.command == "validate":
            from .published import load_published

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
        if args.command == "synthesize":
            return _synthesize(args.data, args.seed, args.check)
        build_report(args.data, str(args.wave), args.build_dir, pdf=not args.no_pdf, jobs=args.jobs)
        return 0
    except DatasetError as error:
        _print_problems(error)
        return 2
    except (BuildError, PdfError) as error:
        print(f"Build failed; the last good report was left as it was.\n{error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"Could not read or write a file: {error}. The last good report was left as it was.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the last good report was left as it was.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
