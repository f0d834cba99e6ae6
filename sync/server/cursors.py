"""Opaque cursors: a generation and a change number, signed so clients cannot forge them.

The client stores the string and sends it back; it never reads inside. The generation
changes when the national team rebuilds the catalogue, which makes every older cursor
``410 Gone`` and sends clients to a full resync.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

_VERSION = "1"


class InvalidCursor(ValueError):
    """Not a cursor at all (garbled): a client bug, answered with 400."""


@dataclass(frozen=True)
class Cursor:
    generation: str
    seq: int
    authentic: bool = True  # False: well formed but not signed by this database (→ 410)


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()[:16]


def encode_cursor(cursor: Cursor, key: bytes) -> str:
    body = f"{_VERSION}.{cursor.generation}.{cursor.seq}"
    raw = f"{body}.{_mac(key, body)}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str, key: bytes) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        version, generation, seq, mac = raw.split(".")
        body = f"{version}.{generation}.{seq}"
        number = int(seq)
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor(text) from None
    if version != _VERSION or number < 0 or len(mac) != 16:
        raise InvalidCursor(text)
    return Cursor(generation=generation, seq=number, authentic=hmac.compare_digest(mac, _mac(key, body)))
