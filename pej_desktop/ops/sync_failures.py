"""What a failed sync means for the adviser: online or not, a few words for the status bar, a message.

The sync's errors (``sync.errors``) are the wire's business; the window only needs to know
whether the server answered, what to write beside the indicator and whether to warn; the
command line, which exit code a scheduled task ends with (``SyncFailed``). Kept here so that
neither a screen nor a command imports the sync package.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pej_desktop.domain.errors import UserError
from pej_desktop.domain.money import format_count


@dataclass(frozen=True)
class SyncFailure:
    message: str  # French: what the sync said, shown as it is
    expected: bool  # a sync error (network, server, token, data, cancel); False: a bug, to log
    cancelled: bool
    online: bool | None  # False: unreachable; True: the server answered and said no; None: unknown
    problem: str | None  # the status bar's few words; None when « Hors ligne » says it


def describe_sync_failure(error: BaseException) -> SyncFailure:
    from sync import errors

    expected = isinstance(error, errors.SyncError)
    cancelled = isinstance(error, errors.SyncCancelled)
    online = False if isinstance(error, errors.NetworkError) else (True if expected and not cancelled else None)
    return SyncFailure(message=str(error), expected=expected, cancelled=cancelled, online=online,
                       problem=_problem(error))


def _problem(error: BaseException) -> str | None:
    """A few words for the status bar when a sync failed for another reason than the network."""
    from sync import errors

    labels = (
        ((errors.AuthenticationError, errors.ForbiddenError), "Jeton refusé"),
        ((errors.InvalidDataError,), "Données refusées"),
        ((errors.SyncCancelled,), "Synchronisation annulée"),
        ((errors.ConfigurationError,), "Paramètres à vérifier"),
        ((errors.NetworkError,), None),  # « Hors ligne » says it
        ((errors.SyncError,), "Serveur en difficulté"),
    )
    for kinds, label in labels:
        if isinstance(error, kinds):
            return label
    return "Erreur inattendue"


class SyncFailed(UserError):
    """A sync that did not complete (network, server, token, invalid data, settings, cancel), in French.

    ``exit_code`` is the one ``pej-desktop sync`` ends with: 1 network or server, 2 configuration,
    4 token refused, 5 invalid data received, 130 cancelled (each sync error says its own).
    """

    def __init__(self, message: str, *, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def raised_as_user_errors() -> Iterator[None]:
    """Around a sync (or the making of its client): a sync error leaves as a ``SyncFailed``."""
    from sync.errors import SyncError

    try:
        yield
    except SyncError as error:
        raise SyncFailed(error.message, exit_code=error.exit_code) from error


def refused_records_notice(result: object, *, bullet: str = "\n  - ") -> str | None:
    """How many catalogue records the protocol refused in a sync that otherwise succeeded, and
    why (the first few): said by the window and by ``pej-desktop sync``, so nobody misses them.
    ``None`` when every record was taken."""
    refused: int = getattr(result, "refused", 0)
    if not refused:
        return None
    reasons: tuple[str, ...] = getattr(result, "refusals", ())
    listed = "".join(f"{bullet}{reason}" for reason in reasons)
    more = f"{bullet}… et {format_count(refused - len(reasons))} autre(s)" if refused > len(reasons) else ""
    return (f"Attention : {format_count(refused)} enregistrement(s) refusé(s) car invalides (le reste du catalogue "
            f"est à jour ; signalez-le à l'équipe nationale) :{listed}{more}")

