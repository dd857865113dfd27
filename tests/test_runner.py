"""The experiment runner: config validation and overrides, resume after kill -9, re-running only
changed cells; driven through the real CLI against the scripted server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import kill_after_records, steer_cli

from steer.errors import ConfigError
from steer.runner.config import expand, load_config
from steer.runner.experiment import cell_dirs
from steer.runner.rundir import read_results
from steer.testing import ScriptedServer


def responder(messages: list[dict]) -> str:
    text = messages[-1]["content"]
    m = re.search(r"result of ([-\d*]+)\?", text)
    if "complete Python 3 program" in text and m:
        return f"```python\nprint(f'<<<{{{m.group(1)}}}>>>')\n```"
    return "In text: <<<7>>>"


def write_config(path: Path, url: str, **extra) -> Path:  # noqa: ANN003
    cfg = {
        "name": "t", "models": [{"model": "openai/scripted", "base_url": url}],
        "methods": ["all_text", "all_code"],
        "tasks": [{"task": "number_multiply", "knobs": {"digits": [[2, 2], [3, 3]]}, "sweep": ["digits"]}],
        "samples": 3, "concurrency": 2, "sandbox": "process", "cache": False,
    }
    cfg.update(extra)
    path.write_text(yaml.safe_dump(cfg))
    return path


steer = steer_cli


def all_records(run_dir: Path) -> list:
    return [r for d in cell_dirs(run_dir) for r in read_results(d)]


def test_matrix_expands_sweeps_and_overrides_apply(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path / "c.yaml", "http://x"), {"budget.max_tokens": 99, "samples": 2})
    cells = expand(cfg)
    assert len(cells) == 2 * 2 and {len(c.samples) for c in cells} == {2}
    assert cfg.budget.max_tokens == 99
    assert len({c.id for c in cells}) == 4


@pytest.mark.parametrize("patch,message", [
    ({"methods": [{"method": "all_text", "colour": 1}]}, r"c.yaml:\d+: methods.0.colour: Extra inputs"),
    ({"samples": 0}, r"c.yaml:\d+: samples: Input should be greater than or equal to 1"),
    ({"tasks": [{"task": "number_multiply", "suite": "paper14"}]}, "exactly one of `task` or `suite`"),
    ({"budget": {"max_tokens": "many"}}, r"budget.max_tokens: Input should be a valid integer"),
])
def test_bad_config_is_one_clear_error_naming_the_line(tmp_path: Path, patch: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write_config(tmp_path / "c.yaml", "http://x", **patch))


def test_unknown_names_fail_before_running(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path / "c.yaml", "http://x",
                                   tasks=[{"task": "nosuch"}]))
    with pytest.raises(ConfigError, match="unknown task 'nosuch'"):
        expand(cfg)


def test_run_kill_resume_and_rerun_only_changed_cells(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    with ScriptedServer(responder=responder, latency_s=0.15) as server:
        cfg = write_config(tmp_path / "c.yaml", server.url, concurrency=1)
        args = ["run", str(cfg), "--log-dir", str(run_dir)]
        kill_after_records(args, run_dir, "cells/*/samples.jsonl", 4)
        first = len(all_records(run_dir))
        assert 4 <= first < 12
        before = server.request_count
        r = steer(*args)
        assert r.returncode == 0, r.stderr
        assert server.request_count - before == 12 - first
        records = all_records(run_dir)
        keys = [(x.cell, x.key) for x in records]
        assert len(keys) == 12 and len(set(keys)) == 12
        assert "all_code" in r.stdout and "100.0" in r.stdout  # the summary table

        # a repeated run costs nothing; changing one cell (all_code's params via a label) re-runs only it
        before = server.request_count
        assert steer(*args).returncode == 0 and server.request_count == before
        write_config(cfg, server.url, concurrency=1,
                     methods=["all_text", {"method": "all_code", "label": "all_code_v2"}])
        before = server.request_count
        assert steer(*args).returncode == 0
        assert server.request_count - before == 6  # one method x 2 sweep levels x 3 samples
    assert len(cell_dirs(run_dir)) == 4


def test_model_override_from_the_cli(tmp_path: Path) -> None:
    with ScriptedServer(responder=responder) as server:
        cfg = write_config(tmp_path / "c.yaml", "http://127.0.0.1:9/v1")
        r = steer("run", str(cfg), "--log-dir", str(tmp_path / "run"), "--limit", "1", "-m", "model=openai/other",
                  "-m", f"base_url={server.url}")
        assert r.returncode == 0, r.stderr
        assert server.request_count == 4
    assert {x.model for x in all_records(tmp_path / "run")} == {"openai/other"}


async def test_resume_solves_errored_samples_again_and_keeps_budget_stops(tmp_path: Path) -> None:
    from conftest import FAST_RETRY

    from steer.methods import Budget, get_method
    from steer.models import get_model
    from steer.report.tables import load_records
    from steer.runner.solve import solve_samples
    from steer.sandbox import get_sandbox
    from steer.tasks import get_task

    task = get_task("number_multiply")
    samples = [task.generate(i) for i in range(3)]
    log = tmp_path / "run"

    async def run(url: str, budget: Budget | None = None) -> None:
        model = get_model("openai/scripted", base_url=url, cache=False, retry=FAST_RETRY)
        await solve_samples(samples, method=get_method("all_text"), model=model, task=task, log_dir=log,
                            sandbox=get_sandbox("process", warn=False), budget=budget)
        await model.aclose()

    await run("http://127.0.0.1:9/v1")  # nothing listens: every sample fails with a model error
    first = list(read_results(log))
    assert len(first) == 3 and all(c.error is not None for r in first for c in r.calls)
    with ScriptedServer(responder=responder) as server:
        await run(server.url)
        assert server.request_count == 3  # every errored sample was solved again
        await run(server.url)
        assert server.request_count == 3  # and is now finished
    assert len(list(read_results(log))) == 6  # the log keeps the history...
    latest = load_records([log])
    assert len(latest) == 3 and all(r.error is None for r in latest)  # ...reports read the latest record

    stopped = tmp_path / "stopped"
    log = stopped
    with ScriptedServer(responder=responder) as server:
        await run(server.url, Budget(max_calls=0))
        await run(server.url, Budget(max_calls=0))
        assert server.request_count == 0
    assert [r.error.type for r in read_results(stopped)] == ["BudgetExceeded"] * 3  # a budget stop is a result


def test_a_bad_method_fails_the_experiment_before_any_cell_starts(tmp_path: Path) -> None:
    import asyncio

    from steer.runner.experiment import run_experiment

    cfg = load_config(write_config(tmp_path / "c.yaml", "http://127.0.0.1:9/v1",
                                   methods=["all_text", {"method": "vote", "params": {"colour": 2}}]))
    with pytest.raises(Exception, match="colour"):
        asyncio.run(run_experiment(cfg, tmp_path / "run"))
    assert not (tmp_path / "run" / "cells").exists()
