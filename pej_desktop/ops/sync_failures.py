"""What a failed sync means for the adviser: online or not, a few words for the status bar, a message.

The sync's errors (``sync.errors``) are the wire's business; the window only needs to know
whether the server answered, what to write beside the indicator and whether to warn. Kept
here so that no screen imports the sync package.
"""

from __future__ import annotations

from dataclasses import dataclass


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
