"""`lc-report portfolio PORTFOLIO.yml`: every program's reports, then a synthesis comparing them.

The work is a Snakemake workflow shipped with the package (lc_helpers/portfolio/Snakefile):
local cores by default, or a cluster through `--profile` (e.g. profiles/slurm). Jobs rerun
only when their inputs change in content; one program's broken data fail its own jobs, the
others and the synthesis finish, and the command ends non-zero naming the failures. A failure
is remembered until its inputs change: run again unchanged, nothing is rebuilt and the same
failures are named again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from lc_helpers.cli.command import BUILD_HELP, Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portfolio", type=Path, help="portfolio.yml: programs, waves, synthesis options")
    parser.add_argument("--build-dir", default=Path("build"), type=Path, help=BUILD_HELP)
    parser.add_argument("--cores", type=int, default=None, help="local cores for the jobs (default: all)")
    parser.add_argument("--profile", type=Path, default=None, help="a Snakemake profile folder (e.g. SLURM)")
    parser.add_argument("--dry-run", action="store_true", help="print the jobs Snakemake would run; run none")
    parser.add_argument("snakemake_args", nargs="*", help="after --: options passed to Snakemake")


def run(args: argparse.Namespace) -> int:
    from lc_helpers.portfolio.config import load_portfolio
    from lc_helpers.portfolio.worker import worker_pool
    from lc_helpers.portfolio.workflow import (
        STATE,
        SYNTHESIS_DONE,
        StartedSnakemake,
        config_path,
        portfolio_folder,
        reports_to_build,
        snakemake_command,
        statuses,
        write_plan,
    )

    if args.profile is not None and not args.profile.exists():
        print(missing_profile(args.profile), file=sys.stderr)
        return 2
    portfolio = load_portfolio(args.portfolio)
    for entry in portfolio.left_out:
        print(f"WARNING: {portfolio.file.name}: programs entry '{entry}' matches no folder")
    folder = portfolio_folder(portfolio, args.build_dir)
    extra = [a for a in args.snakemake_args if a != "--"]
    command = snakemake_command(
        config_path(portfolio, args.build_dir), args.cores, args.profile, args.dry_run, extra
    )
    snakemake = StartedSnakemake(command)  # imports while the plan is written
    try:
        write_plan(portfolio, args.build_dir)
        workers = min(args.cores or os.cpu_count() or 1, reports_to_build(portfolio, args.build_dir))
        started = time.time()
        if workers and args.profile is None and not args.dry_run and not _elsewhere(extra):
            # local cores: the jobs hand their builds to warm workers
            with worker_pool(workers, folder / STATE / "logs") as environment:
                code = snakemake.run(environment)
        else:  # nothing to build, or jobs that run on other machines, each building its report itself
            code = snakemake.run()
    finally:
        snakemake.cancel()  # the plan or the workers failed before it ran; nothing once it has
    if args.dry_run:
        return code
    failed = [s for s in statuses(portfolio, args.build_dir) if not s["ok"]]
    for status in failed:
        earlier = status.get("written", started) < started  # remembered: its inputs have not changed
        print(
            f"FAILED: {status['program']} wave {status['wave']}"
            + (" (not run again: nothing it reads changed since)" if earlier else "")
            + ":\n  "
            + status["message"].replace("\n", "\n  ")
        )
    if failed:
        print(f"{len(failed)} report(s) failed; the synthesis lists them as left out.")
    synthesis = folder / "synthesis"
    if (folder / STATE / "status" / SYNTHESIS_DONE).is_file():
        pdf = synthesis / "synthesis.pdf"
        print(f"synthesis: {synthesis / 'html' / 'intro.html'}" + (f" and {pdf}" if pdf.is_file() else ""))
    elif code:
        kept = " (the last one is left as it was)" if synthesis.exists() else ""
        print(f"the synthesis did not finish{kept}: see {folder / STATE / 'logs' / 'synthesis.log'}")
    return 1 if failed or code else 0


#: Snakemake options after `--` that send jobs to other machines, where the workers are not
ELSEWHERE = ("--executor", "-e", "--profile", "--cluster", "--cluster-generic", "--slurm", "--kubernetes")


def _elsewhere(extra: list[str]) -> bool:
    return any(arg == option or arg.startswith(option + "=") for arg in extra for option in ELSEWHERE)


def missing_profile(profile: Path) -> str:
    """Why a --profile path that is not there stops the run, and where the shipped profile is.

    Snakemake would search its own config folders for the name and fail with a message about
    them; the researcher needs to hear that the path is read from the current folder, and that
    their project has `profiles/slurm` (a clone has it, `lc-report init` copies it).
    """
    return (
        f"ERROR: --profile {profile}: no such file or folder ({profile.resolve()}). Fix: give the "
        "profile folder's path from the folder you run the command in; the SLURM profile is "
        "profiles/slurm in the clone and in every project made by `lc-report init`, so in the "
        "project's folder run `lc-report portfolio portfolio.yml --profile profiles/slurm`."
    )


COMMAND = Command(
    name="portfolio",
    help="build every program's reports and a synthesis comparing them (Snakemake; local or a cluster)",
    add_arguments=add_arguments,
    run=run,
    outcome="nothing was built",
)
