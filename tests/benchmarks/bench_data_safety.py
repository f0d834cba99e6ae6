"""Data safety and personal-data duties: integrity checks, backups, restore, retention, access.

    .venv/bin/python tests/benchmarks/bench_data_safety.py

On a personal file of 3 000 young people (the people benchmark's generated portfolio)
with 3 000 eligibility checks, and on the generated 50 000-offer catalogue. "Cold"
means the file was just evicted from the OS page cache (``posix_fadvise``), as after a
reboot; "warm" is a second run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from _common import big_catalogue, summary_ms, table, timed
from bench_people import PEOPLE, TODAY, portfolio_csv

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
NOW = dt.datetime(2026, 11, 28, 9, 30)


def evict(path: Path) -> None:
    """Drop the file's pages from the OS cache (Linux): the next read comes from the disk."""
    if hasattr(os, "posix_fadvise"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def main() -> int:
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory(prefix="pej-bench-safety-") as folder:
        rows = catalogue_rows(Path(folder)) + personal_rows(Path(folder))
    print(table(rows))
    return 0


def catalogue_rows(folder: Path) -> list[tuple[str, str, str]]:
    from pej_desktop.ops.integrity import check_and_repair_catalogue
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.integrity import quick_check

    copy = folder / "catalogue.sqlite3"
    shutil.copy2(big_catalogue(), copy)
    size_mb = copy.stat().st_size / 2**20
    evict(copy)
    cold = timed(lambda: quick_check(copy))
    warm = [timed(lambda: quick_check(copy)) for _ in range(3)]
    store = CatalogueStore.open(copy, backup_dir=folder / "backups")
    with open(copy, "r+b") as handle:  # damage: one page among the tables
        handle.seek(4096 * 40)
        handle.write(os.urandom(4096))
    rebuild = timed(lambda: check_and_repair_catalogue(store, folder / "backups"))
    store.close()
    return [
        (f"quick_check du catalogue ({size_mb:.0f} Mo, 50 000 offres), à froid", f"{cold:.2f} s", "≤ 2 s"),
        ("quick_check du catalogue, à chaud (médiane)", f"{summary_ms(warm)[0]:.0f} ms", "≤ 300 ms"),
        ("Catalogue endommagé : contrôle, mise de côté, démo chargée", f"{rebuild:.2f} s", "≤ 3 s"),
    ]


def personal_rows(folder: Path) -> list[tuple[str, str, str]]:
    from pej_desktop.config import resolve_paths
    from pej_desktop.ops import audit as audit_ops
    from pej_desktop.ops import backup, retention
    from pej_desktop.ops import people as ops
    from pej_desktop.ops import right_of_access as access
    from pej_desktop.store.personal import PersonalStore

    paths = resolve_paths(folder / "data").ensure()
    store = _filled_store(paths)
    plain = [timed(lambda: PersonalStore.open(paths.personal_db, store_key(paths)).close()) for _ in range(5)]
    checked = [timed(lambda: ops.open_personal_store(paths).store.close()) for _ in range(5)]
    made = backup.backup_now(store, paths, keep=14, now=NOW)
    takes = [timed(lambda i=i: backup.backup_now(store, paths, keep=14, now=NOW + dt.timedelta(days=i + 1)))
             for i in range(3)]
    keyed = store.engine.url
    restore = timed(lambda: backup.restore_backup(paths, made.path, keyed, current=store, now=NOW))
    store = ops.open_personal_store(paths).store
    review = timed(lambda: retention.review_retention(store, today=TODAY))
    expired = [i.person_id for i in retention.review_retention(store, today=TODAY).expired]
    purge = timed(lambda: retention.purge_expired(store, expired, today=TODAY))
    person_id = ops.load_people(store)[0].id
    json_export = timed(lambda: access.write_access_export(store, person_id, folder / "a.json", fmt=access.JSON,
                                                           now=NOW))
    pdf_export = timed(lambda: access.write_access_export(store, person_id, folder / "a.pdf", fmt=access.PDF,
                                                          now=NOW))
    entries = audit_ops.load_audit(store)[1]
    audit_csv = timed(lambda: audit_ops.export_audit_csv(store, folder / "journal.csv"))
    store.close()
    size_kb = made.size // 1024
    return [
        (f"Ouverture du fichier des jeunes ({PEOPLE} dossiers), sans contrôle (médiane)",
         f"{summary_ms(plain)[0]:.0f} ms", ""),
        ("Ouverture avec quick_check chiffré (médiane)", f"{summary_ms(checked)[0]:.0f} ms", "≤ 300 ms"),
        (f"Sauvegarde chiffrée ({size_kb} Ko, médiane)", f"{summary_ms(takes)[0]:.0f} ms", "≤ 1 s"),
        ("Restauration (contrôle de la copie compris)", f"{restore * 1000:.0f} ms", "≤ 2 s"),
        (f"Revue de conservation ({PEOPLE} dossiers)", f"{review * 1000:.0f} ms", "≤ 1 s"),
        (f"Suppression de {len(expired)} dossiers anciens", f"{purge:.2f} s", "≤ 5 s"),
        ("Export droit d'accès JSON / PDF (un jeune, 3 vérifications)",
         f"{json_export * 1000:.0f} / {pdf_export * 1000:.0f} ms", "≤ 2 s"),
        (f"Export CSV du journal des accès ({entries} entrées)", f"{audit_csv * 1000:.0f} ms", "≤ 2 s"),
    ]


def store_key(paths):  # type: ignore[no-untyped-def]
    from pej_desktop.store.personal_key import key_from_keyring

    return key_from_keyring(paths.personal_db)


def _filled_store(paths):  # type: ignore[no-untyped-def]
    """3 000 files (a third without contact for 3 years), one check each, three for the first."""
    from pej_desktop.domain.people import Adviser
    from pej_desktop.ops import people as ops
    from pej_desktop.store import personal

    store = ops.open_personal_store(paths).store
    ops.save_adviser(store, Adviser("Camille", "Durand", "MISSION_LOCALE", "Mission Locale de Lyon", "69001"))
    ops.import_young_people(store, portfolio_csv(PEOPLE), today=TODAY)
    people = ops.load_people(store)
    with store.write() as conn:
        for number, person in enumerate(people):
            for _ in range(3 if number == 0 else 1):
                personal.record_check(conn, personal.CheckRecord(
                    person_id=person.id, adviser_id=1, adviser_label="Camille Durand", reference_date=TODAY,
                    rules_version="bench", result="eligible", reasons=("CEJ en cours.",), not_student=True,
                    not_in_training=True,
                    checked_at=dt.datetime(2023, 6, 1, 10, tzinfo=dt.UTC) if number % 3 else None))
        conn.exec_driver_sql("UPDATE young_people SET last_contact = '2023-06-01' WHERE id % 3 = 1")
    return store


if __name__ == "__main__":
    raise SystemExit(main())
