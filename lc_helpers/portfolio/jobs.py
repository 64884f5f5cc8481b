"""What each Snakemake job runs: `python -m lc_helpers.portfolio.jobs report|synthesis ...`.

A report job builds one (program, wave) report through `lc-report build` and
writes its status (ok, or the build's own message about the data). It ends
well either way, so that one program's broken data stop neither the other
programs nor the synthesis, which lists the programs it had to leave out;
`lc-report portfolio` then names each failure and exits non-zero. A failure
is the report's until its inputs change (its key file then changes and
Snakemake reruns the job): the same data, code and options fail the same way,
so an unchanged portfolio runs no job and the command repeats the message.
Only a build killed by a signal (out of memory, a cluster's time limit) is the
machine's: its status says `retry`, and the next run tries it again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from lc_helpers.contract.target import ReportTarget
from lc_helpers.errors import BuildError, DatasetError

MESSAGE_LINES = 40  # of a failed build's output, kept in its status


def report(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "lc_helpers", "build", "--data", args.data, "--wave", args.wave]
    command += ["--build-dir", args.build_dir, "--jobs", str(args.jobs)] + ([] if args.pdf else ["--no-pdf"])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    target = ReportTarget(Path(args.data), args.wave)
    program = target.dataset_name
    folder = target.report_folder(Path(args.build_dir))
    ok = result.returncode == 0 and (folder / "results.csv").is_file()
    message = "" if ok else "\n".join((result.stderr or result.stdout).strip().splitlines()[-MESSAGE_LINES:])
    status = {
        "program": program,
        "wave": args.wave,
        "ok": ok,
        "message": message,
        "report": str(folder) if ok else "",
        "retry": result.returncode < 0,  # killed by a signal: not the data's fault
    }
    Path(args.status).write_text(json.dumps(status, indent=1, sort_keys=True), encoding="utf-8")
    if not ok:
        print(f"FAILED: {program} wave {args.wave}; the other programs go on.\n{message}", file=sys.stderr)
    return 0


def synthesis(args: argparse.Namespace) -> int:
    from lc_helpers.portfolio.synthesis import build_synthesis

    try:
        out = build_synthesis([Path(s) for s in args.status], Path(args.out), args.portfolio)
    except (BuildError, DatasetError) as error:  # the message says what failed; no traceback
        print(f"the synthesis failed; the last one is left as it was.\n{error}", file=sys.stderr)
        return 1
    # Written only once the new synthesis is published: the workflow's sign that it is done.
    shutil.copyfile(out / "done.json", args.done)
    return 0


def main(argv: list[str] | None = None) -> int:
    top = argparse.ArgumentParser(prog="python -m lc_helpers.portfolio.jobs")
    sub = top.add_subparsers(dest="job", required=True)
    one = sub.add_parser("report")
    one.add_argument("--data", required=True)
    one.add_argument("--wave", required=True)
    one.add_argument("--build-dir", required=True)
    one.add_argument("--status", required=True)
    one.add_argument("--jobs", type=int, default=1)
    one.add_argument("--pdf", type=lambda v: v == "true", default=True)
    syn = sub.add_parser("synthesis")
    syn.add_argument("--portfolio", required=True)
    syn.add_argument("--out", required=True)
    syn.add_argument("--done", required=True)
    syn.add_argument("status", nargs="*")
    args = top.parse_args(argv)
    return report(args) if args.job == "report" else synthesis(args)


if __name__ == "__main__":
    sys.exit(main())
