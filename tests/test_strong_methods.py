"""Voting and CodeSteer against the scripted server: every call, the checkers' reports, the pass matrix
and the selection decision."""

from __future__ import annotations

import asyncio

import pytest
from conftest import scripted_model

from steer.errors import ConfigError
from steer.methods import Budget, get_method
from steer.runner import solve_sample
from steer.sandbox import SandboxLimits, get_sandbox
from steer.tasks import get_task
from steer.testing import ScriptedServer

TASK = get_task("number_multiply")
SAMPLE = TASK.generate(0, digits=[4, 4])
EXPR = SAMPLE.metadata["expression"]
RIGHT = str(SAMPLE.reference)
PROGRAM = f"```python\nprint(f'<<<{{{EXPR}}}>>>')\n```"
CHECKS = (f"```python\ndef check(answer: str) -> bool:\n    return int(answer) == {EXPR}\n```\n"
          "```python\ndef check(answer: str) -> bool:\n    return True\n```\n"
          "```python\ndef check(answer: str) -> bool:\n    return len(answer) > 0\n```")


def vote_responder(messages: list[dict]) -> str:
    text = messages[-1]["content"]
    if "independent checks" in text:
        return CHECKS
    if "complete Python 3 program" in text:
        return PROGRAM
    return "Thinking in text... <<<12345>>>"


def run(server: ScriptedServer, method: str, sandbox=None, **params):
    return asyncio.run(solve_sample(SAMPLE, method=get_method(method, **params), model=scripted_model(server),
                                    sandbox=sandbox or get_sandbox("process", warn=False), task=TASK,
                                    budget=Budget(max_rounds=3), seed=7, limits=SandboxLimits(timeout_s=3)))


def test_vote_runs_the_matrix_and_picks_the_tested_cluster(scripted: ScriptedServer) -> None:
    scripted.responder = vote_responder
    r = run(scripted, "vote", k=4, m=3)
    purposes = sorted(c.purpose for c in r.calls)
    assert purposes == ["candidate-0", "candidate-1", "candidate-2", "candidate-3", "tests"]
    seeds = sorted(req.get("seed") for req in scripted.requests if "independent checks" not in
                   req["messages"][-1]["content"])
    assert seeds == [7, 8, 9, 10]  # distinct seeds per candidate
    sel = r.selection
    assert sel is not None and [c.mode for c in r.candidates] == ["code", "text", "code", "text"]
    assert [t.reason for t in sel.tests] == ["", "passes the empty answer", "passes every candidate"]
    assert sel.matrix["code-0"]["tests-0"] == "pass" and sel.matrix["text-1"]["tests-0"] == "fail"
    assert sel.matrix["__null__"]["tests-0"] == "error"  # int("") raises: the empty answer fails loudly
    by_key = {c.key: c for c in sel.clusters}
    assert by_key[RIGHT].members == ["code-0", "code-2"] and by_key[RIGHT].tests_passed == 1
    assert by_key["12345"].tests_passed == 0
    assert sel.winner == RIGHT and r.final_answer == RIGHT and r.correct and r.final_mode == "code"
    assert sel.expected_accuracy == 1.0 and r.decision["valid_tests"] == 1


def test_vote_majority_rule_ignores_tests(scripted: ScriptedServer) -> None:
    scripted.responder = lambda m: "Thinking... <<<12345>>>" if "complete Python" not in m[-1]["content"] \
        and "independent checks" not in m[-1]["content"] else vote_responder(m)
    r = run(scripted, "vote", k=3, m=0, selector="majority")
    assert r.selection.rule == "majority" and r.selection.tests == []
    assert r.selection.winner == RIGHT  # 2 code votes vs 1 text vote
    assert r.selection.tie_break == "unique top score"


def test_vote_discrimination_round_separates_a_tie(scripted: ScriptedServer) -> None:
    def responder(messages: list[dict]) -> str:
        text = messages[-1]["content"]
        if "tells A and B apart" in text:
            return f"```python\ndef check(answer: str) -> bool:\n    return int(answer) == {EXPR}\n```"
        if "independent checks" in text:
            return "```python\ndef check(answer: str) -> bool:\n    return answer.isdigit()\n```"
        return vote_responder(messages)

    scripted.responder = responder
    r = run(scripted, "vote", k=2, m=1, discriminate=True)
    assert "discriminate" in [c.purpose for c in r.calls] and r.decision["discriminate_rounds"] == 1
    assert r.selection.winner == RIGHT and r.correct


