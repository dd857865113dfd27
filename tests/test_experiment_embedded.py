"""The small paper config on the embedded model, end to end in CI (one sample per cell to fit CI's
time budget), and `steer report` on it: tables printed, plots written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO_ROOT, steer_cli

from steer.report.tables import load_records

pytestmark = [pytest.mark.model, pytest.mark.docker, pytest.mark.slow]


def test_small_config_runs_on_the_embedded_model_and_reports(embedded_model_path, docker_sandbox,  # noqa: ANN001
                                                             tmp_path: Path) -> None:
    run_dir = tmp_path / "small"
    r = steer_cli("run", str(REPO_ROOT / "experiments" / "small.yaml"), "--limit", "1", "--log-dir", str(run_dir),
                  "--set", "budget.max_tokens=256", timeout=1500)
    assert r.returncode == 0, r.stderr[-3000:]
    records = load_records([run_dir])
    assert len(records) == 12 and {x.model for x in records} == {"local/qwen2.5-coder-0.5b"}
    assert {x.method for x in records} == {"all_text", "all_code", "code_text_choice", "vote-k3"}
    assert all(x.verdict is not None for x in records)
    rep = steer_cli("report", str(run_dir), "--out", str(tmp_path / "report"))
    assert rep.returncode == 0, rep.stderr
    assert "normalised average" in rep.stdout and "vote-k3" in rep.stdout
    for png in ("pareto.png", "heatmap.png"):
        assert (tmp_path / "report" / png).stat().st_size > 5000
    assert "| method |" in (tmp_path / "report" / "report.md").read_text()
