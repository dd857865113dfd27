"""Tasks: seeded generators and data loaders, with exact programmatic verifiers.

Every module in this package registers its tasks on import; this file imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from steer.registry import lookup
from steer.tasks.base import BaseTask, Task, rng_for

__all__ = ["BaseTask", "Task", "get_task", "rng_for"]

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name not in ("base", "arith", "mathval", "symbench", "suite", "dataset_io"):
        importlib.import_module(f"{__name__}.{_mod.name}")


def get_task(name: str, **kwargs: Any) -> Task:
    return lookup("task", name)(**kwargs)  # type: ignore[no-any-return]
