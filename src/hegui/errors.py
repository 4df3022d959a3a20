"""Errors a user can act on, each carrying the exit code it maps to.

Anything that reaches the CLI as a ``HeguiError`` is printed as its message alone (no traceback): the
message is written for the person running the audit, and says what to fix.
"""

from __future__ import annotations

EXIT_CLEARED = 0
EXIT_BLOCKED = 1
EXIT_BAD_INPUT = 2
EXIT_INCONCLUSIVE = 3


class HeguiError(Exception):
    exit_code = EXIT_BAD_INPUT


class PolicyError(HeguiError):
    """One or more problems in policy files; each problem is a ``file:line:column: path: message`` line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class ModelLoadError(HeguiError):
    pass


class DataError(HeguiError):
    pass


class StoreMismatchError(HeguiError):
    pass
