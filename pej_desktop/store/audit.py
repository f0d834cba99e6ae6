"""The audit log of personal data, inside the encrypted file: who, when, what, which file.

Writes to ``young_people``, ``eligibility_checks`` and ``advisers`` are recorded by
triggers (migration p0002); reads are recorded here by the operations that read (the
list, an access export, a printed summary). An entry names a file by its internal id
and uid, never by a name: the log can be shown and exported without exposing anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Connection, ForeignKey, Index, Integer, String, Table, Text, delete, func, insert, select

from pej_desktop.domain.clock import utc_now
from pej_desktop.store import personal
from pej_desktop.store.personal_models import PersonalBase
from pej_desktop.store.types import UtcDateTime

AUDIT = Table(
    "audit_log", PersonalBase.metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("adviser_id", Integer, ForeignKey("advisers.id", ondelete="SET NULL")),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("person_id", Integer),
    Column("person_uid", String(36)),
    Column("detail", Text, nullable=False, server_default=""),
    Index("ix_audit_log_at", "at"),
    Index("ix_audit_log_person_uid", "person_uid"),
)

# Actions, as stored, and how the adviser reads them.
ACTION_LABELS = {
    "create": "Création du dossier",
    "update": "Modification du dossier",
    "delete": "Suppression du dossier",
    "check": "Vérification d'éligibilité",
    "adviser": "Profil du conseiller enregistré",
    "list": "Consultation de la liste des jeunes",
    "access_export": "Export des données d'un jeune (droit d'accès)",
    "summary": "Récapitulatif imprimé",
    "retention_list": "Consultation des dossiers à supprimer (conservation)",
    "purge": "Suppression des dossiers anciens (conservation)",
    "backup": "Sauvegarde du fichier des jeunes",
    "restore": "Restauration d'une sauvegarde",
    "audit_export": "Export du journal des accès",
    "activation": "Activation d'une offre",
    "activation_refused": "Activation refusée par le serveur national",
    "print": "Récapitulatif imprimé ou enregistré (empreinte du document)",
    "outbox_export": "Export des activations en attente",
    "outbox_import": "Import d'activations en attente",
    "needs": "Besoins du jeune enregistrés (entretien)",
    "feedback": "Retour du jeune sur une offre",
}
FIELD_LABELS = {
    "first_name": "prénom", "last_name": "nom", "birth_date": "date de naissance", "postal_code": "code postal",
    "programme": "programme", "external_ref_kind": "type de référence", "external_ref": "référence",
    "cej_start": "début du CEJ", "cej_planned_end": "fin prévue", "cej_real_end": "fin réelle",
    "extended": "prolongation", "extension_reason": "motif de prolongation", "last_contact": "dernier contact",
}
RESULT_LABELS = {"eligible": "éligible", "not_eligible": "non éligible", "to_verify": "à vérifier"}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    person_id: int | None
    person_uid: str | None
    detail: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def detail_label(self) -> str:
        """The detail in French: changed fields, a check's result, a count."""
        if self.action == "update" and self.detail:
            return "champs : " + ", ".join(FIELD_LABELS.get(f, f) for f in self.detail.split(","))
        if self.action == "check":
            return RESULT_LABELS.get(self.detail, self.detail)
        return self.detail

    @property
    def local_time(self) -> dt.datetime:
        return self.at.astimezone()


def record(conn: Connection, action: str, *, person_id: int | None = None, detail: str = "") -> None:
    """One entry for a read (or an operation the triggers cannot see), by the current adviser.

    ``detail`` must never hold a name or a date of birth: counts, ids, file names only.
    """
    adviser = personal.current_adviser(conn)
    uid = None
    if person_id is not None:
        uid = conn.execute(select(personal.PEOPLE.c.uid).where(personal.PEOPLE.c.id == person_id)).scalar()
    conn.execute(insert(AUDIT).values(
        at=utc_now(), adviser_id=adviser.id if adviser else None,
        actor=f"{adviser.first_name} {adviser.last_name}" if adviser else "", action=action,
        person_id=person_id, person_uid=uid, detail=detail))


def list_entries(conn: Connection, *, person_uid: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Newest first; only one file's entries when ``person_uid`` is given."""
    query = select(AUDIT).order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc())
    if person_uid is not None:
        query = query.where(AUDIT.c.person_uid == person_uid)
    if limit is not None:
        query = query.limit(limit)
    return [AuditEntry(id=r["id"], at=r["at"], actor=r["actor"], action=r["action"], person_id=r["person_id"],
                       person_uid=r["person_uid"], detail=r["detail"]) for r in conn.execute(query).mappings()]


def count_entries(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(AUDIT)).scalar_one())


def prune_before(conn: Connection, cutoff: dt.date) -> int:
    """Delete entries older than ``cutoff`` (the retention horizon); returns how many."""
    start = dt.datetime.combine(cutoff, dt.time(), tzinfo=dt.UTC)
    return conn.execute(delete(AUDIT).where(AUDIT.c.at < start)).rowcount or 0
