"""String-task generators: each solver reproduces every stored SymBench reference; knobs change difficulty."""

from __future__ import annotations

import json

from conftest import SYMBENCH

from steer.tasks import get_task
from steer.tasks.symbench_strings import insert_string


def stored(folder: str) -> list[dict]:
    return [json.loads((d / "solution.json").read_text()) for d in sorted((SYMBENCH / folder).iterdir())
            if (d / "solution.json").exists()]


def test_string_insertion_solver_reproduces_every_stored_reference() -> None:
    sols = stored("string_insertion")
    assert len(sols) == 200
    assert [insert_string(s["original_string"]) for s in sols] == [s["modified_string"] for s in sols]


def test_string_insertion_knobs() -> None:
    t = get_task("string_insertion")
    short = [t.generate(s, length=[8, 8], planted=1) for s in range(10)]
    long = [t.generate(s, length=[30, 30], planted=6) for s in range(10)]
    assert all(len(s.reference["original_string"]) == 8 for s in short)
    assert all(len(s.reference["original_string"]) == 30 for s in long)
    assert sum(len(s.reference["modified_string"]) - 30 for s in long) > sum(
        len(s.reference["modified_string"]) - 8 for s in short)
