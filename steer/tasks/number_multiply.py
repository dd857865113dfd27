"""Number Multiplying: text reasoning fails on long products, code never does (the paper's clearest case)."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask


def parse_int(text: str) -> int | None:
    s = text.strip().rstrip(".").replace(",", "").replace("_", "").replace(" ", "")
    return int(s) if re.fullmatch(r"[+-]?\d+", s) else None


class NumberMultiply(BaseTask):
    name = "number_multiply"
    description = "Multiply integers of given digit counts; exact integer equality"
    answer_format = "Return the final answer, an integer, in the format <<<answer>>>."
    knobs: dict[str, JsonValue] = {"digits": [4, 4]}
    data_path = "number_multiply"

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        digits = [int(d) for d in knobs["digits"]]
        nums = []
        for d in digits:
            n = rng.randint(10 ** (d - 1) if d > 1 else 1, 10**d - 1)
            nums.append(-n if rng.random() < 0.2 else n)
        product = 1
        for n in nums:
            product *= n
        expr = "*".join(str(n) for n in nums)
        return f"What is the result of {expr}?", str(product), {"expression": expr}

    def load(self, path: str | Path) -> list[Sample]:
        """SymBench `number_multiply/digit_*/sample_k/` folders (prompt, value list, target answer)."""
        samples = []
        for d in sorted(Path(path).glob("*/sample_*")):
            prompt = (d / "input_prompt_1.txt").read_text().strip()
            target = (d / "target_answer.txt").read_text().strip()
            samples.append(Sample(
                id=f"number_multiply-{d.parent.name}-{d.name}", task=self.name,
                prompt=f"{prompt}\n{self.answer_format}", reference=str(int(target)), verifier=self.name,
                knobs={"digits": [int(x) for x in d.parent.name.split("_")[1:]]},
                metadata={"source": f"{d.parent.name}/{d.name}"},
            ))
        return samples

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        return str(int(str(sample.reference)) + rng.choice([-10, -1, 1, 10]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        got = parse_int(answer)
        if got is None:
            return Verdict(correct=False, reason=f"not an integer: {answer[:60]!r}")
        want = int(str(sample.reference))
        if got == want:
            return Verdict(correct=True, reason="exact integer match")
        return Verdict(correct=False, reason=f"expected {want}, got {got}")


register("task", NumberMultiply.name, NumberMultiply.description)(NumberMultiply)
