"""Reading a portfolio CSV: encodings and separators of real spreadsheets, French errors.

Spreadsheets write UTF-8 (with or without a BOM) or Windows-1252, with ``;`` (French
Excel) or ``,`` separators, dates as 14/03/2005, and drop the leading zero of postal
codes ("1000" for 01000). This module turns such a file into drafts of young
people's files, each with its line number, or a French reason per bad line. It
touches no database: ``ops.people.import_young_people`` validates and stores.
Columns are documented in docs/people.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import PROGRAMMES, REF_FRANCE_TRAVAIL, REF_IMILO, normalised_reference
from pej_desktop.domain.text import fold
from pej_desktop.store.personal import name_key

MAX_FILE_BYTES = 20_000_000
MAX_ROWS = 20_000

# Canonical column → accepted header spellings (folded, words joined by "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "prenom": ("prenom", "first_name"),
    "nom": ("nom", "nom_de_famille", "last_name"),
    "date_naissance": ("date_naissance", "date_de_naissance", "naissance", "birth_date"),
    "code_postal": ("code_postal", "cp", "postal_code"),
    "programme": ("programme", "dispositif"),
    "reference": ("reference", "numero_dossier", "n_dossier", "no_dossier", "dossier_imilo",
                  "identifiant_france_travail", "identifiant_ft"),
    "type_reference": ("type_reference",),
    "debut_cej": ("debut_cej", "date_debut_cej", "date_entree_cej"),
    "fin_prevue_cej": ("fin_prevue_cej", "date_fin_prevue_cej", "date_fin_prevue"),
    "fin_reelle_cej": ("fin_reelle_cej", "date_fin_reelle_cej", "date_sortie_cej"),
    "prolongation": ("prolongation",),
    "motif_prolongation": ("motif_prolongation",),
    "dernier_contact": ("dernier_contact", "date_dernier_contact"),
}
REQUIRED = ("prenom", "nom", "date_naissance", "code_postal")
DATE_COLUMNS = ("date_naissance", "debut_cej", "fin_prevue_cej", "fin_reelle_cej", "dernier_contact")
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YES = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
_NO = {"non", "n", "no", "0", "faux", "false", ""}
_REF_KINDS = {"imilo": REF_IMILO, "i_milo": REF_IMILO, "mission_locale": REF_IMILO, "ml": REF_IMILO,
              "ft": REF_FRANCE_TRAVAIL, "france_travail": REF_FRANCE_TRAVAIL, "pole_emploi": REF_FRANCE_TRAVAIL}


class CsvFileError(UserError, ValueError):
    """The whole file is refused (encoding, header); the message is in French."""


@dataclass(frozen=True)
class CsvRow:
    """One data line: typed values for the columns present and non-empty in it."""

    line: int
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CsvLineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass(frozen=True)
class ParsedCsv:
    rows: list[CsvRow]
    errors: list[CsvLineError]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-16 with its BOM (Excel's « Texte Unicode »), UTF-8 (BOM or
    not), then Windows-1252. NUL bytes outside UTF-16 mean a binary file, not a spreadsheet."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise CsvFileError(_UNREADABLE) from None
    if b"\x00" in data:
        raise CsvFileError("Ce fichier contient des octets nuls : ce n'est pas un tableau enregistré en CSV. "
                           "Ouvrez-le dans le tableur et enregistrez-le en « CSV UTF-8 ».")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise CsvFileError(_UNREADABLE) from None


_UNREADABLE = ("Encodage du fichier non reconnu : enregistrez-le en « CSV UTF-8 » "
               "ou en « CSV (séparateur : point-virgule) ».")


def parse_csv(data: bytes, *, digits_only_kind: str = REF_IMILO) -> ParsedCsv:
    """Drafts of the rows and the reasons of bad lines; raises CsvFileError for the file."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError("Fichier trop volumineux (20 Mo au plus).")
    text, encoding = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # ties: « ; », French Excel's
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _read_rows(reader, encoding, delimiter, digits_only_kind)
    except csv.Error:
        raise CsvFileError(f"Fichier CSV mal formé vers la ligne {reader.line_num} (guillemet non refermé ou "
                           "cellule démesurée) : corrigez-le dans le tableur, enregistrez-le de nouveau en CSV "
                           "puis réessayez. Rien n'a été importé.") from None


def _read_rows(reader, encoding: str, delimiter: str,  # type: ignore[no-untyped-def]
               digits_only_kind: str) -> ParsedCsv:
    columns = _header(next(reader, None))
    rows: list[CsvRow] = []
    errors: list[CsvLineError] = []
    last_line = reader.line_num
    for cells in reader:
        line, last_line = last_line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            raise CsvFileError(f"Trop de lignes ({MAX_ROWS} au plus) : découpez le fichier.")
        try:
            rows.append(CsvRow(line, _row_values(columns, cells, digits_only_kind)))
        except ValueError as error:
            errors.append(CsvLineError(line, str(error)))
    rows, twins = refuse_duplicate_rows(rows)
    errors = sorted(errors + twins, key=lambda e: e.line)
    return ParsedCsv(rows=rows, errors=errors, encoding=encoding, delimiter=delimiter)


