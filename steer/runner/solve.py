"""Solve samples with a method: the one loop under the Agent, the CLI and the experiment runner."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from steer.errors import SteerError
from steer.methods.base import Budget, BudgetExceeded, Method, Solution, SolveContext
from steer.models.base import Model
from steer.records import ErrorInfo, RunRecord, Sample, SampleResult, Usage
from steer.runner.rundir import RunDir, versions
from steer.sandbox.base import Sandbox, SandboxLimits
from steer.tasks.base import Task

__all__ = ["solve_sample", "solve_samples"]


async def solve_sample(
    sample: Sample,
    *,
    method: Method,
    model: Model,
    sandbox: Sandbox,
    task: Task,
    budget: Budget | None = None,
    seed: int = 0,
    epoch: int = 0,
    limits: SandboxLimits | None = None,
    steering_model: Model | None = None,
    method_name: str | None = None,
) -> SampleResult:
    """Run one method on one sample; any failure inside becomes `SampleResult.error`, never a raise."""
    ctx = SolveContext(
        sample=sample, task=task, model=model, sandbox=sandbox, budget=budget or Budget(),
        seed=seed, epoch=epoch, limits=limits, steering_model=steering_model,
    )
    start = time.perf_counter()
    error: ErrorInfo | None = None
    try:
        solution = await method.solve(sample, ctx)
    except BudgetExceeded as exc:
        solution = Solution(decision={"stopped": str(exc)})
        error = ErrorInfo.from_exception(exc)
    except (SteerError, Exception) as exc:  # noqa: BLE001 - a sample's failure is data
        if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)):
            raise
        solution = Solution()
        error = ErrorInfo.from_exception(exc)
    calls = [c for c in ctx.calls if c.model != "(pending)"]
    usage = sum((c.usage for c in calls), Usage(source="none"))
    # A free-form question has no reference: nothing to verify, so no verdict (not a failed one).
    verdict = task.verify(sample, solution.final_answer) if sample.reference is not None else None
    return SampleResult(
        sample_id=sample.id,
        task=sample.task,
        method=method_name or method.name,
        model=model.name,
        epoch=epoch,
        knobs=sample.knobs,
        calls=calls,
        candidates=solution.candidates,
        final_answer=solution.final_answer,
        final_mode=solution.final_mode,
        selection=solution.selection,
        decision=solution.decision,
        verdict=verdict,
        usage=usage,
        cost_usd=sum(c.cost_usd for c in calls),
        wall_s=time.perf_counter() - start,
        error=error,
    )


async def solve_samples(
    samples: Sequence[Sample],
    *,
    method: Method,
    model: Model,
    sandbox: Sandbox,
    task: Task,
    log_dir: str | Path | None = None,
    concurrency: int = 4,
    epochs: int = 1,
    seed: int = 0,
    budget: Budget | None = None,
    config: dict | None = None,
    on_result: Callable[[SampleResult], None] | None = None,
    method_name: str | None = None,
    cell: str = "",
    gate: asyncio.Semaphore | None = None,
) -> list[SampleResult]:
    """Solve every (sample, epoch); with `log_dir`, append each result as it lands and skip finished ones."""
    name = method_name or method.name
    rundir = RunDir(log_dir) if log_dir else None
    record = RunRecord(
        run_id=uuid.uuid4().hex[:12], config=config or {}, versions=versions(model, sandbox), seeds=[seed]
    )
    done: dict[str, SampleResult] = {}
    if rundir:
        done, record = rundir.open(record)
    results: dict[str, SampleResult] = {}
    todo: list[tuple[Sample, int]] = []
    for s in samples:
        for e in range(epochs):
            key = f"{s.task}/{s.id}/{name}/{model.name}/{e}"
            if key in done:
                results[key] = done[key]
            else:
                todo.append((s, e))
    # A shared `gate` bounds samples in flight across several calls (the experiment runner's cells);
    # a sample's wall time starts once it holds a slot, so queueing is not charged to the method.
    sem = gate or asyncio.Semaphore(concurrency)

    async def one(s: Sample, e: int) -> None:
        async with sem:
            r = await solve_sample(
                s, method=method, model=model, sandbox=sandbox, task=task, budget=budget,
                seed=seed, epoch=e, method_name=name,
            )
            if cell:
                r = r.model_copy(update={"cell": cell})
        if rundir:
            rundir.append(r)
        results[r.key] = r
        if on_result:
            on_result(r)

    status = "finished"
    try:
        await asyncio.gather(*(one(s, e) for s, e in todo))
    except BaseException:
        status = "interrupted"
        raise
    finally:
        if rundir:
            rundir.finish(record, status)
    order = {f"{s.task}/{s.id}/{name}/{model.name}/{e}": i for i, (s, e) in enumerate((s, e) for s in samples for e in range(epochs))}
    return sorted(results.values(), key=lambda r: order.get(r.key, 0))
