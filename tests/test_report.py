"""Report tables computed from hand-made records, and plots written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from steer.records import SampleResult, Usage, Verdict
from steer.report.tables import normalized_average, rows_from, to_csv, to_markdown
from steer.runner.rundir import RunDir
from steer.records import RunRecord


def rec(method: str, task: str, sid: str, correct: bool, code: bool, tokens: int, knobs=None, epoch=0):  # noqa: ANN001, ANN201
    return SampleResult(sample_id=sid, task=task, method=method, model="m", epoch=epoch, knobs=knobs or {},
                        final_mode="code" if code else "text", verdict=Verdict(correct=correct),
                        usage=Usage(prompt_tokens=tokens, completion_tokens=0), wall_s=2.0, cost_usd=0.01)


RECORDS = [
    rec("all_code", "game24", "a", True, True, 100), rec("all_code", "game24", "b", False, True, 300),
    rec("all_text", "game24", "a", False, False, 50), rec("all_text", "game24", "b", False, False, 50),
    rec("all_code", "letters", "a", True, True, 100), rec("all_code", "letters", "a", True, True, 100, epoch=1),
    rec("all_text", "letters", "a", True, False, 40), rec("all_text", "letters", "a", False, False, 40, epoch=1),
]


def test_rows_count_accuracy_code_use_tokens_and_distinct() -> None:
    rows = {(r.method, r.task): r for r in rows_from(RECORDS)}
    code24 = rows[("all_code", "game24")]
    assert (code24.n, code24.distinct, code24.accuracy, code24.code_rate) == (2, 2, 0.5, 1.0)
    assert code24.tokens == 200 and code24.tokens_per_solved == 400 and code24.seconds == 2.0
    assert code24.cost == pytest.approx(0.02)
    letters = rows[("all_text", "letters")]
    assert (letters.n, letters.distinct, letters.accuracy) == (2, 1, 0.5)
    assert rows[("all_text", "game24")].tokens_per_solved is None


def test_normalized_average_is_the_papers() -> None:
    norm = normalized_average(rows_from(RECORDS))
    # game24: best 0.5 → code 1.0, text 0.0; letters: best 1.0 → code 1.0, text 0.5
    assert norm[("m", "all_code")] == 1.0 and norm[("m", "all_text")] == 0.25


def test_markdown_and_csv_exports() -> None:
    rows = rows_from(RECORDS)
    md = to_markdown(rows)
    assert "| all_code | 50.0 | 100.0 | 100.0 |" in md and "| all_text | 0.0 | 50.0 | 25.0 |" in md
    csv_text = to_csv(rows)
    assert csv_text.splitlines()[0].startswith("model,method,task,n,distinct,accuracy") and len(csv_text.splitlines()) == 5


def test_report_cli_writes_tables_and_non_empty_plots(tmp_path: Path) -> None:
    rd = RunDir(tmp_path / "run")
    rd.open(RunRecord(run_id="x"))
    sweep = [rec(m, "number_multiply", f"s{d}-{i}", (m == "all_code") or d < 4, m == "all_code", 10 * d,
                 knobs={"digits": [d, d]}) for m in ("all_code", "all_text") for d in (2, 4, 8) for i in range(2)]
    for r in RECORDS + sweep:
        rd.append(r)
    out = tmp_path / "report"
    r = subprocess.run([sys.executable, "-m", "steer.cli.main", "report", str(tmp_path / "run"), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "normalised average" in r.stdout
    for name in ("report.md", "table.csv", "table.jsonl", "pareto.png", "heatmap.png", "complexity.png"):
        assert (out / name).stat().st_size > 500 if name.endswith(".png") else (out / name).stat().st_size > 0
    assert (out / "pareto.png").read_bytes()[:4] == b"\x89PNG"


def test_report_on_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "steer.cli.main", "report", str(tmp_path / "nope")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "does not exist" in r.stderr and "Traceback" not in r.stderr
