"""Why a sync failed, in French for the adviser, with an exit code for scheduled tasks."""

from __future__ import annotations


class SyncError(Exception):
    """A sync that did not complete; what was committed before it stays consistent."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(SyncError):
    """No API address, an address refused (plain http to a remote host), no token."""

    exit_code = 2


class AuthenticationError(SyncError):
    """401: the server does not know this token (missing, mistyped, or from another API)."""

    exit_code = 4


class ForbiddenError(SyncError):
    """403: the server knows the token but refuses it (revoked, or without the right)."""

    exit_code = 4


class NetworkError(SyncError):
    """The server could not be reached, or kept failing, after every retry."""

    exit_code = 1


class ServerError(SyncError):
    """The server answered with an error that retrying did not cure."""

    exit_code = 1


class InvalidDataError(SyncError):
    """A page or a record breaks the contract: refused whole, nothing of it applied."""

    exit_code = 5


class CursorGoneError(SyncError):
    """410: the server no longer knows our cursor; the engine answers with a full resync."""


class SyncCancelled(SyncError):
    """The adviser cancelled; pages already committed are kept and the next sync resumes."""

    exit_code = 130
