"""Sandbox overhead: what running one tiny program costs in each backend, and throughput under load.

Baseline (measured in the same run): a bare `python3 -c 'print(1)'` host subprocess. Then the process
backend, a fresh hardened container per run (pool_size=0), and the warm pool (pool_size=2).
Goals: warm-pool p50 <= 1.5x bare subprocess; fresh container p50 <= 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

from steer.sandbox import get_sandbox
from steer.sandbox.docker import DockerSandbox

CODE = "print(1)"


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def bare(n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", CODE], capture_output=True, check=True)
        out.append(time.perf_counter() - t)
    return out


def timed(sandbox, n: int, pause: float = 0.0) -> list[float]:  # noqa: ANN001
    async def go() -> list[float]:
        out = []
        for _ in range(n):
            t = time.perf_counter()
            ex = await sandbox.run(CODE)
            assert ex.stdout == "1\n", ex
            out.append(time.perf_counter() - t)
            if pause:
                await asyncio.sleep(pause)  # let the pool refill, as between a method's calls
        return out

    return asyncio.run(go())


def throughput(sandbox, concurrency: int, total: int) -> float:  # noqa: ANN001
    async def go() -> float:
        sem = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with sem:
                await sandbox.run(CODE)

        t = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(total)))
        return total / (time.perf_counter() - t)

    return asyncio.run(go())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50)
    args = ap.parse_args()
    rows = [("bare python3 subprocess (baseline)", bare(args.n))]
    rows.append(("process backend", timed(get_sandbox("process", warn=False), args.n)))
    fresh = DockerSandbox(pool_size=0)
    rows.append(("fresh hardened container", timed(fresh, args.n)))
    warm = DockerSandbox(pool_size=2)
    time.sleep(1.0)
    rows.append(("warm pool (refilled between runs)", timed(warm, args.n, pause=0.15)))
    base = statistics.median(rows[0][1])
    print(f"latency over {args.n} runs of {CODE!r}")
    print(f"{'backend':<36} {'p50 ms':>8} {'p95 ms':>8} {'p50 / bare':>10}")
    for name, xs in rows:
        p50 = statistics.median(xs)
        print(f"{name:<36} {p50 * 1000:>8.1f} {pct(xs, 0.95) * 1000:>8.1f} {p50 / base:>10.2f}")
    print("goals: warm-pool p50 <= 1.50x bare; fresh container p50 <= 150 ms")
    print(f"\nthroughput (executions/s, {4 * args.n // 2} runs each)")
    print(f"{'concurrency':>11} {'warm pool':>10} {'fresh':>8} {'process':>8}")
    proc = get_sandbox("process", warn=False)
    for c in (1, 2, 4, 8):
        total = 4 * args.n // 2
        print(f"{c:>11} {throughput(warm, c, total):>10.1f} {throughput(fresh, c, total):>8.1f} "
              f"{throughput(proc, c, total):>8.1f}")
    warm.close()
    fresh.close()


if __name__ == "__main__":
    main()
