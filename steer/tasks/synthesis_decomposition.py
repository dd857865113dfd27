"""SymBench's Synthesis & Decomposition: crops are exchanged for products by methods applied in a fixed cycle.

The stored `solution.json` keeps a five-slot state [A, B, C, X, Y] whatever the question asks, while the
question asks for three, four or five of them; the verifier therefore simulates the question's own methods and
compares the slots the question names. Every stored answer and every stored step agree with this simulation.
"""

from __future__ import annotations

import random
import re
from typing import Any

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.symbench_logic import SymBenchLogic, generator

__all__ = ["Method", "exchange", "exchange_question", "parse_exchange"]

SLOTS = ["A", "B", "C", "X", "Y"]
Method = tuple[dict[str, int], tuple[str, int]]  # (inputs, (output, amount))

_METHOD = re.compile(r"^Method \d+: (.*?) can be exchanged for (\d+) units? of (?:crop|product) (\w)", re.M)
_TERM = re.compile(r"(\d+) units? of (?:crop|product) (\w)")
_ASKED = re.compile(r"as a list showing \[([^\]]*)\]")


def parse_exchange(question: str) -> tuple[list[Method], dict[str, int], list[str]]:
    """Methods, initial amounts and the slots asked for, read from the question text."""
    methods = [({k: int(n) for n, k in _TERM.findall(lhs)}, (k, int(n))) for lhs, n, k in _METHOD.findall(question)]
    initial = re.search(r"Initially there are (.*)", question)
    asked = _ASKED.search(question)
    if not methods or initial is None or asked is None:
        raise ValueError("not a synthesis/decomposition question")
    return (methods, {k: int(n) for n, k in _TERM.findall(initial[1])},
            [s.strip().rpartition("_")[2] for s in asked[1].split(",")])


def exchange(methods: list[Method], initial: dict[str, int]) -> list[list[int]]:
    """Every state after an applied method, cycling in order (each at most once per cycle) until a whole cycle
    applies nothing. The last state is the answer (the initial state if nothing ever applies)."""
    state = {k: initial.get(k, 0) for k in SLOTS}
    steps = []
    while True:
        applied = False
        for need, (out, n) in methods:
            if all(state[k] >= v for k, v in need.items()):
                for k, v in need.items():
                    state[k] -= v
                state[out] += n
                steps.append([state[k] for k in SLOTS])
                applied = True
        if not applied:
            return steps


def _units(n: int, kind: str, k: str) -> str:
    return f"{n} unit{'s' if n != 1 else ''} of {kind} {k}"


def exchange_question(methods: list[Method], initial: dict[str, int]) -> str:
    crops = sorted(initial)
    products = sorted({out for _, (out, _) in methods} - set(crops))
    grows = " and ".join(crops) if len(crops) == 2 else ", ".join(crops[:-1]) + f", and {crops[-1]}"
    makes = f"product {products[0]}" if len(products) == 1 else "products " + " and ".join(products)
    lines = [f"Xiao Li is a farm owner who grows {grows}. He can exchange these crops for agricultural {makes}. "
             "He has discovered the following methods to increase the farm's yield:"]
    for i, (need, (out, n)) in enumerate(methods, 1):
        terms = " and ".join(_units(v, "crop" if k in crops else "product", k) for k, v in need.items())
        lines.append(f"Method {i}: {terms} can be exchanged for {_units(n, 'product', out)}, and this can be done "
                     "only once per cycle.")
    lines.append(f"Xiao Li continuously cycles through these methods in the given order, executing one method at a "
                 f"time. After Method {len(methods)}, start again from Method 1. Continue this cycle until no method "
                 "can be executed.")
    lines.append("Initially there are " + ", ".join(_units(initial[k], "crop", k) for k in crops) + ".")
    asked = [f"remaining_{k}" for k in crops] + [f"obtained_{k}" for k in products]
    example = dict(zip(crops + products, [1, 0, 2][:len(crops)] + [3, 1][:len(products)]))
    said = [_units(example[k], "crop", k) for k in crops]
    shown = ", ".join(said[:-1]) + f", {said[-1]}, and " + ", ".join(_units(example[k], "product", k) for k in products)
    if len(crops) == 2:
        shown = f"{said[0]}, {said[1]}, and {_units(example[products[0]], 'product', products[0])}"
    lines.append("First output the entire reasoning process step by step, showing each synthesis step's result. "
                 f"Then wrap your final answer in <<<>>> format as a list showing [{', '.join(asked)}]. For example, "
                 f"if there are {shown} remaining, output: <<<[{', '.join(str(example[k]) for k in crops + products)}]>>>")
    return "\n\n".join(lines)


