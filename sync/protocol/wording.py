"""Pydantic's validation errors as French sentences naming the record and the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

# The same words as the desktop's own territory rules (pej_desktop.domain.territory.OUT_OF_CEJ).
OUT_OF_CEJ = "hors des départements du CEJ (métropole, Corse et outre-mer 971 à 976)"

_BY_TYPE = {
    "missing": "champ obligatoire manquant",
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "float_type": "nombre attendu",
    "bool_type": "vrai ou faux attendu",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "string_unicode": "texte Unicode invalide (caractère isolé ou illisible)",
    "string_pattern_mismatch": "caractères ou format non permis (caractères de contrôle interdits)",
    "finite_number": "nombre fini attendu (ni NaN ni infini)",
    "date_from_datetime_parsing": "date AAAA-MM-JJ attendue",
    "date_parsing": "date AAAA-MM-JJ attendue",
    "datetime_from_date_parsing": "date et heure ISO 8601 attendues",
    "datetime_parsing": "date et heure ISO 8601 attendues",
    "literal_error": "valeur inconnue",
    "union_tag_invalid": "type inconnu",
    "union_tag_not_found": "champ « type » manquant",
    "extra_forbidden": "champ inconnu",
    "too_long": "trop d'éléments",
    "too_short": "pas assez d'éléments",
}


def field_name(loc: tuple[Any, ...]) -> str:
    """``("discount", "percent", "reference_spend_cents")`` → ``discount.reference_spend_cents``."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif index > 0 and loc[index - 1] == "discount" and part in ("percent", "fixed", "price") \
                and index + 1 < len(loc):
            continue  # the discount's tag, not a field
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def describe(error: Mapping[str, Any]) -> str:
    """One pydantic error as « champ « x » : raison »."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    name = field_name(tuple(error.get("loc") or ()))
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant"
    if kind in ("value_error", "assertion_error"):
        reason = str(context.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    elif kind in ("string_too_long",):
        reason = f"trop long ({context.get('max_length')} caractères au plus)"
    elif kind in ("string_too_short",):
        reason = f"trop court ({context.get('min_length')} caractère(s) au moins)"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        reason = "valeur hors limites"
    elif kind == "string_pattern_mismatch" and _is_territory_code(name):
        reason = f"code territorial « {error.get('input')} » {OUT_OF_CEJ}"
    else:
        reason = _BY_TYPE.get(kind, "valeur invalide")
    return f"champ « {name} » : {reason}" if name else reason


def _is_territory_code(name: str) -> bool:
    return name.startswith(("territory.departements[", "territory.communes["))


def french(error: ValidationError, where: str) -> str:
    """All the errors of one record, the first three spelled out: « offre « x » : champ … »."""
    details = [describe(e) for e in error.errors()]
    more = f" (et {len(details) - 3} autre(s) erreur(s))" if len(details) > 3 else ""
    return f"{where} : " + " ; ".join(details[:3]) + more
