"""SOURCE_DATE_EPOCH, checked in one place: no file of zi-decree depends on it, but the PDF library reads it."""

from __future__ import annotations

import os

from zi_decree.base import arguments
from zi_decree.i18n import _

__all__ = ["SOURCE_DATE_EPOCH", "check_source_date_epoch"]

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# The last second of 9999 (UTC): dates beyond it have no four-digit year, which a PDF's dates need.
_LAST = 253402300799


def check_source_date_epoch() -> None:
    """Refuse (ArgumentError) a SOURCE_DATE_EPOCH that is set but is no time; unset or empty, it is not there.

    Every file carries the decree's date (or the plan's), whatever the variable says, so that the same input
    gives the same bytes anywhere; but reportlab reads the variable itself and fails on a value that is no
    number, or no date. The reproducible-builds specification asks a tool to stop on a malformed value.
    """
    value = os.environ.get(SOURCE_DATE_EPOCH)
    if value is None or not value.strip():
        return
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > _LAST:
        arguments.refuse(SOURCE_DATE_EPOCH, (
            _("the environment variable is {shown}; expected a whole number of seconds since 1970-01-01 UTC from 0 to "
              "{last} (as `date +%s` prints it), or unset it. zi-decree does not use it (its files carry the decree's "
              "date), but its PDF library reads it").format(shown=arguments.shown(value), last=_LAST)))
