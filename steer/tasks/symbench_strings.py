"""Seeded generators for SymBench's string tasks.

Each solver is a plain function of the instance's inputs; tests run it over every stored SymBench instance and
require it to reproduce the stored reference, except where the anchor's own generator contradicts the rules its
question states (New Operator, Mahjong): there the solver follows the question and the tests count the stored
instances that differ. Each `*_question` builder is checked word for word against every stored question.txt.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from typing import Any

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.symbench_logic import SymBenchLogic, draws, generator, same_number

__all__ = ["apply_operator", "counting_question", "counting_score", "crack_password", "cryptanalysis_question",
           "delete_modify", "deletion_question", "insert_string", "lock_feedback", "mahjong_question",
           "mahjong_result", "new_operator", "new_operator_question", "split_machines", "splitting_question",
           "synthesis_question", "synthesize"]

_INSERT_RULES = [("ABCD", "A"), ("BCDE", "B"), ("CDEA", "C"), ("DEAB", "D"), ("EABC", "E")]


def insert_string(s: str) -> str:
    """One T operation, left to right: every rule substring found in the original gets its letter after it."""
    out = []
    for i, ch in enumerate(s):
        out.append(ch)
        out.extend(letter for sub, letter in _INSERT_RULES if i >= 3 and s[i - 3:i + 1] == sub)
    return "".join(out)


@generator("string_insertion", length=[14, 18], planted=3)
def _string_insertion(rng: random.Random, length: list[int], planted: int) -> tuple[str, Any, dict[str, Any]]:
    """Random letters with `planted` rule substrings written over them (random strings rarely hold one)."""
    chars = [rng.choice("ABCDE") for _ in range(rng.randint(*length))]
    for _ in range(planted):
        at = rng.randrange(len(chars) - 3)
        chars[at:at + 4] = rng.choice(_INSERT_RULES)[0]
    s = "".join(chars)
    rules = "\n".join(f"{i}. If there is a substring {sub} in the string, insert the character {letter} after that "
                      "substring." for i, (sub, letter) in enumerate(_INSERT_RULES, 1))
    question = ("Given the string consisting of characters A, B, C, D, and E, define the T operation as follows:\n\n"
                f"{rules}\n\nQuestion: Given the string {s}, what will the string be after one operation T? "
                "String insertion from left to right.\nReturn the answer with the format <<<a string>>>.")
    return question, {"original_string": s, "modified_string": insert_string(s)}, {}


_Rule = tuple[str, Callable[[str], bool], Callable[[str], str]]
# The anchor's pool of 20 rules, in its order: (text, applies?, apply).
_DELETION_RULES: list[_Rule] = [
    ("If the string prefix is 'ab', replace it with 'ca'.", lambda s: s.startswith("ab"), lambda s: "ca" + s[2:]),
    ("If the string suffix is 'ac', replace it with 'cb'.", lambda s: s.endswith("ac"), lambda s: s[:-2] + "cb"),
    ("If the string prefix is 'bc', delete the first two characters and append 'aa' to the end.",
     lambda s: s.startswith("bc"), lambda s: s[2:] + "aa"),
    ("If the string suffix is 'bb', delete the last two characters.", lambda s: s.endswith("bb"), lambda s: s[:-2]),
    ("If the string prefix is 'cb', replace it with 'aa' and delete the last character.",
     lambda s: s.startswith("cb"), lambda s: "aa" + s[2:-1]),
    ("If the string prefix is 'ca', replace it with 'bb' and append 'c' to the end.",
     lambda s: s.startswith("ca"), lambda s: "bb" + s[2:] + "c"),
    ("If the string suffix is 'cc', replace it with 'b' and prepend 'a' to the start.",
     lambda s: s.endswith("cc"), lambda s: "a" + s[:-2] + "b"),
    ("If the string prefix is 'aa', remove the first character.", lambda s: s.startswith("aa"), lambda s: s[1:]),
    ("If the string contains 'abc', replace the first occurrence with 'cab'.",
     lambda s: "abc" in s, lambda s: s.replace("abc", "cab", 1)),
    ("If the string contains 'bca', delete the first occurrence entirely.",
     lambda s: "bca" in s, lambda s: s.replace("bca", "", 1)),
    ("If the string ends with 'ba', replace it with 'ab'.", lambda s: s.endswith("ba"), lambda s: s[:-2] + "ab"),
    ("If the string starts with 'cc', remove the first two characters.", lambda s: s.startswith("cc"), lambda s: s[2:]),
    ("If the string contains 'acb', replace the first occurrence with its reverse ('bca').",
     lambda s: "acb" in s, lambda s: s.replace("acb", "bca", 1)),
    ("If the string ends with 'ca', remove the last character.", lambda s: s.endswith("ca"), lambda s: s[:-1]),
    ("If the string starts with 'bb', remove the second character.", lambda s: s.startswith("bb"),
     lambda s: s[0] + s[2:]),
    ("If the string ends with 'aa', replace it with 'cc'.", lambda s: s.endswith("aa"), lambda s: s[:-2] + "cc"),
    ("If the string contains 'ca' (not at the start), remove the first occurrence found after the first character.",
     lambda s: s.find("ca", 1) != -1, lambda s: s[:s.find("ca", 1)] + s[s.find("ca", 1) + 2:]),
    ("If the string contains an even number of 'b's (and at least one 'b'), append 'ab' at the end.",
     lambda s: s.count("b") > 0 and s.count("b") % 2 == 0, lambda s: s + "ab"),
    ("If the string length is greater than 15, remove the middle character.",
     lambda s: len(s) > 15, lambda s: s[:len(s) // 2] + s[len(s) // 2 + 1:]),
    ("If the string starts with 'ac', replace the first two characters with 'zz'.",
     lambda s: s.startswith("ac"), lambda s: "zz" + s[2:]),
]
_DELETION_BY_TEXT = {text: (applies, apply) for text, applies, apply in _DELETION_RULES}


def delete_modify(s: str, rules: list[str], max_steps: int = 10_000) -> list[str] | None:
    """States from `s` to the fixed point, each step applying the first rule that applies (the anchor's reading of
    "cycle through"); None when the rules loop forever, which the anchor never guarded against."""
    states, seen = [s], {s}
    fns = [_DELETION_BY_TEXT[r] for r in rules]
    while len(states) <= max_steps:
        cur = states[-1]
        step = next((apply for applies, apply in fns if applies(cur)), None)
        if step is None:
            return states
        nxt = step(cur)
        if nxt in seen:
            return None
        seen.add(nxt)
        states.append(nxt)
    return None


def deletion_question(s: str, rules: list[str]) -> str:
    listed = "\n".join(f"{i}. {r}" for i, r in enumerate(rules, 1))
    return ("Cycle through the following operations one at a time until no further operations can be performed:"
            f"\n\n{listed}\n\nFor the string \"{s}\", what is the final string after performing all operations?"
            "\n\nProvide your answer as a string in the following format:\n\n<<< \"some_final_string\" >>>")


@generator("string_deletion", length=[10, 20], rules=6, min_ops=4)
def _string_deletion(rng: random.Random, length: list[int], rules: int, min_ops: int
                     ) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's rejection loop: random a/b/c string, `rules` rules from the pool, kept when at least `min_ops`
    operations apply (the anchor kept complexity > 3, i.e. 4+ operations)."""
    for _ in draws("string_deletion"):
        s = "".join(rng.choice("abc") for _ in range(rng.randint(*length)))
        chosen = [r[0] for r in rng.sample(_DELETION_RULES, rules)]
        states = delete_modify(s, chosen)
        if states is not None and len(states) - 1 >= min_ops:
            break
    reference = {"initial_string": s, "selected_rules": chosen, "intermediate_states": states,
                 "final_string": states[-1], "complexity": min(5, max(1, len(states) - 1))}
    return deletion_question(s, chosen), reference, {}


