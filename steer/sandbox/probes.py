"""Containment probes a user can run on their own machine (`steer doctor --sandbox`).

The hostile-code tests prove containment in CI; these few probes tell a user that *their* engine,
kernel and image enforce the same limits, before they trust it with model-written code.
"""

from __future__ import annotations

from dataclasses import dataclass

from steer.sandbox.base import Sandbox, SandboxLimits

__all__ = ["PROBES", "Probe", "run_probes"]


@dataclass(frozen=True)
class Probe:
    name: str
    code: str
    expect: str  # the last stdout line a contained run prints (or "timeout": the run must be killed)
    timeout_s: float = 5


PROBES = [
    Probe("runs python", "print(6 * 7)", "42"),
    Probe("non-root user", "import os\nprint('root' if os.getuid() == 0 else 'user')", "user"),
    Probe("read-only root", "try:\n    open('/usr/evil', 'w')\n    print('wrote')\nexcept OSError:\n"
          "    print('denied')", "denied"),
    Probe("no network", "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
          "    print('connected')\nexcept OSError:\n    print('blocked')", "blocked"),
    Probe("hard timeout", "import os, time\nos.fork()\nwhile True:\n    time.sleep(0.01)", "timeout",
          timeout_s=1),
]


async def run_probes(sandbox: Sandbox) -> list[tuple[str, bool, str]]:
    """(probe, contained, what was seen) for each probe, run one after another."""
    out = []
    for p in PROBES:
        ex = await sandbox.run(p.code, limits=SandboxLimits(timeout_s=p.timeout_s))
        seen = "timeout" if ex.status == "timeout" else (ex.stdout.strip().splitlines() or [ex.status])[-1]
        out.append((p.name, seen == p.expect, seen if seen == p.expect else f"expected {p.expect!r}, got {seen!r}"))
    return out
