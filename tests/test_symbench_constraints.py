"""Constraint-task generators: each solver answers every stored SymBench instance; knobs change difficulty."""

from __future__ import annotations

import json
import re

from conftest import SYMBENCH

from steer.records import Sample
from steer.tasks import get_task
from steer.tasks.symbench_constraints import (
    CALC_CONFIGS,
    LOGIC_CONFIGS,
    book_rules_text,
    books_question,
    calc_question,
    cards_question,
    equation_inputs,
    equation_question,
    logic_question,
    opponent_cards,
    parse_book_rules,
    queens_board,
    queens_question,
    solve_books,
    solve_calculation,
    solve_letters,
    solve_queens,
    solve_selection,
)


def stored(folder: str) -> list[tuple[str, dict]]:
    """(question, solution) of every stored instance, in sample order."""
    dirs = [d for d in (SYMBENCH / folder).iterdir() if (d / "solution.json").exists()]
    dirs.sort(key=lambda d: tuple(int(x) for x in re.findall(r"\d+", d.name)))
    return [((d / "question.txt").read_text(), json.loads((d / "solution.json").read_text())) for d in dirs]


def as_sample(task: str, question: str, ref: dict) -> Sample:
    return Sample(id="t", task=task, prompt=question.strip(), reference=ref, verifier=task)


# Stored instances for which no answer satisfies the question, so the anchor's reference cannot be reproduced.
# Logic Puzzle: 24 of the 27 stored selections that break the rule (tests/test_tasks.py KNOWN_INVALID) belong to
# grids where no selection of distinct numbers obeys it (confirmed by brute force below); 18 of them would have
# one if a value could be picked twice, 6 have none at all. E.g. sample_31, grid [[2,1,2],[3,1,3],[4,2,2]], 4 cells
# from (0,2) with row/column sums <= 4: the anchor stored (0,1),(1,2),(2,0),(0,2), whose column 2 sums to 5.
# The anchor's checks were memoised on the cell positions alone, so a verdict from an earlier grid was reused.
# Logical Equation: 111 of 150 stored systems admit more than one assignment (the stored one is always among
# them), while the task is checked by exact match against the stored one, so a right answer can be marked wrong.
# E.g. sample_11_10_1: E and K appear in no relation, so E=80, K=27 (stored) and E=27, K=80 both hold. The
# anchor checked the relations instead; generated systems are kept only when the answer is unique.
# Cons. Linear Arrangement (card games): 128 of 200 stored rounds admit several opponent sequences even under the
# anchor's own rules (e.g. sample_0, elements: my D "draw" fits the stored D but also B and C), yet the task is
# exact-match. Worse, for the five elements the anchor's code calls a round a draw when the opponent's card
# generates or overcomes mine, while the stated rules decide it: 56 of the 68 stored elements answers contradict
# the question's rules (sample_1, round 2: my C against the stored B is "draw", but B generates C, so B's holder
# loses), and 24 of those have no answer at all under them. Generated rounds follow the stated rules, one answer.
KNOWN_MISMATCH = {"logic_puzzle": 24, "logical_equation": 111, "constrained_linear_arrangement": 128,
                  "constrained_linear_arrangement_stated_rules": 56, "constrained_linear_arrangement_no_answer": 24}


def cells(xs: list[list[int]]) -> list[tuple[int, int]]:
    return [(r, c) for r, c in xs]


QUEEN_FOLDERS = ["eight_queens_dataset", "eight_queens_dataset_2", "eight_queens_dataset_hard"] + [
    f"eight_queens_dataset_varied_complexity/eight_queens_dataset_complexity{k}" for k in range(1, 6)]


def test_eight_queens_solver_reproduces_every_stored_reference() -> None:
    task = get_task("eight_queens")
    total = 0
    for folder in QUEEN_FOLDERS:
        for q, s in stored(folder):
            n = s.get("board_size", 8)
            placed, blocked = cells(s["placed_queens"]), cells(s["blocked_positions"])
            assert queens_board(placed, blocked, n) == s["initial_board"]
            assert queens_question(s["initial_board"], "varied" not in folder) == q.strip()
            assert solve_queens(placed, blocked, n) == cells(s["solution"])
            answer = ", ".join(f"{r} {c}" for r, c in solve_queens(placed, blocked, n))  # type: ignore[union-attr]
            assert task.check(as_sample("eight_queens", q, s), answer).correct
            assert not task.check(as_sample("eight_queens", q, s), answer.rsplit(",", 1)[0]).correct  # one short
            total += 1
    assert total == 150 + 350 + 20 + 5 * 20


