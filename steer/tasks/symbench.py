"""Reading and checking a SymBench checkout (the CodeSteer data format) for every task that has a loader.

`verify_directory` is what a user runs on a new data drop: every instance's stored reference must pass
its verifier and a corrupted copy must fail, with invalid references listed rather than hidden, and
duplicate questions counted so reports can count distinct ones.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from steer.errors import ConfigError
from steer.records import Sample
from steer.registry import names
from steer.tasks.base import BaseTask, Task

__all__ = ["TaskReport", "load_symbench", "symbench_tasks", "verify_directory"]


def symbench_tasks(root: str | Path) -> dict[str, Path]:
    """Registered tasks whose data folder exists under `root`, with that folder."""
    from steer.tasks import get_task

    base = Path(root)
    if not base.is_dir():
        raise ConfigError(f"SymBench directory {str(base)!r} does not exist or is not a directory")
    found = {}
    for name in names("task"):
        sub = getattr(get_task(name), "data_path", None)
        if sub and (base / sub).exists():
            found[name] = base / sub
    return found


def load_symbench(task: str | Task, root: str | Path) -> list[Sample]:
    from steer.tasks import get_task

    t = get_task(task) if isinstance(task, str) else task
    sub = getattr(t, "data_path", None)
    path = Path(root) / sub if sub else Path(root)
    if not path.exists():
        raise ConfigError(f"no data for task {t.name!r} at {str(path)!r}")
    return t.load(path)


@dataclass
class TaskReport:
    task: str
    instances: int = 0
    distinct: int = 0
    reference_ok: int = 0
    corrupted_rejected: int = 0
    without_reference: int = 0
    invalid: list[str] = field(default_factory=list)      # stored references the verifier rejects
    accepted_corrupt: list[str] = field(default_factory=list)  # corrupted copies the verifier accepted

    @property
    def duplicates(self) -> int:
        return self.instances - self.distinct


def verify_task(task: BaseTask, samples: list[Sample], seed: int = 0) -> TaskReport:
    rng = random.Random(seed)
    rep = TaskReport(task=task.name, instances=len(samples), distinct=len(Counter(s.prompt for s in samples)))
    for s in samples:
        ref = task.reference_answer(s)
        if ref is None:
            rep.without_reference += 1
            continue
        v = task.verify(s, ref)
        if v.correct:
            rep.reference_ok += 1
        else:
            rep.invalid.append(f"{s.id}: {v.reason}")
            continue
        bad = task.corrupt(s, rng)
        if task.verify(s, bad).correct:
            rep.accepted_corrupt.append(f"{s.id}: {bad[:60]!r}")
        else:
            rep.corrupted_rejected += 1
    return rep


def verify_directory(root: str | Path, tasks: list[str] | None = None) -> list[TaskReport]:
    from steer.tasks import get_task

    found = symbench_tasks(root)
    if tasks:
        unknown = set(tasks) - set(found)
        if unknown:
            raise ConfigError(f"no data under {root} for task(s) {sorted(unknown)}; found: {sorted(found)}")
        found = {k: v for k, v in found.items() if k in tasks}
    return [verify_task(get_task(name), get_task(name).load(path)) for name, path in found.items()]
