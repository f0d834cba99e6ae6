"""The audit log for the adviser: read it, export it as CSV (Excel-friendly: UTF-8 BOM, ";").

Entries name files by number only; the CSV can be handed to the structure's
data-protection officer without exposing anyone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pej_desktop.domain.spreadsheet import csv_bytes
from pej_desktop.store import audit
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.private_files import write_private

log = logging.getLogger(__name__)
CSV_HEADER = ("date", "conseiller", "action", "dossier", "identifiant", "detail")


def load_audit(store: PersonalStore, *, limit: int | None = None) -> tuple[list[audit.AuditEntry], int]:
    """The newest entries (at most ``limit``) and how many there are in all."""
    with store.read() as conn:
        return audit.list_entries(conn, limit=limit), audit.count_entries(conn)


def audit_csv(entries: list[audit.AuditEntry]) -> bytes:
    """UTF-8 with a BOM, formula-safe: a detail typed elsewhere must not run in the spreadsheet."""
    return csv_bytes(CSV_HEADER, ((f"{e.local_time:%d/%m/%Y %H:%M:%S}", e.actor, e.action_label,
                                   "" if e.person_id is None else e.person_id, e.person_uid or "", e.detail_label)
                                  for e in entries))


def export_audit_csv(store: PersonalStore, target: Path) -> int:
    """Write the whole log to ``target``; returns how many entries (the export is audited too)."""
    with store.write() as conn:
        audit.record(conn, "audit_export", detail=target.name)
        entries = audit.list_entries(conn)
    write_private(target, audit_csv(entries))
    log.info("audit log exported (%d entries)", len(entries))
    return len(entries)
