"""Records are the contract between layers and the log format: every one must round-trip through JSON."""

from __future__ import annotations

import pytest

from steer.records import (
    Candidate,
    Cluster,
    ErrorInfo,
    Execution,
    GeneratedTest,
    Message,
    ModelCall,
    RunRecord,
    Sample,
    SampleResult,
    Selection,
    Usage,
    Verdict,
)


def _full_result() -> SampleResult:
    ex = Execution(code="print(1)", stdout="1\n", exit_code=0, duration_s=0.1, backend="docker", image="steer-sandbox:1")
    cand = Candidate(id="code-0", mode="code", raw_reply="```python\nprint(1)\n```", code="print(1)\n",
                     answer="1", executions=[ex], call_index=0, scores={"tests": 2.0})
    call = ModelCall(model="openai/x", messages=[Message.system("s"), Message.user("q")], reply="r",
                     usage=Usage(prompt_tokens=10, completion_tokens=5), latency_s=0.2, retries=1)
    sel = Selection(
        rule="score", tests=[GeneratedTest(id="t0", code="assert True", call_index=1)],
        matrix={"code-0": {"t0": "pass"}}, clusters=[Cluster(key="1", members=["code-0"], modes=["code"], votes=1)],
        winner="1", tied=["1"], tie_break="seeded", seed=3, expected_accuracy=1.0,
    )
    return SampleResult(
        sample_id="s1", task="number_multiply", method="vote", model="openai/x", calls=[call], candidates=[cand],
        final_answer="1", final_mode="code", selection=sel, decision={"choice": "code", "scores": [1, 2]},
        verdict=Verdict(correct=True, reason="exact"), usage=call.usage, cost_usd=0.001, wall_s=1.5,
        error=ErrorInfo(type="X", message="m"),
    )


@pytest.mark.parametrize(
    "record",
    [
        Sample(id="a", task="t", prompt="p", reference={"x": [1, 2]}, knobs={"digits": [4, 4]}, seed=1),
        Execution(code="x", status="timeout", timed_out=True),
        Usage(prompt_tokens=1, completion_tokens=2, source="estimate"),
        _full_result(),
        RunRecord(run_id="r", config={"a": 1}, versions={"python": "3.11"}, seeds=[0]),
    ],
    ids=lambda r: type(r).__name__,
)
def test_round_trip(record) -> None:  # noqa: ANN001
    again = type(record).model_validate_json(record.model_dump_json())
    assert again == record


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValueError, match="extra"):
        Sample.model_validate({"id": "a", "task": "t", "prompt": "p", "colour": "red"})


def test_usage_adds_and_totals() -> None:
    total = Usage(prompt_tokens=3, completion_tokens=4) + Usage(prompt_tokens=1, completion_tokens=1)
    assert (total.prompt_tokens, total.completion_tokens, total.total_tokens) == (4, 5, 9)


def test_result_key_and_flags() -> None:
    r = _full_result()
    assert r.key == "number_multiply/s1/vote/openai/x/0"
    assert r.correct and r.used_code


def test_error_info_keeps_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        info = ErrorInfo.from_exception(exc)
    assert info.type == "ValueError" and info.message == "boom" and "raise ValueError" in info.traceback
