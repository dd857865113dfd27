"""The unsafe `process` backend: limits that rlimits and process groups can give, and its warning."""

from __future__ import annotations

from conftest import run_in

from steer.sandbox import SandboxLimits, get_sandbox


def test_warns_that_it_is_unsafe(capsys) -> None:  # noqa: ANN001
    get_sandbox("process")
    assert "UNSAFE" in capsys.readouterr().err


def test_runs_with_stdin_and_files() -> None:
    sb = get_sandbox("process", warn=False)
    ex = run_in(sb, "import sys\nprint(sys.stdin.read(), open('a.txt').read())", stdin="in", files={"a.txt": "f"})
    assert ex.status == "ok" and ex.stdout == "in f\n" and ex.backend == "process"


def test_timeout_kills_the_process_group() -> None:
    sb = get_sandbox("process", warn=False)
    code = "import subprocess, time\nsubprocess.Popen(['sleep', '30'])\nwhile True: time.sleep(1)"
    ex = run_in(sb, code, limits=SandboxLimits(timeout_s=1))
    assert ex.status == "timeout" and ex.duration_s < 5


def test_memory_limit_raises_memory_error() -> None:
    sb = get_sandbox("process", warn=False)
    ex = run_in(sb, "x = bytearray(2 * 1024 ** 3)", limits=SandboxLimits(memory_mb=256))
    assert ex.status == "memory"


def test_output_flood_is_capped_and_stopped() -> None:
    sb = get_sandbox("process", warn=False)
    ex = run_in(sb, "while True: print('x' * 1000)", limits=SandboxLimits(timeout_s=5, output_bytes=10_000))
    assert ex.status == "output_limit" and len(ex.stdout) < 10_200 and ex.duration_s < 5
