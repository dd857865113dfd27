"""Aggregate sample records into the paper's numbers.

Accuracy counts every (sample, epoch) record; `distinct` counts distinct questions (SymBench repeats some).
The normalised average is the paper's: each task's accuracy divided by the best accuracy any method
reached on that task, averaged over tasks (tasks nobody solved are left out, as 0/0 is undefined).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from steer.records import SampleResult
from steer.runner.rundir import latest_results

__all__ = ["Row", "complexity", "load_records", "normalized_average", "summarize", "summary_table", "to_csv",
           "to_markdown"]


@dataclass
class Row:
    model: str
    method: str
    task: str
    n: int
    distinct: int
    accuracy: float
    code_rate: float
    tokens: float        # per sample
    seconds: float       # per sample
    cost: float          # total USD
    errors: int
    tokens_per_solved: float | None


def load_records(run_dirs: Iterable[str | Path]) -> list[SampleResult]:
    """Records of `steer run` directories (their current cells) or `steer solve` directories."""
    from steer.errors import RunnerError
    from steer.runner.experiment import cell_dirs

    out: list[SampleResult] = []
    for d in run_dirs:
        d = Path(d)
        if not d.exists():
            raise RunnerError(f"run directory {str(d)!r} does not exist")
        if (d / "cells").is_dir():
            for c in cell_dirs(d):
                out += latest_results(c)
        else:
            out += latest_results(d)
    return out


def rows_from(records: list[SampleResult]) -> list[Row]:
    groups: dict[tuple[str, str, str], list[SampleResult]] = defaultdict(list)
    for r in records:
        groups[(r.model, r.method, r.task)].append(r)
    rows = []
    for (model, method, task), rs in sorted(groups.items()):
        n = len(rs)
        solved = sum(r.correct for r in rs)
        tokens = sum(r.usage.total_tokens for r in rs)
        rows.append(Row(
            model=model, method=method, task=task, n=n, distinct=len({(r.task, r.sample_id) for r in rs}),
            accuracy=solved / n, code_rate=sum(r.used_code for r in rs) / n, tokens=tokens / n,
            seconds=sum(r.wall_s for r in rs) / n, cost=sum(r.cost_usd for r in rs),
            errors=sum(r.error is not None for r in rs), tokens_per_solved=tokens / solved if solved else None,
        ))
    return rows


def summarize(run_dirs: Iterable[str | Path]) -> list[Row]:
    return rows_from(load_records(run_dirs))


def normalized_average(rows: list[Row]) -> dict[tuple[str, str], float]:
    best: dict[str, float] = defaultdict(float)
    for r in rows:
        best[r.task] = max(best[r.task], r.accuracy)
    per: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in rows:
        if best[r.task] > 0:
            per[(r.model, r.method)].append(r.accuracy / best[r.task])
    return {k: sum(v) / len(v) for k, v in per.items() if v}


def complexity(knobs: dict) -> float | None:
    """One number for a sample's difficulty knobs (digits: the largest operand; numbers; word length)."""
    if "digits" in knobs:
        return float(max(knobs["digits"]))
    if "numbers" in knobs:
        return float(knobs["numbers"])
    if "length" in knobs:
        lo, hi = knobs["length"]
        return (lo + hi) / 2
    return None


def summary_table(rows: list[Row]):  # noqa: ANN201
    from rich.table import Table

    table = Table(title="accuracy, code use and cost per model x method x task")
    for col in ("model", "method", "task", "n", "distinct", "acc %", "code %", "tokens/s.", "sec/s.", "cost $",
                "errors"):
        table.add_column(col, justify="left" if col in ("model", "method", "task") else "right")
    for r in rows:
        table.add_row(r.model, r.method, r.task, str(r.n), str(r.distinct), f"{100 * r.accuracy:.1f}",
                      f"{100 * r.code_rate:.0f}", f"{r.tokens:.0f}", f"{r.seconds:.1f}", f"{r.cost:.4f}",
                      str(r.errors))
    return table


def method_task_matrix(rows: list[Row]) -> tuple[list[str], list[str], dict[tuple[str, str], float]]:
    methods = sorted({f"{r.method}" if len({x.model for x in rows}) == 1 else f"{r.model}:{r.method}" for r in rows})
    tasks = sorted({r.task for r in rows})
    cell = {}
    for r in rows:
        key = r.method if len({x.model for x in rows}) == 1 else f"{r.model}:{r.method}"
        cell[(key, r.task)] = r.accuracy
    return methods, tasks, cell


def to_markdown(rows: list[Row]) -> str:
    methods, tasks, cell = method_task_matrix(rows)
    norm = normalized_average(rows)
    norm_by = {(m if len({r.model for r in rows}) == 1 else f"{mo}:{m}"): v for (mo, m), v in norm.items()}
    lines = ["## Accuracy (%) per method and task", "",
             "| method | " + " | ".join(tasks) + " | normalised avg |", "|---" * (len(tasks) + 2) + "|"]
    for m in methods:
        vals = [f"{100 * cell[(m, t)]:.1f}" if (m, t) in cell else "-" for t in tasks]
        lines.append(f"| {m} | " + " | ".join(vals) + f" | {100 * norm_by.get(m, 0):.1f} |")
    lines += ["", "## Per cell", "", "| model | method | task | n | distinct | acc % | code % | tokens/sample | "
              "sec/sample | cost $ | errors |", "|---" * 11 + "|"]
    for r in rows:
        lines.append(f"| {r.model} | {r.method} | {r.task} | {r.n} | {r.distinct} | {100 * r.accuracy:.1f} | "
                     f"{100 * r.code_rate:.0f} | {r.tokens:.0f} | {r.seconds:.1f} | {r.cost:.4f} | {r.errors} |")
    return "\n".join(lines) + "\n"


def to_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    fields = list(asdict(rows[0]).keys()) if rows else list(Row.__dataclass_fields__)
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    for r in rows:
        w.writerow(asdict(r))
    return buf.getvalue()
