"""Pushing the outbox: every activation reaches the national API exactly once.

For each entry due (all of them when the adviser asked for a sync, else those whose
backoff has run out), the stored payload is POSTed with its ``Idempotency-Key``. The
answer is applied in one transaction: accepted (the code completed if it was to come)
or refused (kept on the activation until the adviser acknowledges it); either way the
entry leaves the outbox. A failure that retrying may cure only reschedules the entry,
with the backoff stored in the file. A crash anywhere in between is harmless: the
entry is still there, and sending it again returns the first answer.

``checkpoint`` is called at the points a crash matters (before sending, once the
answer is in, inside the settling transaction); the fault campaign makes it raise.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import Connection

from pej_desktop.domain.activation import next_attempt
from pej_desktop.domain.clock import utc_now
from pej_desktop.store import activations as store
from pej_desktop.store.personal import PersonalStore
from sync.activation_api import Accepted, ActivationApi
from sync.client import ApiClient
from sync.errors import AuthenticationError, ForbiddenError, NetworkError, SyncCancelled, SyncError

log = logging.getLogger(__name__)
Checkpoint = Callable[[str], None]
T = TypeVar("T")
LOOKUP_BATCH = 500


@dataclass
class PushResult:
    due: int = 0
    accepted: int = 0
    refused: int = 0
    completed: int = 0  # "code à venir" completed by the national side
    failed: int = 0
    error: SyncError | None = None  # the last failure, when some entries are still waiting

    @property
    def offline(self) -> bool:
        return isinstance(self.error, NetworkError)


def push_outbox(people: PersonalStore, client: ApiClient, *, now: dt.datetime | None = None, force: bool = True,
                checkpoint: Checkpoint | None = None, rng: random.Random | None = None) -> PushResult:
    """Send what is due; raises only for the token (401/403) or a cancel, never for one entry."""
    moment = now or utc_now()
    with people.read() as conn:
        due = store.due_entries(conn, client.base_url, moment, force=force)
    result, api = PushResult(due=len(due)), ActivationApi(client)
    for entry, outcome in answers(due, lambda e: api.submit(e.payload), people, result, rng, checkpoint):
        _settle(people, entry, outcome, checkpoint)
        if isinstance(outcome, Accepted):
            result.accepted += 1
            result.completed += int(bool(outcome.code) and not entry.payload.get("code"))
        else:
            result.refused += 1
    log.info("outbox: %d due, %d accepted, %d refused, %d failed", result.due, result.accepted, result.refused,
             result.failed)
    return result


def _settle(people: PersonalStore, entry: store.OutboxEntry, outcome: object, checkpoint: Checkpoint | None) -> None:
    """The answer, applied in one transaction on the database worker."""
    def settle(conn: Connection) -> None:
        _checkpoint(checkpoint, "settle")
        settled_at = utc_now()
        if isinstance(outcome, Accepted):
            store.settle_accepted(conn, entry.activation_uid, outcome.body, settled_at)
        else:
            store.settle_refused(conn, entry.activation_uid, slug=outcome.slug, title=outcome.title,  # type: ignore[attr-defined]
                                 detail=outcome.detail, now=settled_at)  # type: ignore[attr-defined]

    people.transact(settle)


class _Tally(Protocol):
    failed: int
    error: SyncError | None


def answers(due: list[store.OutboxEntry], send: Callable[[store.OutboxEntry], T], people: PersonalStore,
            tally: _Tally, rng: random.Random | None,
            checkpoint: Checkpoint | None = None) -> Iterator[tuple[store.OutboxEntry, T]]:
    """Each due entry with the server's answer, in order: the one loop of every outbox.

    An entry whose exchange failed waits for its next attempt (backoff stored) and is counted
    in ``tally``; unreachable, the others wait too, their backoff untouched. A refused token
    or a cancel ends it all (raised)."""
    for entry in due:
        _checkpoint(checkpoint, "send")
        try:
            outcome = send(entry)
        except (AuthenticationError, ForbiddenError, SyncCancelled):
            raise
        except SyncError as error:
            _reschedule(people, entry, error, rng)
            tally.failed, tally.error = tally.failed + 1, error
            if isinstance(error, NetworkError):
                break
            continue
        _checkpoint(checkpoint, "answered")
        yield entry, outcome


def _reschedule(people: PersonalStore, entry: store.OutboxEntry, error: SyncError, rng: random.Random | None) -> None:
    attempts = entry.attempts + 1
    at = next_attempt(attempts, utc_now(), rng)
    people.transact(lambda conn: store.reschedule(conn, entry.activation_uid, attempts=attempts,
                                                  next_attempt_at=at, error=error.message))


def _checkpoint(checkpoint: Checkpoint | None, where: str) -> None:
    if checkpoint is not None:
        checkpoint(where)


def refresh_usage(people: PersonalStore, client: ApiClient) -> int:
    """Learn which codes of renewable offers were used (the 24-hour rule needs the date)."""
    with people.read() as conn:
        uids = store.accepted_without_use(conn, client.base_url, LOOKUP_BATCH)
    if not uids:
        return 0
    answer = ActivationApi(client).lookup(uids)
    used = [(a["id"], a["used_at"]) for a in answer.get("activations", []) if a.get("used_at")]
    def note_use(conn: Connection) -> None:
        for uid, used_at in used:
            store.set_used(conn, uid, dt.datetime.fromisoformat(used_at))

    people.transact(note_use)
    return len(used)
