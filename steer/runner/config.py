"""Experiment configs: models × methods × task entries, validated, with CLI overrides.

    name: small
    models:  [{model: local/qwen2.5-coder-0.5b}]
    methods: [all_text, all_code, {method: vote, params: {k: 3, m: 2}, label: vote-k3}]
    tasks:
      - {suite: paper14}                                   # a manifest in tasks/
      - {task: number_multiply, knobs: {digits: [[2, 2], [8, 8]]}, sweep: [digits], count: 5}
    samples: 5            # default count per task entry
    budget: {max_tokens: 512}
    sandbox: docker
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from steer.errors import ConfigError
from steer.methods.base import Budget
from steer.records import Sample

__all__ = ["Cell", "ExperimentConfig", "MethodSpec", "ModelSpec", "TaskSpec", "load_config"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelSpec(_Strict):
    model: str
    base_url: str | None = None
    api_key_env: str | None = None
    max_concurrency: int | None = Field(default=None, ge=1)
    label: str | None = None

    @property
    def name(self) -> str:
        return self.label or self.model


class MethodSpec(_Strict):
    method: str
    params: dict[str, Any] = Field(default_factory=dict)
    label: str | None = None

    @property
    def name(self) -> str:
        return self.label or self.method


class TaskSpec(_Strict):
    task: str | None = None
    suite: str | None = None
    knobs: dict[str, Any] = Field(default_factory=dict)
    sweep: list[str] = Field(default_factory=list)  # knobs whose value is a list of values to sweep
    source: str | None = None
    count: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_of(self) -> TaskSpec:
        if (self.task is None) == (self.suite is None):
            raise ValueError("give exactly one of `task` or `suite`")
        for k in self.sweep:
            if not isinstance(self.knobs.get(k), list):
                raise ValueError(f"sweep knob {k!r} needs a list of values in knobs")
        return self


class ExperimentConfig(_Strict):
    name: str = "experiment"
    models: list[ModelSpec]
    methods: list[MethodSpec]
    tasks: list[TaskSpec]
    samples: int = Field(default=5, ge=1)
    seed: int = 0
    epochs: int = Field(default=1, ge=1)
    concurrency: int = Field(default=4, ge=1)
    budget: Budget = Field(default_factory=Budget)
    sandbox: str = "docker"
    cache: bool = True

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """`methods: [all_text]` and `models: [local/x]` are short for {method: ...} / {model: ...}."""
        if isinstance(data, dict):
            for key, field in (("methods", "method"), ("models", "model")):
                if isinstance(data.get(key), list):
                    data[key] = [{field: v} if isinstance(v, str) else v for v in data[key]]
        return data


class Cell(BaseModel):
    """One model × method × task-entry combination; its id hashes everything that shapes its results."""

    model: ModelSpec
    method: MethodSpec
    task: str
    knobs: dict[str, Any]
    samples: list[Sample]
    budget: Budget
    sandbox: str

    @property
    def id(self) -> str:
        payload = json.dumps({"model": self.model.model_dump(exclude={"max_concurrency"}),
                              "method": self.method.model_dump(), "task": self.task, "knobs": self.knobs,
                              "samples": [s.id for s in self.samples], "budget": self.budget.model_dump(),
                              "sandbox": self.sandbox}, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]

    @property
    def title(self) -> str:
        knobs = ",".join(f"{k}={v}" for k, v in self.knobs.items())
        return f"{self.model.name} | {self.method.name} | {self.task}" + (f" [{knobs}]" if knobs else "")


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The YAML line of the value at `loc`, for error messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                key = [k for k, _ in node.value if k.value == part]
                return key[0].start_mark.line + 1 if key else node.start_mark.line + 1
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1 if node is not None else None


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """`--set budget.max_tokens=256` / `methods.0.params.k=5` on the raw config."""
    parts = path.split(".")
    node: Any = data
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> ExperimentConfig:
    p = Path(path)
    try:
        text = p.read_text()
        data = yaml.safe_load(text) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read experiment config {str(path)!r}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: an experiment config is a mapping (models, methods, tasks, ...)")
    for key, value in (overrides or {}).items():
        try:
            set_path(data, key, value)
        except (KeyError, IndexError, ValueError, TypeError):
            raise ConfigError(f"override {key}={value!r}: no such place in {p}") from None
    try:
        return ExperimentConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        line = _line_of(text, loc)
        where = ".".join(str(x) for x in loc) or "(top level)"
        at = f":{line}" if line else ""
        raise ConfigError(f"{p}{at}: {where}: {err['msg']}") from None


def expand(config: ExperimentConfig, limit: int | None = None) -> list[Cell]:
    """The matrix: every model × method × (task entry × sweep values); samples fixed by seeds/data."""
    from steer.tasks import get_task
    from steer.tasks.suite import SuiteEntry, load_suite, suite_samples, Suite

    entries: list[tuple[str, dict[str, Any], list[Sample]]] = []
    for spec in config.tasks:
        count = min(spec.count or config.samples, limit) if limit else (spec.count or config.samples)
        if spec.suite:
            suite = load_suite(spec.suite)
            for e in suite.entries:
                samples = suite_samples(Suite(name=suite.name, entries=[e]), limit=count)
                entries.append((e.task, e.knobs, samples))
            continue
        assert spec.task is not None
        get_task(spec.task)  # unknown names fail here, before anything runs
        sweeps = [[(k, v) for v in spec.knobs[k]] for k in spec.sweep]
        for combo in itertools.product(*sweeps) if sweeps else [()]:
            knobs = {**spec.knobs, **dict(combo)}
            e = SuiteEntry(task=spec.task, knobs=knobs, source=spec.source, count=count,
                           seeds=list(range(config.seed, config.seed + count)))
            entries.append((spec.task, knobs, suite_samples(Suite(name="inline", entries=[e]))))
    return [Cell(model=m, method=meth, task=t, knobs=k, samples=s, budget=config.budget, sandbox=config.sandbox)
            for m in config.models for meth in config.methods for t, k, s in entries]
