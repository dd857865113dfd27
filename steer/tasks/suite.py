"""Task-suite manifests (YAML in `tasks/`): which tasks, with which knobs, seeds or data, how many.

    name: paper14
    entries:
      - {task: number_multiply, knobs: {digits: [4, 4]}, count: 10}       # generated, seeds 0..9
      - {task: game24, source: symbench, count: 20}                       # loaded from a SymBench checkout
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from steer.errors import ConfigError
from steer.records import Sample

__all__ = ["SuiteEntry", "Suite", "load_suite", "suite_samples", "symbench_root"]

REPO_TASKS = Path(__file__).resolve().parents[2] / "tasks"


class SuiteEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    task: str
    knobs: dict[str, Any] = Field(default_factory=dict)
    seeds: list[int] | None = None
    source: str | None = None  # "symbench" (the configured checkout) or a directory
    count: int = Field(default=10, ge=1)


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    entries: list[SuiteEntry]


def symbench_root() -> Path:
    """$STEER_SYMBENCH, else ../shared/symbench beside a source checkout."""
    env = os.environ.get("STEER_SYMBENCH")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "symbench"


def load_suite(spec: str | Path) -> Suite:
    """A manifest by path, or by name from the repository's `tasks/` folder."""
    path = Path(spec)
    if not path.exists() and (REPO_TASKS / f"{spec}.yaml").exists():
        path = REPO_TASKS / f"{spec}.yaml"
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read suite manifest {str(spec)!r}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return Suite.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise ConfigError(f"{path}: {where}: {err['msg']}") from None


def suite_samples(suite: Suite, limit: int | None = None) -> list[Sample]:
    from steer.tasks import get_task
    from steer.tasks.symbench import load_symbench

    samples: list[Sample] = []
    for e in suite.entries:
        task = get_task(e.task)
        count = min(e.count, limit) if limit else e.count
        if e.source:
            root = symbench_root() if e.source == "symbench" else Path(e.source)
            loaded = load_symbench(task, root)
            samples += loaded[:count]
        else:
            seeds = e.seeds or list(range(count))
            samples += [task.generate(s, **e.knobs) for s in seeds[:count]]
    return samples
