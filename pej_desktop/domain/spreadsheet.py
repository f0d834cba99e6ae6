"""CSV files a spreadsheet opens safely: every cell that could start a formula is text.

A spreadsheet runs a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a formula
(and Excel also after a leading tab or carriage return), so an offer title, a partner
name or an audit detail typed by someone else could run ``=HYPERLINK(…)`` on the
adviser's machine ("CSV injection"). Such a cell is written with a leading apostrophe,
which the spreadsheet shows as plain text. A cell that is only a number ("-12,50") is
left as it is: it cannot be a formula, and it must stay a number.

Every CSV the application writes goes through ``csv_bytes``. Pure functions.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def safe_cell(value: object) -> str:
    """The cell as text a spreadsheet will not run."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, ";" separators, CRLF: opens as columns in a French spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
