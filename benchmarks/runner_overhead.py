"""How much does steer add on top of the model? Wall time vs. the scripted model's own latency.

Prints, for N samples through `solve_samples` (method all_text, the scripted OpenAI-compatible server in its
own process, real HTTP): steer's wall time / ideal time (sum of latencies / concurrency) at concurrency 1
and 8, and the time of a fully cached re-run of 1,000 samples. Goals: ratio <= 1.05; cached re-run < 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from steer.methods import get_method
from steer.methods.base import Budget
from steer.models import ResponseCache, get_model
from steer.runner.solve import solve_samples
from steer.sandbox import get_sandbox
from steer.tasks import get_task
from steer.runner.rundir import read_results

from _server import scripted_process


def run(url: str, n: int, concurrency: int, log: Path, cache: ResponseCache | None) -> float:
    task = get_task("number_multiply")
    samples = [task.generate(i) for i in range(n)]
    model = get_model("openai/scripted", base_url=url, cache=cache if cache is not None else False, max_concurrency=concurrency)

    async def go() -> float:
        start = time.perf_counter()
        await solve_samples(samples, method=get_method("all_text"), model=model, task=task, log_dir=log,
                            sandbox=get_sandbox("process", warn=False), concurrency=concurrency, budget=Budget())
        elapsed = time.perf_counter() - start
        await model.aclose()
        return elapsed

    return asyncio.run(go())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.05, help="scripted model latency per call (s)")
    ap.add_argument("--cached", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"runner overhead: {args.n} samples, scripted latency {args.latency * 1000:.0f} ms/call")
        print(f"{'concurrency':>11} {'ideal s':>8} {'steer s':>8} {'ratio':>6}  goal <= 1.05")
        with scripted_process("Step by step... <<<42>>>", args.latency) as url:
            for c in (1, 8):
                ideal = args.n * args.latency / c
                wall = run(url, args.n, c, Path(tmp) / f"c{c}", None)
                print(f"{c:>11} {ideal:>8.2f} {wall:>8.2f} {wall / ideal:>6.3f}")
        cache = ResponseCache(Path(tmp) / "cache.sqlite")
        with scripted_process("Step by step... <<<42>>>", 0.0) as url:
            fill = run(url, args.cached, 32, Path(tmp) / "fill", cache)
            again = run(url, args.cached, 32, Path(tmp) / "again", cache)
        hits = sum(c.cache_hit for r in read_results(Path(tmp) / "again") for c in r.calls)
        print(f"cached re-run of {args.cached} samples: {again:.2f} s (first run {fill:.2f} s, "
              f"ratio {again / fill:.2f}); cache hits {hits}/{args.cached}; goal < 5 s")


if __name__ == "__main__":
    main()