def test_vote_with_the_docker_sandbox(scripted: ScriptedServer, docker_sandbox) -> None:
    scripted.responder = vote_responder
    r = run(scripted, "vote", sandbox=docker_sandbox, k=2, m=1)
    assert r.correct and r.candidates[0].executions[0].backend == "docker"


def test_vote_writes_no_checks_when_candidates_agree(scripted: ScriptedServer) -> None:
    # candidates are drawn concurrently, so the reply is chosen by the prompt, not by arrival order
    scripted.responder = lambda messages: PROGRAM if "Python 3 program" in messages[-1]["content"] \
        else f"In text: <<<{RIGHT}>>>"
    r = run(scripted, "vote", k=2, m=3)
    assert [c.purpose for c in r.calls] == ["candidate-0", "candidate-1"]  # no "tests" call: one answer
    assert r.decision["tests_skipped"] and r.decision["tests_written"] == 0
    assert r.selection.clusters[0].votes == 2 and r.final_answer == RIGHT and r.correct


def test_vote_stop_at_ends_on_a_trusted_first_program(scripted: ScriptedServer) -> None:
    scripted.push(PROGRAM)
    r = run(scripted, "vote", k=5, m=2, stop_at=2)
    assert [c.purpose for c in r.calls] == ["candidate-0"] and scripted.request_count == 1
    assert r.decision["drawn"] == 1 and r.decision["stopped_early"] == "support 2 >= 2 after 1 draws"
    assert r.final_answer == RIGHT and r.correct and r.final_mode == "code"


def test_vote_stop_at_resamples_after_a_crash_and_counts_agreement(scripted: ScriptedServer) -> None:
    crash = "```python\nimport math\nprint(math.pow(10, 999))\n```"
    literal = f"```python\nprint('<<<{RIGHT}>>>')\n```"  # hard-coded: a vote, but not trusted
    scripted.push(crash, literal, literal)
    r = run(scripted, "vote", k=5, m=2, stop_at=2, modes="code")
    assert [c.mode for c in r.candidates] == ["code", "code", "code"]
    assert "OverflowError" in r.candidates[0].error and r.candidates[0].answer is None
    assert [req["temperature"] for req in scripted.requests] == [0.0, 0.7, 0.7]  # greedy once, then sampled
    assert r.decision["stopped_early"] == "support 2 >= 2 after 3 draws" and r.decision["tests_skipped"]
    assert r.final_answer == RIGHT and r.correct


def test_vote_rejects_unknown_modes() -> None:
    with pytest.raises(ConfigError, match="unknown vote modes 'both'"):
        get_method("vote", modes="both")


def test_codesteer_rounds_checkers_and_evidence_based_choice(scripted: ScriptedServer) -> None:
    hardcoded = "```python\nprint('<<<12345>>>')\n```"
    checker_fail = "```python\nprint('wrong product')\n```"
    checker_ok = "```python\nprint('Correct')\n```"
    scripted.push(
        "Big numbers need exact arithmetic. <<<Code>>>",       # steer-choice
        hardcoded,                                              # round-0: hard-coded literal
        checker_fail,                                           # self-check-0
        "It printed a literal. <<<Guidance: compute the product in code>>>",  # steer-0
        PROGRAM,                                                # round-1
        checker_ok,                                             # self-check-1: the checkers agree, no steer-1
    )
    r = run(scripted, "codesteer")
    assert [c.purpose for c in r.calls] == ["steer-choice", "round-0", "self-check-0", "steer-0", "round-1",
                                            "self-check-1"]
    rounds = r.decision["rounds"]
    assert "hard-coded" in rounds[0]["symbolic"] and rounds[0]["self_check"] == "wrong product"
    assert rounds[0]["decision"] == "guide" and rounds[0]["guidance"] == "compute the product in code"
    assert "computes its output" in rounds[1]["symbolic"] and rounds[1]["self_check_passed"]
    assert rounds[1]["decision"] == "return (checkers agree)" and r.decision["chosen_round"] == 1
    assert scripted.requests[1]["messages"][0]["content"].startswith("Write one complete Python 3 program")
    retry = scripted.requests[4]["messages"]
    assert "12345" in retry[-1]["content"] and "compute the product in code" in retry[-1]["content"]
    assert r.correct and r.final_mode == "code"


