"""The young person's feedback on an offer, and the searches that found nothing.

Both are recorded on this computer and queued in the outbox for the national team
(``sync.offer_feedback_push``); a search is reduced to the catalogue's own words first, so
no name ever leaves (``domain.search_stats``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import select

from pej_desktop.domain.followup import FEEDBACK_KINDS
from pej_desktop.domain.search_stats import candidate_words, name_words, unmet_search_key
from pej_desktop.ops.interview import InterviewRefused
from pej_desktop.store import activations as activation_store
from pej_desktop.store import audit, interview_tables, personal
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store.activation_tables import ACTIVATIONS, DEMO_API
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import vocabulary_words
from pej_desktop.store.types import instant_text

log = logging.getLogger(__name__)


# -- feedback ---------------------------------------------------------------------------------------------
def record_feedback(store: PersonalStore, person_id: int, activation_uid: str, kind: str, *,
                    now: dt.datetime) -> bool:
    """Record the young person's feedback and queue it as a report; True when it will be sent upstream.

    Feedback on an offer of the demonstration catalogue stays on this computer.
    """
    if kind not in FEEDBACK_KINDS:
        raise InterviewRefused("Retour inconnu.")
    with store.write() as conn:
        row = conn.execute(select(ACTIVATIONS.c.offer_id, ACTIVATIONS.c.offer_title, ACTIVATIONS.c.api)
                           .where(ACTIVATIONS.c.uid == activation_uid, ACTIVATIONS.c.person_id == person_id)).first()
        if row is None:
            raise InterviewRefused("Cette activation n'existe plus dans le dossier.")
        adviser = personal.current_adviser(conn)
        uid = str(uuid.uuid4())
        feedback_rows.insert_feedback(conn, feedback_rows.FeedbackRow(
            uid=uid, person_id=person_id, activation_uid=activation_uid, offer_id=row.offer_id, kind=kind,
            recorded_at=now, adviser_id=adviser.id if adviser else None))
        audit.record(conn, "feedback", person_id=person_id, detail=f"{row.offer_id} {kind}")
        if row.api == DEMO_API:
            return False
        payload = {"id": uid, "offer_id": row.offer_id, "kind": kind, "reported_at": instant_text(now),
                   "device_id": activation_store.device_id(conn), "activation_id": activation_uid}
        feedback_rows.queue_outbox(conn, uid=uid, api=row.api, kind=interview_tables.OUTBOX_REPORT, payload=payload,
                            title=row.offer_title, now=now)
    log.info("feedback %s on offer %s recorded for young person %s", kind, row.offer_id, person_id)
    return True


# -- unmet searches ----------------------------------------------------------------------------------------
def count_unmet_search(store: PersonalStore, catalogue: CatalogueStore, query: str, *, day: dt.date) -> str | None:
    """Count a search that found nothing, reduced to the catalogue's words (``domain.search_stats``).

    The key counted, or None when no word of the catalogue's vocabulary is left.
    """
    with catalogue.read() as conn:
        vocabulary = vocabulary_words(conn, candidate_words(query))
    with store.write() as conn:
        words = name_words(conn.execute(select(personal.PEOPLE.c.name_key)).scalars().all())
        key = unmet_search_key(query, vocabulary=vocabulary, personal_words=words)
        if key is not None:
            feedback_rows.count_unmet_search(conn, key, day)
    return key


def queue_unmet_searches(store: PersonalStore, api: str, *, now: dt.datetime) -> int:
    """Move the counts into outbox batches for ``api`` (done at sync); the number of batches queued."""
    if api == DEMO_API:
        return 0
    with store.write() as conn:
        return feedback_rows.queue_unmet_searches(conn, api, now=now)
