"""The one base class of errors the user caused or can fix, shared by both sides of the wire.

Its ``str()`` is a French sentence that says what happened and what to do next. A record
the wire refuses (``sync.protocol.records.RecordError``) is one: the desktop shows it as
it is (``pej_desktop.domain.errors`` re-exports this class), the reference server answers
it as a refused record.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user caused or can fix; the message is the French sentence to show."""

    title = "Action impossible"  # the dialog's title when the window shows it
