"""The experiment runner: expand models × methods × tasks into cells and run them, resumably.

A run directory holds `run.json` (the resolved config, versions, the cell list) and one sub-directory
per cell (`cells/<id>/`, written by `solve_samples`: its own run.json and samples.jsonl). A cell's id
hashes everything that shapes its results, so editing one cell in the config re-runs only that cell,
and a killed run resumes sample by sample. Models are shared across cells (one cache, one rate limit).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from steer.errors import RunnerError
from steer.methods import get_method
from steer.models import Model, get_model
from steer.records import RunRecord, SampleResult
from steer.runner.config import Cell, ExperimentConfig, expand
from steer.runner.rundir import RunDir, versions
from steer.runner.solve import solve_samples
from steer.sandbox import get_sandbox
from steer.tasks import get_task

__all__ = ["run_experiment", "cell_dirs"]

Progress = Callable[[Cell, SampleResult], None]


def cell_dirs(run_dir: str | Path) -> list[Path]:
    """The cells of the run's current config (old cells of an edited config are kept but not listed)."""
    run = Path(run_dir) / "run.json"
    if not run.exists():
        raise RunnerError(f"{run_dir} is not a steer run directory (no run.json)")
    record = RunRecord.model_validate_json(run.read_text())
    return [Path(run_dir) / "cells" / c["id"] for c in record.config.get("cells", [])]


def _model(spec: Any, cache: bool) -> Model:
    return get_model(spec.model, cache=cache, base_url=spec.base_url, api_key_env=spec.api_key_env,
                     max_concurrency=spec.max_concurrency)


async def run_experiment(
    config: ExperimentConfig,
    run_dir: str | Path,
    *,
    limit: int | None = None,
    backend: str = "local",
    ray_address: str | None = None,
    on_result: Progress | None = None,
    on_start: Callable[[list[Cell]], None] | None = None,
) -> dict[str, list[SampleResult]]:
    cells = expand(config, limit)
    for c in cells:  # a bad method or parameter fails here, before any cell has started or written anything
        get_method(c.method.method, **c.method.params)
    run_dir = Path(run_dir)
    top = RunDir(run_dir)
    record = RunRecord(
        run_id=uuid.uuid4().hex[:12], versions=versions(), seeds=[config.seed],
        config={**json.loads(config.model_dump_json()),
                "cells": [{"id": c.id, "title": c.title, "samples": len(c.samples)} for c in cells],
                "backend": backend},
    )
    _, record = top.open(record)
    if on_start:
        on_start(cells)
    results: dict[str, list[SampleResult]] = {}
    try:
        if backend == "ray":
            from steer.runner.ray_backend import run_cells_ray

            results = await run_cells_ray(cells, config, run_dir, address=ray_address, on_result=on_result)
        elif backend == "local":
            results = await _run_local(cells, config, run_dir, on_result)
        else:
            raise RunnerError(f"unknown backend {backend!r}; use local or ray")
    except BaseException:
        top.finish(record, "interrupted")
        raise
    top.finish(record, "finished")
    return results


async def _run_local(cells: list[Cell], config: ExperimentConfig, run_dir: Path,
                     on_result: Progress | None) -> dict[str, list[SampleResult]]:
    models: dict[str, Model] = {}
    for c in cells:
        if c.model.name not in models:
            models[c.model.name] = _model(c.model, config.cache)
    sandbox = get_sandbox(config.sandbox)
    gate = asyncio.Semaphore(config.concurrency)  # bounds samples in flight across all cells

    async def one(cell: Cell) -> tuple[str, list[SampleResult]]:
        res = await solve_samples(
            cell.samples, method=get_method(cell.method.method, **cell.method.params), gate=gate,
            model=models[cell.model.name], sandbox=sandbox, task=get_task(cell.task),
            log_dir=run_dir / "cells" / cell.id, concurrency=config.concurrency, epochs=config.epochs,
            seed=config.seed, budget=cell.budget, method_name=cell.method.name,
            config={"cell": cell.id, "title": cell.title}, cell=cell.id,
            on_result=(lambda r: on_result(cell, r)) if on_result else None,
        )
        return cell.id, res

    try:
        return dict(await asyncio.gather(*(one(c) for c in cells)))
    finally:
        await sandbox.aclose()
        for m in models.values():
            await m.aclose()