def count_queen_solutions(placed: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> int:
    """Independent count of completions: every permutation placement checked directly."""
    from itertools import permutations
    fixed = dict(placed)
    return sum(all(fixed.get(r, c) == c and (r, c) not in blocked for r, c in enumerate(p))
               and len({r - c for r, c in enumerate(p)}) == 8 and len({r + c for r, c in enumerate(p)}) == 8
               for p in permutations(range(8)))


def test_eight_queens_knobs() -> None:
    t = get_task("eight_queens")
    easy = [t.generate(s, queens=[0, 0], blocked=[0, 0]).reference for s in range(5)]
    hard = [t.generate(s, queens=[3, 3], blocked=[4, 4]).reference for s in range(5)]
    assert all(r["complexity"] == 1 for r in easy) and all(r["complexity"] == 5 for r in hard)
    assert all(len(r["placed_queens"]) == 3 and len(r["blocked_positions"]) == 4 for r in hard)
    n_easy = [count_queen_solutions(cells(r["placed_queens"]), cells(r["blocked_positions"])) for r in easy]
    n_hard = [count_queen_solutions(cells(r["placed_queens"]), cells(r["blocked_positions"])) for r in hard]
    assert min(n_hard) >= 1 and max(n_hard) < min(n_easy) == 92  # fewer completions to find: harder
    big = t.generate(3, size=[10, 12])
    n = big.reference["board_size"]
    assert n in (10, 11, 12) and f"A total of {n} queens" in big.prompt
    assert t.verify(big, t.reference_answer(big)).correct
    assert not t.verify(big, t.reference_answer(big).rsplit(",", 1)[0]).correct


def test_combinatorial_calculation_solver_reproduces_every_stored_reference() -> None:
    """The anchor's own search order is replayed, so even the choice among many valid answers matches."""
    task = get_task("combinatorial_calculation")
    folders = ["combinatorial_calculation"] + [
        f"combinatorial_calculation_varied_complexity/combinatorial_calculation_complexity{k}" for k in (2, 4, 5)]
    total = 0
    for folder in folders:
        for q, s in stored(folder):
            assert calc_question(s["numbers"], s["target"]) == q
            span = dict(CALC_CONFIGS[len(s["numbers"])])[s["target"]]
            got = solve_calculation(s["numbers"], s["target"], span)
            assert got == s["solution"]
            assert task.check(as_sample("combinatorial_calculation", q, s), "[" + ", ".join(got) + "]").correct
            total += 1
    assert total == 150 + 60


def test_combinatorial_calculation_knobs() -> None:
    t = get_task("combinatorial_calculation")
    few = [t.generate(s, numbers=[3, 3]).reference for s in range(6)]
    many = [t.generate(s, numbers=[6, 6]).reference for s in range(6)]
    assert all(len(r["numbers"]) == 3 for r in few) and all(len(r["numbers"]) == 6 for r in many)
    assert max(r["complexity"] for r in few) < min(r["complexity"] for r in many)
    assert max(len(r["solution"]) for r in few) < min(len(r["solution"]) for r in many)


def test_permutations_and_combinations_solver_reproduces_every_stored_reference() -> None:
    """Same search order as the anchor (first permutation in sorted order), so the same answer, not just a valid one."""
    task = get_task("permutations_and_combinations")
    data = stored("permutations_and_combinations")
    assert len(data) == 200
    for q, s in data:
        rules = parse_book_rules(s["constraints_text"])
        assert book_rules_text(rules) == s["constraints_text"]
        assert books_question(s["items"], s["constraints_text"]) == q
        got = solve_books(s["items"], rules)
        assert got == s["correct_solution"]
        assert task.check(as_sample("permutations_and_combinations", q, s), json.dumps(got)).correct


def arrangements_allowed(ref: dict) -> int:
    """Independent brute force over every arrangement, with the task's own verifier."""
    from itertools import permutations
    task, sample = get_task("permutations_and_combinations"), as_sample("permutations_and_combinations", "", ref)
    return sum(task.check(sample, " ".join(p)).correct for p in permutations(ref["items"]))


def test_permutations_and_combinations_knobs() -> None:
    t = get_task("permutations_and_combinations")
    loose = [t.generate(s, books=[6, 6], extra_rules=0).reference for s in range(8)]
    tight = [t.generate(s, books=[6, 6], extra_rules=4).reference for s in range(8)]
    assert all(r["complexity"] == 6 for r in loose) and all(r["complexity"] == 10 for r in tight)
    assert all(len(r["constraints_text"].splitlines()) >= 10 for r in tight)
    assert sum(map(arrangements_allowed, tight)) < sum(map(arrangements_allowed, loose))  # fewer answers: harder
    big = [t.generate(s, books=[9, 9]).reference for s in range(3)]
    assert all(len(r["correct_solution"]) == 9 for r in big)


def brute_selection(grid: list[list[int]], count: int, rule: str, distinct: bool) -> bool:
    """Independent exhaustive check for small grids: does any selection obey the rule?"""
    from itertools import combinations
    from math import prod
    n = len(grid)
    start = (0, n - 1)
    for combo in combinations([(r, c) for r in range(n) for c in range(n) if (r, c) != start], count - 1):
        pick = [start, *combo]
        if distinct and len({grid[r][c] for r, c in pick}) < count:
            continue
        lines = [[grid[r][c] for r, c in pick if r == i] for i in range(n)] + [
            [grid[r][c] for r, c in pick if c == i] for i in range(n)]
        if all(sum(ln) <= 4 if rule == "sum_le_4" else prod(ln) > 0 for ln in lines if ln):
            return True
    return False


def test_logic_puzzle_solver_reproduces_every_stored_reference() -> None:
    """Many selections are valid, so the solver's own selection must pass the verifier (where one exists)."""
    task = get_task("logic_puzzle")
    data = stored("logic_puzzle_dataset")
    assert len(data) == 200
    unanswerable: list[tuple[bool, bool]] = []
    for q, s in data:
        n, count, _, rule = LOGIC_CONFIGS[s["complexity"]]
        assert logic_question(s["grid"], count, rule) == q
        got = solve_selection(s["grid"], count, rule, (0, n - 1))
        if n <= 4:
            assert (got is not None) == brute_selection(s["grid"], count, rule, distinct=True)
        if got is None:
            unanswerable.append((n <= 4, brute_selection(s["grid"], count, rule, distinct=False)))
            continue
        assert len({s["grid"][r][c] for r, c in got}) == count  # "different numbers", stricter than the verifier
        assert task.check(as_sample("logic_puzzle", q, s), ", ".join(f"{r} {c}" for r, c in got)).correct
    assert len(unanswerable) == KNOWN_MISMATCH["logic_puzzle"]
    assert all(small for small, _ in unanswerable) and sum(repeats for _, repeats in unanswerable) == 18


def test_logic_puzzle_knobs() -> None:
    t = get_task("logic_puzzle")
    easy = [t.generate(s, complexity=[1, 1]).reference for s in range(5)]
    hard = [t.generate(s, complexity=[10, 10]).reference for s in range(5)]
    assert all(len(r["grid"]) == 2 and len(r["solution"]) == 3 for r in easy)
    assert all(len(r["grid"]) == 10 and len(r["solution"]) == 25 for r in hard)
    assert all(any(v < 0 for row in r["grid"] for v in row) for r in hard)  # signs matter only at high levels


def test_logical_equation_solver_reproduces_every_stored_reference() -> None:
    data = stored("logical_equation")
    assert len(data) == 150
    ambiguous = 0
    for q, s in data:
        values, relations = equation_inputs(q)
        assert equation_question(values, relations) == q
        answers = solve_letters(values, relations, limit=10**6)
        assert s in answers
        ambiguous += len(answers) > 1
        if len(answers) == 1:
            assert answers == [s]
    assert ambiguous == KNOWN_MISMATCH["logical_equation"]


def test_logical_equation_knobs() -> None:
    t = get_task("logical_equation")
    small = [t.generate(s, letters=[9, 9]) for s in range(6)]
    large = [t.generate(s, letters=[15, 15]) for s in range(6)]
    assert all(len(x.reference) == 9 for x in small) and all(len(x.reference) == 15 for x in large)
    lines = [len(equation_inputs(x.prompt)[1]) for x in small], [len(equation_inputs(x.prompt)[1]) for x in large]
    assert max(lines[0]) < min(lines[1])  # more letters, more relations to combine
    for x in small + large:  # exact match is fair only because the answer is unique
        assert solve_letters(*equation_inputs(x.prompt), limit=10**6) == [x.reference]


def test_constrained_linear_arrangement_solver_reproduces_every_stored_reference() -> None:
    data = stored("constrained_linear_arrangement")
    assert len(data) == 200
    ambiguous = contradicts = no_answer = 0
    for q, s in data:
        game, mine, results = s["game_type"], s["player_moves"], s["results"]
        assert cards_question(game, mine, results) == q
        anchor_rules = opponent_cards(game, mine, results, stated=False, limit=10**6)
        assert s["solution"] in anchor_rules
        if len(anchor_rules) == 1:
            assert anchor_rules == [s["solution"]]
        ambiguous += len(anchor_rules) > 1
        stated_rules = opponent_cards(game, mine, results, limit=10**6)
        contradicts += s["solution"] not in stated_rules
        no_answer += not stated_rules
        assert (game == "elements") or stated_rules == anchor_rules  # the codes differ only for the elements
    assert ambiguous == KNOWN_MISMATCH["constrained_linear_arrangement"]
    assert contradicts == KNOWN_MISMATCH["constrained_linear_arrangement_stated_rules"]
    assert no_answer == KNOWN_MISMATCH["constrained_linear_arrangement_no_answer"]


def test_constrained_linear_arrangement_knobs() -> None:
    t = get_task("constrained_linear_arrangement")
    short = [t.generate(s, games=["animal"], rounds=[2, 2]).reference for s in range(6)]
    long = [t.generate(s, games=["animal"], rounds=[5, 5]).reference for s in range(6)]
    assert all(len(r["solution"]) == 2 for r in short) and all(len(r["solution"]) == 5 for r in long)
    for r in short + long:  # exact match is fair only because the answer is unique under the stated rules
        assert opponent_cards(r["game_type"], r["player_moves"], r["results"], limit=10**6) == [r["solution"]]
    capped = t.generate(0, games=["stick_game"], rounds=[9, 9]).reference
    assert len(capped["solution"]) == 4  # four cards, four rounds at most


def test_logical_equation_and_card_games_accept_every_answer_the_rules_allow() -> None:
    eq = get_task("logical_equation")
    s = next(x for x in eq.load(SYMBENCH / "logical_equation") if x.id.endswith("sample_11_10_1"))
    values, relations = equation_inputs(s.prompt)
    answers = solve_letters(values, relations, limit=10**6)
    assert len(answers) > 1 and s.reference in answers
    assert all(eq.verify(s, str(a)).correct for a in answers)
    swapped = list(answers[0])
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert not eq.verify(s, str(swapped)).correct
    cards = get_task("constrained_linear_arrangement")
    s0 = next(x for x in cards.load(SYMBENCH / "constrained_linear_arrangement") if x.id.endswith("sample_4"))
    r = s0.reference
    fits = opponent_cards(r["game_type"], r["player_moves"], r["results"], limit=10**6)
    assert len(fits) > 1 and all(cards.verify(s0, ",".join(f)).correct for f in fits)
    s1 = next(x for x in cards.load(SYMBENCH / "constrained_linear_arrangement") if x.id.endswith("sample_1"))
    assert "C against B is a win" in cards.verify(s1, cards.reference_answer(s1)).reason  # the stored answer


def test_logic_puzzle_wants_different_numbers() -> None:
    t = get_task("logic_puzzle")
    s = t.load(SYMBENCH / "logic_puzzle_dataset")[0]  # 2x2 grid 1,2 / 3,1; 3 numbers from (0,1), sums <= 4
    assert t.verify(s, "0 1, 1 1, 0 0").reason == "the question asks for 3 different numbers"
