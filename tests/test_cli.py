"""The CLI as users run it: a real `steer` process, real HTTP to the scripted server, a real run dir."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import kill_after_records, steer_cli

from steer.runner import read_results
from steer.testing import ScriptedServer


steer = steer_cli


def code_answer(messages: list[dict]) -> str:
    """Scripted behaviour: answer a multiplication question with a program that computes it."""
    expr = re.search(r"result of ([-\d*]+)\?", messages[-1]["content"]).group(1)  # type: ignore[union-attr]
    return f"Here is the program:\n```python\nprint(f'<<<{{{expr}}}>>>')\n```"


def test_solve_end_to_end_against_scripted_server(tmp_path: Path) -> None:
    with ScriptedServer(responder=code_answer) as server:
        r = steer("solve", "--task", "number_multiply", "--method", "all_code", "--model", "openai/scripted",
                  "--base-url", server.url, "--sandbox", "process", "--limit", "3", "--log-dir", str(tmp_path / "run"),
                  "--no-cache")
    assert r.returncode == 0, r.stderr
    assert "3/3 correct (100%)" in r.stdout and "code used in 3/3" in r.stdout
    results = list(read_results(tmp_path / "run"))
    assert sorted(x.sample_id for x in results) == [f"number_multiply-s{i}" for i in range(3)]
    assert all(x.correct and x.final_mode == "code" and len(x.calls) == 1 for x in results)
    assert all(x.candidates[0].executions[0].status == "ok" for x in results)
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["status"] == "finished" and run["versions"]["python"]
    assert run["versions"]["model"] == "openai/scripted" and run["versions"]["sandbox"] == "process"


def test_resume_after_kill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    n = 12
    log = tmp_path / "run"
    with ScriptedServer(responder=code_answer, latency_s=0.25) as server:
        args = ["solve", "--method", "all_code", "--model", "openai/scripted", "--base-url", server.url,
                "--sandbox", "process", "--limit", str(n), "--concurrency", "1", "--log-dir", str(log), "--no-cache"]
        kill_after_records(args, log, "samples.jsonl", 4)
        first = list(read_results(log))
        assert 4 <= len(first) < n, "the kill must land mid-run"
        before = server.request_count
        r = steer(*args)
        assert r.returncode == 0, r.stderr
        resumed_requests = server.request_count - before
    results = list(read_results(log))
    keys = [x.key for x in results]
    assert len(keys) == n and len(set(keys)) == n
    assert resumed_requests == n - len(first)  # finished samples were not asked again
    assert all(x.correct for x in results)


@pytest.mark.parametrize(
    "args,message",
    [
        (["solve", "--task", "nosuch"], "unknown task 'nosuch'; known:"),
        (["solve", "--method", "nosuch"], "unknown method 'nosuch'; known:"),
        (["solve", "--model", "nosuch/x"], "unknown model 'nosuch'; known:"),
        (["solve", "--model", "gpt4"], "not of the form provider/name"),
        (["solve", "--limit", "0"], "--limit: expected a number >= 1, got 0"),
        (["solve", "--limit", "many"], "--limit: expected a whole number, got 'many'"),
        (["solve", "-K", "digits"], "-K expects key=value"),
        (["solve", "-K", "colour=red"], "has no knob(s) ['colour']"),
        (["solve", "--data", "/no/such/dir"], "--data /no/such/dir: no such directory"),
        (["solve", "--model", "openai/gpt-4o"], "no API key for openai/gpt-4o"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    r = steer(*args, "--sandbox", "process", cwd=tmp_path) if args[0] == "solve" else steer(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
