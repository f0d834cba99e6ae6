"""Pushing the offer feedback in the outbox: reports on offers and unmet-search batches.

Run right after the activations (``sync.device_sync.push_pending``). The unmet-search
counts kept since the last sync are first moved into outbox batches (in one
transaction), then every due entry of these kinds is POSTed with its
``Idempotency-Key``. A final answer (recorded, replayed, or refused for good) removes
the entry; a failure that retrying may cure only reschedules it, with the same stored
backoff as activations. A crash anywhere is harmless: the entry is still there, and
sending it again returns the first answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass

from sqlalchemy import Connection

from pej_desktop.domain.clock import utc_now
from pej_desktop.store import activations as store
from pej_desktop.store import interview_tables
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store.activation_tables import DEMO_API
from pej_desktop.store.personal import PersonalStore
from sync.client import ApiClient
from sync.errors import SyncError
from sync.offer_feedback_api import Delivered, OfferFeedbackApi
from sync.outbox import answers

log = logging.getLogger(__name__)


@dataclass
class OfferFeedbackPush:
    due: int = 0
    delivered: int = 0
    dropped: int = 0
    failed: int = 0
    error: SyncError | None = None


def push_offer_feedback(people: PersonalStore, client: ApiClient, *, now: dt.datetime | None = None,
                        force: bool = True, rng: random.Random | None = None) -> OfferFeedbackPush:
    """Queue the unmet-search counts, then send the due reports and batches; raises only for the token."""
    moment = now or utc_now()
    def queue_and_list(conn: Connection) -> list[store.OutboxEntry]:
        if client.base_url != DEMO_API:
            feedback_rows.queue_unmet_searches(conn, client.base_url, now=moment)
        return feedback_rows.feedback_entries(conn, client.base_url, moment, force=force)

    due = people.transact(queue_and_list)
    result, api = OfferFeedbackPush(due=len(due)), OfferFeedbackApi(client)
    for entry, outcome in answers(due, lambda e: _send(api, e), people, result, rng):
        uid = entry.activation_uid
        people.transact(lambda conn: feedback_rows.remove_outbox_entry(conn, uid))  # noqa: B023  # run at once
        if isinstance(outcome, Delivered):
            result.delivered += 1
        else:
            result.dropped += 1
            log.warning("%s %s refused for good (%s)", entry.kind, entry.activation_uid, outcome.status)
    log.info("offer feedback outbox: %d due, %d delivered, %d refused, %d failed", result.due, result.delivered,
             result.dropped, result.failed)
    return result


def _send(api: OfferFeedbackApi, entry: store.OutboxEntry):  # type: ignore[no-untyped-def]
    if entry.kind == interview_tables.OUTBOX_REPORT:
        body = dict(entry.payload)
        offer_id = str(body.pop("offer_id"))
        return api.report(offer_id, body)
    return api.unmet_searches(entry.payload)

