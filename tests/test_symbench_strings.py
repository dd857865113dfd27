"""String-task generators: each solver reproduces every stored SymBench reference; knobs change difficulty."""

from __future__ import annotations

import json
import re

from conftest import SYMBENCH

from steer.tasks import get_task
from steer.tasks.symbench_strings import (
    apply_operator,
    counting_question,
    counting_score,
    crack_password,
    cryptanalysis_question,
    delete_modify,
    deletion_question,
    insert_string,
    lock_feedback,
    mahjong_question,
    mahjong_result,
    new_operator,
    new_operator_question,
    split_machines,
    splitting_question,
    synthesis_question,
    synthesize,
)


def stored(folder: str) -> list[dict]:
    return [json.loads((d / "solution.json").read_text()) for d in sorted((SYMBENCH / folder).iterdir())
            if (d / "solution.json").exists()]


def questions(folder: str) -> list[str]:
    """Same order as `stored`, so generated wording can be compared with the stored question.txt."""
    return [(d / "question.txt").read_text().strip() for d in sorted((SYMBENCH / folder).iterdir())
            if (d / "solution.json").exists()]


def test_string_insertion_solver_reproduces_every_stored_reference() -> None:
    sols = stored("string_insertion")
    assert len(sols) == 200
    assert [insert_string(s["original_string"]) for s in sols] == [s["modified_string"] for s in sols]


def test_string_insertion_knobs() -> None:
    t = get_task("string_insertion")
    short = [t.generate(s, length=[8, 8], planted=1) for s in range(10)]
    long = [t.generate(s, length=[30, 30], planted=6) for s in range(10)]
    assert all(len(s.reference["original_string"]) == 8 for s in short)
    assert all(len(s.reference["original_string"]) == 30 for s in long)
    assert sum(len(s.reference["modified_string"]) - 30 for s in long) > sum(
        len(s.reference["modified_string"]) - 8 for s in short)


def test_string_deletion_solver_reproduces_every_stored_reference() -> None:
    sols = stored("string_deletion_and_modification")
    assert len(sols) == 100
    got = [delete_modify(s["initial_string"], s["selected_rules"]) for s in sols]
    assert got == [s["intermediate_states"] for s in sols]
    assert [g[-1] for g in got] == [s["final_string"] for s in sols]


def test_string_deletion_question_matches_stored_wording() -> None:
    folder = "string_deletion_and_modification"
    assert [deletion_question(s["initial_string"], s["selected_rules"]) for s in stored(folder)] == questions(folder)


def test_string_deletion_knobs() -> None:
    t = get_task("string_deletion")
    few = [t.generate(s, min_ops=1, rules=3) for s in range(10)]
    many = [t.generate(s, min_ops=8) for s in range(10)]
    ops = [[len(s.reference["intermediate_states"]) - 1 for s in group] for group in (few, many)]
    assert all(len(s.reference["selected_rules"]) == 3 for s in few)
    assert min(ops[1]) >= 8 and sum(ops[0]) < sum(ops[1])


def _expressions() -> list[str]:
    return [re.search(r"Calculate (.+)\.\n", q)[1] for q in questions("new_operator_dataset")]


def _anchor_new_operator(expression: str, definitions: dict[str, str]) -> float:
    """The anchor's evaluator: after the parentheses it applies only the operator listed first in '#@$&%~'."""
    m = re.fullmatch(r"\((\d+)(.)(\d+)\)(.)(\d+)(?:(.)(\d+))?", expression)
    inner = apply_operator(definitions[m[2]], float(m[1]), float(m[3]))
    if m[6] is None or "#@$&%~".index(m[4]) < "#@$&%~".index(m[6]):
        return apply_operator(definitions[m[4]], inner, float(m[5]))
    return apply_operator(definitions[m[6]], float(m[5]), float(m[7]))


# The anchor's evaluator drops one of the two operators that follow the parentheses in the level-5 questions
# `(3#4)@5$6`: e.g. sample_0 `(3~4)&5@6` with ~=1*a*b, &=5*a+5*b, @=3*a*b is stored as 90 (= 5@6 alone), while
# left to right it is ((12&5)@6) = 1530. 99 of the 100 level-5 instances are wrong (sample_68 agrees by chance:
# `(3@4)&5#6` with &=#=(a + b)/b gives 11/6 both ways); every stored value is exactly that bug (checked below).
KNOWN_MISMATCH = {"new_operator": 99}


