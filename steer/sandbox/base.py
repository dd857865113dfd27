"""The sandbox interface: run model-written Python with limits, get an `Execution` back.

Whatever the code does (crash, loop, flood, fork, allocate) is reported in the `Execution`; a
`SandboxError` means steer itself could not run code at all (no engine, no image).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from steer.records import Execution

__all__ = ["Sandbox", "SandboxLimits", "cap_output"]


class SandboxLimits(BaseModel):
    """Limits for one execution. Defaults suit model-written answer programs."""

    timeout_s: float = 10.0
    memory_mb: int = 512
    pids: int = 64
    cpus: float = 1.0
    output_bytes: int = 64 * 1024
    tmpfs_mb: int = 64


@runtime_checkable
class Sandbox(Protocol):
    """Safe to call concurrently; `aclose` releases containers/pools (idempotent)."""

    name: str

    async def run(
        self,
        code: str,
        *,
        stdin: str = "",
        files: dict[str, str] | None = None,
        limits: SandboxLimits | None = None,
    ) -> Execution: ...

    async def aclose(self) -> None: ...


TRUNCATION_MARKER = "\n...[output truncated by steer: {n} more bytes]\n"


def cap_output(data: bytes, limit: int) -> tuple[str, bool]:
    """Keep the head and tail of oversized output (answers usually print last) with a marker."""
    if len(data) <= limit:
        return data.decode("utf-8", errors="replace"), False
    head = limit * 3 // 4
    tail = limit - head
    dropped = len(data) - head - tail
    text = (
        data[:head].decode("utf-8", errors="replace")
        + TRUNCATION_MARKER.format(n=dropped)
        + (data[-tail:].decode("utf-8", errors="replace") if tail else "")
    )
    return text, True
