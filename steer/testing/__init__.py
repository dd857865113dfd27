"""TEST DOUBLES ONLY. Nothing here is reachable as a user default; tests and benchmarks import it."""

from steer.testing.scripted_server import Fault, ScriptedServer

__all__ = ["Fault", "ScriptedServer"]
