"""Test-scored voting (CodeMonkeys/CodeT-style), steer's strongest single-question method.

k candidates alternate between code and text (distinct seeds, temperature > 0), the model writes m
checks of the question's constraints, the sandbox runs the deduplicated answers × checks matrix
(plus the empty answer, to unmask checks that accept anything), and `steer.selection` picks a cluster.
The ground truth is used only afterwards, to record the expected accuracy of a random tie-break.

Calls, not the sandbox, are the cost, so two things save them without changing what wins: checks are
written only when candidates disagree (with one answer there is nothing to select), and with
`stop_at` candidates are drawn one at a time until one answer has that much support (adaptive
consistency): a vote each, plus one for an answer printed in the task's format by code that ran
cleanly and computes it (the CodeSteer symbolic check), so a trusted first program can end it.
"""

from __future__ import annotations

import asyncio

from steer.extract import extract_code_blocks
from steer.methods.base import Solution, SolveContext
from steer.methods.checkers import trusted_program
from steer.methods.prompts import prompt
from steer.records import Candidate, GeneratedTest, Message, Sample, TestOutcome
from steer.registry import register
from steer.sandbox.base import SandboxLimits
from steer.selection import NULL, CandidateView, expected_accuracy, select

__all__ = ["Vote", "run_check"]

HARNESS = """

import sys as _sys
_answer = _sys.stdin.read()
try:
    _ok = check(_answer)
except Exception as _e:
    print("ERROR", type(_e).__name__, _e)
    _sys.exit(3)
print("PASS" if _ok is True else "FAIL")
"""

CHECK_LIMITS = SandboxLimits(timeout_s=5)
MODE_CYCLES = {"alternate": ("code", "text"), "code": ("code",), "text": ("text",)}


async def run_check(ctx: SolveContext, test: GeneratedTest, answer: str) -> TestOutcome:
    ex = await ctx.sandbox.run(test.code + HARNESS, stdin=answer, limits=CHECK_LIMITS)
    if ex.status == "timeout":
        return "timeout"
    last = ex.stdout.strip().splitlines()[-1:] or [""]
    return "pass" if last[0] == "PASS" else "fail" if last[0] == "FAIL" else "error"


