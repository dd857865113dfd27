"""Code Interpreter (multi-turn): the model runs code, sees the output, and decides when it is done.

Where the endpoint has tool calling (`openai/*`), the model gets a `python` tool and each call's output
goes back as the tool's result; elsewhere (the embedded model has no tool-calling template) fenced code
blocks are the protocol and the output comes back as a user turn. `tools="auto"` picks by the model and
falls back to fenced code, recorded, when the endpoint refuses the tool offer; a fenced block in a
tool-mode reply is run too, since small models write one anyway. Code Interpreter+ is the paper's
proposal that pushes harder toward code: a system prompt that insists on computation and one nudge
when a round answers without code.
"""

from __future__ import annotations

from steer.errors import ConfigError
from steer.extract import extract_code
from steer.methods.base import Solution, SolveContext
from steer.methods.prompts import prompt
from steer.models.tools import PYTHON, python_code
from steer.records import Candidate, Message, ModelCall, Sample
from steer.registry import register

__all__ = ["CodeInterpreter", "CodeInterpreterPlus", "show_output"]

OUTPUT_CHARS = 4000  # output shown back to the model per round; the full capture stays in the record
TOOL_MODES = ("auto", "on", "off")


def show_output(stdout: str, stderr: str, status: str) -> str:
    text = stdout if not stderr else f"{stdout}\n[stderr]\n{stderr}"
    if len(text) > OUTPUT_CHARS:
        text = text[: OUTPUT_CHARS // 2] + "\n...[output shortened]...\n" + text[-OUTPUT_CHARS // 2 :]
    suffix = "" if status == "ok" else f"\n[the program ended with status: {status}]"
    return f"```\n{text.strip()}\n```{suffix}"


class CodeInterpreter:
    name = "code_interpreter"
    system_prompt = "interpreter"
    nudges = 0

    def __init__(self, max_rounds: int | None = None, tools: str = "auto") -> None:
        if tools not in TOOL_MODES:
            raise ConfigError(f"unknown tools mode {tools!r}; known: {', '.join(TOOL_MODES)}")
        self.max_rounds = max_rounds
        self.tools = tools

    def _start(self, sample: Sample, use_tools: bool) -> list[Message]:
        suffix = "_tools" if use_tools else ""
        return [Message.system(prompt(self.system_prompt + suffix)), Message.user(sample.prompt)]

    async def _run_tool_calls(self, call: ModelCall, r: int, ctx: SolveContext) -> tuple[list[Candidate], list[Message]]:
        """Every tool call gets an answer (the API requires one per call id); each python call runs."""
        cands, replies = [], []
        for j, tc in enumerate(call.tool_calls):
            code = python_code(tc)
            cid = f"code-{r}" if len(call.tool_calls) == 1 else f"code-{r}-{j}"
            if code is None:
                why = (f"unknown tool {tc.name!r}" if tc.name != PYTHON
                       else "the arguments must be JSON of the form {\"code\": \"<program>\"}")
                cands.append(Candidate(id=cid, mode="code", raw_reply=tc.arguments, call_index=ctx.call_index(call),
                                       error=f"malformed tool call: {why}"))
                replies.append(Message.tool(tc.id, f"error: {why}"))
                continue
            cand = await ctx.code_candidate(call, cid, code=code)
            cands.append(cand)
            ex = cand.executions[-1]
            replies.append(Message.tool(tc.id, show_output(ex.stdout, ex.stderr, ex.status)))
        return cands, replies

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        rounds = self.max_rounds or ctx.budget.max_rounds
        use_tools = self.tools == "on" or (self.tools == "auto" and ctx.model.supports_tools)
        fallback = None
        messages = self._start(sample, use_tools)
        candidates: list[Candidate] = []
        final: Candidate | None = None
        nudges_left = self.nudges
        stop = "rounds exhausted"
        r = 0
        while r < rounds:
            call = await ctx.generate(messages, purpose=f"round-{r}", **({"tools": [PYTHON]} if use_tools else {}))
            if call.error and use_tools and self.tools == "auto" and not candidates:
                # an endpoint without tool calling refuses the offer: the same loop with fenced code
                use_tools, fallback = False, call.error.message
                messages = self._start(sample, use_tools)
                continue
            if call.error:
                stop = f"model error: {call.error.message}"
                break
            r += 1
            if call.tool_calls:
                cands, replies = await self._run_tool_calls(call, r - 1, ctx)
                candidates += cands
                messages = [*messages, Message.assistant(call.reply, call.tool_calls), *replies]
                continue
            messages = [*messages, Message.assistant(call.reply)]
            if extract_code(call.reply) is None:
                if nudges_left > 0 and not any(c.mode == "code" for c in candidates):
                    nudges_left -= 1
                    messages.append(Message.user(prompt("interpreter_nudge" + ("_tools" if use_tools else ""))))
                    continue
                final = ctx.text_candidate(call, f"final-{r - 1}")
                stop = "final answer"
                break
            cand = await ctx.code_candidate(call, f"code-{r - 1}")
            candidates.append(cand)
            ex = cand.executions[-1] if cand.executions else None
            if ex is None:
                break
            messages.append(Message.user(prompt("interpreter_output").format(
                output=show_output(ex.stdout, ex.stderr, ex.status))))
        used_code = any(c.mode == "code" and c.executions for c in candidates)
        if final is not None:
            candidates.append(final)
        # The final answer is the model's closing statement; failing that, the last code run's output.
        answer = final.answer if final and final.answer else next(
            (c.answer for c in reversed(candidates) if c.mode == "code" and c.answer), None)
        return Solution(
            candidates=candidates,
            final_answer=answer,
            final_mode="code" if used_code else "text",
            decision={"rounds": r, "stopped": stop, "used_code": used_code, "tool_calling": use_tools,
                      "tool_fallback": fallback},
        )


class CodeInterpreterPlus(CodeInterpreter):
    name = "code_interpreter_plus"
    system_prompt = "interpreter_plus"
    nudges = 1


register("method", "code_interpreter", "Code Interpreter: multi-turn run-code-see-output loop (baseline)")(
    CodeInterpreter
)
register("method", "code_interpreter_plus",
         "Code Interpreter+: the interpreter loop pushed explicitly toward code (paper proposal)")(CodeInterpreterPlus)
