"""Every method against the scripted server (real HTTP, real openai client) and a real sandbox backend:
the exact calls, executions and final answer, and failure modes that must become failed candidates."""

from __future__ import annotations

import asyncio

import pytest
from conftest import scripted_model

from steer.methods import Budget, get_method
from steer.records import SampleResult
from steer.runner import solve_sample
from steer.sandbox import SandboxLimits, get_sandbox
from steer.tasks import get_task
from steer.testing import ScriptedServer

TASK = get_task("number_multiply")
SAMPLE = TASK.generate(0, digits=[4, 4])
EXPR = SAMPLE.metadata["expression"]
RIGHT = str(SAMPLE.reference)
PROGRAM = f"```python\nprint(f'<<<{{{EXPR}}}>>>')\n```"
WRONG_TEXT = "Let me think... <<<12345>>>"


def solve(server: ScriptedServer, method: str, sandbox=None, **params) -> SampleResult:  # noqa: ANN001
    sb = sandbox or get_sandbox("process", warn=False)
    return asyncio.run(solve_sample(SAMPLE, method=get_method(method, **params), model=scripted_model(server),
                                    sandbox=sb, task=TASK, budget=Budget(max_rounds=3),
                                    limits=SandboxLimits(timeout_s=2)))


@pytest.mark.parametrize("method,reply,mode,correct", [
    ("only_question", WRONG_TEXT, "text", False),
    ("only_question", PROGRAM, "code", True),
    ("all_text", WRONG_TEXT, "text", False),
    ("all_code", PROGRAM, "code", True),
    ("all_code_cot", "Plan: multiply.\n" + PROGRAM, "code", True),
    ("autogen_conca", PROGRAM, "code", True),
    ("autogen_system", WRONG_TEXT, "text", False),
])
def test_single_turn_methods(scripted: ScriptedServer, method: str, reply: str, mode: str, correct: bool) -> None:
    scripted.push(reply)
    r = solve(scripted, method)
    assert len(r.calls) == 1 and r.final_mode == mode and r.correct is correct and r.error is None
    assert len(r.candidates) == 1 and r.candidates[0].mode == mode
    assert len(r.candidates[0].executions) == (1 if mode == "code" else 0)
    sent = scripted.requests[0]["messages"]
    assert SAMPLE.prompt in sent[-1]["content"]
    if method == "autogen_system":
        assert sent[0]["role"] == "system" and "helpful AI assistant" in sent[0]["content"]
    if method == "autogen_conca":
        assert len(sent) == 1 and "helpful AI assistant" in sent[0]["content"]
    if method == "all_text":
        assert "Do not write or use any code" in sent[0]["content"]


def test_code_interpreter_runs_code_and_feeds_output_back(scripted: ScriptedServer) -> None:
    scripted.push(f"```python\nprint({EXPR})\n```", f"The product is <<<{RIGHT}>>>")
    r = solve(scripted, "code_interpreter", tools="off")  # the fenced-code protocol, as on the embedded model
    assert [c.purpose for c in r.calls] == ["round-0", "round-1"]
    assert "tools" not in scripted.requests[0] and "```python" in scripted.requests[0]["messages"][0]["content"]
    second = scripted.requests[1]["messages"]
    assert second[0]["role"] == "system" and second[2]["role"] == "assistant"
    assert RIGHT in second[3]["content"]  # the execution output went back to the model
    assert r.final_answer == RIGHT and r.correct and r.final_mode == "code"
    assert [c.mode for c in r.candidates] == ["code", "text"] and r.decision["stopped"] == "final answer"


def test_code_interpreter_shows_errors_and_stops_at_the_round_budget(scripted: ScriptedServer) -> None:
    scripted.push(*["```python\n1/0\n```"] * 3)
    r = solve(scripted, "code_interpreter", tools="off")
    assert len(r.calls) == 3 and r.final_answer is None and not r.correct
    assert "ZeroDivisionError" in scripted.requests[1]["messages"][-1]["content"]
    assert r.decision["stopped"] == "rounds exhausted" and r.error is None


