"""Verifier throughput over every SymBench reference, against string equality over the same answers
(the cheapest possible 'check', measured in the same run). The whole set must verify well under a minute.
"""

from __future__ import annotations

import time

from steer.tasks import get_task
from steer.tasks.suite import symbench_root
from steer.tasks.symbench import symbench_tasks


def main() -> None:
    root = symbench_root()
    total_n, total_s, total_base = 0, 0.0, 0.0
    print(f"SymBench at {root}")
    print(f"{'task':<18} {'refs':>6} {'verify/s':>10} {'str== /s':>10} {'cost vs str==':>14}")
    for name, path in symbench_tasks(root).items():
        task = get_task(name)
        samples = task.load(path)
        answers = [task.reference_answer(s) for s in samples]
        t = time.perf_counter()
        ok = sum(task.verify(s, a).correct for s, a in zip(samples, answers) if a is not None)
        dt = time.perf_counter() - t
        t = time.perf_counter()
        same = sum(str(a) == str(a) for a in answers)
        base = max(time.perf_counter() - t, 1e-9)
        total_n, total_s, total_base = total_n + len(samples), total_s + dt, total_base + base
        print(f"{name:<18} {len(samples):>6} {len(samples) / dt:>10.0f} {same / base:>10.0f} {dt / base:>13.0f}x"
              f"   ({ok} verified)")
    print(f"all: {total_n} references in {total_s:.2f} s ({total_n / total_s:.0f}/s); goal: well under 60 s")


if __name__ == "__main__":
    main()
