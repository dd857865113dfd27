"""Models: `provider/name` strings resolve here, and only here.

    openai/<model>     any OpenAI-compatible endpoint (base_url, key from an env var)
    local/<name|path>  the embedded llama.cpp model (default: local/qwen2.5-coder-0.5b)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from steer.errors import ConfigError
from steer.models.base import Completion, Model, ModelAPI, RetryPolicy, TransientError
from steer.models.cache import ResponseCache, default_cache_dir
from steer.registry import lookup, register

__all__ = [
    "DEFAULT_MODEL",
    "Completion",
    "Model",
    "ModelAPI",
    "ResponseCache",
    "RetryPolicy",
    "TransientError",
    "default_cache_dir",
    "get_model",
    "load_costs",
]

DEFAULT_MODEL = "local/qwen2.5-coder-0.5b"


@register("model", "openai", "Any OpenAI-compatible endpoint through the openai SDK")
def _openai(name: str, **kwargs: Any) -> ModelAPI:
    from steer.models.openai_api import OpenAIAPI

    return OpenAIAPI(name, **kwargs)


@register("model", "local", "The embedded llama.cpp model, in-process (no key, no server)")
def _local(name: str, **kwargs: Any) -> ModelAPI:
    from steer.models.local import LocalAPI

    return LocalAPI(name, **kwargs)


def load_costs() -> dict[str, tuple[float, float]]:
    """The built-in price table plus the user's (STEER_COSTS), USD per million tokens in/out."""
    files = [Path(__file__).with_name("costs.yaml")]
    if extra := os.environ.get("STEER_COSTS"):
        files.append(Path(extra))
    table: dict[str, tuple[float, float]] = {}
    for f in files:
        try:
            data = yaml.safe_load(f.read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read cost table {f}: {exc}") from exc
        for k, v in data.items():
            if not (isinstance(v, list) and len(v) == 2):
                raise ConfigError(f"cost table {f}: {k!r} must be [input, output] USD per million tokens")
            table[str(k)] = (float(v[0]), float(v[1]))
    return table


def get_model(
    spec: str = DEFAULT_MODEL,
    *,
    cache: bool | ResponseCache = True,
    max_concurrency: int | None = None,
    retry: RetryPolicy | None = None,
    **provider_args: Any,
) -> Model:
    """Resolve `provider/name` into a ready `Model` (retries, cache, limits, prices)."""
    provider, sep, name = spec.partition("/")
    if not sep or not name:
        raise ConfigError(f"model {spec!r} is not of the form provider/name (e.g. {DEFAULT_MODEL}, openai/gpt-4o)")
    api = lookup("model", provider)(name, **{k: v for k, v in provider_args.items() if v is not None})
    rc = cache if isinstance(cache, ResponseCache) else (ResponseCache() if cache else None)
    default_conc = 1 if provider == "local" else 8
    return Model(
        api,
        max_concurrency=max_concurrency or default_conc,
        retry=retry,
        cache=rc,
        prices=load_costs().get(api.name),
    )
