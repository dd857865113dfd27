"""SymBench's folder-per-instance tasks (`sample_k/question.txt` + `solution.json`).

The question text is used verbatim (it carries its own `<<<...>>>` format instruction). Answers are
compared exactly after normalising formatting (brackets, quotes, commas, spacing): the sequence of
tokens must equal the reference's. Where a question admits several answers, a constraint verifier is
used instead (Eight Queens, Sudoku, Combinatorial Calculation), never a match against one solution.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

from steer.errors import ConfigError
from steer.records import Sample, Verdict
from steer.registry import lookup, register
from steer.tasks.arith import evaluate, numbers_used
from steer.tasks.base import BaseTask

__all__ = ["SymBenchLogic", "draws", "generator", "same_number", "tokens"]

_TOKEN = re.compile(r"-?\d+(?:\.\d+)?|[A-Za-z]+|\*")


def tokens(text: str) -> list[str]:
    """Formatting-free content: numbers (floats folded to ints when integral), words, and '*' cells."""
    out = []
    for t in _TOKEN.findall(text):
        if re.fullmatch(r"-?\d+\.\d+", t) and float(t).is_integer():
            t = str(int(float(t)))
        out.append(t)
    return out


def same_number(text: str, value: float) -> bool:
    """Exact, or `text` is `value` correctly rounded to at least 2 decimals: models round repeating decimals,
    and a right rounding is a right answer while a wrong one (or an integer for a fraction) is not."""
    if "/" in text:
        return Fraction(text) == Fraction(value).limit_denominator(10**6)
    decimals = len(text.partition(".")[2])
    return float(text) == value or (decimals >= 2 and round(value, decimals) == float(text))


def _sample_dirs(path: Path) -> list[Path]:
    def order(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.name)) or (0,)

    return sorted((p for p in path.iterdir() if p.is_dir() and (p / "question.txt").exists()), key=order)


class SymBenchLogic(BaseTask):
    """Exact token match against a rendering of `solution.json`."""

    synthetic = False
    answer_format = ""  # every question, stored or generated, carries its own <<<...>>> instruction
    render: Callable[[Any], str] = staticmethod(lambda sol: json.dumps(sol))

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for d in _sample_dirs(Path(path)):
            out.append(Sample(id=f"{self.name}-{d.name}", task=self.name, prompt=(d / "question.txt").read_text().strip(),
                              reference=json.loads((d / "solution.json").read_text()), verifier=self.name,
                              knobs={"complexity": s["complexity"]} if isinstance(s := json.loads(
                                  (d / "solution.json").read_text()), dict) and "complexity" in s else {}))
        return out

    def reference_answer(self, sample: Sample) -> str:
        return type(self).render(sample.reference)

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        toks = tokens(self.reference_answer(sample))
        if not toks:
            return "X"
        i = rng.randrange(len(toks))
        t = toks[i]
        toks[i] = str(int(float(t)) + 1) if re.fullmatch(r"-?\d+(\.\d+)?", t) else ("B" if t != "B" else "C") if t != "*" else "1"
        return ", ".join(toks)

    def check(self, sample: Sample, answer: str) -> Verdict:
        got, want = tokens(answer), tokens(self.reference_answer(sample))
        if got == want:
            return Verdict(correct=True, reason="matches the reference")
        diff = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        return Verdict(correct=False, reason=f"differs at item {diff}: got {len(got)} items, expected {len(want)}")


def _task(name: str, folder: str, render: Callable[[Any], str], description: str) -> None:
    cls = type(name, (SymBenchLogic,), {"name": name, "data_path": folder, "description": description,
                                        "render": staticmethod(render)})
    register("task", name, description)(cls)


_task("string_insertion", "string_insertion", lambda s: s["modified_string"], "String Insertion: exact string")
_task("string_deletion", "string_deletion_and_modification", lambda s: s["final_string"],
      "String Deletion & Modification: exact string")
_task("string_synthesis", "string_synthesis", lambda s: " ".join(map(str, s["final_counts"])),
      "String Synthesis: exact block counts")
_task("string_splitting", "string_splitting", lambda s: json.dumps(s["expected_answer"]),
      "String Splitting: exact machine/part counts")
_task("cryptanalysis", "cryptanalysis", lambda s: json.dumps(s["answer"]), "Cryptanalysis: exact password")
_task("game2048", "2048_dataset", lambda s: s["solution"], "2048: exact matrix after the moves")
_task("light_puzzles", "light_puzzles_dataset", lambda s: json.dumps(s["solution"]), "Light Puzzles: exact lights")
_task("statistical_counting", "statistical_counting_dataset", lambda s: str(s["solution"]),
      "Statistical Counting: exact score")
_task("pattern_recognition", "pattern_recognition", lambda s: f"[{s['row']}, {s['column']}]",
      "Pattern Recognition: exact vertex (unique by construction)")
_task("reversi", "reversi_dataset", lambda s: s["solution"], "Reversi: exact board after the moves")


def _positions(answer: str) -> list[tuple[int, int]]:
    nums = [int(x) for x in re.findall(r"-?\d+", answer)]
    if len(nums) % 2:
        raise ValueError("odd number of coordinates")
    return list(zip(nums[::2], nums[1::2]))


class EightQueens(SymBenchLogic):
    name = "eight_queens"
    description = "Eight Queens: n non-attacking queens on n x n (8 unless board_size says), none blocked, pre-placed kept"
    data_path = "eight_queens_dataset"
    render = staticmethod(lambda s: ", ".join(f"{r} {c}" for r, c in s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        n = int(ref.get("board_size", 8))  # the varied-complexity sets use 10, 12 and 14
        qs = _positions(answer)
        if len(qs) != n or len(set(qs)) != n:
            return Verdict(correct=False, reason=f"{len(set(qs))} distinct queens, need {n}")
        if any(not (0 <= r < n and 0 <= c < n) for r, c in qs):
            return Verdict(correct=False, reason="a queen is off the board")
        blocked = {tuple(p) for p in ref.get("blocked_positions", [])}
        if hit := [q for q in qs if q in blocked]:
            return Verdict(correct=False, reason=f"queen on blocked cell {hit[0]}")
        if missing := [tuple(p) for p in ref.get("placed_queens", []) if tuple(p) not in set(qs)]:
            return Verdict(correct=False, reason=f"pre-placed queen {missing[0]} was moved")
        for i, (r1, c1) in enumerate(qs):
            for r2, c2 in qs[i + 1:]:
                if r1 == r2 or c1 == c2 or abs(r1 - r2) == abs(c1 - c2):
                    return Verdict(correct=False, reason=f"queens ({r1},{c1}) and ({r2},{c2}) attack each other")
        return Verdict(correct=True, reason="valid placement")


class Sudoku(SymBenchLogic):
    name = "sudoku"
    description = "Standard Sudoku: givens kept; every row, column and box holds 1-9"
    data_path = "standard_sudoku"
    render = staticmethod(lambda s: "\n".join(",".join(map(str, r)) for r in s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        nums = [int(x) for x in re.findall(r"\d", answer)]
        if len(nums) != 81:
            return Verdict(correct=False, reason=f"{len(nums)} digits, need 81")
        g = [nums[i * 9:(i + 1) * 9] for i in range(9)]
        for r in range(9):
            for c in range(9):
                if ref["puzzle"][r][c] and ref["puzzle"][r][c] != g[r][c]:
                    return Verdict(correct=False, reason=f"given at ({r},{c}) changed")
        units = [g[r] for r in range(9)] + [[g[r][c] for r in range(9)] for c in range(9)] + [
            [g[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)] for br in (0, 3, 6) for bc in (0, 3, 6)]
        if any(sorted(u) != list(range(1, 10)) for u in units):
            return Verdict(correct=False, reason="a row, column or box does not hold 1-9 exactly once")
        return Verdict(correct=True, reason="valid completed grid")


class CombinatorialCalculation(SymBenchLogic):
    name = "combinatorial_calculation"
    description = "Combinatorial Calculation: the given numbers, in order, with + - * / ( ) reach the target"
    data_path = "combinatorial_calculation"
    render = staticmethod(lambda s: "[" + ", ".join(s["solution"]) + "]")

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        sol = list(sample.reference["solution"])  # type: ignore[index]
        i = next(i for i, t in enumerate(sol) if t.lstrip("-").isdigit())
        sol[i] = str(int(sol[i]) + 1)
        return "[" + ", ".join(sol) + "]"

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        expr = answer.strip()
        if expr.startswith("["):
            expr = "".join(x.strip().strip("'\"") for x in expr.strip("[]").split(","))
        used = numbers_used(expr)
        if used != [Fraction(n) for n in ref["numbers"]]:
            return Verdict(correct=False, reason="must use the given numbers exactly once, in the given order")
        value = evaluate(expr)
        if value != ref["target"]:
            return Verdict(correct=False, reason=f"evaluates to {value}, not {ref['target']}")
        return Verdict(correct=True, reason="reaches the target")


for _cls in (EightQueens, Sudoku, CombinatorialCalculation):
    register("task", _cls.name, _cls.description)(_cls)


class _Truncating(SymBenchLogic):
    """For constraint tasks a changed number can be another valid answer; a truncated list never is."""

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        parts = self.reference_answer(sample).split(",")
        return ",".join(parts[:-1])


class LogicPuzzle(_Truncating):
    """Many selections satisfy the rules, so the rules are checked (the anchor checked only counts)."""

    name = "logic_puzzle"
    description = "Logic Puzzle: N different numbers incl. the given first one; row/column sums <= 4 or products > 0"
    data_path = "logic_puzzle_dataset"
    render = staticmethod(lambda s: ", ".join(f"{r} {c}" for r, c in s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        grid = ref["grid"]
        n = int(re.search(r"select (\d+) different numbers", sample.prompt).group(1))  # type: ignore[union-attr]
        first = tuple(int(x) for x in re.search(r"square \((\d+),\s*(\d+)\) as the first", sample.prompt).groups())  # type: ignore[union-attr]
        cells = _positions(answer)
        if len(set(cells)) != len(cells) or len(cells) != n:
            return Verdict(correct=False, reason=f"{len(set(cells))} distinct cells, need {n}")
        if any(not (0 <= r < len(grid) and 0 <= c < len(grid[0])) for r, c in cells):
            return Verdict(correct=False, reason="a cell is off the grid")
        if first not in cells:
            return Verdict(correct=False, reason=f"the given first cell {first} is not selected")
        if len({grid[r][c] for r, c in cells}) != n:
            return Verdict(correct=False, reason=f"the question asks for {n} different numbers")
        lines = [[grid[r][c] for r, c in cells if r == i] for i in range(len(grid))] + \
                [[grid[r][c] for r, c in cells if c == j] for j in range(len(grid[0]))]
        if ref["constraints"]["type"] == "sum_le_4":
            bad = [ln for ln in lines if ln and sum(ln) > 4]
        else:
            bad = [ln for ln in lines if ln and math.prod(ln) <= 0]
        if bad:
            return Verdict(correct=False, reason=f"a row or column breaks the rule: {bad[0]}")
        return Verdict(correct=True, reason="all rules hold")


_RULES = [
    (re.compile(r"Book (\w) cannot be placed in position (\d+)"), lambda p, a, b: p[a] != int(b)),
    (re.compile(r"Book (\w) must be placed in position (\d+)"), lambda p, a, b: p[a] == int(b)),
    (re.compile(r"Book (\w) must be to the left of book (\w)"), lambda p, a, b: p[a] < p[b]),
    (re.compile(r"Book (\w) must be to the right of book (\w)"), lambda p, a, b: p[a] > p[b]),
    (re.compile(r"Book (\w) must be adjacent to book (\w)"), lambda p, a, b: abs(p[a] - p[b]) == 1),
]


class PermutationsCombinations(_Truncating):
    name = "permutations_and_combinations"
    description = "Permutations & Combinations: any arrangement satisfying every stated constraint"
    data_path = "permutations_and_combinations"
    render = staticmethod(lambda s: json.dumps(s["correct_solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        order = [t for t in re.findall(r"[A-Za-z]+", answer)]
        if sorted(order) != sorted(ref["items"]):
            return Verdict(correct=False, reason=f"not an arrangement of {ref['items']}")
        pos = {b: i + 1 for i, b in enumerate(order)}
        for line in ref["constraints_text"].splitlines():
            for rx, ok in _RULES:
                if m := rx.search(line):
                    if not ok(pos, *m.groups()):
                        return Verdict(correct=False, reason=f"breaks: {line.strip()}")
                    break
            else:
                raise ValueError(f"unrecognised constraint {line!r}")
        return Verdict(correct=True, reason="every constraint holds")


class Pooling(SymBenchLogic):
    """Average pooling has repeating decimals; a model that rounds is right if its digits are the true value's."""

    name = "pooling"
    description = "Pooling: the pooled matrix; averages accepted when rounded correctly to >= 2 decimals"
    data_path = "pooling_dataset"
    render = staticmethod(lambda s: json.dumps(s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        got = re.findall(r"-?\d+(?:\.\d+)?", answer)
        want = [x for row in sample.reference["solution"] for x in row]  # type: ignore[index]
        if len(got) != len(want):
            return Verdict(correct=False, reason=f"{len(got)} values, expected {len(want)}")
        for i, (g, w) in enumerate(zip(got, want)):
            if not same_number(g, w):
                return Verdict(correct=False, reason=f"value {i} is {g}, expected {w}")
        return Verdict(correct=True, reason="every pooled value matches")


class MatrixTransformation(SymBenchLogic):
    """Cells are letters, digits or symbols, so the answer is split into cells rather than word tokens."""

    name = "matrix_transformation"
    description = "Matrix Transformation: exact cells of the transformed matrix"
    data_path = "matrix_transformation_dataset"
    render = staticmethod(lambda s: s["formatted_solution"])

    def check(self, sample: Sample, answer: str) -> Verdict:
        got = [c.strip("'\"") for c in re.split(r"[\s,\[\]]+", answer) if c.strip("'\"")]
        want = [x for row in sample.reference["solution"] for x in row]  # type: ignore[index]
        if got == want:
            return Verdict(correct=True, reason="every cell matches")
        diff = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        return Verdict(correct=False, reason=f"differs at cell {diff}: got {len(got)} cells, expected {len(want)}")


class LetterLogicDiagram(_Truncating):
    """84 of the 200 stored puzzles have more than one completion, so the rules are checked, not one grid."""

    name = "letter_logic_diagram"
    description = "Letter Logic Diagram: givens kept; rows and columns hold a-g once; one letter on the minor diagonal"
    data_path = "letter_logic_diagram"
    render = staticmethod(lambda s: "\n".join(",".join(r) for r in s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        cells = re.findall(r"\b[a-gA-G]\b", answer)
        if len(cells) != 49:
            return Verdict(correct=False, reason=f"{len(cells)} letters, need 49")
        g = [[c.lower() for c in cells[r * 7:(r + 1) * 7]] for r in range(7)]
        givens = sample.reference["grid"]  # type: ignore[index]
        for r in range(7):
            for c in range(7):
                if givens[r][c] and givens[r][c] != g[r][c]:
                    return Verdict(correct=False, reason=f"pre-filled cell ({r},{c}) changed")
        if any(sorted(line) != list("abcdefg") for line in [*g, *zip(*g)]):
            return Verdict(correct=False, reason="a row or column does not hold a-g exactly once")
        if len({g[r][6 - r] for r in range(7)}) != 1:
            return Verdict(correct=False, reason="the minor diagonal holds more than one letter")
        return Verdict(correct=True, reason="all rules hold")


for _cls in (Pooling, MatrixTransformation, LetterLogicDiagram, LogicPuzzle, PermutationsCombinations):
    register("task", _cls.name, _cls.description)(_cls)


Make = Callable[..., tuple[str, Any, dict[str, Any]]]


def generator(task: str, **knobs: Any) -> Callable[[Make], Make]:
    """Give a registered SymBench task a seeded generator with default `knobs`.

    `fn(rng, **knobs) -> (question, reference, metadata)`: the question is worded like the stored data and
    carries its own `<<<...>>>` format line; the reference has `solution.json`'s structure, so one verifier
    checks stored and generated instances alike.
    """

    def deco(fn: Make) -> Make:
        cls = lookup("task", task)
        cls.synthetic = True
        cls.knobs = dict(knobs)
        cls.make = lambda self, rng, **kw: fn(rng, **kw)
        return fn

    return deco


def draws(task: str, limit: int = 20_000) -> Iterator[int]:
    """Bounded rejection sampling: `for _ in draws(task):` ... `break` once a draw is valid. Knobs that make a
    valid instance impossible (or vanishingly rare) end in one clear error instead of a hang."""
    yield from range(limit)
    raise ConfigError(f"task {task!r}: no valid instance in {limit:,} draws with these knobs; make them less extreme")
