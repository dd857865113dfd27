"""steer: decide per question whether an LLM should reason in text or write and run code, then prove
which answer is right.

    import steer
    agent = steer.Agent()                      # embedded model, default method, Docker sandbox
    result = agent.solve("What is 7563*2194?")
    print(result.final_answer, result.final_mode)
"""

from steer.agent import Agent
from steer.errors import (
    ConfigError,
    ModelError,
    PrerequisiteError,
    RunnerError,
    SandboxError,
    SteerError,
    TaskError,
)
from steer.methods import Budget, Method, get_method
from steer.models import Model, get_model
from steer.records import (
    Candidate,
    Execution,
    Message,
    ModelCall,
    RunRecord,
    Sample,
    SampleResult,
    Verdict,
)
from steer.sandbox import Sandbox, SandboxLimits, get_sandbox
from steer.tasks import Task, get_task

__all__ = [
    "Agent",
    "Budget",
    "Candidate",
    "ConfigError",
    "Execution",
    "Message",
    "Method",
    "Model",
    "ModelCall",
    "ModelError",
    "PrerequisiteError",
    "RunRecord",
    "RunnerError",
    "Sample",
    "SampleResult",
    "Sandbox",
    "SandboxError",
    "SandboxLimits",
    "SteerError",
    "Task",
    "TaskError",
    "Verdict",
    "get_method",
    "get_model",
    "get_sandbox",
    "get_task",
]
