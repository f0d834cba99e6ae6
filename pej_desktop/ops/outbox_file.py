"""Pending activations to a file, and back on another machine, never twice.

Pending activations are the one thing a device holds that cannot be downloaded
again. The export writes every outbox entry — its key, its API, the exact payload
that will be sent — to a JSON file; the import adds to the outbox the entries this
file does not already know (by key), and the national side answers a key it already
received with its first answer. So exporting twice, importing twice, or sending from
both machines never makes a second activation.

The file names no young person: the payload carries a pseudonymous id, the offer,
the code handed out and the adviser's device. It does carry discount codes: hand it
over as you would a key (encrypted USB stick, the structure's file share).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.describe import os_reason
from pej_desktop.domain.errors import UserError
from pej_desktop.reports.files import write_atomically
from pej_desktop.store import activations as store
from pej_desktop.store import audit
from pej_desktop.store.personal import PersonalStore
from sync.activation_protocol import ActivationPayload, PayloadError, utc_iso

log = logging.getLogger(__name__)
FORMAT = "pej-outbox"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024


class OutboxFileError(UserError, ValueError):
    """The file cannot be imported at all; French message."""


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    count: int


@dataclass(frozen=True)
class ImportOutcome:
    added: int = 0
    already: int = 0
    refused: tuple[str, ...] = field(default_factory=tuple)  # one French line per entry left out

    def summary(self) -> str:
        parts = [f"{self.added} activation(s) ajoutée(s) à l'envoi", f"{self.already} déjà connue(s)"]
        if self.refused:
            parts.append(f"{len(self.refused)} illisible(s)")
        return ", ".join(parts) + "."


def export_outbox(people: PersonalStore, target: Path, *, now: dt.datetime | None = None) -> ExportOutcome:
    """Write every pending activation to ``target`` (whole or not at all); the export is audited."""
    moment = now or utc_now()
    with people.write() as conn:
        entries = store.outbox_entries(conn)
        document = {
            "format": FORMAT, "version": VERSION, "exported_at": utc_iso(moment),
            "device_id": store.device_id(conn),
            "note": "Activations en attente d'envoi au serveur national. À importer dans PEJ Desktop "
                    "(Fichier › Importer des activations en attente) ; contient des codes de réduction.",
            "entries": [{"activation_uid": e.activation_uid, "api": e.api, "payload": e.payload, "title": e.title,
                         "created_at": utc_iso(e.created_at)} for e in entries],
        }
        write_atomically(target.resolve(), json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
        store.mark_exported(conn, [e.activation_uid for e in entries], moment)
        audit.record(conn, "outbox_export", detail=f"{len(entries)} activation(s) — {target.name}")
    log.info("outbox exported: %d entries", len(entries))
    return ExportOutcome(target, len(entries))


def read_outbox_file(source: Path) -> list[dict[str, Any]]:
    """The entries of an export file; OutboxFileError (French) for anything else."""
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise OutboxFileError("Ce fichier est bien trop gros pour être un export d'activations.")
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutboxFileError(f"Fichier introuvable : {source}") from None
    except (UnicodeDecodeError, ValueError):
        raise OutboxFileError("Ce fichier n'est pas un export d'activations de PEJ Desktop (JSON illisible).") from None
    except RecursionError:  # thousands of nested arrays: no export of ours looks like that
        raise OutboxFileError("Ce fichier n'est pas un export d'activations de PEJ Desktop (structure imbriquée "
                              "à l'excès). Rien n'a été importé.") from None
    except OSError as error:
        raise OutboxFileError(f"Lecture impossible du fichier ({os_reason(error)}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise OutboxFileError("Ce fichier n'est pas un export d'activations de PEJ Desktop.")
    if document.get("version") != VERSION:
        raise OutboxFileError("Cet export vient d'une version plus récente de PEJ Desktop : mettez à jour "
                              "l'application avant de l'importer.")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise OutboxFileError("Export d'activations incomplet : la liste des activations manque.")
    return entries


EARLIEST = dt.datetime(2022, 3, 1, tzinfo=dt.UTC)  # the CEJ, and so the pass, began on 1 March 2022


def _checked(entry: Any, position: int, now: dt.datetime) -> dict[str, Any]:
    """The entry, its payload validated as the national side will: the key is the payload's id.

    An activation dated before the CEJ existed or after today (year 9999, year 1) is
    refused here, not sent: no export of ours holds one.
    """
    where = f"activation n° {position}"
    if not isinstance(entry, dict):
        raise PayloadError(f"{where} : élément illisible")
    try:
        payload = ActivationPayload.from_json(entry.get("payload"))
    except OverflowError:  # an offset pushing the date past year 1 or 9999
        raise PayloadError(f"{where} : date hors limites") from None
    except PayloadError as error:  # the protocol's own bounds (dates within 1900–2200…)
        raise PayloadError(f"{where} : {error}") from None
    if not EARLIEST <= payload.activated_at <= now + dt.timedelta(days=1):
        raise PayloadError(f"{where} : date d'activation hors limites ({payload.activated_at:%Y-%m-%d})")
    if entry.get("activation_uid") != payload.id:
        raise PayloadError(f"{where} : la clé ne correspond pas à l'activation")
    api = entry.get("api")
    if not isinstance(api, str) or not api.startswith(("https://", "http://")):
        raise PayloadError(f"{where} : adresse de l'API manquante")
    created = entry.get("created_at")
    if not (isinstance(created, str) and len(created) <= 40 and _plausible(created, now)):
        created = None  # the outbox is ordered by it: only a plausible instant is kept
    return {"activation_uid": payload.id, "api": api, "payload": entry["payload"],
            "title": str(entry.get("title") or payload.offer_id)[:300],
            "created_at": dt.datetime.fromisoformat(created) if created else payload.activated_at}


def _plausible(text: str, now: dt.datetime) -> bool:
    """An ISO instant with its offset between the pass's start and tomorrow."""
    try:
        moment = dt.datetime.fromisoformat(text)
        return moment.tzinfo is not None and EARLIEST <= moment <= now + dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return False


def import_outbox(people: PersonalStore, source: Path, *, now: dt.datetime | None = None) -> ImportOutcome:
    """Add the entries this file does not know yet; one transaction, audited."""
    raw = read_outbox_file(source)
    moment = now or utc_now()
    valid, refused = [], []
    for position, entry in enumerate(raw, start=1):
        try:
            valid.append(_checked(entry, position, moment))
        except PayloadError as error:
            refused.append(str(error))
    with people.write() as conn:
        known = store.known_uids(conn, [e["activation_uid"] for e in valid])
        fresh = list({e["activation_uid"]: e for e in valid if e["activation_uid"] not in known}.values())
        for entry in fresh:
            store.insert_imported(conn, entry, moment)
        audit.record(conn, "outbox_import", detail=f"{len(fresh)} ajoutée(s), {len(valid) - len(fresh)} déjà "
                                                   f"connue(s) — {source.name}")
    log.info("outbox import: %d added, %d already known, %d unreadable", len(fresh), len(valid) - len(fresh),
             len(refused))
    return ImportOutcome(added=len(fresh), already=len(valid) - len(fresh), refused=tuple(refused))
