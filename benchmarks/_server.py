"""Run the scripted test-double server in its own process, so benchmarks measure steer, not the double.

    with scripted_process(reply="<<<42>>>", latency_s=0.05) as url: ...
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SCRIPT = """
import sys, time
from steer.testing import ScriptedServer
reply, latency = sys.argv[1], float(sys.argv[2])
server = ScriptedServer(responder=lambda messages: reply, latency_s=latency).start()
print(server.url, flush=True)
while True:
    time.sleep(3600)
"""


@contextmanager
def scripted_process(reply: str, latency_s: float) -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, reply, str(latency_s)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait()
