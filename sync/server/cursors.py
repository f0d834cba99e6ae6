"""Opaque cursors: generation, change number and completeness, signed against forgery.

The client stores the string and sends it back; it never reads inside.

- ``generation`` changes when the national team rebuilds the catalogue: every older
  cursor then answers ``410 Gone`` and sends the client to a full resync.
- ``seq`` is the last change number the client has been sent.
- ``base`` is the change number up to which the client's copy is complete, deletions
  included: ``seq`` for a delta, but for a full sync it is the last change number when
  the full sync started (a record deleted before then was never sent, so forgetting
  that deletion cannot hurt). Purging tombstones up to N makes every cursor whose
  ``base`` is below N unusable (410).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

_VERSION = "2"


class InvalidCursor(ValueError):
    """Not a cursor at all (garbled): a client bug, answered with 400."""


@dataclass(frozen=True)
class Cursor:
    generation: str
    seq: int
    base: int
    authentic: bool = True  # False: well formed but not signed by this database (→ 410)


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()[:16]


def encode_cursor(cursor: Cursor, key: bytes) -> str:
    body = f"{_VERSION}.{cursor.generation}.{cursor.seq}.{cursor.base}"
    raw = f"{body}.{_mac(key, body)}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str, key: bytes) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        version, generation, seq, base, mac = raw.split(".")
        body = f"{version}.{generation}.{seq}.{base}"
        number, complete = int(seq), int(base)
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor(text) from None
    if version != _VERSION or number < 0 or complete < number or len(mac) != 16:
        raise InvalidCursor(text)
    return Cursor(generation=generation, seq=number, base=complete,
                  authentic=hmac.compare_digest(mac, _mac(key, body)))
