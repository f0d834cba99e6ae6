"""Retention duty: list the files over 2 years without contact, delete them after confirmation.

``today`` is always a parameter (the window passes the real day; tests move it
forward). Deleting re-checks each file inside the transaction, so a file that got a
new contact between the listing and the confirmation is kept. Everything attached to
a file goes with it (foreign keys ``ON DELETE CASCADE``); activations already sent to
the national API stay on the national side only. Audit entries older than the same
horizon are deleted too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from pej_desktop.domain import retention as rules
from pej_desktop.domain.people import age_on
from pej_desktop.store import audit, personal
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.retention import FileDates, file_dates

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionItem:
    person_id: int
    display_name: str  # for the adviser's screen only: never logged
    last_contact: dt.date
    basis: str
    age: int | None
    cej_end: dt.date | None


@dataclass(frozen=True)
class RetentionReport:
    today: dt.date
    cutoff: dt.date
    expired: list[RetentionItem]  # over 2 years since the last contact: to delete
    to_archive: list[RetentionItem]  # over the age limit, CEJ ended (and not expired yet)


def _item(dates: FileDates, today: dt.date) -> RetentionItem:
    person = dates.person
    contact = rules.last_contact(person, last_check=dates.last_check, created=dates.created)
    assert person.id is not None
    return RetentionItem(person.id, person.display_name, contact.day, contact.basis,
                         age_on(person.birth_date, today) if person.birth_date else None,
                         person.cej_real_end or person.cej_planned_end)


def review_retention(store: PersonalStore, *, today: dt.date) -> RetentionReport:
    """Which files are due for deletion, which are to archive (the review itself is audited)."""
    with store.write() as conn:
        everything = file_dates(conn)
        expired, archive = [], []
        for dates in everything:
            contact = rules.last_contact(dates.person, last_check=dates.last_check, created=dates.created)
            if rules.is_expired(contact, today):
                expired.append(_item(dates, today))
            elif rules.to_archive(dates.person, today):
                archive.append(_item(dates, today))
        audit.record(conn, "retention_list", detail=f"{len(expired)} à supprimer, {len(archive)} à archiver")
    return RetentionReport(today, rules.retention_cutoff(today), expired, archive)


@dataclass(frozen=True)
class PurgeOutcome:
    deleted: tuple[int, ...]
    kept: tuple[int, ...]  # asked for, but no longer over the horizon (or gone)
    audit_pruned: int


def purge_expired(store: PersonalStore, person_ids: Iterable[int], *, today: dt.date) -> PurgeOutcome:
    """Delete the given files that are still over the horizon, in one transaction."""
    wanted = set(person_ids)
    deleted, kept = [], []
    with store.write() as conn:
        pruned = audit.prune_before(conn, rules.retention_cutoff(today))  # first: this purge's entries stay
        current = {d.person.id: d for d in file_dates(conn)}
        for person_id in sorted(wanted):
            dates = current.get(person_id)
            contact = (rules.last_contact(dates.person, last_check=dates.last_check, created=dates.created)
                       if dates is not None else None)
            if contact is None or not rules.is_expired(contact, today):
                kept.append(person_id)
                continue
            personal.delete_person(conn, person_id)
            deleted.append(person_id)
        audit.record(conn, "purge", detail=f"{len(deleted)} dossier(s) supprimé(s) : n° "
                                           + ", ".join(map(str, deleted)) if deleted else "aucun dossier supprimé")
    log.info("retention purge: %d files deleted, %d kept, %d old audit entries removed",
             len(deleted), len(kept), pruned)
    return PurgeOutcome(tuple(deleted), tuple(kept), pruned)
