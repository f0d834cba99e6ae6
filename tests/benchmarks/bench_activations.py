"""Activations: offline activation in the interview, the code reserve, the push, the check with history.

    .venv/bin/python tests/benchmarks/bench_activations.py

Against the reference server on loopback with a generated catalogue of 5 000 offers
(40 codes per offer with codes): renewing the reserve of 300 offers (first time and
steady state), one offline activation (server stopped, code from the reserve), the
choice list of a young person, pushing 200 pending activations and replaying them all
(the lost-acknowledgement case), and the eligibility check over the 50 000-offer
catalogue with an activation history.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from _common import big_catalogue, scaled, summary_ms, table, timed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as folder:
        rows = run(Path(folder))
    print(table(rows))


def run(folder: Path) -> list[tuple[str, str, str]]:
    from pej_desktop.ops import people as ops
    from pej_desktop.ops.activations import activate_offers, activation_choices
    from pej_desktop.store.activations import outbox_entries
    from sync.activation_api import ActivationApi
    from sync.generator import generate_catalogue
    from sync.leases import renew_leases
    from sync.outbox import push_outbox
    from tests.integration.conftest import start_reference_api
    from tests.support.devices import new_device

    document = generate_catalogue(scaled(5_000, 300), scaled(200, 20), seed=7, codes_per_offer=40)
    api = start_reference_api(folder / "serveur", document)
    device = new_device(folder / "poste", api, leases=False)
    from tests.support.activation_setup import ADVISER

    ops.save_adviser(device.people, ADVISER)
    with device.client() as client:
        first_lease = timed(lambda: renew_leases(device.people, device.catalogue, client))
        steady = [timed(lambda: renew_leases(device.people, device.catalogue, client)) for _ in range(5)]
    people = [device.person(first, "Banc").id for first in ("Léa", "Ilan", "Nora", "Sami", "Inès")]
    with device.people.read() as conn:
        offers = [o for (o,) in conn.exec_driver_sql(
            "SELECT DISTINCT offer_id FROM code_reserve WHERE handed_to IS NULL ORDER BY offer_id")]
    rows = [("Réserve de codes, premier prêt (300 offres × 3 codes)", f"{first_lease * 1000:.0f} ms", "< 2 s"),
            ("Réserve de codes, renouvellement (médiane)", f"{summary_ms(steady)[0]:.0f} ms", "< 1 s")]
    api.server.stop()  # offline from here
    times = []
    for made, offer_id in enumerate(offers[:200]):
        person = people[made % len(people)]
        times.append(timed(lambda: activate_offers(device.people, device.catalogue, person, [offer_id])))
    median, p95 = summary_ms(times)
    rows.append(
        ("Activation hors ligne, code de la réserve (médiane / p95)", f"{median:.0f} / {p95:.0f} ms", "< 150 ms")
    )
    choice = [timed(lambda: activation_choices(device.people, device.catalogue, people[0])) for _ in range(5)]
    rows.append(("Liste des offres ouvertes à un jeune (5 000 offres)", f"{summary_ms(choice)[0]:.0f} ms", "< 500 ms"))
    api.start()
    with device.client() as client:
        with device.people.read() as conn:
            payloads = [e.payload for e in outbox_entries(conn)]
        started = time.perf_counter()
        pushed = push_outbox(device.people, client)
        push_seconds = time.perf_counter() - started
        started = time.perf_counter()
        replays = [ActivationApi(client).submit(p) for p in payloads]
        replay_seconds = time.perf_counter() - started
    assert pushed.accepted == len(payloads) and all(r.replayed for r in replays)
    rows.append(
        (
            f"Envoi de {len(payloads)} activations en attente",
            f"{push_seconds:.2f} s ({push_seconds / len(payloads) * 1000:.1f} ms chacune)",
            "< 10 ms chacune",
        )
    )
    rows.append(("Renvoi des mêmes (accusés perdus : réponse rejouée)", f"{replay_seconds:.2f} s", "—"))
    rows += _check_with_history(folder)
    device.close()
    api.server.stop()
    return rows


def _check_with_history(folder: Path) -> list[tuple[str, str, str]]:
    import shutil

    from pej_desktop.config import resolve_paths
    from pej_desktop.domain.eligibility import Confirmations
    from pej_desktop.ops import people as ops
    from pej_desktop.ops.activations import activate_offers, catalogue_contexts
    from pej_desktop.store.catalogue import CatalogueStore
    from tests.support.activation_setup import prepare_person

    paths = resolve_paths(folder / "national").ensure()
    shutil.copy(big_catalogue(), paths.catalogue_db)
    catalogue = CatalogueStore.open(paths.catalogue_db)
    people = ops.open_personal_store(paths).store
    person = prepare_person(people, catalogue)
    with catalogue.read() as conn:
        some = [o for (o,) in conn.exec_driver_sql("SELECT id FROM offers WHERE kind = 'voucher_pass' LIMIT 20")]
    activate_offers(people, catalogue, person.id, some)
    checks = [
        timed(
            lambda: ops.run_eligibility_check(
                people, catalogue, person.id, Confirmations(True, True), on=dt.date.today()
            )
        )
        for _ in range(3)
    ]
    now = dt.datetime.now().astimezone()
    contexts = [timed(lambda: catalogue_contexts(people, catalogue, person.id, now=now)) for _ in range(3)]
    people.close()
    catalogue.close()
    return [
        (
            "Vérification sur 50 000 offres avec l'historique d'activations",
            f"{summary_ms(checks)[0]:.0f} ms",
            "≤ 3 s (comme sans historique)",
        ),
        ("… dont lecture de l'historique et des codes restants", f"{summary_ms(contexts)[0]:.0f} ms", "< 200 ms"),
    ]


if __name__ == "__main__":
    main()
