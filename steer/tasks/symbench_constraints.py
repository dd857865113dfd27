"""Seeded generators for SymBench's constraint tasks.

Each solver is a plain function of the instance's inputs; tests run it over every stored SymBench instance and
require its answer to pass the task's verifier (or to equal the stored reference where the task is exact-match).
Question texts are built by functions the tests also apply to stored inputs, so wording cannot drift.
"""

from __future__ import annotations

import itertools
import random
import re
from fractions import Fraction
from typing import Any

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.arith import evaluate
from steer.tasks.symbench_logic import SymBenchLogic, draws, generator

__all__ = ["book_rules_text", "books_question", "calc_complexity", "CALC_CONFIGS", "calc_question", "card_outcome",
           "cards_question", "EQUATION_CONFIGS", "equation_inputs", "equation_question", "GAME_PIECES", "LOGIC_CONFIGS", "logic_question",
           "opponent_cards", "parse_book_rules", "parse_relations", "queens_board", "queens_question", "relation_text",
           "solve_books", "solve_calculation", "solve_letters", "solve_queens", "solve_selection"]

Cell = tuple[int, int]
Made = tuple[str, Any, dict[str, Any]]


# --- eight queens --------------------------------------------------------------------------------------------

def _free(queens: list[Cell], cell: Cell) -> bool:
    return all(cell[0] != r and cell[1] != c and abs(cell[0] - r) != abs(cell[1] - c) for r, c in queens)


def solve_queens(placed: list[Cell], blocked: list[Cell], n: int = 8) -> list[Cell] | None:
    """The pre-placed queens, then rows top-down at their leftmost free column: the anchor's own search order."""
    taken = {r for r, _ in placed}
    bad = set(blocked)
    queens = list(placed)

    def place(row: int) -> bool:
        while row < n and row in taken:
            row += 1
        if row == n:
            return True
        for col in range(n):
            if (row, col) not in bad and _free(queens, (row, col)):
                queens.append((row, col))
                if place(row + 1):
                    return True
                queens.pop()
        return False

    return queens if _pairwise_free(placed) and place(0) else None


def _pairwise_free(queens: list[Cell]) -> bool:
    return all(_free(queens[:i], q) for i, q in enumerate(queens))


def queens_board(placed: list[Cell], blocked: list[Cell], n: int = 8) -> list[str]:
    rows = [["0"] * n for _ in range(n)]
    for r, c in placed:
        rows[r][c] = "1"
    for r, c in blocked:
        rows[r][c] = "X"
    return ["".join(r) for r in rows]


def queens_question(board: list[str], spelled: bool = True) -> str:
    """`spelled`: the main sets say "eight queens"; the varied-size sets say "8 queens"."""
    n = len(board)
    board_str = "\n".join(board)
    return (f"Given an {n}*{n} grid, cells marked with 1 have a queen placed, and cells marked with 0 are empty. "
            f"A total of {'eight' if spelled else n} queens need to be placed such that no two queens can attack each "
            "other, meaning no two queens can be in the same row, column, or diagonal. Additionally, positions "
            "marked with X are not allowed for placing queens. Please help me complete the placement of the "
            f"remaining queens on the partially filled board.\n\n{board_str}\n\nReturn your answer with the format "
            "<<<list of queen positions>>>, where each position is given as row column (0-based indices). For "
            "example, <<<0 3, 1 0, 2 4>>> means queens are placed at positions (0,3), (1,0), and (2,4).")


