"""The Ray backend yields the same records as the local one (a local Ray instance on this machine)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_runner import responder, write_config

from steer.runner.config import load_config
from steer.runner.experiment import cell_dirs, run_experiment
from steer.runner.rundir import read_results
from steer.testing import ScriptedServer

TIMING = {"wall_s", "latency_s", "duration_s"}


def strip(obj):  # noqa: ANN001, ANN201
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items() if k not in TIMING}
    if isinstance(obj, list):
        return [strip(v) for v in obj]
    return obj


@pytest.mark.slow
def test_ray_and_local_backends_write_identical_records(tmp_path: Path) -> None:
    import ray
    with ScriptedServer(responder=responder) as server:
        cfg = load_config(write_config(tmp_path / "c.yaml", server.url), {"samples": 2})
        asyncio.run(run_experiment(cfg, tmp_path / "local"))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            asyncio.run(run_experiment(cfg, tmp_path / "ray", backend="ray"))
        finally:
            ray.shutdown()

    def records(d: Path) -> list[dict]:
        return sorted((strip(r.model_dump()) for c in cell_dirs(d) for r in read_results(c)),
                      key=lambda r: (r["cell"], r["sample_id"], r["epoch"]))

    local, remote = records(tmp_path / "local"), records(tmp_path / "ray")
    assert len(local) == 8 and local == remote
