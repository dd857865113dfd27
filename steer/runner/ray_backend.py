"""`--backend ray`: the same matrix spread over a Ray cluster, with identical records.

Workers solve one (cell, sample, epoch) each with exactly the local code path (`solve_sample`); the
driver alone writes the run directory, so resume and reports work the same as with the local backend.
Each worker process keeps one model and one sandbox per spec, so nothing is loaded per sample.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path
from typing import Any

from steer.errors import PrerequisiteError
from steer.records import RunRecord, SampleResult
from steer.runner.config import Cell, ExperimentConfig
from steer.runner.rundir import RunDir, versions

__all__ = ["run_cells_ray"]

_WORKER_CACHE: dict[str, Any] = {}


def _solve_in_worker(cell_json: str, sample_index: int, epoch: int, seed: int, sandbox: str, cache: bool) -> str:
    from steer.methods import get_method
    from steer.models import get_model
    from steer.runner.solve import solve_sample
    from steer.sandbox import get_sandbox
    from steer.tasks import get_task

    cell = Cell.model_validate_json(cell_json)
    mkey = cell.model.model_dump_json()
    if mkey not in _WORKER_CACHE:
        _WORKER_CACHE[mkey] = get_model(cell.model.model, cache=cache, base_url=cell.model.base_url,
                                        api_key_env=cell.model.api_key_env)
    skey = f"sandbox:{sandbox}"
    if skey not in _WORKER_CACHE:
        _WORKER_CACHE[skey] = get_sandbox(sandbox, **({"warn": False} if sandbox == "process" else {}))
    result = asyncio.run(solve_sample(
        cell.samples[sample_index], method=get_method(cell.method.method, **cell.method.params),
        model=_WORKER_CACHE[mkey], sandbox=_WORKER_CACHE[skey], task=get_task(cell.task), budget=cell.budget,
        seed=seed, epoch=epoch, method_name=cell.method.name,
    ))
    return result.model_copy(update={"cell": cell.id}).model_dump_json()


async def run_cells_ray(cells: list[Cell], config: ExperimentConfig, run_dir: Path, *, address: str | None,
                        on_result: Any = None) -> dict[str, list[SampleResult]]:
    try:
        import ray
    except ImportError as exc:
        raise PrerequisiteError("the ray backend needs Ray: pip install 'steer[ray]'") from exc
    if not ray.is_initialized():
        ray.init(address=address or os.environ.get("RAY_ADDRESS"), include_dashboard=False,
                 ignore_reinit_error=True, log_to_driver=False)
    remote = ray.remote(_solve_in_worker)
    dirs: dict[str, RunDir] = {}
    results: dict[str, list[SampleResult]] = {}
    pending: dict[Any, Cell] = {}
    for cell in cells:
        rd = RunDir(run_dir / "cells" / cell.id)
        done, _ = rd.open(RunRecord(run_id=uuid.uuid4().hex[:12], versions=versions(), seeds=[config.seed],
                                    config={"cell": cell.id, "title": cell.title}))
        dirs[cell.id] = rd
        results[cell.id] = list(done.values())
        cell_json = cell.model_dump_json()
        for i, s in enumerate(cell.samples):
            for e in range(config.epochs):
                if f"{s.task}/{s.id}/{cell.method.name}/{_model_name(cell)}/{e}" not in done:
                    ref = remote.remote(cell_json, i, e, config.seed, config.sandbox, config.cache)
                    pending[ref] = cell

    def drain() -> None:
        refs = list(pending)
        while refs:
            ready, refs = ray.wait(refs, num_returns=1)
            for ref in ready:
                cell = pending.pop(ref)
                r = SampleResult.model_validate_json(ray.get(ref))
                dirs[cell.id].append(r)
                results[cell.id].append(r)
                if on_result:
                    on_result(cell, r)

    await asyncio.to_thread(drain)
    return results


def _model_name(cell: Cell) -> str:
    """The name records carry for this cell's model (provider/name, as `get_model` reports it)."""
    return cell.model.model
