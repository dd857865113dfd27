"""Small shared CLI helpers (flag parsing that must behave the same in every command)."""

from __future__ import annotations

import argparse
from typing import Any

import yaml

from steer.errors import ConfigError

__all__ = ["positive_int", "parse_kv", "console"]


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {n}")
    return n


def parse_kv(items: list[str] | None, flag: str) -> dict[str, Any]:
    """`-K key=value` pairs, values YAML-parsed (so `digits=[4,4]`, `t=0.5`, `x=true` work)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"{flag} expects key=value, got {item!r}")
        try:
            out[key] = yaml.safe_load(raw)
        except yaml.YAMLError:
            out[key] = raw
    return out


def console() -> Any:
    """Rich console; when output is not a terminal (logs, CI), wide enough that tables are not cut."""
    import sys

    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)