@generator("eight_queens", queens=[0, 3], blocked=[0, 4], size=[8, 8])
def _eight_queens(rng: random.Random, queens: list[int], blocked: list[int], size: list[int]) -> Made:
    """The anchor's scheme: non-attacking pre-placed queens and free blocked cells, redrawn until solvable.

    `size` > 8 gives the varied-complexity sets' n x n boards (n queens, "n queens" in the wording).
    """
    n = size[0] if size[0] == size[1] else rng.randint(*size)  # no draw for a fixed size: seeds keep their boards
    cells = [(r, c) for r in range(n) for c in range(n)]
    for _ in draws("eight_queens"):
        placed: list[Cell] = []
        for _ in range(rng.randint(*queens)):
            placed.append(rng.choice([p for p in cells if _free(placed, p)]))
        walls = rng.sample([p for p in cells if p not in placed], rng.randint(*blocked))
        if (solution := solve_queens(placed, walls, n)) is not None:
            break
    board = queens_board(placed, walls, n)
    ref = {"initial_board": board, "blocked_positions": [list(p) for p in walls],
           "placed_queens": [list(p) for p in placed], "solution": [list(p) for p in solution],
           "complexity": min(1 + len(placed) + len(walls) // 2, 5)}
    if n != 8:
        ref["board_size"] = n
    return queens_question(board, spelled=n == 8), ref, {}


# --- combinatorial calculation -------------------------------------------------------------------------------

def _calc_tokens(numbers: list[int], ops: tuple[str, ...], parens: list[Cell]) -> list[str]:
    """The anchor's layout: paren pairs index a running count of emitted tokens, so many layouts are malformed."""
    out: list[str] = []
    opens, closes = sorted(p[0] for p in parens), sorted(p[1] for p in parens)
    pos = 0
    for i, num in enumerate(numbers):
        while opens and pos == opens[0]:
            out.append("(")
            opens.pop(0)
            pos += 1
        out.append(str(num))
        pos += 1
        while closes and pos == closes[0]:
            out.append(")")
            closes.pop(0)
            pos += 1
        if i < len(ops):
            out.append(ops[i])
            pos += 1
    return out


def _well_formed(toks: list[str]) -> bool:
    """Cheap pre-check that skips the many malformed layouts before the (slower) exact evaluation."""
    depth = 0
    for prev, t in zip(["+", *toks], toks):
        operand_before = prev == ")" or prev.isdigit()
        if t == "(":
            depth += 1
            if operand_before:
                return False
        elif t == ")":
            depth -= 1
            if depth < 0 or not operand_before:
                return False
    return depth == 0


def calc_complexity(ops: tuple[str, ...] | list[str], parens: int) -> int:
    return min(max(len(ops) // 2 + ("*" in ops or "/" in ops) + parens, 1), 5)


def _float_value(toks: list[str]) -> float | None:
    """Fast filter before the exact check: two-level precedence with explicit stacks, None on division by zero."""
    nums: list[float] = []
    ops: list[str] = []

    def reduce() -> None:
        b, a, op = nums.pop(), nums.pop(), ops.pop()
        nums.append(a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b)

    try:
        for t in toks:
            if t == "(":
                ops.append(t)
            elif t == ")":
                while ops[-1] != "(":
                    reduce()
                ops.pop()
            elif t in _PREC:
                while ops and ops[-1] != "(" and _PREC[ops[-1]] >= _PREC[t]:
                    reduce()
                ops.append(t)
            else:
                nums.append(float(t))
        while ops:
            reduce()
    except ZeroDivisionError:
        return None
    return nums[0]


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def solve_calculation(numbers: list[int], target: int, complexity: tuple[int, int] = (1, 5)) -> list[str] | None:
    """The anchor's search order (operators, then 0-2 paren pairs), keeping the first hit within `complexity`.

    Hits are confirmed with exact fractions, so a hit is a true equality, never a floating-point near miss.
    """
    n = len(numbers)
    slots = tuple(f"#{i}" for i in range(n - 1))
    spots = range(2 * n - 1)
    pairs = {k: [[(at[i], at[i + 1]) for i in range(0, 2 * k, 2)] for at in itertools.combinations(spots, 2 * k)]
             for k in range(min(2, (n - 1) // 2) + 1)}
    layouts = {k: [lay for ps in v if _well_formed(lay := _calc_tokens(numbers, slots, ps))] for k, v in pairs.items()}
    for ops in itertools.product("+-*/", repeat=n - 1):
        fill = dict(zip(slots, ops))
        for k, lays in layouts.items():
            if not complexity[0] <= calc_complexity(ops, k) <= complexity[1]:
                continue
            for lay in lays:
                toks = [fill.get(t, t) for t in lay]
                v = _float_value(toks)
                if v is not None and abs(v - target) < 1e-6 and evaluate("".join(toks)) == target:
                    return toks
    return None


def calc_question(numbers: list[int], target: int) -> str:
    return (f"Given {len(numbers)} integers between 1 and 9, perform arithmetic operations (addition, subtraction, "
            "multiplication, division, and parentheses) between these integers. Each number must be used exactly "
            f"once and only once, and the final result should be {target}. Note: The order of the numbers is "
            "determined by the input, and you cannot change the order of the numbers. You can only insert "
            "arithmetic operations or parentheses between the numbers.\nReturn the answer with a list of values and "
            "calculation symbols. Return your answer with the format <<<list of values and symbols>>>, like "
            "<<<[1, +, 3]>>> means 1+3, <<<[4, -, (, 6, , 9, )]>>> means 4-69*.Now the input numbers are: "
            f"{', '.join(map(str, numbers))}, the target values is: {target}\n Your answer:")


# The anchor's (target, complexity range) per count of numbers; stored instances follow exactly these.
CALC_CONFIGS: dict[int, list[tuple[int, tuple[int, int]]]] = {
    3: [(10, (1, 2))], 4: [(24, (2, 3))], 5: [(78, (3, 4)), (69, (1, 4))], 6: [(100, (4, 5))]}


@generator("combinatorial_calculation", numbers=[3, 6])
def _combinatorial_calculation(rng: random.Random, numbers: list[int]) -> Made:
    """Digits 1-9 redrawn until the anchor's search reaches the target (3-6 numbers: larger searches are slow)."""
    count = rng.randint(*numbers)
    if count not in CALC_CONFIGS:
        raise ValueError(f"numbers must lie in 3..6, got {count}")
    target, span = rng.choice(CALC_CONFIGS[count])
    for _ in draws("combinatorial_calculation"):
        if (sol := solve_calculation(nums := [rng.randint(1, 9) for _ in range(count)], target, span)) is not None:
            break
    ops = [t for t in sol if t in _PREC]
    ref = {"numbers": nums, "target": target, "solution": sol, "complexity": calc_complexity(ops, sol.count("("))}
    return calc_question(nums, target), ref, {}


# --- permutations and combinations ---------------------------------------------------------------------------

_BOOK_RULES = {
    "fixed": (re.compile(r"Book (\w) must be placed in position (\d+)\."), "Book {} must be placed in position {}."),
    "left": (re.compile(r"Book (\w) must be to the left of book (\w)\."), "Book {} must be to the left of book {}."),
    "not": (re.compile(r"Book (\w) cannot be placed in position (\d+)\."), "Book {} cannot be placed in position {}."),
    "right": (re.compile(r"Book (\w) must be to the right of book (\w)\."), "Book {} must be to the right of book {}."),
    "adjacent": (re.compile(r"Book (\w) must be adjacent to book (\w)\."), "Book {} must be adjacent to book {}."),
}
Rule = tuple[str, str, Any]


def parse_book_rules(text: str) -> list[Rule]:
    out = []
    for line in text.splitlines():
        kind, m = next((k, m) for k, (rx, _) in _BOOK_RULES.items() if (m := rx.search(line)))
        a, b = m.groups()
        out.append((kind, a, int(b) if b.isdigit() else b))
    return out


def book_rules_text(rules: list[Rule]) -> str:
    return "\n".join(f"{i}. " + _BOOK_RULES[k][1].format(a, b) for i, (k, a, b) in enumerate(rules, 1))


def _book_ok(kind: str, pa: int | None, b: Any, pos: dict[str, int]) -> bool:
    """Whether a rule can still hold; unplaced books (None) never rule it out."""
    if kind in ("fixed", "not"):
        return pa is None or (pa == b) == (kind == "fixed")
    pb = pos.get(b)
    if pa is None or pb is None:
        return True
    return pa < pb if kind == "left" else pa > pb if kind == "right" else abs(pa - pb) == 1


def solve_books(items: list[str], rules: list[Rule]) -> list[str] | None:
    """The first arrangement in the anchor's order (itertools.permutations of the sorted books) obeying every rule.

    Depth-first with pruning instead of the anchor's full scan, same order, so the same first answer.
    """
    pos: dict[str, int] = {}
    taken: dict[int, str] = {}

    def place(slot: int) -> bool:
        if slot > len(items):
            return True
        for book in items:
            if book in pos:
                continue
            pos[book], taken[slot] = slot, book
            fixed_clash = any(k == "fixed" and b <= slot and pos.get(a) != b for k, a, b in rules)
            if not fixed_clash and all(_book_ok(k, pos.get(a), b, pos) for k, a, b in rules) and place(slot + 1):
                return True
            del pos[book], taken[slot]
        return False

    return sorted(items, key=pos.__getitem__) if place(1) else None


def books_question(items: list[str], rules_text: str) -> str:
    n = len(items)
    return (f"Xiao Wang is a librarian responsible for shelving {n} books labeled {', '.join(items)} on a shelf with "
            f"positions 1 to {n}.\n\nThe constraints are:\n{rules_text}\n\nQuestion:\nBased on the above conditions, "
            f"please arrange the {n} books from left to right on the bookshelf, i.e. positions 1 through {n}. Return "
            "your answer with the format <<< a list of strings >>>, one solution is enough.for example:\n"
            '<<<["A", "B", "C"]>>>\nYour answer:\n')


@generator("permutations_and_combinations", books=[6, 9], extra_rules=1)
def _permutations_and_combinations(rng: random.Random, books: list[int], extra_rules: int) -> Made:
    """The anchor's scheme: `complexity` = books + extra_rules, and that many (or one more) random rules,
    redrawn until some arrangement obeys them all."""
    items = [chr(ord("A") + i) for i in range(rng.randint(*books))]
    complexity = len(items) + extra_rules
    for _ in draws("permutations_and_combinations"):
        rules: list[Rule] = []
        for _ in range(rng.randint(complexity, complexity + 1)):
            kind = rng.choice(["fixed", "left", "not", "right", "adjacent"])
            if kind in ("fixed", "not"):
                rules.append((kind, rng.choice(items), rng.randint(1, len(items))))
            else:
                a, b = rng.sample(items, 2)
                rules.append((kind, a, b))
        if (solution := solve_books(items, rules)) is not None:
            break
    text = book_rules_text(rules)
    ref = {"items": items, "constraints_text": text, "correct_solution": solution, "complexity": complexity}
    return books_question(items, text), ref, {}


# --- logic puzzle --------------------------------------------------------------------------------------------

def _even_negatives(grid: list[list[int]], size: int, must: Cell | None) -> list[Cell] | None:
    """`size` negative cells with distinct values, an even number in every row and column (so every product of
    the selection stays positive), including `must`; depth-first over cells in reading order."""
    neg = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v < 0]
    last_r = {r: i for i, (r, _) in enumerate(neg)}
    last_c = {c: i for i, (_, c) in enumerate(neg)}
    chosen: list[Cell] = []
    odd_r: set[int] = set()
    odd_c: set[int] = set()
    used: set[int] = set()

    def pick(i: int) -> bool:
        left = size - len(chosen)
        if len(odd_r) > left or len(odd_c) > left:
            return False
        if any(last_r[r] < i for r in odd_r) or any(last_c[c] < i for c in odd_c):
            return False  # an odd row or column has no negative cell left to fix it
        if must is not None and must not in chosen and (i >= len(neg) or neg[i] > must):
            return False
        if left == 0:
            return True
        if i >= len(neg) or len(neg) - i < left:
            return False
        r, c = neg[i]
        if grid[r][c] not in used:
            chosen.append((r, c))
            used.add(grid[r][c])
            odd_r.symmetric_difference_update({r})
            odd_c.symmetric_difference_update({c})
            if pick(i + 1):
                return True
            chosen.pop()
            used.discard(grid[r][c])
            odd_r.symmetric_difference_update({r})
            odd_c.symmetric_difference_update({c})
        return (r, c) != must and pick(i + 1)

    return chosen if pick(0) else None


def solve_selection(grid: list[list[int]], count: int, rule: str, start: Cell) -> list[Cell] | None:
    """`count` cells with distinct values (the question's "different numbers"), `start` first, obeying `rule`.

    sum_le_4 (the anchor's 2x2 and 3x3 grids) is searched exhaustively. For product_gt_0 a selection is positive
    cells, one per distinct value, plus negatives forming an even count in every row and column; the fewest such
    negatives are searched first.
    """
    cells = [(r, c) for r in range(len(grid)) for c in range(len(grid[0]))]
    if rule == "sum_le_4":
        rest = [p for p in cells if p != start]
        for combo in itertools.combinations(rest, count - 1):
            pick = [start, *combo]
            vals = [grid[r][c] for r, c in pick]
            lines = [[v for (r, _), v in zip(pick, vals) if r == i] for i in range(len(grid))] + [
                [v for (_, c), v in zip(pick, vals) if c == j] for j in range(len(grid[0]))]
            if len(set(vals)) == count and all(sum(ln) <= 4 for ln in lines):
                return pick
        return None
    first_of: dict[int, Cell] = {}
    for r, c in [start, *cells]:
        if grid[r][c] > 0:
            first_of.setdefault(grid[r][c], (r, c))
    positives = list(first_of.values())
    start_neg = grid[start[0]][start[1]] < 0
    if grid[start[0]][start[1]] == 0:
        return None
    for k in range(max(count - len(positives), 4 if start_neg else 0), count + 1):
        if k % 2 or (0 < k < 4):
            continue
        if (negs := _even_negatives(grid, k, start if start_neg else None)) is not None:
            pick = positives[:count - k] + negs
            return [start] + sorted(p for p in pick if p != start)
    return None


LOGIC_CONFIGS = {  # the anchor's: complexity -> (grid side, cells to select, value range, rule)
    1: (2, 3, (1, 3), "sum_le_4"), 2: (3, 4, (1, 4), "sum_le_4"), 3: (4, 6, (-5, 8), "product_gt_0"),
    4: (5, 9, (-8, 8), "product_gt_0"), 5: (5, 10, (-10, 10), "product_gt_0"), 6: (6, 12, (-12, 12), "product_gt_0"),
    7: (7, 16, (-14, 14), "product_gt_0"), 8: (8, 18, (-16, 16), "product_gt_0"),
    9: (9, 20, (-18, 18), "product_gt_0"), 10: (10, 25, (-20, 20), "product_gt_0")}


def logic_question(grid: list[list[int]], count: int, rule: str) -> str:
    n = len(grid)
    rule_text = ("The sum of the selected numbers in each row and each column should be less than or equal to 4. "
                 if rule == "sum_le_4" else
                 "The product of each row and column of the selected number must be greater than 0. ")
    rows = "\n".join(", ".join(map(str, r)) for r in grid)
    return (f"Given a {n}*{n} grid where each cell contains a number (between {min(map(min, grid))} to "
            f"{max(map(max, grid))}), you must select {count} different numbers from these cells. {rule_text}"
            "The numbers in the same row are separated by ',', and the coordinate system uses the top-left cell as "
            "the coordinate (1,1), with the horizontal coordinate under the top-left cell increasing and the "
            "vertical coordinate to the right of the top-left cell increasing.\n"
            f"Using the number {grid[0][n - 1]} in the top-rightmost square (0,{n - 1}) as the first selected number\n"
            f"{rows}\n\nReturn your answer with the format <<<list of selected number positions>>>, where each "
            "position is given as row column (0-based indices). For example, <<<0 3, 1 0, 2 4>>> means numbers "
            "selected are at positions (0,3), (1,0), and (2,4).")


@generator("logic_puzzle", complexity=[1, 10])
def _logic_puzzle(rng: random.Random, complexity: list[int]) -> Made:
    """The anchor's grids (70% positive where negatives are allowed), redrawn until a selection exists."""
    level = rng.randint(*complexity)
    n, count, (lo, hi), rule = LOGIC_CONFIGS[level]
    for _ in draws("logic_puzzle"):
        grid = [[(rng.randint(1, hi) if rng.random() < 0.7 else rng.randint(lo, -1)) if lo < 0 else rng.randint(lo, hi)
                 for _ in range(n)] for _ in range(n)]
        if (sol := solve_selection(grid, count, rule, (0, n - 1))) is not None:
            break
    ref = {"grid": grid, "solution": [list(p) for p in sol], "complexity": level, "constraints": {"type": rule}}
    return logic_question(grid, count, rule), ref, {}


# --- logical equation ----------------------------------------------------------------------------------------

_EQ = re.compile(r"^([A-Z]) (?:([+-]) ([A-Z]) = (-?\d+)|= (\d+(?:\.\d+)?)([A-Z])|> ([A-Z]))$")
Relation = tuple[str, str, str, Fraction]  # (kind, left, right, constant): kind in + - * >


def parse_relations(lines: list[str]) -> list[Relation]:
    out = []
    for line in lines:
        m = _EQ.match(line.strip())
        if m is None:
            raise ValueError(f"unrecognised relation {line!r}")
        a, op, b, k, mult, mb, gb = m.groups()
        if op:
            out.append((op, a, b, Fraction(k)))
        else:
            out.append(("*", a, mb, Fraction(mult)) if mult else (">", a, gb, Fraction(0)))
    return out


def relation_text(rel: Relation) -> str:
    kind, a, b, k = rel
    if kind == "*":
        return f"{a} = {float(k)}{b}"
    return f"{a} > {b}" if kind == ">" else f"{a} {kind} {b} = {k}"


def _holds(rel: Relation, va: int, vb: int) -> bool:
    kind, _, _, k = rel
    return va + vb == k if kind == "+" else va - vb == k if kind == "-" else va == k * vb if kind == "*" else va > vb


def solve_letters(values: list[int], relations: list[Relation], limit: int = 2) -> list[list[int]]:
    """Up to `limit` one-to-one assignments of `values` to letters A.. satisfying every relation.

    Letters are taken most-constrained first and relations checked as soon as both sides are set, so a unique
    answer is proved by exhausting a small tree.
    """
    letters = [chr(65 + i) for i in range(len(values))]
    degree = {x: sum(x in (a, b) for _, a, b, _ in relations) for x in letters}
    order: list[str] = []
    while len(order) < len(letters):  # grow along relations so each new letter is pinned by a set one
        linked = [x for x in letters if x not in order and any({x, a, b} & set(order) and x in (a, b)
                                                              for _, a, b, _ in relations)]
        pool = linked or [x for x in letters if x not in order]
        order.append(max(pool, key=lambda x: (degree[x], -ord(x))))
    checks = {x: [r for r in relations if x in (r[1], r[2]) and {r[1], r[2]} <= set(order[:order.index(x) + 1])]
              for x in letters}
    found: list[list[int]] = []
    value: dict[str, int] = {}
    free = sorted(values)

    def assign(i: int) -> None:
        if len(found) >= limit:
            return
        if i == len(order):
            found.append([value[x] for x in letters])
            return
        x = order[i]
        for j, v in enumerate(free):
            if j and free[j - 1] == v:
                continue
            value[x] = v
            if all(_holds(r, value[r[1]], value[r[2]]) for r in checks[x]):
                free.pop(j)
                assign(i + 1)
                free.insert(j, v)
            del value[x]

    assign(0)
    return found


# The anchor's (letters, relations, values) configurations; every stored instance uses one of them.
EQUATION_CONFIGS: list[tuple[int, int, list[int]]] = [
    (9, 7, [1, 3, 4, 9, 16, 27, 36, 80, 121]), (9, 8, [3, 6, 9, 20, 32, 36, 80, 121, 120]),
    (11, 10, [3, 9, 16, 27, 36, 48, 75, 80, 121, 150, 225]),
    (11, 11, [3, 9, 16, 20, 39, 48, 75, 80, 121, 150, 225]),
    (13, 10, [1, 2, 3, 5, 7, 16, 15, 24, 10, 45, 28, 36, 50]),
    (13, 11, [2, 3, 5, 7, 16, 15, 24, 10, 45, 28, 36, 50, 96]),
    (13, 12, [2, 3, 5, 7, 16, 15, 24, 10, 45, 28, 36, 50, 96]),
    (15, 12, [2, 3, 5, 7, 16, 15, 24, 10, 45, 28, 36, 50, 78, 90, 100]),
    (15, 13, [1, 3, 5, 7, 16, 15, 24, 12, 45, 34, 36, 56, 78, 95, 100]),
    (15, 14, [1, 3, 5, 7, 16, 15, 24, 12, 45, 34, 36, 56, 78, 95, 100])]
_MULTS = [Fraction(x, 10) for x in range(11, 50)]


def equation_question(values: list[int], relations: list[Relation]) -> str:
    letters = [chr(65 + i) for i in range(len(values))]
    lines = "".join(f"{i}. {relation_text(r)}\n" for i, r in enumerate(relations, 1))
    return ("Calculate the number for each letter based on the range and set of inequalities that the given letter "
            f"represents. There are {len(values)} letters {', '.join(letters)}, each representing one of the numbers "
            f"{', '.join(map(str, sorted(values)))}. The system of inequalities is satisfied as follows:\n{lines}\n"
            "Return the answers in alphabetical order starting with A, and each element in the list represents the "
            "value of the corresponding letter. Return your answer with the format <<<list of values>>>, like "
            "<<<[1, 2, 3]>>> means that A represents 1, B represents 2, and C represents 3.")


def _random_relation(rng: random.Random, value: dict[str, int]) -> Relation | None:
    """One of the anchor's relation kinds, drawn true of `value` (products 95% of the time, else an order)."""
    pairs = list(itertools.permutations(value, 2))
    kind = rng.choice("*-+") if rng.random() < 0.95 else ">"
    if kind == "*":
        options = [(a, b, m) for a, b in pairs for m in _MULTS if value[a] == m * value[b]]
        return ("*", *rng.choice(options)) if options else None
    if kind == ">":
        a, b = rng.choice([(a, b) for a, b in pairs if value[a] > value[b]])
        return (">", a, b, Fraction(0))
    if kind == "+":
        a, b = rng.choice(list(itertools.combinations(value, 2)))
        return ("+", a, b, Fraction(value[a] + value[b]))
    a, b = rng.choice(pairs)
    return ("-", a, b, Fraction(value[a] - value[b]))


def equation_inputs(question: str) -> tuple[list[int], list[Relation]]:
    """The values and relations a Logical Equation question states."""
    listed = re.search(r"one of the numbers ([\d, ]+)\.", question)
    if listed is None:
        raise ValueError("no value list in the question")
    return [int(x) for x in listed[1].split(", ")], parse_relations(re.findall(r"^\d+\. (.*)$", question, re.M))


@register("task", "logical_equation", "Logical Equation: letters take the listed values once each; every relation holds")
class LogicalEquation(SymBenchLogic):
    """111 of the 150 stored systems admit more than one assignment, so the relations are checked, not one answer."""

    name = "logical_equation"
    description = "Logical Equation: letters take the listed values once each; every relation holds"
    data_path = "logical_equation"

    def check(self, sample: Sample, answer: str) -> Verdict:
        values, relations = equation_inputs(sample.prompt)
        got = [int(x) for x in re.findall(r"-?\d+", answer)]
        if sorted(got) != sorted(values):
            return Verdict(correct=False, reason=f"not the listed values once each: {got}")
        value = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", got))
        for rel in relations:
            if not _holds(rel, value[rel[1]], value[rel[2]]):
                return Verdict(correct=False, reason=f"breaks {relation_text(rel)}")
        return Verdict(correct=True, reason="every relation holds")


@generator("logical_equation", letters=[9, 15], tries=20)
def _logical_equation(rng: random.Random, letters: list[int], tries: int) -> Made:
    """An anchor configuration and shuffled answer, with its number of distinct relations; only puzzles with a
    single answer are kept, since the task is checked by exact match. After `tries` redraws without one, relations
    are added until the answer is unique."""
    count, size, values = rng.choice([c for c in EQUATION_CONFIGS if letters[0] <= c[0] <= letters[1]])
    answer = rng.sample(values, len(values))
    value = {chr(65 + i): v for i, v in enumerate(answer)}
    for attempt in range(tries + 1):
        relations: list[Relation] = []
        while len(relations) < size or (attempt == tries and len(solve_letters(values, relations)) > 1):
            if (rel := _random_relation(rng, value)) is not None and rel not in relations:
                relations.append(rel)
        if len(solve_letters(values, relations)) == 1:
            break
    return equation_question(values, relations), answer, {}


# --- constrained linear arrangement (card games) -------------------------------------------------------------

_GENERATES = dict(zip("ABCDE", "BCDEA"))
_OVERCOMES = dict(zip("ABCDE", "CDEAB"))
_BEATS = dict(zip("ABCD", "BCDA"))
GAME_PIECES = {"elements": "ABCDE", "stick_game": "ABCD", "animal": "ABCDEFGH"}


def card_outcome(game: str, mine: str, theirs: str, stated: bool = True) -> str:
    """My result for one round. `stated=False` is the anchor's code, which for the five elements ignores the
    opponent's card generating or overcoming mine (a draw there, though the stated rules decide it)."""
    if game == "elements":
        if _GENERATES[mine] == theirs or (stated and _OVERCOMES[theirs] == mine):
            return "loss"
        if _OVERCOMES[mine] == theirs or (stated and _GENERATES[theirs] == mine):
            return "win"
        return "draw"
    if game == "stick_game":  # a cycle; cards two steps apart draw
        return "win" if _BEATS[mine] == theirs else "loss" if _BEATS[theirs] == mine else "draw"
    if mine == theirs:
        return "draw"
    if {mine, theirs} == {"A", "H"}:  # the mouse captures the elephant
        return "win" if mine == "H" else "loss"
    return "win" if mine < theirs else "loss"  # A (elephant) is the largest


def opponent_cards(game: str, mine: list[str], results: list[str], stated: bool = True,
                   limit: int = 2) -> list[list[str]]:
    """Up to `limit` opponent card sequences (each card at most once) giving exactly these results."""
    found: list[list[str]] = []
    seq: list[str] = []

    def play(i: int) -> None:
        if len(found) >= limit:
            return
        if i == len(mine):
            found.append(list(seq))
            return
        for card in GAME_PIECES[game]:
            if card not in seq and card_outcome(game, mine[i], card, stated) == results[i]:
                seq.append(card)
                play(i + 1)
                seq.pop()

    play(0)
    return found


_GAME_RULES = {  # the anchor's wording, one stored line per list item
    "elements": "\n".join([
        "Both parties, A and B, each have a set of five-element flags, with each person holding five "
        "cards representing Metal, Wood, Water, Fire, and Earth. Each card can only be used once. Both "
        "players play their cards simultaneously without seeing the opponent's card, and the referee "
        "announces the result of each round.",
        "Rules:",
        "1. When card 1 generates card 2, the holder of card 1 loses;",
        "2. When card 1 overcomes card 2, the holder of card 1 wins;",
        "3. When both cards are the same or no card generates or overcomes each other, it is a draw.",
        "Known:",
        "1. Generation: Wood A generates Fire B, Fire B generates Earth C, Earth C generates Metal D, "
        "Metal D generates Water E, Water E generates Wood A.",
        "2. Overcoming: Wood A overcomes Earth C, Earth C overcomes Water E, Water E overcomes Fire B, "
        "Fire B overcomes Metal D, Metal D overcomes Wood A.",
    ]),
    "stick_game": "\n".join([
        'Both parties, A and B, are playing a game called "Stick, Tiger, Chicken." Each person has four '
        "cards: Stick (A), Tiger (B), Chicken (C), and Worm (D). Each card can only be used once. Both "
        "players play their cards simultaneously without seeing the other's card, and a referee "
        "announces the result of each round.",
        "",
        "Rules:",
        "1. Stick beats Tiger, Tiger eats Chicken, Chicken eats Worm, Worm beats Stick, and so on in a "
        "cycle.",
        "2. If both players play the same card or cards that are one step apart in the cycle, it is "
        "considered a draw.",
    ]),
    "animal": "\n".join([
        "Both parties, A and B, play a game similar to Jungle Chess. Each player has 8 animal pieces, "
        "ranked from largest to smallest: Elephant (A), Lion (B), Tiger (C), Leopard (D), Wolf (E), Dog "
        "(F), Cat (G), and Mouse (H). Both players reveal their pieces simultaneously, but cannot see "
        "the opponent's piece. The referee announces the result of the match.",
        "",
        "Rules:",
        "1. The goal for both players is to reach the opponent's den in 5 steps. The first to "
        "accumulate 5 steps wins.",
        "2. When a smaller piece encounters a larger piece, the smaller piece is captured, and the "
        "player with the larger piece wins.",
        "3. Mutual capture: When pieces of the same type encounter each other, they mutually capture "
        "and the result is a draw.",
        "4. Mouse captures Elephant: Apart from the size hierarchy, the Mouse can capture the Elephant, "
        "but the Elephant cannot capture the Mouse.",
        "5. Each piece can only be used once.",
    ]),
}


def cards_question(game: str, mine: list[str], results: list[str]) -> str:
    rounds = "".join(f"Round {i}: {m}, {r}.\n" for i, (m, r) in enumerate(zip(mine, results), 1))
    return (f"{_GAME_RULES[game]}\n\nAssuming you are one of the players, deduce what cards your opponent played each "
            f"round based on the cards you played and the results of each round.\n\nRounds:\n{rounds}\n"
            "Use a list of letters to show your answer. For example, <<<A,B,C>>>.")


@register("task", "constrained_linear_arrangement",
          "Cons. Linear Arrangement: any opponent cards giving the stated results under the stated rules")
class ConstrainedLinearArrangement(SymBenchLogic):
    """Most stored rounds admit several opponent sequences, and for the five elements the anchor's references follow
    its code rather than the rules it states; the stated rules are checked, so those references are listed invalid."""

    name = "constrained_linear_arrangement"
    description = "Cons. Linear Arrangement: any opponent cards giving the stated results under the stated rules"
    data_path = "constrained_linear_arrangement"
    render = staticmethod(lambda s: ",".join(s["solution"]))

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        return ",".join(self.reference_answer(sample).split(",")[:-1])

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        game, mine, results = ref["game_type"], ref["player_moves"], ref["results"]
        cards = re.findall(r"\b[A-H]\b", answer)
        if len(cards) != len(mine):
            return Verdict(correct=False, reason=f"{len(cards)} cards for {len(mine)} rounds")
        if len(set(cards)) != len(cards) or not set(cards) <= set(GAME_PIECES[game]):
            return Verdict(correct=False, reason="each of the game's cards can be played once")
        for i, (m, t, r) in enumerate(zip(mine, cards, results), 1):
            if card_outcome(game, m, t) != r:
                return Verdict(correct=False, reason=f"round {i}: {m} against {t} is a {card_outcome(game, m, t)}, "
                                                     f"not a {r}")
        return Verdict(correct=True, reason="every round's result follows")


@generator("constrained_linear_arrangement", games=["elements", "stick_game", "animal"], rounds=[3, 5])
def _constrained_linear_arrangement(rng: random.Random, games: list[str], rounds: list[int]) -> Made:
    """Random hands played out under the rules as the question states them, kept only when the opponent's cards
    follow uniquely, since the task is checked by exact match. Rounds are capped at the number of cards."""
    game = rng.choice(games)
    n = min(rng.randint(*rounds), len(GAME_PIECES[game]))
    for _ in draws("constrained_linear_arrangement"):
        mine, theirs = rng.sample(GAME_PIECES[game], n), rng.sample(GAME_PIECES[game], n)
        results = [card_outcome(game, m, t) for m, t in zip(mine, theirs)]
        if len(opponent_cards(game, mine, results)) == 1:
            break
    ref = {"game_type": game, "player_moves": mine, "solution": theirs, "results": results, "complexity": n}
    return cards_question(game, mine, results), ref, {}
