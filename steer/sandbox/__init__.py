"""Sandboxes: where model-written code runs. `docker` is the default; `process` is the unsafe fallback."""

from __future__ import annotations

from typing import Any

from steer.registry import lookup, register
from steer.sandbox.base import OutputBuffer, Sandbox, SandboxLimits

__all__ = ["DEFAULT_SANDBOX", "OutputBuffer", "Sandbox", "SandboxLimits", "get_sandbox"]

DEFAULT_SANDBOX = "docker"


@register("sandbox", "process", "Host subprocess with rlimits; UNSAFE, for machines without Docker")
def _process(**kwargs: Any) -> Sandbox:
    from steer.sandbox.process import ProcessSandbox

    return ProcessSandbox(**kwargs)


@register("sandbox", "docker", "Hardened Docker container: no network, read-only root, limits, non-root")
def _docker(**kwargs: Any) -> Sandbox:
    from steer.sandbox.docker import DockerSandbox

    return DockerSandbox(**kwargs)


def get_sandbox(name: str = DEFAULT_SANDBOX, **kwargs: Any) -> Sandbox:
    return lookup("sandbox", name)(**kwargs)  # type: ignore[no-any-return]