@register("task", "synthesis_decomposition", "Synthesis & Decomposition: amounts left after cycling the exchanges")
class SynthesisDecomposition(SymBenchLogic):
    name = "synthesis_decomposition"
    description = "Synthesis & Decomposition: amounts left after cycling the exchanges"
    data_path = "synthesis_decomposition_dataset"

    def reference_answer(self, sample: Sample) -> str:
        _, _, asked = parse_exchange(sample.prompt)
        final = [int(x) for x in sample.reference["solution"]["answer"]]  # type: ignore[index]
        return str([final[SLOTS.index(k)] for k in asked])

    def check(self, sample: Sample, answer: str) -> Verdict:
        methods, initial, asked = parse_exchange(sample.prompt)
        steps = exchange(methods, initial)
        final = steps[-1] if steps else [initial.get(k, 0) for k in SLOTS]
        want = [final[SLOTS.index(k)] for k in asked]
        got = [int(x) for x in re.findall(r"-?\d+", answer)]
        if got == want:
            return Verdict(correct=True, reason="the amounts after the last possible exchange")
        return Verdict(correct=False, reason=f"expected {want} for {asked}, got {got}")


# The anchor's three shapes: two crops -> X (levels 1-2), three crops -> X via C (3-4), three crops -> X and Y (5).
_SHAPES: dict[int, list[tuple[list[tuple[str, tuple[int, ...]]], tuple[str, tuple[int, ...]]]]] = {
    1: [([("A", (1,)), ("B", (1,))], ("X", (1,))), ([("A", (2, 3))], ("X", (1, 2)))],
    3: [([("A", (1, 2)), ("B", (1,)), ("C", (1, 2))], ("X", (1, 2, 3))), ([("A", (1,)), ("B", (1,))], ("C", (2,))),
        ([("C", (2, 3))], ("X", (1,)))],
    5: [([("A", (1, 2)), ("B", (1, 2)), ("C", (1, 2))], ("X", (2, 3))), ([("A", (1, 2)), ("B", (1,))], ("C", (2,))),
        ([("C", (2,)), ("X", (1,))], ("Y", (1,))), ([("A", (1,)), ("X", (2, 3))], ("Y", (1,)))],
}
_INITIAL = {1: {"A": (3, 6), "B": (2, 4)}, 3: {"A": (4, 8), "B": (3, 6), "C": (2, 5)},
            5: {"A": (5, 8), "B": (2, 4), "C": (4, 7)}}


@generator("synthesis_decomposition", complexity=[1, 5], scale=1)
def _synthesis(rng: random.Random, complexity: list[int], scale: int) -> tuple[str, Any, dict[str, Any]]:
    """`complexity` picks the shape (more crops, methods and products); `scale` multiplies the starting amounts,
    so the cycle runs proportionally longer."""
    level = rng.randint(*complexity)
    shape = 1 if level <= 2 else 3 if level <= 4 else 5
    methods: list[Method] = [({k: rng.choice(opts) for k, opts in need}, (out, rng.choice(amounts)))
                             for need, (out, amounts) in _SHAPES[shape]]
    initial = {k: rng.randint(lo, hi) * scale for k, (lo, hi) in _INITIAL[shape].items()}
    steps = exchange(methods, initial)
    final = steps[-1] if steps else [initial.get(k, 0) for k in SLOTS]
    return exchange_question(methods, initial), {
        "initial_state": initial, "complexity": level,
        "solution": {"answer": [str(x) for x in final], "process": [[str(x) for x in s] for s in steps]}}, {}
