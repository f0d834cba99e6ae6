"""What reaches the national API for searches that found nothing: the catalogue's words, nothing personal.

A portfolio name, a birth date, an e-mail address, a phone number and unknown words are
typed into searches; after a real sync with the reference API, the server's counts hold
only words the catalogue uses.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from pej_desktop.ops import offer_feedback
from sync.device_sync import push_pending
from sync.engine import sync_catalogue
from tests.support.companion_data import TODAY, open_store, ready_person, young_person

BIRTH = dt.date(2004, 3, 2)
SEARCHES = [
    "Quarbonnel 02/03/2004 vélo",
    "zephyrine.quarbonnel@exemple.fr logement 06 12 34 56 78",
    "Zéphyrine 2004-03-02",
    "xylophonique Quarbonnel",
    "dossier 4815162342 santé",  # "dossier" is a word of the catalogue; the number is not
]


def test_a_portfolio_name_and_a_birth_date_never_reach_the_counts(paths, catalogue, national_api) -> None:
    with national_api.client() as client:
        sync_catalogue(catalogue, client)
    store = open_store(paths)
    try:
        ready_person(store, catalogue, young_person("Zéphyrine", "Quarbonnel", birth=BIRTH))
        keys = [offer_feedback.count_unmet_search(store, catalogue, typed, day=TODAY) for typed in SEARCHES]
        assert keys == ["velo", "logement", None, None, "dossier sante"]
        with national_api.client() as client:
            exchange = push_pending(store, client)
        assert exchange.offer_feedback is not None and exchange.offer_feedback.delivered == 1
    finally:
        store.close()
    counts = national_api.admin("GET", "/admin/stats/unmet-searches").json()
    assert sorted(c["query"] for c in counts) == ["dossier sante", "logement", "velo"]
    sent = json.dumps(counts, ensure_ascii=False).lower()
    for needle in ("quarbonnel", "zephyrine", "zéphyrine", "exemple", "xylophonique", "4815162342", "@"):
        assert needle not in sent
    assert not re.search(r"\d", "".join(c["query"] for c in counts))  # no date, phone or dossier number