_OPERATORS = "#@$&%~"


def apply_operator(formula: str, a: float, b: float) -> float:
    """The anchor's three formula templates, computed in the same float order its `eval` used."""
    if m := re.fullmatch(r"(\d+)\*a\+(\d+)\*b", formula):
        return int(m[1]) * a + int(m[2]) * b
    if m := re.fullmatch(r"(\d+)\*a\*b", formula):
        return int(m[1]) * a * b
    if formula == "(a + b)/b":
        return (a + b) / b
    raise ValueError(f"unknown operator formula {formula!r}")


def new_operator(expression: str, definitions: dict[str, str]) -> float:
    """Left to right, parentheses first: all new operators share one precedence, which is the only reading the
    question's text supports (the anchor instead evaluated just one operator after the parentheses)."""
    toks = re.findall(rf"\d+(?:\.\d+)?|[{re.escape(_OPERATORS)}()]", expression)

    def operand(i: int) -> tuple[float, int]:
        if toks[i] == "(":
            v, i = chain(i + 1)
            return v, i + 1  # skip ")"
        return float(toks[i]), i + 1

    def chain(i: int) -> tuple[float, int]:
        v, i = operand(i)
        while i < len(toks) and toks[i] != ")":
            b, j = operand(i + 1)
            v, i = apply_operator(definitions[toks[i]], v, b), j
        return v, i

    return chain(0)[0]


