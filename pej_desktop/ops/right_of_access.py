"""Right of access: everything the personal file holds on one young person, as JSON or PDF.

The export is for the young person (or the structure's data-protection officer): it
contains their whole file, date of birth and reference included, every eligibility
check, whatever later features attached to the file (found through the foreign
keys), and the audit entries about it. It is written where the adviser chooses, never
logged, and the export itself is audited.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from pej_desktop import APP_NAME, __version__
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.reports.right_of_access_content import (  # the content, said once for the JSON and the PDF
    RIGHTS,
    AccessExport,
    controller_label,
    plain_sections,
    shown,
)
from pej_desktop.store import audit, personal
from pej_desktop.store import right_of_access as held
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.private_files import write_private, write_private_text

log = logging.getLogger(__name__)
JSON, PDF = "json", "pdf"


class PersonNotFound(UserError, LookupError):
    """No file with this id (French message)."""


def gather_access_export(store: PersonalStore, person_id: int, *, now: dt.datetime) -> AccessExport:
    """Read the whole file in one transaction, and record that it was exported."""
    with store.write() as conn:
        person = personal.get_person(conn, person_id)
        if person is None:
            raise PersonNotFound(f"Aucun dossier n° {person_id}.")
        uid = held.uid_of(conn, person_id) or ""
        audit.record(conn, "access_export", person_id=person_id)
        created, updated = held.created_updated(conn, person_id) or (None, None)
        export = AccessExport(
            generated_at=now, person=person, uid=uid, created_at=created, updated_at=updated,
            adviser=personal.current_adviser(conn), checks=personal.list_checks(conn, person_id),
            audit=audit.list_entries(conn, person_uid=uid),
            other=held.rows_about(conn, person_id, skip=("eligibility_checks",)),
        )
    log.info("access export of young person %s prepared", person_id)
    return export


def to_json(export: AccessExport) -> str:
    """The export for the person: French headings and words, no database names."""
    document = {
        "Document": "Données personnelles détenues sur vous (droit d'accès, RGPD)",
        "Personne": export.person.display_name,
        "Édité le": shown(export.generated_at),
        "Application": f"{APP_NAME} {__version__}",
        "Responsable du traitement": controller_label(export.adviser),
        "Durée de conservation": f"{RETENTION_YEARS} ans après votre dernier contact avec la structure",
        "Vos droits": RIGHTS,
        "Contenu": [{"Rubrique": section.title, "Ce que c'est": section.meaning,
                     "Entrées": [dict(entry) for entry in section.entries] or section.empty}
                    for section in plain_sections(export)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def write_access_export(store: PersonalStore, person_id: int, target: Path, *, fmt: str,
                        now: dt.datetime) -> Path:
    """Gather and write the export in ``fmt`` (json or pdf) to ``target``."""
    export = gather_access_export(store, person_id, now=now)
    if fmt == JSON:
        write_private_text(target, to_json(export))
    else:
        from pej_desktop.reports.right_of_access import build_access_pdf

        write_private(target, build_access_pdf(export))
    return target
