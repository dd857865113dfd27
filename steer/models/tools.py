"""The tools steer offers a model through an endpoint's tool calling, by name.

Methods name tools in `GenerateConfig.tools` (so the offer is part of the cache key and the log);
providers turn a name into the endpoint's wire format here. There is one tool: `python`, which the
sandbox runs. Endpoints without tool calling get the same capability as fenced code blocks instead.
"""

from __future__ import annotations

import json
from typing import Any

from steer.errors import ConfigError
from steer.records import ToolCall

__all__ = ["PYTHON", "openai_tools", "python_code"]

PYTHON = "python"

_SPECS: dict[str, dict[str, Any]] = {
    PYTHON: {
        "type": "function",
        "function": {
            "name": PYTHON,
            "description": "Run a complete Python 3 program in a sandbox (no network) and return its "
                           "stdout and stderr. Print what you need to see.",
            "parameters": {
                "type": "object",
                "properties": {"code": {"type": "string", "description": "the whole program"}},
                "required": ["code"],
            },
        },
    },
}


def openai_tools(names: list[str]) -> list[dict[str, Any]]:
    unknown = [n for n in names if n not in _SPECS]
    if unknown:
        raise ConfigError(f"unknown tool {unknown[0]!r}; known: {', '.join(sorted(_SPECS))}")
    return [_SPECS[n] for n in names]


def python_code(call: ToolCall) -> str | None:
    """The program of a `python` call; None when the arguments are not JSON with a `code` string."""
    if call.name != PYTHON:
        return None
    try:
        args = json.loads(call.arguments)
    except json.JSONDecodeError:
        return None
    code = args.get("code") if isinstance(args, dict) else None
    return code if isinstance(code, str) and code.strip() else None
