"""Single-turn methods: one call, one candidate, in a fixed mode."""

from __future__ import annotations

from steer.methods.base import Solution, SolveContext
from steer.methods.prompts import prompt
from steer.records import Message, Sample
from steer.registry import register


class AllText:
    name = "all_text"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('all_text')}\n\n{sample.prompt}")])
        cand = ctx.text_candidate(call, "text-0")
        return Solution(candidates=[cand], final_answer=cand.answer, final_mode="text")


class AllCode:
    name = "all_code"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('all_code')}\n\n{sample.prompt}")])
        cand = await ctx.code_candidate(call, "code-0")
        return Solution(candidates=[cand], final_answer=cand.answer, final_mode="code")


register("method", "all_text", "Text-only step-by-step reasoning, no code (paper baseline All Text)")(AllText)
register("method", "all_code", "Answer with one Python program whose output is the answer (All Code)")(AllCode)
