"""Money in integer cents, formatted the French way: "1 234,50 €"."""

from __future__ import annotations

NARROW_NBSP = "\u202f"  # between thousands, and before the euro sign
NBSP = "\u00a0"


def format_cents(cents: int, *, with_cents: bool = True) -> str:
    """``123450`` → ``"1 234,50 €"`` (narrow no-break spaces); never rounds silently."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    grouped = f"{euros:,}".replace(",", NARROW_NBSP)
    if with_cents or rest:
        return f"{sign}{grouped},{rest:02d}{NARROW_NBSP}€"
    return f"{sign}{grouped}{NARROW_NBSP}€"


def format_count(value: int) -> str:
    """``12345`` → ``"12 345"``: a count as French print groups it (narrow no-break spaces)."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def format_percent(value: float) -> str:
    """``12.5`` → ``"12,5 %"``; whole numbers without decimals."""
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}{NARROW_NBSP}%"