def refuse_duplicate_rows(rows: list[CsvRow]) -> tuple[list[CsvRow], list[CsvLineError]]:
    """Rows that name the same young person twice are all refused: the file cannot say which is right.

    Same dossier number (whatever its spacing), or same first name, last name and date
    of birth (accents and case aside). Importing either would silently lose the other.
    """
    first_seen: dict[tuple[str, object], int] = {}
    twin_of: dict[int, tuple[int, str]] = {}
    for row in rows:
        for key, why in _identity_keys(row):
            other = first_seen.setdefault(key, row.line)
            if other != row.line:
                twin_of.setdefault(row.line, (other, why))
                twin_of.setdefault(other, (row.line, why))
    kept = [row for row in rows if row.line not in twin_of]
    refused = [CsvLineError(line, f"{why} que la ligne {other} ; aucune des deux lignes n'est importée")
               for line, (other, why) in twin_of.items()]
    return kept, refused


def _identity_keys(row: CsvRow) -> list[tuple[tuple[str, object], str]]:
    values = row.values
    keys: list[tuple[tuple[str, object], str]] = []
    if values.get("reference"):
        number = normalised_reference(str(values["reference"]))
        keys.append((("reference", number), "même numéro de dossier"))
    name = name_key(str(values.get("prenom", "")), str(values.get("nom", "")))
    if name and values.get("date_naissance"):
        keys.append((("identity", (name, values["date_naissance"])), "même nom, prénom et date de naissance"))
    return keys


def _header(cells: list[str] | None) -> dict[int, str]:
    if not cells:
        raise CsvFileError("Le fichier est vide : la première ligne doit nommer les colonnes.")
    aliases = {alias: name for name, spellings in COLUMNS.items() for alias in spellings}
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = aliases.get("_".join(re.findall(r"[a-z0-9]+", fold(cell))))
        if name and name not in columns.values():
            columns[index] = name
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        raise CsvFileError("Colonnes obligatoires absentes de la première ligne : " + ", ".join(missing)
                           + ". Voir la liste des colonnes dans l'aide (docs/people.md).")
    return columns


def _row_values(columns: dict[int, str], cells: list[str], digits_only_kind: str) -> dict[str, object]:
    raw = {name: cells[i].strip() for i, name in columns.items() if i < len(cells) and cells[i].strip()}
    values: dict[str, object] = {}
    for name, value in raw.items():
        if name in DATE_COLUMNS:
            values[name] = parse_date(value, name)
        elif name == "code_postal":
            values[name] = value.zfill(5) if re.fullmatch(r"\d{4}", value) else value
        elif name == "programme":
            values[name] = _programme(value)
        elif name == "prolongation":
            values[name] = _yes_no(value)
        elif name != "type_reference":
            values[name] = value
    if "reference" in raw:
        values["type_reference"] = _reference_kind(raw.get("type_reference"), raw["reference"], digits_only_kind)
    return values


_LABELS = {"date_naissance": "date de naissance", "debut_cej": "début du CEJ", "fin_prevue_cej": "fin prévue du CEJ",
           "fin_reelle_cej": "fin réelle du CEJ", "dernier_contact": "date du dernier contact"}


def parse_date(value: str, column: str = "date") -> dt.date:
    """14/03/2005, 14-03-2005, 14.03.2005 or 2005-03-14; anything else is refused."""
    if match := _DATE.match(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(value):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"{_LABELS.get(column, column)} « {value} » illisible (attendu : JJ/MM/AAAA)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{_LABELS.get(column, column)} « {value} » n'existe pas dans le calendrier") from None


def _programme(value: str) -> str:
    key = fold(value).strip().upper()
    if key in PROGRAMMES:
        return key
    if key in ("CONTRAT D'ENGAGEMENT JEUNE", "CONTRAT D ENGAGEMENT JEUNE"):
        return "CEJ"
    raise ValueError(f"programme « {value} » inconnu (CEJ, PACEA ou AUTRE)")


def _yes_no(value: str) -> bool:
    key = fold(value).strip()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"prolongation « {value} » : répondez oui ou non")


def _reference_kind(declared: str | None, reference: str, digits_only_kind: str) -> str:
    if declared:
        kind = _REF_KINDS.get("_".join(re.findall(r"[a-z0-9]+", fold(declared))))
        if kind is None:
            raise ValueError(f"type de référence « {declared} » inconnu (i-milo ou France Travail)")
        return kind
    return digits_only_kind if reference.replace(" ", "").isdigit() else REF_FRANCE_TRAVAIL
