"""One exception hierarchy, branched by who has to act.

    SteerError
    ├── ConfigError          the caller passed a bad name, flag, value or file (CLI exit 2)
    ├── PrerequisiteError    something must be installed or started first (Docker, image, model file)
    ├── ModelError           the model endpoint failed after retries
    │   └── ModelTimeout
    ├── SandboxError         steer could not run code at all (not: the code failed; that is an Execution)
    ├── TaskError            a task's data or generator is broken
    └── RunnerError          a run directory or experiment cannot proceed

A failure of model-written code is a result (`Execution.status`), never an exception; a malformed
model answer is a failed `Verdict`, never an exception. Messages name the offending value and the fix.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ModelError",
    "ModelTimeout",
    "PrerequisiteError",
    "RunnerError",
    "SandboxError",
    "SteerError",
    "TaskError",
]


class SteerError(Exception):
    """Root of every error steer raises on purpose; the CLI prints these without a traceback."""

    exit_code = 1


class ConfigError(SteerError, ValueError):
    exit_code = 2


class PrerequisiteError(SteerError):
    exit_code = 1


class ModelError(SteerError):
    pass


class ModelTimeout(ModelError, TimeoutError):
    pass


class SandboxError(SteerError):
    pass


class TaskError(SteerError):
    pass


class RunnerError(SteerError):
    pass
