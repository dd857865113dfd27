"""`steer.Agent`, the importable front door, over a real HTTP model and a real sandbox backend."""

from __future__ import annotations

import asyncio

from conftest import scripted_model

import steer
from steer.runner import read_results
from steer.testing import ScriptedServer

PROGRAM = "I will compute it.\n```python\nprint(7563 * 2194)\n```"


def test_solve_a_free_question_returns_an_unscored_result(scripted: ScriptedServer) -> None:
    scripted.push(PROGRAM)
    agent = steer.Agent(model=scripted_model(scripted), method="all_code", sandbox="process")
    result = agent.solve("What is 7563*2194?")
    assert isinstance(result, steer.SampleResult)
    assert result.final_answer == str(7563 * 2194) and result.final_mode == "code"
    assert result.verdict is None  # no reference: nothing to verify
    assert result.task == "question" and result.sample_id.startswith("q-")
    assert "7563*2194" in result.calls[0].messages[-1].content


def test_asolve_and_sync_solve_twice_share_one_model(scripted: ScriptedServer) -> None:
    scripted.responder = lambda m: PROGRAM
    agent = steer.Agent(model=scripted_model(scripted), method="all_code", sandbox="process")
    first = agent.solve("What is 7563*2194?")
    second = asyncio.run(agent.asolve("What is 7563*2194?"))
    assert first.final_answer == second.final_answer == "16593222"


def test_solve_many_scores_task_samples_and_logs(scripted: ScriptedServer, tmp_path) -> None:  # noqa: ANN001
    task = steer.get_task("number_multiply")
    samples = [task.generate(i, digits=[2, 2]) for i in range(3)]
    expr = {s.prompt.split("result of ")[1].split("?")[0]: s for s in samples}
    scripted.responder = lambda m: next(
        f"```python\nprint('<<<' + str({e}) + '>>>')\n```" for e in expr if e in m[-1]["content"]
    )
    agent = steer.Agent(model=scripted_model(scripted), method="all_code", sandbox="process")
    results = agent.solve_many(samples, log_dir=tmp_path / "run")
    assert [r.correct for r in results] == [True, True, True]
    assert len(list(read_results(tmp_path / "run"))) == 3
    again = agent.solve_many(samples, log_dir=tmp_path / "run")  # resumes: nothing asked again
    assert scripted.request_count == 3 and [r.key for r in again] == [r.key for r in results]
