"""Pull answers and code out of model replies, tolerantly and without any model in the loop.

Small models break formats: unclosed fences, answers outside `<<<...>>>`, several code blocks. These
functions never raise; a reply with nothing usable yields `None` / `[]`, which becomes a failed candidate.
"""

from __future__ import annotations

import ast
import re

__all__ = ["extract_answer", "extract_code_blocks", "extract_code", "last_line"]

_ANSWER = re.compile(r"<<<(.*?)>>>", re.DOTALL)
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_CODE_LANGS = {"", "python", "py", "python3"}


def extract_answer(text: str | None) -> str | None:
    """The last `<<<...>>>` span, stripped; `None` when the reply has none or it is empty."""
    if not text:
        return None
    found = _ANSWER.findall(text)
    if not found:
        # An answer opened but never closed (a truncated reply, or a program printing `<<<42>>`) counts up to
        # the end, without a short closer.
        tail = text.rsplit("<<<", 1)
        if len(tail) == 2 and ">>>" not in tail[1]:
            return re.sub(r">{1,2}$", "", tail[1].strip()).strip() or None
        return None
    answer = found[-1].strip()
    return answer or None


def extract_code_blocks(text: str | None) -> list[str]:
    """All Python (or untagged) fenced blocks, in order; a final unclosed fence counts too."""
    return [body for _, body in _blocks(text)]


def _blocks(text: str | None) -> list[tuple[str, str]]:
    if not text:
        return []
    return [(lang.lower(), body.rstrip() + "\n") for lang, body in _FENCE.findall(text)
            if lang.lower() in _CODE_LANGS and body.strip()]


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def extract_code(text: str | None) -> str | None:
    """The code to run for a reply: the last block tagged as Python that parses (models put fixes
    last, and often follow the program with an untagged block of its imagined output); failing that,
    the last block that parses; failing that, the last block (so the crash is recorded)."""
    blocks = _blocks(text)
    if not blocks:
        return None
    for pick in (lambda lang, b: lang != "" and _parses(b), lambda lang, b: _parses(b)):
        chosen = [b for lang, b in blocks if pick(lang, b)]
        if chosen:
            return chosen[-1]
    return blocks[-1][1]


def last_line(text: str) -> str | None:
    """The last non-empty line of program output, the fallback answer of a code run."""
    for line in reversed(text.strip().splitlines()):
        if line.strip():
            return line.strip()
    return None
