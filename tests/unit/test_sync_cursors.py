"""Cursors are opaque, signed, and carry a generation."""

from __future__ import annotations

import base64

import pytest

from sync.server.cursors import Cursor, InvalidCursor, decode_cursor, encode_cursor

KEY = bytes(range(16))


def test_round_trip() -> None:
    cursor = Cursor(generation="a1b2c3d4", seq=1234, base=1300)
    assert decode_cursor(encode_cursor(cursor, KEY), KEY) == cursor


def test_a_cursor_from_another_database_is_well_formed_but_not_authentic() -> None:
    text = encode_cursor(Cursor("a1b2c3d4", 10, 10), KEY)
    assert decode_cursor(text, bytes(16)).authentic is False


def test_an_edited_cursor_is_not_authentic() -> None:
    raw = base64.urlsafe_b64decode(encode_cursor(Cursor("a1b2c3d4", 10, 10), KEY) + "==").decode()
    forged = base64.urlsafe_b64encode(raw.replace(".10.10.", ".99.99.").encode()).decode().rstrip("=")
    assert decode_cursor(forged, KEY).authentic is False


@pytest.mark.parametrize("text", ["", "n'importe quoi", "Zm9v", "MS5hLjE", "é"])
def test_garbage_is_not_a_cursor(text: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(text, KEY)


def test_a_base_below_the_position_is_refused() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor(Cursor("g", 10, 5), KEY), KEY)
