"""Ordinary behaviour of the docker backend on the real engine, and its error messages."""

from __future__ import annotations

import asyncio

import pytest
from conftest import run_in

from steer.errors import PrerequisiteError
from steer.sandbox import SandboxLimits, get_sandbox
from steer.sandbox.docker import DockerSandbox

pytestmark = pytest.mark.docker


def test_prints_reads_stdin_and_files(docker_sandbox) -> None:  # noqa: ANN001
    code = "import sys\nprint(sys.stdin.read().upper(), open('data/in.txt').read())"
    ex = run_in(docker_sandbox, code, stdin="abc", files={"data/in.txt": "file body"})
    assert ex.status == "ok" and ex.stdout == "ABC file body\n" and ex.exit_code == 0
    assert ex.backend == "docker" and ex.image == "steer-sandbox:1"


def test_nonzero_exit_and_exception_are_errors(docker_sandbox) -> None:  # noqa: ANN001
    assert run_in(docker_sandbox, "raise SystemExit(3)").exit_code == 3
    ex = run_in(docker_sandbox, "1/0")
    assert ex.status == "error" and "ZeroDivisionError" in ex.stderr


def test_numpy_and_sympy_are_available(docker_sandbox) -> None:  # noqa: ANN001
    ex = run_in(docker_sandbox, "import numpy as np, sympy as sp\nprint(int(np.prod([3, 7])), sp.factorint(84))")
    assert ex.stdout == "21 {2: 2, 3: 1, 7: 1}\n", ex.stderr


def test_file_escaping_the_workdir_is_refused(docker_sandbox) -> None:  # noqa: ANN001
    ex = run_in(docker_sandbox, "print('ran')", files={"../../etc/x": "no"})
    assert ex.status == "error" and "escapes the working directory" in ex.stderr and "ran" not in ex.stdout


def test_concurrent_executions_are_independent(docker_sandbox) -> None:  # noqa: ANN001
    async def many():  # noqa: ANN202
        return await asyncio.gather(*(docker_sandbox.run(f"print({i} * {i})") for i in range(8)))

    results = asyncio.run(many())
    assert [r.stdout for r in results] == [f"{i * i}\n" for i in range(8)]


def test_custom_container_limits_get_their_own_container(docker_sandbox) -> None:  # noqa: ANN001
    ex = run_in(docker_sandbox, "x = bytearray(200 * 1024 * 1024); print('ok')",
                limits=SandboxLimits(memory_mb=128, timeout_s=5))
    assert ex.status == "memory"
    assert run_in(docker_sandbox, "x = bytearray(200 * 1024 * 1024); print('ok')").stdout == "ok\n"


def test_missing_image_says_how_to_build_it() -> None:
    with pytest.raises(PrerequisiteError, match="missing: run `docker pull nosuch/image:0`"):
        DockerSandbox(image="nosuch/image:0")


def test_engine_not_running_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(PrerequisiteError, match="Docker engine is not running: start it with"):
        get_sandbox("docker")
