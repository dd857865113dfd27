"""The embedded model's speed: load time, prompt processing and decode tokens/s at 1 and 2 threads, and
aggregate tokens/s under 4 concurrent callers (ratio against one caller, measured in the same run).
Goal: >= 25 tokens/s decode on 2 cores.
"""

from __future__ import annotations

import asyncio
import time

from steer.models import get_model
from steer.models.local import load_llama
from steer.models.pull import resolve_gguf
from steer.records import GenerateConfig, Message

PROMPT = "Explain, step by step, how to multiply 7563 by 2194 by hand. " * 8
DECODE = 128


def measure(threads: int) -> tuple[float, float, float]:
    path = str(resolve_gguf("qwen2.5-coder-0.5b"))
    t = time.perf_counter()
    llm, _ = load_llama(path, n_ctx=2048, n_threads=threads)
    load = time.perf_counter() - t
    tokens = llm.tokenize(PROMPT.encode())
    llm.reset()
    t = time.perf_counter()
    llm.eval(tokens)
    pp = len(tokens) / (time.perf_counter() - t)
    t = time.perf_counter()
    out = llm.create_completion(PROMPT, max_tokens=DECODE, temperature=0.0)  # prompt cached: mostly decode
    n = out["usage"]["completion_tokens"]
    decode = n / (time.perf_counter() - t)
    return load, pp, decode


async def concurrent(callers: int) -> float:
    model = get_model("local/qwen2.5-coder-0.5b", cache=False)
    msgs = [[Message.user(f"Write a haiku about the number {i}.")] for i in range(callers)]
    t = time.perf_counter()
    calls = await asyncio.gather(*(model.generate(m, GenerateConfig(max_tokens=64, seed=i))
                                   for i, m in enumerate(msgs)))
    return sum(c.usage.completion_tokens for c in calls) / (time.perf_counter() - t)


def main() -> None:
    print(f"{'threads':>7} {'load s':>7} {'prompt tok/s':>13} {'decode tok/s':>13}")
    rows = {th: measure(th) for th in (1, 2)}
    for th, (load, pp, dec) in rows.items():
        print(f"{th:>7} {load:>7.2f} {pp:>13.1f} {dec:>13.1f}")
    print(f"decode speed-up 2 vs 1 thread: {rows[2][2] / rows[1][2]:.2f}x; goal >= 25 tok/s at 2 threads: "
          f"{'met' if rows[2][2] >= 25 else 'NOT met'}")
    one = asyncio.run(concurrent(1))
    four = asyncio.run(concurrent(4))
    print(f"1 caller: {one:.1f} tok/s; 4 concurrent callers: {four:.1f} tok/s aggregate "
          f"({four / one:.2f}x; calls are serialised on one loaded model, so ~1.0x is expected)")


if __name__ == "__main__":
    main()