def test_new_operator_solver_reproduces_every_stored_reference() -> None:
    sols, exprs = stored("new_operator_dataset"), _expressions()
    assert len(sols) == 200
    wrong = [(s, e) for s, e in zip(sols, exprs) if new_operator(e, s["operator_definitions"]) != s["solution"]]
    assert len(wrong) == KNOWN_MISMATCH["new_operator"]
    assert all(s["complexity"] == 5 for s, _ in wrong)
    assert all(_anchor_new_operator(e, s["operator_definitions"]) == s["solution"] for s, e in zip(sols, exprs))


def test_new_operator_question_matches_stored_wording() -> None:
    sols, exprs = stored("new_operator_dataset"), _expressions()
    assert [new_operator_question(e, s["operator_definitions"]) for s, e in zip(sols, exprs)] == questions(
        "new_operator_dataset")


def test_new_operator_knobs() -> None:
    t = get_task("new_operator")
    ops = {c: [len(re.findall(r"[#@$&%~]", t.generate(s, complexity=[c]).reference["expression"])) for s in range(10)]
           for c in (1, 2, 5)}
    assert ops == {1: [1] * 10, 2: [2] * 10, 5: [3] * 10}


def test_statistical_counting_solver_reproduces_every_stored_reference() -> None:
    sols = stored("statistical_counting_dataset")
    assert len(sols) == 200
    assert [counting_score(s["sequence"], s["rules"]) for s in sols] == [s["solution"] for s in sols]
    assert [counting_question(s["sequence"], s["rules"]) for s in sols] == questions("statistical_counting_dataset")


def test_statistical_counting_knobs() -> None:
    t = get_task("statistical_counting")
    small = [t.generate(s, length=[5, 5], letters=[2, 2]).reference for s in range(10)]
    large = [t.generate(s, length=[65, 65], letters=[7, 7]).reference for s in range(10)]
    assert {(len(r["sequence"]), len(r["rules"])) for r in small} == {(5, 2)}
    assert {(len(r["sequence"]), len(r["rules"])) for r in large} == {(65, 7)}
    assert max(r["solution"] for r in small) < min(r["solution"] for r in large)


def _conditions(question: str) -> list[list[str]]:
    return [list(m) for m in re.findall(r"^\d+\. Guess: (\w+), Feedback: (.+)$", question, re.MULTILINE)]


def test_cryptanalysis_solver_reproduces_every_stored_reference() -> None:
    sols, qs = stored("cryptanalysis"), questions("cryptanalysis")
    assert len(sols) == 100
    conds = [_conditions(q) for q in qs]
    assert [crack_password(c) for c in conds] == [s["answer"] for s in sols]
    assert all(lock_feedback("".join(s["answer"]), g) == fb for s, c in zip(sols, conds) for g, fb in c)
    assert [cryptanalysis_question(c) for c in conds] == qs


def test_cryptanalysis_knobs() -> None:
    t = get_task("cryptanalysis")
    few = [len(t.generate(s, guesses=[4, 4]).reference["conditions"]) for s in range(10)]
    many = [len(t.generate(s, guesses=[18, 18]).reference["conditions"]) for s in range(10)]
    assert max(few) <= 4 and sum(few) < sum(many)


def test_string_synthesis_solver_reproduces_every_stored_reference() -> None:
    sols = stored("string_synthesis")
    assert len(sols) == 200
    assert [synthesize(s["A_count"], s["B_count"], s["C_count"]) for s in sols] == [s["final_counts"] for s in sols]
    assert [synthesis_question(s["A_count"], s["B_count"], s["C_count"]) for s in sols] == questions(
        "string_synthesis")


def test_string_synthesis_knobs() -> None:
    t = get_task("string_synthesis")
    small = [t.generate(s, max_counts=[1, 1, 1]).reference for s in range(10)]
    large = [t.generate(s, max_counts=[30, 30, 30]).reference for s in range(10)]
    assert all(r["A_count"] == r["B_count"] == r["C_count"] == 1 for r in small)
    blocks = [[sum(r["final_counts"]) for r in group] for group in (small, large)]
    assert max(blocks[0]) < min(blocks[1])


def _splitting_inputs(question: str) -> tuple[list[str], list[int]]:
    methods = re.findall(r"^Method \d: .+$", question, re.MULTILINE)
    counts = re.search(r"there are (\d+) units of Machine A, (\d+) units of Machine B, and (\d+) units", question)
    return methods, [int(n) for n in counts.groups()]


