"""Selecting one answer among candidates: pure functions over a stored pass matrix.

Everything a selector needs is in the `Selection` record (tests, four-state matrix, clusters), so any
rule can be re-run offline on old logs and ablated. The default is CodeT-style:
S(A) = (1 + weighted tests passed) × √(cluster size), with tests that cannot discriminate (pass all,
fail all, error everywhere, or pass the empty answer) weighted 0, no credit to a candidate from tests
written in its own generation call, and a recorded tie-break ending in a seeded draw.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from steer.records import Cluster, GeneratedTest, Mode, Selection, TestOutcome
from steer.registry import register

__all__ = ["NULL", "CandidateView", "expected_accuracy", "select", "test_weights"]

NULL = "__null__"  # the empty answer: a test that passes it checks nothing


@dataclass(frozen=True)
class CandidateView:
    id: str
    key: str | None          # canonical answer; None = no answer (crash, no format)
    mode: Mode
    call_index: int | None = None
    clean_code: bool = False  # an answer printed by code that ran without error


RULES: dict[str, Callable[[float, float], float]] = {}


def _rule(name: str, description: str) -> Callable[[Callable[[float, float], float]], Callable[[float, float], float]]:
    def deco(fn: Callable[[float, float], float]) -> Callable[[float, float], float]:
        RULES[name] = fn
        register("selector", name, description)(fn)
        return fn

    return deco


@_rule("score", "(1 + weighted tests passed) x sqrt(cluster size)  [CodeT, default]")
def score(votes: float, passed: float) -> float:
    return (1 + passed) * math.sqrt(votes)


@_rule("majority", "plain majority vote over canonical answers (self-consistency)")
def majority(votes: float, passed: float) -> float:
    return votes


@_rule("tests", "weighted tests passed only (MaxPass, CodeMonkeys)")
def tests_only(votes: float, passed: float) -> float:
    return passed


def test_weights(
    tests: list[GeneratedTest], matrix: dict[str, dict[str, TestOutcome]], answered: list[str]
) -> list[GeneratedTest]:
    """Weight 0 (with the reason) for tests that cannot tell candidates apart."""
    out = []
    for t in tests:
        row = [matrix.get(c, {}).get(t.id) for c in answered]
        reason = ""
        if not row or all(o in ("error", "timeout") for o in row):
            reason = "errors on every candidate"
        elif matrix.get(NULL, {}).get(t.id) == "pass":
            reason = "passes the empty answer"
        elif all(o == "pass" for o in row):
            reason = "passes every candidate"
        elif all(o != "pass" for o in row):
            reason = "fails every candidate"
        out.append(t.model_copy(update={"valid": not reason, "weight": 0.0 if reason else 1.0 * t.multiplicity,
                                        "reason": reason}))
    return out


def select(
    candidates: list[CandidateView],
    tests: list[GeneratedTest],
    matrix: dict[str, dict[str, TestOutcome]],
    *,
    rule: str = "score",
    seed: int = 0,
) -> Selection:
    answered = [c for c in candidates if c.key is not None]
    weighted = test_weights(tests, matrix, [c.id for c in answered])
    fn = RULES[rule]
    groups: dict[str, list[CandidateView]] = {}
    for c in answered:
        groups.setdefault(c.key, []).append(c)  # type: ignore[arg-type]
    clusters: list[Cluster] = []
    ranks: dict[str, tuple] = {}
    for key, members in groups.items():
        passed = 0.0
        for t in weighted:
            if t.weight and any(matrix.get(m.id, {}).get(t.id) == "pass" and
                                (t.call_index is None or t.call_index != m.call_index) for m in members):
                passed += t.weight
        votes = float(len(members))
        s = fn(votes, passed)
        clusters.append(Cluster(key=key, members=[m.id for m in members], modes=[m.mode for m in members],
                                votes=votes, tests_passed=passed, score=s))
        first = min(m.call_index if m.call_index is not None else candidates.index(m) for m in members)
        ranks[key] = (s, passed, votes, len({m.mode for m in members}), any(m.clean_code for m in members), -first)
    clusters.sort(key=lambda c: ranks[c.key], reverse=True)
    sel = Selection(rule=rule, tests=weighted, matrix=matrix, clusters=clusters, seed=seed)
    if not clusters:
        return sel.model_copy(update={"tie_break": "no candidate has an answer"})
    top = clusters[0].score
    tied = [c.key for c in clusters if c.score == top]
    criteria = ["tests passed", "votes", "modes agreeing", "clean code run", "earliest generation"]
    best = ranks[clusters[0].key]
    contenders = [c.key for c in clusters if ranks[c.key][0] == best[0]]
    how = "unique top score"
    for i, name in enumerate(criteria, start=1):
        if len(contenders) <= 1:
            break
        top_i = max(ranks[k][i] for k in contenders)
        narrowed = [k for k in contenders if ranks[k][i] == top_i]
        if len(narrowed) < len(contenders):
            how = f"tie on score broken by {name}"
        contenders = narrowed
    if len(contenders) > 1:  # identical on every criterion (only possible with equal first index): draw
        winner = random.Random(seed).choice(sorted(contenders))
        how = f"seeded draw (seed {seed}) among {len(contenders)}"
    else:
        winner = contenders[0]
    return sel.model_copy(update={"winner": winner, "tied": tied, "tie_break": how})


def expected_accuracy(selection: Selection, is_correct: Callable[[str], bool]) -> float | None:
    """Accuracy of a uniformly random pick among the clusters tied at the top score (post hoc only)."""
    if not selection.tied:
        return None
    return sum(is_correct(k) for k in selection.tied) / len(selection.tied)
