"""The data half of ``pej-desktop self-check``: catalogue, search, encrypted file, PDF, secret store.

The self-check proves, in a throw-away folder, that what the bundle needs at run time is
inside it. Each check here goes through the operations the window itself runs (opening the
catalogue, loading the demo, searching, opening the personal file, building offer sheets),
so a pass means the window's own path works. Each returns a French detail for the report,
or raises ``CheckFailed`` saying what is wrong; the command prints them and adds the Qt
checks (the window, the PDF viewer), which live above this layer.

Modules are imported inside each check, as the window imports them when it needs them:
a module missing from the bundle then fails the check that needs it, by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pej_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from pej_desktop.config import Paths
    from pej_desktop.store.catalogue import CatalogueStore

HOSTILE_QUERY = '"*) OR 1=1 -- NEAR('
PASSPHRASE, WRONG_PASSPHRASE = "auto-contrôle", "mauvaise phrase"


class CheckFailed(UserError):
    """A check found something wrong; the message says what, in French."""


@dataclass(frozen=True)
class DemoLoaded:
    detail: str
    first_offer_id: str
    search_word: str  # the longest word of that offer's title
    offers: int


def open_new_catalogue(paths: Paths) -> tuple[CatalogueStore, str]:
    """The catalogue created by its migrations, at the revision this version writes."""
    from pej_desktop.ops.integrity import open_catalogue
    from pej_desktop.store.catalogue import CATALOGUE_MIGRATIONS

    store, _ = open_catalogue(paths)
    revision = store.schema_revision()
    if revision != CATALOGUE_MIGRATIONS.head:
        store.close()
        raise CheckFailed(f"schéma {revision} au lieu de {CATALOGUE_MIGRATIONS.head}")
    return store, f"catalogue créé au schéma {revision}"


def load_demo(store: CatalogueStore) -> DemoLoaded:
    """The demo catalogue bundled with the app, loaded as at a first start."""
    from pej_desktop.ops.catalogue import load_demo_if_empty
    from pej_desktop.store.demo import read_demo_catalogue

    demo = read_demo_catalogue()
    load_demo_if_empty(store)
    if store.is_empty():
        raise CheckFailed("le catalogue de démonstration n'a pas été chargé")
    offer = demo.offers[0]
    return DemoLoaded(detail=f"{len(demo.offers)} offres, version {demo.version}", first_offer_id=offer.id,
                      search_word=max(offer.title.split(), key=len), offers=len(demo.offers))


def search_demo(store: CatalogueStore, demo: DemoLoaded) -> tuple[int, str]:
    """The demo's first offer found by a word of its title (its key, for the PDF); a hostile query harmless."""
    from pej_desktop.ops.catalogue import SearchFilters, find_offers

    found = find_offers(store, SearchFilters(query=demo.search_word), limit=demo.offers)
    find_offers(store, SearchFilters(query=HOSTILE_QUERY), limit=1)  # must not raise
    keys = {row.id: row.pk for row in found.rows}
    if demo.first_offer_id not in keys:
        raise CheckFailed(f"« {demo.search_word} » ne trouve pas l'offre {demo.first_offer_id}")
    return keys[demo.first_offer_id], f"« {demo.search_word} » : {found.total} offre(s)"


def check_encryption(paths: Paths) -> str:
    """The real encrypted file (SQLCipher, its migrations), opened as the window opens it, with a
    passphrase so that no key is asked of the keyring; in a sub-folder the window will not look at."""
    from pej_desktop.config import Paths
    from pej_desktop.ops.people import open_personal_store
    from pej_desktop.ops.personal_file import key_from_passphrase
    from pej_desktop.store.personal import PERSONAL_MIGRATIONS

    apart = Paths(data_dir=paths.data_dir / "chiffrement", log_dir=paths.log_dir)
    opening = open_personal_store(apart, key_from_passphrase(PASSPHRASE))
    if opening.store is None:
        why = opening.damage.message if opening.damage else (opening.unlock.message if opening.unlock else "")
        raise CheckFailed(f"le fichier des jeunes ne s'ouvre pas : {why}")
    opening.store.close()
    if apart.personal_db.read_bytes()[:16] == b"SQLite format 3\0":
        raise CheckFailed("le fichier des jeunes n'est pas chiffré")
    opening = open_personal_store(apart, key_from_passphrase(WRONG_PASSPHRASE))
    if opening.store is not None:
        opening.store.close()
        raise CheckFailed("le fichier des jeunes s'ouvre avec une mauvaise phrase de passe")
    return f"fichier des jeunes chiffré (SQLCipher), schéma {PERSONAL_MIGRATIONS.head}"


def offer_sheet(store: CatalogueStore, offer_pk: int) -> tuple[bytes, str]:
    """A real offer sheet, as « Imprimer l'offre » makes it: embedded fonts, QR code, the whole reportlab chain."""
    import datetime as dt

    from pej_desktop.ops.documents import SCOPE_SELECTED, SheetsRequest, build_sheets

    pdf = build_sheets(store, SheetsRequest(scope=SCOPE_SELECTED), selected_pk=offer_pk, today=dt.date.today()).pdf
    if not pdf.startswith(b"%PDF"):
        raise CheckFailed("le document produit n'est pas un PDF")
    return pdf, f"fiche d'offre de {len(pdf)} octets"


@contextmanager
def throwaway_secret_store() -> Iterator[None]:
    """Inside, secrets go to a store kept in memory: the window's new key never reaches the adviser's keyring."""
    import keyring

    from pej_desktop.store.secrets import in_memory_keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(in_memory_keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
