"""Seeded generators for SymBench's string tasks.

Each solver is a plain function of the instance's inputs; tests run it over every stored SymBench instance and
require it to reproduce the stored reference, so generated references are exactly as right as the anchor's.
"""

from __future__ import annotations

import random
from typing import Any

from steer.tasks.symbench_logic import generator

__all__ = ["insert_string"]

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