class Vote:
    name = "vote"

    def __init__(self, k: int = 4, m: int = 3, selector: str = "score", temperature: float = 0.7,
                 discriminate: bool = False, stop_at: int = 0, modes: str = "alternate") -> None:
        from steer.errors import ConfigError
        from steer.selection import RULES

        if selector not in RULES:
            raise ConfigError(f"unknown selector {selector!r}; known: {', '.join(sorted(RULES))}")
        if k < 1 or m < 0 or stop_at < 0:
            raise ConfigError(f"vote needs k >= 1, m >= 0 and stop_at >= 0, got k={k}, m={m}, stop_at={stop_at}")
        if modes not in MODE_CYCLES:
            raise ConfigError(f"unknown vote modes {modes!r}; known: {', '.join(MODE_CYCLES)}")
        self.k, self.m, self.selector, self.temperature, self.discriminate = k, m, selector, temperature, discriminate
        self.stop_at, self.modes = stop_at, MODE_CYCLES[modes]

    async def _candidate(self, sample: Sample, ctx: SolveContext, i: int) -> Candidate:
        mode = self.modes[i % len(self.modes)]
        first_of_mode = i < len(self.modes)  # greedy once per mode; later draws sample (a greedy repeat is a copy)
        call = await ctx.generate([Message.user(f"{prompt('all_' + mode)}\n\n{sample.prompt}")],
                                  purpose=f"candidate-{i}", seed=ctx.seed + i,
                                  temperature=0.0 if first_of_mode else self.temperature)
        cid = f"{mode}-{i}"
        return await ctx.code_candidate(call, cid) if mode == "code" else ctx.text_candidate(call, cid)

    async def _draw(self, sample: Sample, ctx: SolveContext) -> tuple[list[Candidate], str]:
        """All k at once, or (stop_at) one at a time until an answer has enough support."""
        if not self.stop_at:
            return list(await asyncio.gather(*(self._candidate(sample, ctx, i) for i in range(self.k)))), ""
        cands: list[Candidate] = []
        members: dict[str, list[Candidate]] = {}
        for i in range(self.k):
            c = await self._candidate(sample, ctx, i)
            cands.append(c)
            if c.answer is None:
                continue
            group = members.setdefault(ctx.task.canonical(c.answer), [])
            group.append(c)
            support = len(group) + any(trusted_program(x, ctx.task) for x in group)
            if support >= self.stop_at:
                return cands, f"support {support} >= {self.stop_at} after {i + 1} draws"
        return cands, ""

    async def _tests(self, sample: Sample, ctx: SolveContext, text: str, tag: str) -> list[GeneratedTest]:
        call = await ctx.generate([Message.user(text)], purpose=tag)
        index = ctx.call_index(call)
        blocks = [b for b in extract_code_blocks(call.reply) if "def check" in b]
        return [GeneratedTest(id=f"{tag}-{j}", code=b, call_index=index) for j, b in enumerate(blocks)]

    async def _fill(self, ctx: SolveContext, tests: list[GeneratedTest], answers: dict[str, str],
                    matrix: dict[str, dict[str, TestOutcome]], owners: dict[str, list[str]]) -> None:
        """Run each (distinct answer, test) pair once, concurrently; fan results out to candidates."""
        pairs = [(key, t) for key in answers for t in tests]
        outcomes = await asyncio.gather(*(run_check(ctx, t, answers[key]) for key, t in pairs))
        for (key, t), outcome in zip(pairs, outcomes):
            for cid in owners[key]:
                matrix.setdefault(cid, {})[t.id] = outcome

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        cands, stopped = await self._draw(sample, ctx)
        key_of = {c.id: ctx.task.canonical(c.answer) if c.answer is not None else None for c in cands}
        disagree = len({k for k in key_of.values() if k is not None}) >= 2
        tests: list[GeneratedTest] = []
        if self.m and disagree:
            tests = (await self._tests(sample, ctx, prompt("vote_tests").format(m=self.m, question=sample.prompt),
                                       "tests"))[: self.m]
        answers: dict[str, str] = {NULL: ""}
        owners: dict[str, list[str]] = {NULL: [NULL]}
        for c in cands:
            if c.answer is not None:
                answers.setdefault(key_of[c.id], c.answer)  # type: ignore[arg-type]
                owners.setdefault(key_of[c.id], []).append(c.id)  # type: ignore[arg-type]
        matrix: dict[str, dict[str, TestOutcome]] = {}
        await self._fill(ctx, tests, answers, matrix, owners)
        views = [CandidateView(c.id, key_of[c.id], c.mode, c.call_index,
                               clean_code=c.mode == "code" and c.answer is not None) for c in cands]
        sel = select(views, tests, matrix, rule=self.selector, seed=ctx.seed)
        rounds = 0
        if self.discriminate and len(sel.clusters) >= 2 and \
                sel.clusters[1].score >= 0.9 * sel.clusters[0].score:
            a, b = sel.clusters[0], sel.clusters[1]
            extra = await self._tests(sample, ctx, prompt("discriminate").format(
                a=answers[a.key], b=answers[b.key], question=sample.prompt), "discriminate")
            await self._fill(ctx, extra[:1], answers, matrix, owners)
            tests = tests + extra[:1]
            sel = select(views, tests, matrix, rule=self.selector, seed=ctx.seed)
            rounds = 1
        if sample.reference is not None:  # post hoc, recorded only: never feeds the choice above
            sel = sel.model_copy(update={"expected_accuracy": expected_accuracy(
                sel, lambda key: ctx.task.verify(sample, answers[key]).correct)})
        for c in cands:
            cl = next((x for x in sel.clusters if c.id in x.members), None)
            c.scores.update({"cluster_score": cl.score if cl else 0.0, "tests_passed": cl.tests_passed if cl else 0.0})
        winner = next((c for c in sel.clusters if c.key == sel.winner), None)
        final_mode = None
        if winner:
            final_mode = "code" if "code" in winner.modes else "text"
        return Solution(
            candidates=cands, final_answer=answers[sel.winner] if sel.winner else None, final_mode=final_mode,
            selection=sel,
            decision={"k": self.k, "m": self.m, "selector": self.selector, "drawn": len(cands),
                      "stopped_early": stopped or None,
                      "tests_skipped": None if disagree or not self.m else "candidates agree: nothing to select",
                      "tests_written": len(tests),
                      "valid_tests": sum(t.valid for t in sel.tests), "discriminate_rounds": rounds,
                      "clusters": len(sel.clusters), "margin": (sel.clusters[0].score - sel.clusters[1].score)
                      if len(sel.clusters) > 1 else (sel.clusters[0].score if sel.clusters else 0.0)},
        )


register("method", "vote",
         "Test-scored voting: k code/text candidates, model-written checks, CodeT-style cluster score (steer)")(Vote)
