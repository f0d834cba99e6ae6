"""One base class for what the user caused or can fix.

Its ``str()`` is a French sentence that says what happened and what to do next. The
window's default failure handler shows it as it is; the command line prints it and
exits non-zero. Anything that is not a ``UserError`` is a bug: the window shows
« Erreur inattendue » with the log's path, the command line a short apology.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user caused or can fix; the message is the French sentence to show."""

    title = "Action impossible"  # the dialog's title when the window shows it
