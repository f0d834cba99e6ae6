"""What a print log keeps of a document: its hash, never the PDF itself.

Printing a summary is recorded (who, when, for whom, which document) in the personal
store; the document is identified by the SHA-256 of its bytes, so that a printed page
can later be matched to the record without keeping personal data twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from pej_desktop.domain.clock import utc_now

DocumentKind = Literal["summary", "offer_sheets"]
OutputKind = Literal["print", "pdf"]


def document_hash(pdf: bytes) -> str:
    """``"sha256:<64 hex digits>"`` of the exact bytes printed or saved."""
    return "sha256:" + hashlib.sha256(pdf).hexdigest()


@dataclass(frozen=True)
class PrintRecord:
    """One print or save of a document, as the personal store's print log will keep it."""

    kind: DocumentKind
    output: OutputKind
    document_hash: str
    adviser_label: str
    person_id: int | None  # the young person's file; None for offer sheets
    at: dt.datetime  # UTC

    @classmethod
    def now(cls, *, kind: DocumentKind, output: OutputKind, pdf: bytes, adviser_label: str,
            person_id: int | None) -> PrintRecord:
        return cls(kind=kind, output=output, document_hash=document_hash(pdf), adviser_label=adviser_label,
                   person_id=person_id, at=utc_now())
