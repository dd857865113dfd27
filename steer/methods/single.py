"""Single-turn methods: one call, one candidate. The paper's baselines that differ only in the prompt."""

from __future__ import annotations

from steer.methods.base import Solution, SolveContext
from steer.methods.prompts import prompt
from steer.records import Candidate, Message, Sample
from steer.registry import register

__all__ = ["AllCode", "AllCodeCoT", "AllText", "AutoGenConca", "AutoGenSystem", "OnlyQuestion"]


def _solution(cand: Candidate) -> Solution:
    return Solution(candidates=[cand], final_answer=cand.answer, final_mode=cand.mode)


class OnlyQuestion:
    """The raw question; the model chooses freely (a code block in the reply is run)."""

    name = "only_question"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(sample.prompt)])
        return _solution(await ctx.reply_candidate(call, "reply-0"))


class AllText:
    name = "all_text"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('all_text')}\n\n{sample.prompt}")])
        return _solution(ctx.text_candidate(call, "text-0"))


class AllCode:
    name = "all_code"
    prompt_name = "all_code"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt(self.prompt_name)}\n\n{sample.prompt}")])
        return _solution(await ctx.code_candidate(call, "code-0"))


class AllCodeCoT(AllCode):
    name = "all_code_cot"
    prompt_name = "all_code_cot"


class AutoGenConca:
    """An AutoGen-style assistant prompt concatenated with the question in one user turn."""

    name = "autogen_conca"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('autogen_assistant')}\n\n{sample.prompt}")])
        return _solution(await ctx.reply_candidate(call, "reply-0"))


class AutoGenSystem:
    """The same assistant prompt as the system message."""

    name = "autogen_system"

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.system(prompt("autogen_assistant")), Message.user(sample.prompt)])
        return _solution(await ctx.reply_candidate(call, "reply-0"))


register("method", "only_question", "Only Question: the raw question; code in the reply is run (baseline)")(
    OnlyQuestion
)
register("method", "all_text", "All Text: step-by-step text reasoning, no code (baseline)")(AllText)
register("method", "all_code", "All Code: one Python program whose output is the answer (baseline)")(AllCode)
register("method", "all_code_cot", "All Code + CoT: plan first, then one program (baseline)")(AllCodeCoT)
register("method", "autogen_conca", "AutoGen Conca.: AutoGen-style assistant prompt + question (baseline)")(
    AutoGenConca
)
register("method", "autogen_system", "AutoGen System: AutoGen-style assistant as system prompt (baseline)")(
    AutoGenSystem
)
