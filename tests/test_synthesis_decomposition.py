"""Synthesis & Decomposition: the simulation reproduces every stored step; the question names the slots checked."""

from __future__ import annotations

from conftest import SYMBENCH

from steer.tasks import get_task
from steer.tasks.synthesis_decomposition import (
    exchange,
    exchange_question,
    parse_exchange,
)

TASK = get_task("synthesis_decomposition")


def test_simulation_reproduces_every_stored_step_and_question() -> None:
    samples = TASK.load(SYMBENCH / "synthesis_decomposition_dataset")
    assert len(samples) == 200
    for s in samples:
        methods, initial, _ = parse_exchange(s.prompt)
        assert exchange(methods, initial) == [[int(x) for x in step] for step in s.reference["solution"]["process"]]
        assert exchange_question(methods, initial) == s.prompt


def test_the_answer_is_the_asked_slots_not_the_stored_five() -> None:
    s = next(x for x in TASK.load(SYMBENCH / "synthesis_decomposition_dataset") if x.id.endswith("sample_0"))
    assert s.reference["solution"]["answer"] == ["1", "0", "0", "2", "0"]  # [A, B, C, X, Y]
    assert TASK.verify(s, "<<<[1, 0, 2]>>>").correct  # asked: [remaining_A, remaining_B, obtained_X]
    assert not TASK.verify(s, "[1, 0, 0, 2, 0]").correct
    assert "expected [1, 0, 2]" in TASK.verify(s, "[1, 0, 3]").reason


def test_knobs_change_shape_and_length() -> None:
    two = [TASK.generate(s, complexity=[1, 1]) for s in range(10)]
    five = [TASK.generate(s, complexity=[5, 5]) for s in range(10)]
    assert all("obtained_Y" not in s.prompt and "remaining_C" not in s.prompt for s in two)
    assert all("obtained_Y" in s.prompt for s in five)
    short = [len(TASK.generate(s).reference["solution"]["process"]) for s in range(10)]
    long = [len(TASK.generate(s, scale=4).reference["solution"]["process"]) for s in range(10)]
    assert all(b > a for a, b in zip(short, long))
