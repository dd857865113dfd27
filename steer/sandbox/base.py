"""The sandbox interface: run model-written Python with limits, get an `Execution` back.

Whatever the code does (crash, loop, flood, fork, allocate) is reported in the `Execution`; a
`SandboxError` means steer itself could not run code at all (no engine, no image).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from steer.records import Execution

__all__ = ["OutputBuffer", "Sandbox", "SandboxLimits"]


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


class OutputBuffer:
    """Bounded capture of a stream: keeps the first and last bytes and counts the rest.

    A program may print gigabytes; the host must hold only `limit` bytes of it, and the answer (usually
    printed last) must survive, so both ends are kept. `flooded` says the stream passed `kill_after`
    bytes, at which point backends stop the program (status "output_limit").
    """

    def __init__(self, limit: int, kill_after: int | None = None) -> None:
        self.limit = limit
        self.kill_after = kill_after if kill_after is not None else max(limit * 16, 1 << 20)
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def write(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.limit - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            keep = self.limit // 4
            self.tail = (self.tail + chunk)[-keep:] if keep else bytearray()

    @property
    def flooded(self) -> bool:
        return self.total > self.kill_after

    def text(self) -> tuple[str, bool]:
        """(text, truncated): at most `limit` bytes of content plus a marker naming what was dropped."""
        if self.total <= self.limit:
            return bytes(self.head).decode("utf-8", errors="replace"), False
        head_keep = self.limit - len(self.tail)
        dropped = self.total - head_keep - len(self.tail)
        return (
            bytes(self.head[:head_keep]).decode("utf-8", errors="replace")
            + TRUNCATION_MARKER.format(n=dropped)
            + bytes(self.tail).decode("utf-8", errors="replace"),
            True,
        )
