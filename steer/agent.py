"""`steer.Agent`: the importable front door for application builders.

It binds a model, a method and a sandbox once and solves questions or task samples with them. Defaults
are what a newcomer gets with no setup: the embedded model, the default method, the Docker sandbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from steer._async import run_sync
from steer.methods import DEFAULT_METHOD, Budget, Method, get_method
from steer.models import DEFAULT_MODEL, Model, get_model
from steer.records import Sample, SampleResult
from steer.runner.solve import solve_sample, solve_samples
from steer.sandbox import DEFAULT_SANDBOX, Sandbox, get_sandbox
from steer.tasks import Task, get_task
from steer.tasks.question import question_sample

__all__ = ["Agent"]


class Agent:
    def __init__(
        self,
        model: str | Model = DEFAULT_MODEL,
        method: str | Method = DEFAULT_METHOD,
        sandbox: str | Sandbox = DEFAULT_SANDBOX,
        *,
        budget: Budget | None = None,
        seed: int = 0,
        steering_model: str | Model | None = None,
        method_params: dict[str, Any] | None = None,
    ) -> None:
        self.model = get_model(model) if isinstance(model, str) else model
        self.method_name = method if isinstance(method, str) else method.name
        self.method = get_method(method, **(method_params or {})) if isinstance(method, str) else method
        self._sandbox_spec = sandbox
        self._sandbox: Sandbox | None = None if isinstance(sandbox, str) else sandbox
        self.budget = budget or Budget()
        self.seed = seed
        self.steering_model = get_model(steering_model) if isinstance(steering_model, str) else steering_model

    @property
    def sandbox(self) -> Sandbox:
        """Created on first use, so building an Agent never starts containers."""
        if self._sandbox is None:
            assert isinstance(self._sandbox_spec, str)
            self._sandbox = get_sandbox(self._sandbox_spec)
        return self._sandbox

    def _sample(self, question: str | Sample, task: str | Task | None) -> tuple[Sample, Task]:
        if isinstance(question, Sample):
            return question, get_task(question.task) if task is None else _task(task)
        t = _task(task or "question")
        return question_sample(question, t.answer_format), t

    async def asolve(self, question: str | Sample, *, task: str | Task | None = None) -> SampleResult:
        sample, t = self._sample(question, task)
        return await solve_sample(
            sample, method=self.method, model=self.model, sandbox=self.sandbox, task=t, budget=self.budget,
            seed=self.seed, steering_model=self.steering_model, method_name=self.method_name,
        )

    def solve(self, question: str | Sample, *, task: str | Task | None = None) -> SampleResult:
        return run_sync(self._closing(self.asolve(question, task=task)))

    async def asolve_many(
        self, samples: Sequence[Sample], *, log_dir: str | Path | None = None, concurrency: int = 4
    ) -> list[SampleResult]:
        if not samples:
            return []
        tasks = {s.task for s in samples}
        if len(tasks) != 1:
            results: list[SampleResult] = []
            for name in sorted(tasks):
                results += await self.asolve_many([s for s in samples if s.task == name], log_dir=log_dir)
            return results
        return await solve_samples(
            samples, method=self.method, model=self.model, sandbox=self.sandbox, task=get_task(tasks.pop()),
            log_dir=log_dir, concurrency=concurrency, seed=self.seed, budget=self.budget,
            method_name=self.method_name,
        )

    def solve_many(
        self, samples: Sequence[Sample], *, log_dir: str | Path | None = None, concurrency: int = 4
    ) -> list[SampleResult]:
        return run_sync(self._closing(self.asolve_many(samples, log_dir=log_dir, concurrency=concurrency)))

    async def _closing(self, coro: Any) -> Any:
        """Sync calls own their event loop, so loop-bound resources (containers, pools) end with it."""
        try:
            return await coro
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        if self._sandbox is not None and isinstance(self._sandbox_spec, str):
            await self._sandbox.aclose()
            self._sandbox = None

    async def __aenter__(self) -> Agent:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _task(task: str | Task) -> Task:
    return get_task(task) if isinstance(task, str) else task
