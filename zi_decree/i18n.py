"""The language messages speak: gettext catalogues shipped in the package, English or Bahasa Indonesia.

A message is translated when it is made, in the language active at that moment: most messages quote values
(`_("... {name} ...").format(name=...)`), so the text is final once formatted, and a Problem carries plain text
that any tool can print or store. The active language is a context variable, not a global: each web request
runs in its own context (Indonesian, or the language its user chose), while the command line sets it once for its
run (English unless --lang or the environment says otherwise). Texts made before any language is known (the
codes' summaries, help texts written at import) are marked with N_() and translated where they are shown.

The source language is English: msgids are the English text, the English catalogue is the identity, and the
Indonesian catalogue (zi_decree/locale/id/LC_MESSAGES/zi_decree.po, compiled to .mo by `pybabel compile`)
holds the translations.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "Language", "N_", "_", "language", "language_from_environment",
           "ngettext", "set_language", "translate", "use_language"]

Language = Literal["en", "id"]
LANGUAGES: tuple[Language, ...] = ("en", "id")
DOMAIN = "zi_decree"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: ContextVar[Language] = ContextVar("zi_decree_language", default="en")


@cache
def _catalogue(lang: Language) -> gettext.NullTranslations:
    # A missing .mo falls back to the English source text, never fails.
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def language() -> Language:
    """The language of the current context."""
    return _active.get()


def set_language(lang: Language) -> None:
    """Make `lang` the language of the current context (and of the contexts started from it from now on)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _active.set(lang)


@contextmanager
def use_language(lang: Language) -> Iterator[None]:
    """Speak `lang` inside the block, and the language before it after."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _active.set(lang)
    try:
        yield
    finally:
        _active.reset(token)


def language_from_environment(environ: Mapping[str, str]) -> Language:
    """The language the POSIX locale variables ask for: the first set of LC_ALL, LC_MESSAGES, LANG; Indonesian
    for `id` (id, id_ID.UTF-8, ...), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "id" if value.split(".")[0].split("_")[0].split("@")[0].lower() in ("id", "in") else "en"
    return "en"


def _(message: str) -> str:
    """`message` (its English text) in the current language."""
    return _catalogue(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    return _catalogue(_active.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now (it is translated where shown, by translate)."""
    return message


def translate(message: str) -> str:
    """A message marked with N_, in the current language."""
    return _(message)
