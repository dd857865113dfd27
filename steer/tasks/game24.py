"""Game 24 (and its generalisations): combine all given numbers with + - * / to reach a target.

Verified exactly: the answer's numbers must be the given multiset and its value (Fraction arithmetic,
no eval) must equal the target. The generator builds puzzles backwards from the target, so every
generated set is solvable by construction, and its construction is the reference solution.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from steer.errors import ConfigError
from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.arith import evaluate, numbers_used
from steer.tasks.base import BaseTask

__all__ = ["Game24", "solve24"]


def solve24(numbers: list[int], target: int) -> str | None:
    """Exhaustive search (fine up to ~6 numbers): an expression over all numbers equal to target."""
    items = [(Fraction(n), str(n)) for n in numbers]

    def rec(items: list[tuple[Fraction, str]]) -> str | None:
        if len(items) == 1:
            return items[0][1] if items[0][0] == target else None
        for i in range(len(items)):
            for j in range(len(items)):
                if i == j:
                    continue
                (a, ea), (b, eb) = items[i], items[j]
                rest = [items[k] for k in range(len(items)) if k not in (i, j)]
                cands = [(a + b, f"({ea}+{eb})"), (a - b, f"({ea}-{eb})"), (a * b, f"({ea}*{eb})")]
                if b != 0:
                    cands.append((a / b, f"({ea}/{eb})"))
                for v, e in cands:
                    if (found := rec([*rest, (v, e)])) is not None:
                        return found
        return None

    return rec(items)


def _build(rng: random.Random, target: int, n: int, hi: int) -> tuple[list[int], str] | None:
    """Split `target` into n leaves a∘b recursively, keeping integers in [1, hi]."""
    if n == 1:
        return ([target], str(target)) if 1 <= target <= hi else None
    left_n = rng.randint(1, n - 1)
    for _ in range(30):
        op = rng.choice("+-*/")
        if op == "+":
            a = rng.randint(1, max(1, target - 1))
            b = target - a
        elif op == "-":
            b = rng.randint(1, hi)
            a = target + b
        elif op == "*":
            divs = [d for d in range(2, min(target - 1, hi * 4) + 1) if target % d == 0] or [1]
            a = rng.choice(divs)
            b = target // a
        else:
            b = rng.randint(2, max(2, min(hi, 12)))
            a = target * b
        if a < 1 or b < 1:
            continue
        left = _build(rng, a, left_n, hi)
        right = _build(rng, b, n - left_n, hi) if left else None
        if left and right:
            return left[0] + right[0], f"({left[1]}{op}{right[1]})"
    return None


class Game24(BaseTask):
    name = "game24"
    description = "Use every given number once with + - * / and parentheses to reach the target; exact check"
    answer_format = "Return the expression in the format <<<expression>>>, e.g. <<<(1+2+3)*4>>>."
    knobs: dict[str, JsonValue] = {"numbers": 4, "target": 24}
    data_path = "game24_dataset"

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        n, target = int(knobs["numbers"]), int(knobs["target"])
        if n < 1 or target < 1:
            raise ConfigError(f"game24 needs numbers >= 1 and target >= 1, got {n}, {target}")
        hi = 13 if n <= 6 else max(13, target)
        for _ in range(200):
            built = _build(rng, target, n, hi)
            if built:
                nums, expr = built
                rng.shuffle(nums)
                return self.question(nums, target), {"numbers": nums, "target": target, "solution": expr}, {}
        raise ConfigError(f"could not build a game24 puzzle with {n} numbers for target {target}")

    @staticmethod
    def question(nums: list[int], target: int) -> str:
        listed = ", ".join(map(str, nums))
        return (f"Use the numbers {listed} (each exactly once) and the operations + - * / with parentheses "
                f"to make {target}.")

    def load(self, path: str | Path) -> list[Sample]:
        """Every CSV under the SymBench `game24_dataset/<target>/` folders."""
        root = Path(path)
        samples = []
        for f in sorted(root.glob("*/*.csv")):
            try:
                target = int(f.parent.name)
            except ValueError:
                continue
            with f.open() as fh:
                for row in csv.DictReader(fh):
                    nums = [int(x) for x in row["Puzzles"].split()]
                    ref = {"numbers": nums, "target": target, "solution": row.get("Solutions") or None}
                    samples.append(Sample(
                        id=f"game24-{target}-{f.stem}-{row['Rank']}", task=self.name,
                        prompt=f"{self.question(nums, target)}\n{self.answer_format}", reference=ref,
                        verifier=self.name, knobs={"numbers": len(nums), "target": target},
                        metadata={"source": str(f.name)},
                    ))
        return samples

    def reference_answer(self, sample: Sample) -> str | None:
        ref = sample.reference
        assert isinstance(ref, dict)
        if ref.get("solution"):
            return str(ref["solution"])
        return solve24(list(ref["numbers"]), int(ref["target"])) if len(ref["numbers"]) <= 5 else None

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        """A changed number: the multiset no longer matches, whatever the expression's value."""
        answer = self.reference_answer(sample) or "1"
        m = re.search(r"\d+", answer)
        assert m is not None
        return answer[: m.start()] + str(int(m.group()) + 1) + answer[m.end() :]

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        want = Counter(Fraction(n) for n in ref["numbers"])
        got = Counter(numbers_used(answer))
        if got != want:
            return Verdict(correct=False, reason=f"numbers used {sorted(map(str, got.elements()))} != "
                                                 f"given {sorted(map(str, want.elements()))}")
        value = evaluate(answer)
        if value != ref["target"]:
            return Verdict(correct=False, reason=f"evaluates to {value}, not {ref['target']}")
        return Verdict(correct=True, reason="uses every number once and reaches the target")


register("task", Game24.name, Game24.description)(Game24)
