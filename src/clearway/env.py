"""Environment variables parsed loudly: a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _read(name: str, default: T, parse: Callable[[str], T], expected: str) -> T:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return parse(raw.strip())
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not valid: expected {expected} ({exc})") from exc


def _parse_bool(raw: str) -> bool:
    low = raw.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("not a boolean")


def env_bool(name: str, default: bool) -> bool:
    return _read(name, default, _parse_bool, "one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    def parse(raw: str) -> int:
        value = int(raw)
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return _read(name, default, parse, "a whole number")


def env_str(name: str, default: str) -> str:
    return _read(name, default, str, "a string")


def env_list(name: str, default: list[str]) -> list[str]:
    return _read(name, default, lambda raw: [p.strip() for p in raw.split(",") if p.strip()], "a comma list")


def env_path(name: str, default: Path) -> Path:
    return _read(name, default, lambda raw: Path(raw).expanduser().resolve(), "a file-system path")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    def parse(raw: str) -> str:
        if raw not in choices:
            raise ValueError(f"choose from {', '.join(choices)}")
        return raw

    return _read(name, default, parse, "one of " + ", ".join(choices))
