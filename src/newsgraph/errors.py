"""Errors a user can act on. Each message names the input and says what to do next."""
from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    code = "E000"

    def __str__(self) -> str:  # "[E101] path: reason"
        return f"[{self.code}] {super().__str__()}"


class InputError(NewsgraphError):
    """An input that cannot be read as articles: the file and the reason."""

    code = "E100"

    def __init__(self, origin: str, reason: str):
        self.origin, self.reason = origin, reason
        super().__init__(f"{origin}: {reason}")


class ModelMissingError(NewsgraphError):
    code = "E200"


class ConfigError(NewsgraphError):
    code = "E300"