def test_string_splitting_solver_reproduces_every_stored_reference() -> None:
    sols, qs = stored("string_splitting"), questions("string_splitting")
    assert len(sols) == 200
    inputs = [_splitting_inputs(q) for q in qs]
    assert [[str(n) for n in split_machines(*counts)] for _, counts in inputs] == [s["expected_answer"] for s in sols]
    assert [splitting_question(methods, *counts) for methods, counts in inputs] == qs


def test_string_splitting_knobs() -> None:
    t = get_task("string_splitting")
    machines = {lvl: [sum(t.generate(s, complexity=[lvl, lvl]).reference["initial_counts"].values()) for s in range(10)]
                for lvl in (1, 5)}
    assert max(machines[1]) <= 9 and min(machines[5]) >= 15


def _anchor_mahjong(initial: str, rounds: list[dict[str, str]]) -> int:
    """The anchor's judge: Chi is tried whatever the level, on windows of three in the sorted hand plus card."""
    hand = initial
    for r in rounds[:-1]:
        hand = hand.replace(r["remove"], "", 1) + r["add"]
    card = rounds[-1]["add"]
    if hand.count(card) >= 2:
        return 1
    cards = sorted(hand + card)
    return 2 if any(ord(a) + 2 == ord(b) + 1 == ord(c) and card in (a, b, c)
                    for a, b, c in zip(cards, cards[1:], cards[2:])) else 0


# The anchor's judge differs from the rules its questions state in three ways (its verdicts are reproduced exactly by
# `_anchor_mahjong` above):
# - levels 1-2 state no Chi rule, yet Chi (2) is stored, e.g. sample_104: hand holds V and X, new card W -> 2;
# - a repeated card in the sorted hand breaks its window, hiding a Chi, e.g. sample_108: hand ...OPPQRR..., new Q:
#   windows PPQ, PQQ, QQR are no sequence, stored Pass (0) though P Q R is one;
# - its Chi bias deals cards past Z ('[', '\\'), and Y Z [ counts as a sequence, e.g. sample_167: stored 2.
KNOWN_MISMATCH["mahjong"] = 17
MAHJONG_CAUSES = {"chi_not_in_rules": 3, "duplicate_hides_chi": 11, "card_past_z": 3}


def test_mahjong_solver_reproduces_every_stored_reference() -> None:
    sols, qs = stored("mahjong_pattern_dataset"), questions("mahjong_pattern_dataset")
    assert len(sols) == 200
    assert all(_anchor_mahjong(s["initial_cards"], s["rounds"]) == s["solution"] for s in sols)
    causes: dict[str, int] = {}
    for s in sols:
        ours = mahjong_result(s["initial_cards"], s["rounds"], s["complexity"] > 2)
        if ours != s["solution"]:
            cause = ("chi_not_in_rules" if s["complexity"] <= 2 else "card_past_z" if s["solution"] == 2
                     else "duplicate_hides_chi")
            causes[cause] = causes.get(cause, 0) + 1
    assert causes == MAHJONG_CAUSES and sum(causes.values()) == KNOWN_MISMATCH["mahjong"]
    assert [mahjong_question(s["initial_cards"], s["rounds"], s["complexity"] > 2) for s in sols] == qs


def test_mahjong_knobs() -> None:
    t = get_task("mahjong")
    for level in (1, 3, 5, 8):
        samples = [t.generate(s, complexity=[level, level]) for s in range(10)]
        assert all(len(s.reference["rounds"]) == level for s in samples)
        assert all(("2 for Chi" in s.prompt) == (level > 2) for s in samples)
    judged = {t.generate(s, complexity=[5, 5]).reference["solution"] for s in range(30)}
    assert judged == {0, 1, 2}


def test_new_operator_and_mahjong_verify_against_the_stated_rules_not_the_stored_value() -> None:
    op = get_task("new_operator")
    s0 = next(s for s in op.load(SYMBENCH / "new_operator_dataset") if s.id == "new_operator-sample_0")
    assert op.verify(s0, "1530").correct and op.verify(s0, "1530.0").correct
    assert not op.verify(s0, "90").correct  # the stored value
    mj = get_task("mahjong")
    s104 = next(s for s in mj.load(SYMBENCH / "mahjong_pattern_dataset") if s.id == "mahjong-sample_104")
    assert "Chi" not in s104.prompt and s104.reference["solution"] == 2
    assert mj.verify(s104, "0").correct and not mj.verify(s104, "2").correct
