"""Prompts are data (versioned YAML package files), so experiments can record which wording ran."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from steer.errors import ConfigError

__all__ = ["PROMPTS_VERSION", "prompt"]

PROMPTS_VERSION = 1


@cache
def _load(version: int) -> dict[str, str]:
    try:
        text = resources.files("steer.methods").joinpath(f"prompts/v{version}.yaml").read_text()
    except FileNotFoundError:
        raise ConfigError(f"no prompt set v{version}") from None
    data = yaml.safe_load(text)
    return {k: v for k, v in data.items() if k != "version"}


def prompt(name: str, version: int = PROMPTS_VERSION) -> str:
    table = _load(version)
    if name not in table:
        raise ConfigError(f"no prompt {name!r} in prompt set v{version}; known: {', '.join(sorted(table))}")
    return table[name].strip()
