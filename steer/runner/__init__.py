"""Running methods over samples, with run directories that resume."""

from steer.runner.rundir import RunDir, read_results, versions
from steer.runner.solve import solve_sample, solve_samples

__all__ = ["RunDir", "read_results", "solve_sample", "solve_samples", "versions"]
