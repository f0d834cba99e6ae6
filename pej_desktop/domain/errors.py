"""One base class for what the user caused or can fix.

Its ``str()`` is a French sentence that says what happened and what to do next. The
window's default failure handler shows it as it is; the command line prints it and
exits non-zero. Anything that is not a ``UserError`` is a bug: the window shows
« Erreur inattendue » with the log's path, the command line a short apology.

The class is declared in the protocol package (``sync.protocol.errors``), the bottom
layer both sides import, because a record the wire refuses is one too.
"""

from __future__ import annotations

from sync.protocol.errors import UserError

__all__ = ["UserError"]
