"""CEJ territories: the départements, their names in a sentence, the département of a code.

Source: ../shared/DOMAIN.md, "Territories": départements 01–19, 21–95, 2A, 2B and
971–976. Postal codes 20xxx are Corsica (2A or 2B); 96xxx, 98xxx (Monaco, the Pacific),
99xxx and 00xxx are not CEJ territories, and « 20 » is not a département.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pej_desktop.domain.errors import UserError

DEPARTEMENTS: dict[str, str] = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes", "09": "Ariège", "10": "Aube",
    "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône", "14": "Calvados", "15": "Cantal",
    "16": "Charente", "17": "Charente-Maritime", "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud",
    "2B": "Haute-Corse", "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne",
    "25": "Doubs", "26": "Drôme", "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard",
    "31": "Haute-Garonne", "32": "Gers", "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine",
    "36": "Indre", "37": "Indre-et-Loire", "38": "Isère", "39": "Jura", "40": "Landes",
    "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique", "45": "Loiret",
    "46": "Lot", "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche",
    "51": "Marne", "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse",
    "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise", "61": "Orne",
    "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques", "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône", "70": "Haute-Saône",
    "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie", "74": "Haute-Savoie", "75": "Paris",
    "76": "Seine-Maritime", "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme",
    "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée", "86": "Vienne",
    "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort", "91": "Essonne",
    "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte",
}
# The article each name takes in a sentence (« du Rhône », « de la Gironde », « de l'Ain »,
# « des Bouches-du-Rhône »); the others take none (« de Paris », « de La Réunion »).
_ARTICLES = {
    "le": "14 15 18 25 29 30 32 39 41 45 46 47 49 56 59 62 63 67 68 69 81 82 83 84 90 94 95",
    "la": "16 17 19 2A 2B 21 23 24 26 31 33 42 43 44 48 50 51 52 53 54 55 57 58 70 71 72 73 74 76 77 80 "
          "85 86 87 93 971 972 973",
    "l'": "01 02 03 07 09 10 11 12 27 28 34 35 36 37 38 60 61 89 91",
    "les": "04 05 06 08 13 22 40 64 65 66 78 79 88 92",
}
_ARTICLE_OF = {code: article for article, codes in _ARTICLES.items() for code in codes.split()}
_DE = {"le": "du ", "la": "de la ", "l'": "de l'", "les": "des "}
_POSTAL_CODE = re.compile(r"^\d{5}$")
OUT_OF_CEJ = "hors des départements du CEJ (métropole, Corse et outre-mer 971 à 976)"


class PostalCodeError(UserError, ValueError):
    """A postal code that does not lead to a département; the message is in French."""


def departement_of_postal_code(postal_code: str) -> str:
    """``"69003"`` → ``"69"``; Corsica gives 2A/2B, overseas départements three digits.

    Corsican postal codes start with 20: 200xx–201xx are Corse-du-Sud, 202xx–206xx
    Haute-Corse. Overseas codes are 971xx–976xx (975 is Saint-Pierre-et-Miquelon).
    Anything else that is not a CEJ département (96xxx, 98xxx, 99xxx, 00xxx) is refused.
    """
    code = postal_code.strip()
    if not _POSTAL_CODE.match(code):
        raise PostalCodeError(f"Code postal « {postal_code} » invalide : 5 chiffres attendus.")
    if code.startswith("20"):
        corsica = {"0": "2A", "1": "2A", "2": "2B", "3": "2B", "4": "2B", "5": "2B", "6": "2B"}.get(code[2])
        if corsica is None:
            raise PostalCodeError(f"Code postal « {code} » inconnu en Corse (200xx à 206xx).")
        return corsica
    departement = code[:3] if code.startswith("97") else code[:2]
    if departement not in DEPARTEMENTS:
        raise PostalCodeError(f"Code postal « {code} » {OUT_OF_CEJ}.")
    return departement


def is_cej_departement(code: str) -> bool:
    """01–19, 21–95, 2A, 2B, 971–976: never « 20 », 96, 98 or 99."""
    return code in DEPARTEMENTS


def departement_of_agency_code(agency_code: str) -> str | None:
    """An agency code starts with its département (69001, 2A004, 974B): None when it does not."""
    code = agency_code.upper()
    for length in (3, 2):
        if is_cej_departement(code[:length]) and (length == 3 or not code.startswith("97")):
            return code[:length]
    return None


def of_departement(code: str) -> str:
    """« du Rhône », « de la Gironde », « de l'Ain », « des Bouches-du-Rhône », « de La Réunion »."""
    name = DEPARTEMENTS.get(code)
    if name is None:
        return f"de {code}"
    article = _ARTICLE_OF.get(code)
    return f"{_DE[article]}{name}" if article else f"de {name}"


def departement_phrase(code: str) -> str:
    """« le département du Rhône (69) »: how a sentence names a département."""
    return f"le département {of_departement(code)} ({code})" if code in DEPARTEMENTS else f"le département {code}"


def departements_list(codes: Iterable[str]) -> str:
    """« du Rhône (69) », « du Rhône (69), de Paris (75) et de la Seine-Saint-Denis (93) »."""
    names = [f"{of_departement(code)} ({code})" for code in codes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def places_phrase(codes: Iterable[str]) -> str:
    """« au département du Rhône (69) », « aux départements du Rhône (69) et de l'Ain (01) »."""
    codes = tuple(codes)
    return f"{'au département' if len(codes) == 1 else 'aux départements'} {departements_list(codes)}"


def departement_label(code: str) -> str:
    name = DEPARTEMENTS.get(code)
    return f"{code} — {name}" if name else code
