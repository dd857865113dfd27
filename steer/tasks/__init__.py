"""Tasks: seeded generators and data loaders, with exact programmatic verifiers."""

from __future__ import annotations

from typing import Any

from steer.registry import lookup
from steer.tasks import number_multiply as _number_multiply  # noqa: F401  (registers)
from steer.tasks.base import BaseTask, Task, rng_for

__all__ = ["BaseTask", "Task", "get_task", "rng_for"]


def get_task(name: str, **kwargs: Any) -> Task:
    return lookup("task", name)(**kwargs)  # type: ignore[no-any-return]