def test_code_interpreter_plus_nudges_toward_code_once(scripted: ScriptedServer) -> None:
    scripted.push(WRONG_TEXT, PROGRAM, f"<<<{RIGHT}>>>")
    r = solve(scripted, "code_interpreter_plus", tools="off")
    assert len(r.calls) == 3 and r.correct and r.final_mode == "code"
    assert "must use it" in scripted.requests[0]["messages"][0]["content"]
    assert "writing and running Python" in scripted.requests[1]["messages"][-1]["content"]


def test_code_interpreter_uses_tool_calling_where_the_endpoint_has_it(scripted: ScriptedServer) -> None:
    scripted.push(ScriptedServer.tool_call(f"print({EXPR})"), f"The product is <<<{RIGHT}>>>")
    r = solve(scripted, "code_interpreter")  # tools="auto" on an openai/* endpoint
    offered = scripted.requests[0]["tools"]
    assert [t["function"]["name"] for t in offered] == ["python"] and "`python` tool" in \
        scripted.requests[0]["messages"][0]["content"]
    assistant, result = scripted.requests[1]["messages"][2:]
    call_id = assistant["tool_calls"][0]["id"]
    assert assistant["tool_calls"][0]["function"]["name"] == "python"
    assert result == {"role": "tool", "content": f"```\n{RIGHT}\n```", "tool_call_id": call_id}
    assert r.calls[0].tool_calls[0].id == call_id and r.candidates[0].code == f"print({EXPR})"
    assert r.candidates[0].executions[0].stdout.strip() == RIGHT
    assert r.decision["tool_calling"] is True and r.decision["tool_fallback"] is None
    assert r.final_answer == RIGHT and r.correct and r.final_mode == "code"


def test_a_malformed_tool_call_is_a_failed_candidate_and_the_model_is_told(scripted: ScriptedServer) -> None:
    scripted.push(ScriptedServer.tool_call(arguments="print(1"), ScriptedServer.tool_call(f"print({EXPR})"),
                  f"<<<{RIGHT}>>>")
    r = solve(scripted, "code_interpreter")
    bad = r.candidates[0]
    assert bad.error and "malformed tool call" in bad.error and not bad.executions
    told = scripted.requests[1]["messages"][-1]
    assert told["role"] == "tool" and told["content"].startswith("error: the arguments must be JSON")
    assert r.candidates[1].answer == RIGHT and r.correct


def test_an_endpoint_without_tool_calling_falls_back_to_fenced_code() -> None:
    with ScriptedServer(tools_supported=False) as server:
        server.push(f"```python\nprint({EXPR})\n```", f"<<<{RIGHT}>>>")
        r = solve(server, "code_interpreter")
    assert "tools" in server.requests[0] and "tools" not in server.requests[1]  # refused, then fenced
    assert "```python" in server.requests[1]["messages"][0]["content"]
    assert r.decision["tool_calling"] is False and "tools are not supported" in r.decision["tool_fallback"]
    assert [c.purpose for c in r.calls] == ["round-0", "round-0", "round-1"] and r.calls[0].error is not None
    assert r.correct


def test_tools_on_does_not_fall_back() -> None:
    with ScriptedServer(tools_supported=False) as server:
        r = solve(server, "code_interpreter", tools="on")
    assert len(server.requests) == 1 and r.decision["stopped"].startswith("model error")
    assert r.final_answer is None and r.error is None


def test_unknown_tools_mode_is_a_clear_error() -> None:
    from steer.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown tools mode 'yes'"):
        get_method("code_interpreter", tools="yes")