def test_codesteer_prefers_the_verified_round_over_the_last(scripted: ScriptedServer) -> None:
    scripted.push(
        "<<<Code>>>", PROGRAM, "```python\nprint('Correct')\n```", "<<<Switch to Text>>>",
        "In text: <<<12345>>>", "```python\nprint('product is wrong')\n```", "<<<Guidance: check again>>>",
        "Still <<<12345>>>", "```python\nprint('product is wrong')\n```",
    )
    r = run(scripted, "codesteer", trust_checkers=False)  # the steerer decides even on agreeing checkers
    assert [x["mode"] for x in r.decision["rounds"]] == ["code", "text", "text"]
    assert r.decision["rounds"][-1]["decision"] == "budget exhausted"
    assert r.decision["chosen_round"] == 0 and r.final_answer == RIGHT and r.correct


def test_codesteer_refuses_to_return_a_round_without_an_answer(scripted: ScriptedServer) -> None:
    crash = "```python\nimport math\nprint(math.pow(10, 999))\n```"
    scripted.push("<<<Code>>>", crash, "Looks fine. <<<Return Answer>>>", PROGRAM,
                  "```python\nprint('Correct')\n```")
    r = run(scripted, "codesteer")
    assert [c.purpose for c in r.calls] == ["steer-choice", "round-0", "steer-0", "round-1",
                                            "self-check-1"]  # no self-check of a missing answer
    first = r.decision["rounds"][0]
    assert first["decision"] == "guide (return refused: no answer)" and "OverflowError" in first["guidance"]
    assert "OverflowError" in scripted.requests[3]["messages"][-1]["content"]
    assert [scripted.requests[i]["temperature"] for i in (1, 3)] == [0.0, 0.7]  # the retry after a failure samples
    assert r.decision["chosen_round"] == 1 and r.correct


def test_codesteer_refuses_to_return_an_answer_the_task_cannot_read(scripted: ScriptedServer) -> None:
    unformatted = f"```python\nprint('The product is', {EXPR})\n```"
    scripted.push("<<<Code>>>", unformatted, "```python\nprint('Correct')\n```", "<<<Return Answer>>>",
                  PROGRAM, "```python\nprint('Correct')\n```")
    r = run(scripted, "codesteer")
    first, second = r.decision["rounds"]
    assert first["answer"] == f"The product is {RIGHT}" and not first["in_format"]
    assert first["decision"] == "guide (return refused: not in the required format)"
    assert "not in the format" in scripted.requests[4]["messages"][-1]["content"]
    assert scripted.requests[4]["temperature"] == 0.7
    assert second["in_format"] and second["decision"] == "return (checkers agree)"
    assert r.decision["chosen_round"] == 1 and r.final_answer == RIGHT and r.correct


def test_codesteer_retries_an_unverified_text_answer_in_code(scripted: ScriptedServer) -> None:
    wrong_check = "```python\nprint('the product is wrong')\n```"
    scripted.push("Short question. <<<Text>>>", "In text: <<<12345>>>", wrong_check, "<<<Return Answer>>>",
                  PROGRAM, "```python\nprint('Correct')\n```")
    r = run(scripted, "codesteer")
    first, second = r.decision["rounds"]
    assert first["mode"] == "text" and first["self_check"] == "the product is wrong"
    assert first["decision"] == "switch_code (return refused: unverified text answer)"
    assert "Python 3 program" in scripted.requests[4]["messages"][-1]["content"]
    assert second["mode"] == "code" and second["decision"] == "return (checkers agree)"
    assert r.decision["chosen_round"] == 1 and r.final_answer == RIGHT and r.correct


def test_codesteer_without_evidence_to_return_obeys_the_steerer(scripted: ScriptedServer) -> None:
    scripted.push("<<<Text>>>", "In text: <<<12345>>>", "```python\nprint('the product is wrong')\n```",
                  "<<<Return Answer>>>")
    r = run(scripted, "codesteer", evidence_to_return=False)
    assert [x["decision"] for x in r.decision["rounds"]] == ["return"]
    assert r.final_answer == "12345" and not r.correct
