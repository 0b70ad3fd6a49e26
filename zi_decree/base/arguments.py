"""Checks of the arguments public functions take: a wrong one is an ArgumentError naming it, before any work."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from zi_decree.errors import ArgumentError, Location, Problem, excerpt
from zi_decree.i18n import _

__all__ = ["YEARS", "callback", "choice", "date", "flag", "instance", "number", "optional_instance", "optional_path",
           "path", "path_or", "refuse", "sequence", "shown", "text", "whole", "year"]

T = TypeVar("T")
S = TypeVar("S", bound=str)

# The years a decree may have (the spec model holds the same bounds).
YEARS = (2000, 2100)


def refuse(parameter: str, message: str) -> NoReturn:
    """Raise the ArgumentError of one parameter."""
    raise ArgumentError([Problem(message, Location(field=parameter), code="invalid-argument")])


def shown(value: object) -> str:
    """The value as a message shows it: a string as written, anything else with its type (just its type if long)."""
    if isinstance(value, str):
        return excerpt(value, 76)
    text = repr(value)
    return f"{text} ({type(value).__name__})" if len(text) <= 60 else f"a {type(value).__name__}"


def _alternatives(allowed: Iterable[str], conjunction: str = "or") -> str:
    words = list(allowed)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def choice(parameter: str, value: object, allowed: tuple[S, ...], noun: str | None = None) -> S:
    """`value` if it is one of `allowed`; else an ArgumentError naming the parameter, the value and the choices.

    `noun` names one value where the parameter takes several ("format" for `formats`).
    """
    for option in allowed:
        if isinstance(value, str) and value == option:
            return option
    refuse(parameter, _("unknown {value} {shown}; choose {alternatives}").format(value=noun or parameter,
                        shown=shown(value), alternatives=_alternatives(allowed)))


def _is_path(value: object) -> bool:
    # A PathLike may give bytes, which Path refuses; an empty string would mean the current folder unasked.
    return (isinstance(value, str) and bool(value.strip())) or \
        (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str))


def path(parameter: str, value: object) -> Path:
    """A file or folder path given as a str or a path object."""
    if not _is_path(value):
        refuse(parameter, _("expected a file path (a str or pathlib.Path), got {shown}").format(shown=shown(value)))
    return Path(value)  # type: ignore[arg-type]


def optional_path(parameter: str, value: object) -> Path | None:
    return None if value is None else path(parameter, value)


def year(parameter: str, value: object, lowest: int = YEARS[0], highest: int = YEARS[1]) -> int:
    """A year: a whole number (not a string) from `lowest` to `highest`."""
    if not isinstance(value, int) or isinstance(value, bool):
        refuse(parameter, _("expected a year such as 2025 (a whole number), got {shown}").format(shown=shown(value)))
    if not lowest <= value <= highest:
        refuse(parameter, _("the year {value} is not between {lowest} and {highest}").format(value=value,
                            lowest=lowest, highest=highest))
    return value


def whole(parameter: str, value: object, minimum: int) -> int:
    """A whole number of at least `minimum` (a count of workers, a lampiran's number)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        refuse(parameter, _("expected a whole number of at least {minimum}, got {shown}").format(minimum=minimum,
                            shown=shown(value)))
    return value


def date(parameter: str, value: object) -> dt.date:
    """A calendar date (a datetime.date; a datetime's time of day would be lost, so it is refused)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        refuse(parameter, _("expected a date such as datetime.date(2025, 1, 5), got {shown}").format(
                            shown=shown(value)))
    return value


def number(parameter: str, value: object) -> int | str:
    """A decree's number: a positive whole number (6) or a registry code ('11/HK.03.1/3322/2022')."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    refuse(parameter, _("expected a decree number such as 6 or a registry code such as '11/HK.03.1/3322/2022', got "
                        "{shown}").format(shown=shown(value)))


def text(parameter: str, value: object) -> str:
    if not isinstance(value, str):
        refuse(parameter, _("expected a text (str), got {shown}").format(shown=shown(value)))
    return value


def flag(parameter: str, value: object) -> bool:
    if not isinstance(value, bool):
        refuse(parameter, _("expected True or False, got {shown}").format(shown=shown(value)))
    return value


def instance(parameter: str, value: object, cls: type[T], hint: str = "") -> T:
    """`value` if it is a `cls`; else an ArgumentError saying what is expected (`hint`: where one comes from)."""
    if not isinstance(value, cls):
        refuse(parameter, _("expected {a}, got {shown}").format(a=_a(cls, hint), shown=shown(value)))
    return value


def optional_instance(parameter: str, value: object, cls: type[T], hint: str = "") -> T | None:
    if value is not None and not isinstance(value, cls):
        refuse(parameter, _("expected {a} or None, got {shown}").format(a=_a(cls, hint), shown=shown(value)))
    return value


def path_or(parameter: str, value: object, cls: type[T], hint: str = "") -> T | Path:
    """`value` if it is a `cls`, else a file path; else an ArgumentError saying that either is expected."""
    if isinstance(value, cls):
        return value
    if _is_path(value):
        return Path(value)  # type: ignore[arg-type]
    refuse(parameter, _("expected a file path (a str or pathlib.Path) or {a}, got {shown}").format(a=_a(cls, hint),
                        shown=shown(value)))


def sequence(parameter: str, value: object, example: list[str]) -> list[Any]:
    """The items of a list (or any iterable but a string, whose letters are not what is meant)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        refuse(parameter, _("expected a list such as {example!r}, got {shown}").format(example=example,
                            shown=shown(value)))
    return list(value)


def _a(cls: type, hint: str) -> str:
    return f"a {cls.__name__}" + (f" ({hint})" if hint else "")


def callback(parameter: str, value: object) -> Callable[..., Any] | None:
    if value is not None and not callable(value):
        refuse(parameter, _("expected a function (or None), got {shown}").format(shown=shown(value)))
    return value