def new_operator_question(expression: str, definitions: dict[str, str]) -> str:
    defs = [f"Let a and b be numbers. Define a{op}b to be {f}." for op, f in definitions.items()]
    head = defs[0] if len(defs) == 1 else (
        f"Let x and y represent two numbers. The new operations {', '.join(list(definitions)[:-1])} and "
        f"{list(definitions)[-1]} are defined as follows:\n" + "\n".join(defs))
    return f"{head}\nCalculate {expression}.\nReturn your answer with format <<<list of values and symbols>>>"


@register("task", "new_operator", "New Operator: the value of the expression, left to right, parentheses first")
class NewOperator(SymBenchLogic):
    """The truth is computed from the question, so the 99 stored values that carry the anchor's evaluator bug are
    reported as invalid references instead of marking right answers wrong."""

    name = "new_operator"
    description = "New Operator: the value of the expression, left to right, parentheses first"
    data_path = "new_operator_dataset"
    render = staticmethod(lambda s: str(s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        expression = ref.get("expression") or re.search(r"Calculate (.+)\.\n", sample.prompt)[1]  # type: ignore[index]
        want = new_operator(expression, ref["operator_definitions"])
        got = re.findall(r"-?\d+(?:\.\d+)?(?:/\d+)?", answer)
        if len(got) != 1:
            return Verdict(correct=False, reason=f"{len(got)} numbers in the answer, expected one")
        if not same_number(got[0], want):
            return Verdict(correct=False, reason=f"{got[0]} is not {want}")
        return Verdict(correct=True, reason="the expression's value")


@generator("new_operator", complexity=[2, 5])
def _new_operator(rng: random.Random, complexity: list[int]) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's levels: 1 is `a#b`, 2-3 is `(a#b)#c` with one operator, 4-5 chains three distinct operators on
    the fixed `(3#4)@5$6`; the stored data alternates levels 2 and 5."""
    level = rng.choice(complexity)
    ops = rng.sample(_OPERATORS, 3 if level >= 4 else 1)
    definitions = {}
    for op in ops:
        c1, c2 = rng.randint(1, 5), rng.randint(1, 5)
        definitions[op] = rng.choice([f"{c1}*a+{c2}*b", f"{c1}*a*b", "(a + b)/b"])
    if level >= 4:
        expression = f"(3{ops[0]}4){ops[1]}5{ops[2]}6"
    elif level == 1:
        expression = f"{rng.randint(1, 10)}{ops[0]}{rng.randint(1, 10)}"
    else:
        expression = "({}{op}{}){op}{}".format(*(rng.randint(1, 10) for _ in range(3)), op=ops[0])
    return new_operator_question(expression, definitions), {
        "solution": new_operator(expression, definitions), "complexity": level,
        "operator_definitions": definitions, "expression": expression}, {}


def counting_score(sequence: str, rules: list[dict[str, Any]]) -> int:
    """Each maximal run of a rule's letter at least `min_consecutive` long scores once."""
    runs = [(ch, len(list(g))) for ch, g in itertools.groupby(sequence)]
    return sum(r["score"] for r in rules for ch, n in runs if ch == r["letter"] and n >= r.get("min_consecutive", 2))


def counting_question(sequence: str, rules: list[dict[str, Any]]) -> str:
    letters = [r["letter"] for r in rules]
    named = f"the letter {letters[0]}" if len(letters) == 1 else f"letters {', '.join(letters[:-1])} and {letters[-1]}"
    listed = "".join(f"{i}. If there are two or more consecutive {r['letter']}'s, add {r['score']} to the total "
                     "score.\n" for i, r in enumerate(rules, 1))
    return (f"The initial total score is 0. Given a string consisting of {named}, scan from front to back:\n\n{listed}"
            f"\nWhat is the total score of the string {sequence}?\n"
            "Return your answer with the format <<<number>>>, like <<<5>>> means the total score is 5.")


@generator("statistical_counting", length=[25, 65], letters=[3, 7])
def _statistical_counting(rng: random.Random, length: list[int], letters: list[int]
                          ) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's puzzle: the first k letters of A..K, letter i scores i, uniform random sequence."""
    n, k = rng.randint(*length), rng.randint(*letters)
    rules = [{"letter": "ABCDEFGHIJK"[i], "score": i + 1, "min_consecutive": 2} for i in range(k)]
    seq = "".join(rng.choice("ABCDEFGHIJK"[:k]) for _ in range(n))
    return counting_question(seq, rules), {"sequence": seq, "rules": rules, "solution": counting_score(seq, rules),
                                           "complexity": min(max(n // 5 + k // 2, 1), 5)}, {}


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
# What the feedback calls an absent symbol below / above both of the secret's symbols, per half of the lock.
_HALVES = {"number": (_DIGITS, "too small", "too large"),
           "letter": (_ALPHABET, "too early in the alphabet", "too late in the alphabet")}


def _half_feedback(secret: str, guess: str, kind: str) -> str:
    order, low, high = _HALVES[kind]
    right = sum(g == s for g, s in zip(guess, secret))
    moved = sum(g != s and g in secret for g, s in zip(guess, secret))
    wrong = [low if order.index(g) < min(map(order.index, secret)) else high
             if order.index(g) > max(map(order.index, secret)) else "incorrect" for g in guess if g not in secret]
    parts = []
    if right:
        parts.append(f"one {kind} is correct and in the correct position" if right == 1
                     else f"both {kind}s are correct and in the correct positions")
    if moved:
        parts.append(f"one {kind} is correct but in the wrong position" if moved == 1
                     else f"both {kind}s are correct but in the wrong positions")
    if len(wrong) == 2:
        same = f" and {wrong[0]}" if wrong[0] == wrong[1] != "incorrect" else ""
        parts.append(f"both {kind}s are incorrect{same}")
    elif wrong:
        parts.append(f"one {kind} is incorrect and {wrong[0]}")
    return "; ".join(parts)


def lock_feedback(password: str, guess: str) -> str:
    """The anchor's feedback for a guess like `38TA` against a password like `53FA`."""
    return f"{_half_feedback(password[:2], guess[:2], 'number')}; {_half_feedback(password[2:], guess[2:], 'letter')}."


def _narrow(cands: dict[str, list[str]], guess: str, feedback: str) -> dict[str, list[str]]:
    """Keep, per half of the lock, the candidate pairs that would have produced this half of `feedback`; the two
    halves are independent, so they are searched apart (90 digit pairs, 650 letter pairs)."""
    out = {}
    for kind, half in (("number", guess[:2]), ("letter", guess[2:])):
        want = "; ".join(p for p in feedback.rstrip(".").split("; ") if kind in p)
        out[kind] = [c for c in cands[kind] if _half_feedback(c, half, kind) == want]
    return out


def _all_pairs() -> dict[str, list[str]]:
    return {kind: ["".join(c) for c in itertools.permutations(order, 2)] for kind, (order, _, _) in _HALVES.items()}


def crack_password(conditions: list[list[str]]) -> list[str] | None:
    """The unique password consistent with every (guess, feedback), or None."""
    cands = _all_pairs()
    for guess, feedback in conditions:
        cands = _narrow(cands, guess, feedback)
    return list(cands["number"][0] + cands["letter"][0]) if len(cands["number"]) == len(cands["letter"]) == 1 else None


def cryptanalysis_question(conditions: list[list[str]]) -> str:
    listed = "".join(f"{i}. Guess: {g}, Feedback: {fb}\n" for i, (g, fb) in enumerate(conditions, 1))
    return (f"Please deduce the correct password based on the following {len(conditions)} known conditions:\n"
            "A certain combination lock consists of two numbers and two letters, with neither the numbers nor the "
            f"letters repeating.\n{listed}Please provide your answer in the format "
            '<<< ["X", "Y", "Z", "W"] >>> where X and Y are the numbers and Z and W are the letters of the password.')


def _lock(rng: random.Random) -> str:
    return "".join(rng.sample(_DIGITS, 2) + rng.sample(_ALPHABET, 2))


@generator("cryptanalysis", guesses=[4, 18])
def _cryptanalysis(rng: random.Random, guesses: list[int]) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's loop: random distinct guesses until the feedback pins the password down (stopping there) or the
    budget of guesses runs out, in which case a new password is drawn."""
    budget = rng.randint(*guesses)
    for _ in draws("cryptanalysis"):
        password, conditions, cands = _lock(rng), [], _all_pairs()
        while len(conditions) < budget:
            guess = _lock(rng)
            if guess == password or guess in (g for g, _ in conditions):
                continue
            conditions.append([guess, lock_feedback(password, guess)])
            cands = _narrow(cands, *conditions[-1])
            if len(cands["number"]) == len(cands["letter"]) == 1:
                return cryptanalysis_question(conditions), {"answer": list(password), "conditions": conditions}, {}


# Blocks [A] [B] [C] {A} {B} {C} (A) (B) (C) as indices 0..8; each method: (consumed, produced).
_SYNTHESIS_METHODS = [((0, 1, 2), (3,)), ((0, 1), (5,)), ((1, 2), (4,)), ((2, 2), (5,)), ((3, 5), (6, 7)),
                      ((4, 4), (8,))]


def synthesize(a: int, b: int, c: int) -> list[int]:
    """Methods 1..6 in turn, each applied as often as it can before the next (the anchor's reading of "cycle
    through"), until a whole cycle changes nothing."""
    counts = [a, b, c, 0, 0, 0, 0, 0, 0]
    changed = True
    while changed:
        changed = False
        for used, made in _SYNTHESIS_METHODS:
            while all(counts[i] >= used.count(i) for i in used):
                for i in used:
                    counts[i] -= 1
                for i in made:
                    counts[i] += 1
                changed = True
    return counts


def synthesis_question(a: int, b: int, c: int) -> str:
    return ("There are nine different blocks [A], [B], [C], {A}, {B}, {C}, (A), (B), (C) that satisfy:\n"
            "1. One [A], one [B], and one [C] can be combined to form one {A}.\n"
            "2. One [A] and one [B] can be combined to form one {C}.\n"
            "3. One [B] and one [C] can be combined to form one {B}.\n"
            "4. Two [C] can be combined to form one {C}.\n"
            "5. One {A} and one {C} can be combined to form one (A) and one (B).\n"
            "6. Two {B} can be combined to form one (C).\n\n"
            "Cycle through Methods 1..6 repeatedly until no more changes can be made.\n\n"
            f"Question: If we now have {a} [A], {b} [B], and {c} [C], what will the synthesized block be?\n\n"
            "Return your final answer with the exact format:\n<<<a string of the number of certain block>>>\n"
            "Your answer:")


@generator("string_synthesis", max_counts=[5, 8, 7])
def _string_synthesis(rng: random.Random, max_counts: list[int]) -> tuple[str, Any, dict[str, Any]]:
    """Starting counts of [A], [B], [C] drawn from 1..max; `complexity` is drawn at random as in the anchor, where it
    says nothing about the puzzle."""
    a, b, c = (rng.randint(1, m) for m in max_counts)
    final = synthesize(a, b, c)
    return synthesis_question(a, b, c), {"A_count": a, "B_count": b, "C_count": c, "final_counts": final,
                                         "complexity": rng.randint(1, 5),
                                         "solution_string": f"<<<{' '.join(map(str, final))}>>>"}, {}


# The anchor words each method one of three ways, chosen per instance.
_SPLITTING_WORDINGS = [
    ["Method 1: One unit of machine A can be dismantled into two units of part X and one unit of part Y per round.",
     "Method 1: Dismantling a single machine A yields two part X and one part Y each cycle.",
     "Method 1: Each round, one machine A breaks down into two part X and one part Y."],
    ["Method 2: Two units of machine B can be dismantled into one unit of part X per round.",
     "Method 2: Dismantling two machine B units produces one part X each cycle.",
     "Method 2: Every round, dismantling two machines B results in one part X."],
    ["Method 3: Two units of machine C can be dismantled into one unit of part Y per round.",
     "Method 3: Dismantling two machine C units yields one part Y each cycle.",
     "Method 3: Each round, two machines C break down into one part Y."],
    ["Method 4: One unit of machine B and one unit of machine C can be combined into one unit of machine A per round.",
     "Method 4: Combining one machine B and one machine C results in one machine A each cycle.",
     "Method 4: Every round, merging one machine B with one machine C creates one machine A."],
    ["Method 5: One unit of part X and one unit of part Y can be combined into one unit of part Z per round.",
     "Method 5: Combining one part X with one part Y produces one part Z each cycle.",
     "Method 5: Each round, one part X and one part Y merge to form one part Z."],
]
# Counts A B C X Y Z; each method: (consumed, produced) as index lists.
_SPLITTING_METHODS = [((0,), (3, 3, 4)), ((1, 1), (3,)), ((2, 2), (4,)), ((1, 2), (0,)), ((3, 4), (5,))]
_SPLITTING_RANGES = {1: (1, 3), 2: (2, 4), 3: (3, 6), 4: (4, 7), 5: (5, 10)}


def split_machines(a: int, b: int, c: int) -> list[int]:
    """Final A, B, C, X, Y, Z: one execution per method per turn, in order 1..5, until none can run."""
    counts = [a, b, c, 0, 0, 0]

    def can(used: tuple[int, ...]) -> bool:
        return all(counts[i] >= used.count(i) for i in used)

    while any(can(used) for used, _ in _SPLITTING_METHODS):
        for used, made in _SPLITTING_METHODS:
            if can(used):
                for i in used:
                    counts[i] -= 1
                for i in made:
                    counts[i] += 1
    return counts


def splitting_question(methods: list[str], a: int, b: int, c: int) -> str:
    listed = "".join(m + "\n" for m in methods)
    return ("There is a dismantling engineer who has old machines A, B, and C. He discovered that he can obtain a "
            f"batch of new parts X, Y, and Z through the following methods:\n{listed}\nXiao Li continuously cycles "
            "through these methods in the given order, executing one method at a time. After Method 5, start again "
            "from Method 1. Continue this cycle until no method can be executed. "
            f"Initially, there are {a} units of Machine A, {b} units of Machine B, and {c} units of Machine C. "
            "How many parts X, Y, and Z can Li ultimately obtain, and how many machines A, B, and C will remain?\n\n"
            "Generate the answer in the format <<<a string representing the outcome in the order of machines A, B, C, "
            "parts X, Y, Z>>>. For example, if Machine A has 1 unit, Machine B has 0 units, Machine C has 1 unit, "
            "Part X has 1 unit, Part Y has 1 unit, and Part Z has 1 unit, it should be represented as "
            '["1", "0", "1", "1", "1", "1"].\nYour answer:')


@generator("string_splitting", complexity=[1, 5])
def _string_splitting(rng: random.Random, complexity: list[int]) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's levels set the range of starting machine counts (1-3 at level 1 up to 5-10 at level 5)."""
    level = rng.randint(*complexity)
    a, b, c = (rng.randint(*_SPLITTING_RANGES[level]) for _ in range(3))
    methods = [rng.choice(w) for w in _SPLITTING_WORDINGS]
    final = split_machines(a, b, c)
    return splitting_question(methods, a, b, c), {
        "expected_answer": [str(n) for n in final], "final_counts": dict(zip("ABCXYZ", final)), "complexity": level,
        "initial_counts": {"A": a, "B": b, "C": c}, "methods": methods}, {}


def _judge(hand: str, card: str, chi: bool) -> int:
    if hand.count(card) >= 2:
        return 1
    n = _ALPHABET.find(card)
    around = [_ALPHABET[i] if 0 <= i < 26 else "" for i in range(n - 2, n + 3)] if n >= 0 else [""] * 5
    pairs = [(around[0], around[1]), (around[1], around[3]), (around[3], around[4])]
    return 2 if chi and any(x and y and x in hand and y in hand for x, y in pairs) else 0


def mahjong_result(initial: str, rounds: list[dict[str, str]], chi: bool) -> int:
    """Judgement of the last round: Peng (1) over Chi (2, only when the rules offer it: complexity > 2) over Pass.
    Chi means the new card and two cards in hand spell three consecutive letters, whatever else the hand holds."""
    hand = initial
    for r in rounds[:-1]:
        hand = hand.replace(r["remove"], "", 1) + r["add"]
    return _judge(hand, rounds[-1]["add"], chi)


@register("task", "mahjong", "Mahjong pattern: the last round's judgement under the rules the question states")
class Mahjong(SymBenchLogic):
    """The judgement is recomputed from the question's rules (Chi only where they offer it), so the 17 stored
    verdicts that contradict them are reported as invalid references."""

    name = "mahjong"
    description = "Mahjong pattern: the last round's judgement under the rules the question states"
    data_path = "mahjong_pattern_dataset"
    render = staticmethod(lambda s: str(s["solution"]))

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        want = mahjong_result(ref["initial_cards"], ref["rounds"], chi="2 for Chi" in sample.prompt)
        got = re.findall(r"\d+", answer)
        if got != [str(want)]:
            return Verdict(correct=False, reason=f"expected {want}, got {answer[:40]!r}")
        return Verdict(correct=True, reason="the judgement under the stated rules")


def mahjong_question(initial: str, rounds: list[dict[str, str]], chi: bool) -> str:
    rules = ["1. Initially, there are 13 cards.",
             "2. Each time, a new card is added, and a result is determined. Then, one card is removed.",
             ("3. When there are two identical cards in hand, and the newly added card is the same as these two cards, "
              "the result is determined as \"Peng,\" represented by the number 1.")]
    if chi:
        rules += [("4. If two cards in hand and the new card can form a consecutive letter sequence, the result is "
                   "determined as \"Chi,\" represented by the number 2. For example, ABC, OPQ, etc."),
                  ("5. If the new card does not meet the conditions of 3 and 4, the result is determined as \"Pass,\" "
                   "represented by the number 0."), "6. \"Peng\" takes precedence over \"Chi.\"",
                  "7. The card that is removed does not affect the result determination."]
    else:
        rules += [("4. If the newly added card does not meet the condition in rule 3, the result is determined as "
                   "\"Pass,\" represented by the number 0."),
                  "5. The removed card does not affect the result determination."]
    played = [f"Round {i}: Add a {r['add']} card" + (f" and remove a {r['remove']} card." if i < len(rounds) else "")
              for i, r in enumerate(rounds, 1)]
    return ("There are several letter cards, and the game rules are as follows:" + "\n".join(rules)
            + f"\nGiven the initial cards:{initial}\n\n" + "\n".join(played)
            + "\n\nBased on the above information, determine the number judged in the final round.\n"
            "Return your answer with the format <<<x>>>, where x is 0 for Pass, 1 for Peng"
            + (", or 2 for Chi." if chi else "."))


@generator("mahjong", complexity=[1, 5])
def _mahjong(rng: random.Random, complexity: list[int]) -> tuple[str, Any, dict[str, Any]]:
    """The anchor's puzzle: 13 cards (each letter at most twice), `complexity` rounds, Chi in the rules above level 2,
    and above level 1 new cards biased toward Peng (a letter held twice) or Chi (next after a held pair of
    neighbours) so the answer is not almost always Pass. Unlike the anchor, no card past Z is ever dealt."""
    level = rng.randint(*complexity)
    hand = "".join(rng.sample(_ALPHABET * 2, 13))
    initial, rounds = hand, []
    for _ in range(level):
        card = rng.choice(_ALPHABET)
        if level > 1:
            pairs = sorted({c for c in hand if hand.count(c) >= 2})
            if hand.count(rng.choice(hand)) >= 2:
                card = rng.choice(pairs)
            elif level > 2:
                ordered = sorted(hand)
                i = rng.randint(0, len(ordered) - 2)
                if ord(ordered[i + 1]) == ord(ordered[i]) + 1 and ordered[i + 1] != "Z":
                    card = chr(ord(ordered[i + 1]) + 1)
        rounds.append({"add": card, "remove": rng.choice(hand)})
        hand = hand.replace(rounds[-1]["remove"], "", 1) + card
    return mahjong_question(initial, rounds, level > 2), {
        "initial_cards": initial, "rounds": rounds, "solution": mahjong_result(initial, rounds, level > 2),
        "complexity": level}, {}
