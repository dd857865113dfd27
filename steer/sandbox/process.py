"""`process`: a host subprocess in a throw-away directory. UNSAFE: for machines without Docker.

It limits what rlimits can (memory, processes, file size, CPU time) and kills the whole process group
on timeout, but model-written code still runs as you, with your files and network.
"""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

from steer.records import Execution
from steer.sandbox.base import OutputBuffer, SandboxLimits

__all__ = ["ProcessSandbox"]

WARNING = "steer: the 'process' sandbox is UNSAFE: model-written code runs on this host as you"


def _limit_child(limits: SandboxLimits) -> None:
    os.setsid()
    mem = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    cpu = int(limits.timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    fsize = limits.tmpfs_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.pids, limits.pids))  # per user; root is exempt


class ProcessSandbox:
    name = "process"

    def __init__(self, *, python: str | None = None, limits: SandboxLimits | None = None, warn: bool = True) -> None:
        self.python = python or sys.executable
        self.limits = limits or SandboxLimits()
        if warn:
            print(WARNING, file=sys.stderr)

    async def run(
        self,
        code: str,
        *,
        stdin: str = "",
        files: dict[str, str] | None = None,
        limits: SandboxLimits | None = None,
    ) -> Execution:
        lim = limits or self.limits
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="steer-") as tmp:
            root = Path(tmp)
            for rel, content in (files or {}).items():
                target = (root / rel).resolve()
                if root.resolve() not in target.parents:
                    raise ValueError(f"sandbox file {rel!r} escapes the working directory")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content)
            (root / "main.py").write_text(code)
            proc = await asyncio.create_subprocess_exec(
                self.python,
                "-I",
                "main.py",
                cwd=root,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={"PATH": "/usr/bin:/bin", "HOME": tmp, "PYTHONDONTWRITEBYTECODE": "1"},
                preexec_fn=lambda: _limit_child(lim),
            )
            out = OutputBuffer(lim.output_bytes)
            err = OutputBuffer(lim.output_bytes)
            overflow = False

            async def pump(stream: asyncio.StreamReader, buf: OutputBuffer) -> None:
                nonlocal overflow
                while chunk := await stream.read(65536):
                    buf.write(chunk)
                    if buf.flooded and not overflow:
                        overflow = True
                        _killpg(proc.pid)

            async def feed() -> None:
                assert proc.stdin is not None
                try:
                    proc.stdin.write(stdin.encode())
                    await proc.stdin.drain()
                    proc.stdin.close()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            assert proc.stdout is not None and proc.stderr is not None
            timed_out = False
            try:
                await asyncio.wait_for(
                    asyncio.gather(feed(), pump(proc.stdout, out), pump(proc.stderr, err), proc.wait()),
                    timeout=lim.timeout_s,
                )
            except asyncio.TimeoutError:
                timed_out = True
            finally:
                _killpg(proc.pid)
                await proc.wait()
        stdout, t1 = out.text()
        stderr, t2 = err.text()
        rc = proc.returncode
        memory = "MemoryError" in stderr[-2000:]
        status = (
            "timeout" if timed_out else "output_limit" if overflow else "memory" if memory else "ok" if rc == 0 else "error"
        )
        return Execution(
            code=code,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            stdout_truncated=t1 or overflow,
            stderr_truncated=t2,
            exit_code=rc,
            status=status,
            timed_out=timed_out,
            oom_killed=memory,
            duration_s=time.perf_counter() - start,
            backend=self.name,
        )

    async def aclose(self) -> None:
        return None


def _killpg(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
