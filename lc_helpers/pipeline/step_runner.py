"""Running the build's steps in order over one build context, some of them side by side.

A step is a name and a function of the context that may return a note for
the log ("(reused)", "(chromium)"). Steps in a `Together` group only read
what earlier steps made and write different files, so they run concurrently;
the runner waits for all of them, then raises the first failure (naming the
others), so nothing is published and the staging folder is removed. One
member of a group may be an `InOrder` chain, whose steps run one after the
other while the group's other members run beside them.

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
class InOrder:
    """Steps run one after the other, as one member of a `Together` group (the HTML, then the exports
    that read its table numbers, while the PDF prints)."""

    steps: tuple[Step, ...]

    def __init__(self, *steps: Step) -> None:
        object.__setattr__(self, "steps", steps)


@dataclass(frozen=True)
class Together:
    """Members that run at the same time (each reads only what the steps before the group made)."""

    steps: tuple[Step | InOrder, ...]

    def __init__(self, *steps: Step | InOrder) -> None:
        object.__setattr__(self, "steps", steps)

    @property
    def writes(self) -> bool:
        return any(step.writes for step in _flat(self.steps))


def _flat(items: Sequence[Step | InOrder | Together]) -> list[Step]:
    flat: list[Step] = []
    for item in items:
        flat.extend(_flat(item.steps) if isinstance(item, InOrder | Together) else [item])
    return flat


def step_names(steps: Sequence[Step | Together]) -> list[str]:
    """The names of the steps in build order (for the log and provenance.json)."""
    return [step.name for step in _flat(steps)]


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


def run_together(ctx: BuildContext, members: Sequence[Step | InOrder]) -> None:
    """Run `members` concurrently; when one fails, the others still finish before the failure is raised.

    A chain stops at its first failing step; the failure names that step.
    """

    def run_member(member: Step | InOrder) -> None:
        if isinstance(member, InOrder):
            for step in member.steps:
                try:
                    run_one(ctx, step)
                except BaseException as error:
                    raise _StepFailed(step.name, error) from error
        else:
            run_one(ctx, member)

    with ThreadPoolExecutor(max_workers=len(members), thread_name_prefix="build-step") as pool:
        futures = [(member, pool.submit(run_member, member)) for member in members]
        failures = [
            _named(member, future.exception()) for member, future in futures if future.exception() is not None
        ]
    for name, error in failures[1:]:
        print(f"[{ctx.label}] {name} also failed: {error}", file=sys.stderr, flush=True)
    if failures:
        raise failures[0][1]


class _StepFailed(Exception):
    """A chain's failing step, carried out of the worker thread with its name."""

    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__(name)
        self.name, self.error = name, error


def _named(member: Step | InOrder, error: BaseException) -> tuple[str, BaseException]:
    if isinstance(error, _StepFailed):
        return error.name, error.error
    assert isinstance(member, Step)
    return member.name, error
