"""Experiment-runner throughput against the scripted model (real HTTP) at concurrency 1, 8 and 32, as a
ratio to the ideal (sum of scripted latencies / concurrency; the double runs in its own process), and the
time of `steer report` on 10,000
records (against reading them alone, in the same run)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from steer.records import RunRecord, SampleResult, Usage, Verdict
from steer.report.tables import load_records
from steer.runner.config import ExperimentConfig
from steer.runner.experiment import run_experiment
from steer.runner.rundir import RunDir

from _server import scripted_process

LATENCY = 0.05
N = 320


def throughput(url: str, concurrency: int, log: Path) -> float:
    cfg = ExperimentConfig.model_validate({
        "name": "bench", "models": [{"model": "openai/scripted", "base_url": url,
                                     "max_concurrency": concurrency}],
        "methods": ["all_text"], "tasks": [{"task": "number_multiply"}], "samples": N,
        "concurrency": concurrency, "sandbox": "process", "cache": False,
    })
    t = time.perf_counter()
    asyncio.run(run_experiment(cfg, log))
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, scripted_process("<<<1>>>", LATENCY) as url:
        print(f"runner throughput: {N} samples, scripted latency {LATENCY * 1000:.0f} ms")
        print(f"{'concurrency':>11} {'ideal s':>8} {'actual s':>9} {'ratio':>6} {'samples/s':>10}")
        for c in (1, 8, 32):
            ideal = N * LATENCY / c
            wall = throughput(url, c, Path(tmp) / f"c{c}")
            print(f"{c:>11} {ideal:>8.2f} {wall:>9.2f} {wall / ideal:>6.2f} {N / wall:>10.1f}")
        rd = RunDir(Path(tmp) / "big")
        rd.open(RunRecord(run_id="bench"))
        with (rd.samples_path).open("a") as fh:
            for i in range(10_000):
                r = SampleResult(sample_id=f"s{i}", task=["game24", "letters", "number_multiply"][i % 3],
                                 method=f"m{i % 13}", model="x", knobs={"digits": [i % 5 + 1, 4]},
                                 final_mode="code" if i % 2 else "text", verdict=Verdict(correct=i % 3 == 0),
                                 usage=Usage(prompt_tokens=100, completion_tokens=i % 300), wall_s=1.0)
                fh.write(r.model_dump_json() + "\n")
        t = time.perf_counter()
        load_records([rd.path])
        read = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "steer.cli.main", "report", str(rd.path), "--out",
                        str(Path(tmp) / "rep")], check=True, capture_output=True)
        full = time.perf_counter() - t
        print(f"steer report on 10,000 records (tables, exports, 3 plots, process start): {full:.2f} s; "
              f"reading the records alone: {read:.2f} s ({full / read:.1f}x)")


if __name__ == "__main__":
    main()
