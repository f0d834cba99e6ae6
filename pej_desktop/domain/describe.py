"""French wording of offers: discount in words, usage frequency, kind, territory."""

from __future__ import annotations

import datetime as dt
import errno

from pej_desktop.domain.money import format_cents, format_percent
from pej_desktop.domain.records import Discount, Territory, Usage
from pej_desktop.domain.territory import departements_list

KIND_LABELS = {
    "voucher": "En magasin, code-barres à présenter en caisse",
    "voucher_pass": "En magasin, sur présentation du Pass",
    "code": "En ligne, code promo",
    "code_space": "En ligne, lien avec réduction déjà appliquée",
    "gift_card": "En ligne, carte cadeau à prix réduit",
}
CHANNEL_LABELS = {"in_store": "En magasin", "online": "En ligne"}
_PERIODS = {"week": "semaine", "month": "mois", "quarter": "trimestre", "year": "an"}


def describe_discount(discount: Discount) -> str:
    if discount.type == "percent":
        percent = format_percent(discount.percent or 0)
        spend = discount.reference_spend_cents or 0
        if spend:
            return f"-{percent} (sur une dépense type de {format_cents(spend)})"
        return f"-{percent}"
    if discount.type == "fixed":
        return f"{format_cents(discount.amount_cents or 0)} de réduction à chaque utilisation"
    regular, paid = discount.regular_price_cents or 0, discount.pass_price_cents or 0
    return f"{format_cents(paid)} au lieu de {format_cents(regular)}"


def short_discount(discount: Discount) -> str:
    """A compact label for lists: "-20 %", "-5,00 €", "5,00 € au lieu de 15,00 €"."""
    if discount.type == "percent":
        return f"-{format_percent(discount.percent or 0)}"
    if discount.type == "fixed":
        return f"-{format_cents(discount.amount_cents or 0)}"
    return (
        f"{format_cents(discount.pass_price_cents or 0)} au lieu de {format_cents(discount.regular_price_cents or 0)}"
    )


def describe_usage(usage: Usage) -> str:
    if usage.period == "once":
        return "une seule fois"
    count = usage.count
    times = "une fois" if count == 1 else f"{_number(count)} fois"
    return f"{times} par {_PERIODS.get(usage.period, usage.period)}"


def describe_territory(territory: Territory) -> str:
    if territory.scope == "national":
        return "Toute la France"
    parts = []
    if territory.departements:
        label = "Département" if len(territory.departements) == 1 else "Départements"
        parts.append(f"{label} {departements_list(territory.departements)}")
    if territory.communes:
        label = "Commune" if len(territory.communes) == 1 else "Communes"
        parts.append(f"{label} (code INSEE) {', '.join(territory.communes)}")
    return " ; ".join(parts)


def describe_validity(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    if valid_from and valid_to:
        return f"du {format_date(valid_from)} au {format_date(valid_to)} inclus"
    if valid_to:
        return f"jusqu'au {format_date(valid_to)} inclus"
    if valid_from:
        return f"à partir du {format_date(valid_from)}"
    return "sans limite de date"


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "--"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


_OS_REASONS = {
    errno.ENOSPC: "disque plein", errno.EDQUOT: "quota du disque atteint", errno.EROFS: "support en lecture seule",
    errno.EACCES: "accès refusé", errno.EPERM: "accès refusé", errno.ENOENT: "dossier ou fichier introuvable",
    errno.EISDIR: "c'est un dossier", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long", errno.EIO: "erreur de lecture ou d'écriture du support",
}


def os_reason(error: OSError) -> str:
    """Why a file could not be read or written, in French (``strerror`` is in the system's language)."""
    return _OS_REASONS.get(error.errno or 0, f"erreur système n° {error.errno}")
