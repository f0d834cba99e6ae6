"""The catalogue's records as the desktop uses them: declared once, in the protocol package.

``sync.protocol.records`` declares each record (category, partner, offer and its parts)
once, as a frozen dataclass whose fields carry their wire bounds; the sync validates
them there, the store builds them from its rows without validation. The rules import
them from here, the desktop's name for them.
"""

from __future__ import annotations

from sync.protocol.records import (
    IN_STORE_KINDS,
    OFFER_KINDS,
    CategoryRecord,
    Channel,
    Discount,
    OfferRecord,
    PartnerRecord,
    RecordError,
    Territory,
    Usage,
    commune_departement,
)

__all__ = ["IN_STORE_KINDS", "OFFER_KINDS", "CategoryRecord", "Channel", "Discount", "OfferRecord",
           "PartnerRecord", "RecordError", "Territory", "Usage", "commune_departement"]