def test_code_text_sum_summarises_both_attempts(scripted: ScriptedServer) -> None:
    scripted.push(WRONG_TEXT, PROGRAM, f"The code is right. <<<{RIGHT}>>>")
    r = solve(scripted, "code_text_sum")
    assert [c.purpose for c in r.calls] == ["answer", "answer", "summarize"]
    summary_prompt = scripted.requests[2]["messages"][0]["content"]
    assert "12345" in summary_prompt and RIGHT in summary_prompt  # text answer and execution output
    assert [c.mode for c in r.candidates] == ["text", "code", "text"]
    assert r.correct and r.final_mode == "code" and r.decision["agreed"] is False


@pytest.mark.parametrize("reply,choice,parsed", [
    ("Exact arithmetic on big numbers. <<<Code>>>", "code", True),
    ("This is reading comprehension. <<<text>>>", "text", True),
    ("I would use code here.", "code", True),
    ("no idea", "code", False),
])
def test_code_text_choice_records_its_decision(scripted: ScriptedServer, reply: str, choice: str, parsed: bool) -> None:
    scripted.push(reply, PROGRAM if choice == "code" else WRONG_TEXT)
    r = solve(scripted, "code_text_choice")
    assert [c.purpose for c in r.calls] == ["choice", "answer"]
    assert r.decision["choice"] == choice and r.decision["parsed"] is parsed
    assert r.final_mode == choice and r.correct is (choice == "code")
    assert scripted.requests[0]["max_tokens"] <= 200


@pytest.mark.parametrize("reply,choice,scores", [
    ("Code: 9\nText: 2", "code", {"code": 9.0, "text": 2.0}),
    ("code 3/10, TEXT 8/10", "text", {"code": 3.0, "text": 8.0}),
    ("unsure", "code", {"code": 1.0, "text": 0.0}),
])
def test_self_estimate_answers_in_the_higher_scored_mode(scripted: ScriptedServer, reply: str, choice: str,
                                                         scores: dict) -> None:
    scripted.push(reply, PROGRAM if choice == "code" else WRONG_TEXT)
    r = solve(scripted, "self_estimate")
    assert r.decision["choice"] == choice and r.decision["scores"] == scores and r.final_mode == choice


@pytest.mark.parametrize("reply,error", [
    ("", "no code block"),
    ("I refuse to write code.", "no code block"),
    ("```python\nprint('unterminated", "execution error"),
    ("```python\nwhile True: pass\n```", "execution timeout"),
    ("```python\nx = 1\n```", "printed nothing"),
])
def test_bad_code_replies_become_failed_candidates(scripted: ScriptedServer, reply: str, error: str) -> None:
    scripted.push(reply)
    r = solve(scripted, "all_code")
    assert r.error is None and not r.correct and r.final_answer is None
    assert error in (r.candidates[0].error or "")


@pytest.mark.parametrize("reply", ["", "The answer is 16", "<<<"])
def test_text_replies_without_the_format_fail_cleanly(scripted: ScriptedServer, reply: str) -> None:
    scripted.push(reply)
    r = solve(scripted, "all_text")
    assert r.error is None and not r.correct and r.verdict is not None and r.candidates[0].error


def test_a_failing_endpoint_is_a_recorded_failure_not_a_crash(scripted: ScriptedServer) -> None:
    r = solve(scripted, "code_text_sum")  # nothing scripted: every call fails with a clear error
    assert r.error is None and not r.correct
    assert all(c.error and "script exhausted" in c.error.message for c in r.calls)


def test_methods_run_code_in_the_docker_sandbox(scripted: ScriptedServer, docker_sandbox) -> None:  # noqa: ANN001
    scripted.push(f"```python\nprint({EXPR})\n```", f"<<<{RIGHT}>>>")
    r = solve(scripted, "code_interpreter", sandbox=docker_sandbox)
    assert r.correct and r.candidates[0].executions[0].backend == "docker"


def test_unknown_method_parameter_is_a_clear_error() -> None:
    from steer.errors import ConfigError

    with pytest.raises(ConfigError, match="method 'code_interpreter' does not take"):
        get_method("code_interpreter", colour="red")
