"""Pull answers and code out of model replies, tolerantly and without any model in the loop.

Small models break formats: unclosed fences, answers outside `<<<...>>>`, several code blocks. These
functions never raise; a reply with nothing usable yields `None` / `[]`, which becomes a failed candidate.
"""

from __future__ import annotations

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
        # An answer opened but never closed (a truncated reply) still counts up to the end.
        tail = text.rsplit("<<<", 1)
        if len(tail) == 2 and ">>>" not in tail[1] and tail[1].strip():
            return tail[1].strip()
        return None
    answer = found[-1].strip()
    return answer or None


def extract_code_blocks(text: str | None) -> list[str]:
    """All Python (or untagged) fenced blocks, in order; a final unclosed fence counts too."""
    if not text:
        return []
    blocks = []
    for lang, body in _FENCE.findall(text):
        if lang.lower() in _CODE_LANGS and body.strip():
            blocks.append(body.rstrip() + "\n")
    return blocks


def extract_code(text: str | None) -> str | None:
    """The code to run for a reply: the last Python block (models put fixes last)."""
    blocks = extract_code_blocks(text)
    return blocks[-1] if blocks else None


def last_line(text: str) -> str | None:
    """The last non-empty line of program output, the fallback answer of a code run."""
    for line in reversed(text.strip().splitlines()):
        if line.strip():
            return line.strip()
    return None
