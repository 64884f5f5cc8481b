"""Running the build's steps in order over one build context, some of them side by side.

A step is a name and a function of the context that may return a note for
the log ("(reused)", "(chromium)"). Steps in a `Together` group only read
what earlier steps made and write different files, so they run concurrently;
the runner waits for all of them, then raises the first failure (naming the
others), so nothing is published and the staging folder is removed.

Steps that write (all but validation) run in a new version folder under the
wave's lock (`publish.publishing`); it becomes the published report when the
last step has finished, and is deleted when one fails.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from lc_helpers.pipeline.build_context import BuildContext
from lc_helpers.pipeline.publish import publishing


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[BuildContext], str | None]
    writes: bool = True  # False: runs before the lock and the staging folder (validation reads only)


@dataclass(frozen=True)
class Together:
    """Steps that run at the same time (each reads only what the steps before the group made)."""

    steps: tuple[Step, ...]

    def __init__(self, *steps: Step) -> None:
        object.__setattr__(self, "steps", steps)

    @property
    def writes(self) -> bool:
        return any(step.writes for step in self.steps)


def step_names(steps: Sequence[Step | Together]) -> list[str]:
    """The names of the steps in build order (for the log and provenance.json)."""
    return [s.name for item in steps for s in (item.steps if isinstance(item, Together) else (item,))]


@contextmanager
def staging_folder(ctx: BuildContext) -> Iterator[None]:
    """The report's new version folder: published when the steps are done, removed if one fails."""
    with publishing(ctx.final, ctx.publish_label) as version:
        ctx.staging = version
        yield


def run_steps(ctx: BuildContext, steps: Sequence[Step | Together]) -> None:
    with ExitStack() as stack:
        for item in steps:
            if item.writes and ctx.staging is None:
                stack.enter_context(staging_folder(ctx))
            if isinstance(item, Together):
                run_together(ctx, item.steps)
            else:
                run_one(ctx, item)


def run_one(ctx: BuildContext, step: Step) -> None:
    t0 = time.perf_counter()
    note = step.run(ctx)
    ctx.progress.record(step.name, time.perf_counter() - t0, note or "")


def run_together(ctx: BuildContext, steps: Sequence[Step]) -> None:
    """Run `steps` concurrently; when one fails, the others still finish before the failure is raised."""
    with ThreadPoolExecutor(max_workers=len(steps), thread_name_prefix="build-step") as pool:
        futures = [(step, pool.submit(run_one, ctx, step)) for step in steps]
        failures = [(step, future.exception()) for step, future in futures if future.exception() is not None]
    for step, error in failures[1:]:
        print(f"[{ctx.label}] {step.name} also failed: {error}", file=sys.stderr, flush=True)
    if failures:
        raise failures[0][1]
