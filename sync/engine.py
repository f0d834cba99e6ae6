"""The sync engine: pulls the changes feed into the local catalogue. No Qt here.

Invariants:
- every page is validated whole before anything of it is written;
- a delta page is applied in one transaction together with the cursor that follows
  it, and only if the stored cursor is the one the page answers (compare-and-set):
  a replayed or duplicated page changes nothing, the cursor never runs ahead of the
  data, and a sync stopped at any point resumes where it stopped;
- a full sync (first sync against an API, or after ``410 Gone``) writes its pages, as
  they come, into a new catalogue of its own (``store.catalogue_build``), each in one
  transaction with the cursor that follows it (a run stopped at any point resumes from
  that file), then replaces the catalogue in one transaction ("one swap": a copy of the
  built file, on the database worker).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.records import CategoryRecord, OfferRecord, PartnerRecord
from pej_desktop.store import catalogue_writer as writer
from pej_desktop.store.catalogue import (
    META_LAST_SYNC,
    META_LOADED_AT,
    META_SOURCE,
    META_VERSION,
    CatalogueStore,
    get_meta,
    meta_instant,
    set_meta,
)
from pej_desktop.store.catalogue_build import BuildConflict, CatalogueBuild, checkpoint_after_swap, discard_build
from sync.client import ApiClient, Cancellable, PageResponse, RawPage, Traffic
from sync.errors import CursorGoneError, InvalidDataError, SyncCancelled, SyncError
from sync.protocol import DEFAULT_PAGE_SIZE, ChangesPage, RefusedRecord

log = logging.getLogger(__name__)

META_CURSOR = "sync_cursor"
META_ETAG = "sync_etag"  # the catalogue version at the cursor, when the cursor is final
META_FULL_ID = "sync_full_id"  # which build the last full swap came from
MAX_REASONS = 10  # refused records spelled out in a result; the rest are counted


@dataclass(frozen=True)
class SyncProgress:
    stage: str  # "connexion" | "telechargement" | "enregistrement"
    done: int
    total: int | None  # None: unknown yet
    message: str


@dataclass(frozen=True)
class SyncResult:
    outcome: str  # "unchanged" | "updated" | "replaced"
    version: str
    synced_at: dt.datetime | None  # None: never (not possible after a sync)
    pages: int
    applied: int
    deleted: int
    traffic: Traffic
    seconds: float
    refused_records: tuple[RefusedRecord, ...] = ()  # left out by the protocol, the rest applied

    @property
    def refused(self) -> int:
        return len(self.refused_records)

    @property
    def refusals(self) -> tuple[str, ...]:
        """Why, for the first few (French, naming the record and the field)."""
        return tuple(r.reason for r in self.refused_records[:MAX_REASONS])

    @property
    def changed(self) -> bool:
        return self.outcome != "unchanged"


class PageBudget:
    """How many pages a sync may take: the cursor must advance, and the feed must end.

    The first page says how many records are left; a server whose feed goes on past
    twice that many pages (plus a margin for records changed meanwhile), or whose cursor
    does not move while it says there is more, is not followed any further.
    """

    MARGIN = 10
    MAX_RECORDS = 2_000_000  # forty times today's national catalogue: a larger "remaining" is not believed

    def __init__(self, page_size: int) -> None:
        self.page_size, self.left = page_size, None  # type: int, int | None

    def spend(self, since: str | None, next_cursor: str, has_more: bool, size: int, remaining: int) -> None:
        if self.left is None:
            announced = min(size + remaining, self.MAX_RECORDS)
            self.left = 2 * -(-announced // max(1, self.page_size)) + self.MARGIN
        self.left -= 1
        if has_more and (next_cursor == since or self.left < 0):
            raise InvalidDataError("Le serveur national envoie des pages sans fin (son curseur n'avance plus) : "
                                   "synchronisation arrêtée. Le catalogue local n'a pas été remplacé ; "
                                   "réessayez plus tard ou signalez-le à l'équipe nationale.")


_ONE_AT_A_TIME = "Une autre synchronisation est déjà en cours sur ce poste."


def staging_path_for(store: CatalogueStore) -> Path:
    """Where a full sync builds the new catalogue, and resumes from (thrown away after the swap)."""
    return store.path.with_name(store.path.name + ".full-sync")


def _legacy_build_path(staging_path: Path) -> Path:
    """Where versions before issue #17's last step built, beside a file of staged pages."""
    return staging_path.with_name(staging_path.name + ".build")


class CatalogueSync:
    def __init__(self, store: CatalogueStore, client: ApiClient, *, page_size: int = DEFAULT_PAGE_SIZE,
                 on_progress: Callable[[SyncProgress], None] | None = None, cancel: Cancellable | None = None,
                 staging_path: Path | None = None) -> None:
        self.store, self.client, self.page_size = store, client, page_size
        self.on_progress, self.cancel = on_progress, cancel
        self.client.cancel = cancel if cancel is not None else client.cancel
        self.client.traffic = Traffic()  # this sync's figures only
        self.staging_path = staging_path or staging_path_for(store)
        self.api = client.base_url
        self._pages = self._applied = self._deleted = 0
        self._refused: list[RefusedRecord] = []
        self._started = time.monotonic()

    # -- entry point --------------------------------------------------------------------------
    def run(self, *, full: bool = False) -> SyncResult:
        self._report("connexion", 0, None, "Connexion à l'API nationale…")
        meta = self.store.meta()
        build = self._resumable_build(meta, discard=full)
        if build is None and not full and meta.get(META_SOURCE) == self.api and meta.get(META_CURSOR):
            try:
                return self._delta(meta[META_CURSOR], meta.get(META_ETAG))
            except CursorGoneError as gone:
                log.info("cursor gone (410): full resync")
                self._report("connexion", 0, None, f"{gone.message} Synchronisation complète…")
        return self._full(build)

    def _resumable_build(self, meta: dict[str, str], *, discard: bool) -> CatalogueBuild | None:
        with contextlib.suppress(OSError):  # in use by another process: begin() will say so
            discard_build(_legacy_build_path(self.staging_path))
        if discard:  # a forced full sync starts from its first page (begin() drops the older build)
            return None
        try:
            build = CatalogueBuild.existing(self.staging_path)
        except BuildConflict:  # unusable, and in use by another process: begin() will say so
            return None
        if build is None:
            return None
        if build.api != self.api or build.id == meta.get(META_FULL_ID):
            with contextlib.suppress(OSError):  # in use by another process: begin() will say so
                build.discard()  # stale: another API, or already swapped in
            return None
        log.info("resuming a full sync from %d page(s) already built", build.pages)
        return build

    # -- delta ----------------------------------------------------------------------------------
    def _delta(self, cursor: str, etag: str | None) -> SyncResult:
        done, budget = 0, PageBudget(self.page_size)
        while True:
            response = self.client.changes(cursor, limit=self.page_size, etag=etag)
            etag = None  # only the first request may be answered "not modified"
            if response.page is None:
                return self._unchanged()
            page = response.page
            budget.spend(page.since, page.next_cursor, page.has_more, page.size, page.remaining)
            self._note_refused(page)
            if self.apply_delta_page(page, response.etag):
                done += page.size
            stored = self.store.meta()
            if stored.get(META_SOURCE) != self.api or not stored.get(META_CURSOR):
                raise SyncError("La source du catalogue a changé pendant la synchronisation ; relancez-la.")
            cursor = stored[META_CURSOR]
            self._report("telechargement", done, done + page.remaining, "Mise à jour du catalogue…")
            if not page.has_more and cursor == page.next_cursor:
                return self._result("updated" if done else "unchanged", page.catalogue_version)
            self._check_cancel()

    def apply_delta_page(self, page: ChangesPage, etag: str | None) -> bool:
        """One transaction, on the database worker: the page and its cursor, only if the stored
        cursor is the one it answers."""
        def apply(conn: Connection) -> bool:
            meta = get_meta(conn)
            if meta.get(META_SOURCE) != self.api or meta.get(META_CURSOR) != page.since:
                return False  # replayed page, or another sync got there first
            _upsert(conn, page.categories, page.partners, page.offers)
            _delete(conn, page)
            values: dict[str, str | dt.datetime | None] = {META_CURSOR: page.next_cursor,
                                             META_ETAG: None if page.has_more else etag}
            if not page.has_more:
                values.update({META_VERSION: page.catalogue_version, META_LAST_SYNC: utc_now()})
            set_meta(conn, **values)
            return True

        if not self.store.transact(apply):
            return False
        self._pages += 1
        self._applied += len(page.categories) + len(page.partners) + len(page.offers)
        self._deleted += len(page.tombstones)
        return True

    def _unchanged(self) -> SyncResult:
        def note_sync(conn: Connection) -> str:
            set_meta(conn, **{META_LAST_SYNC: utc_now()})
            return get_meta(conn).get(META_VERSION, "")

        return self._result("unchanged", self.store.transact(note_sync))

    # -- full -----------------------------------------------------------------------------------
    def _full(self, build: CatalogueBuild | None) -> SyncResult:
        for _attempt in range(3):
            try:
                build = build or CatalogueBuild.begin(self.staging_path, like=self.store, api=self.api)
            except BuildConflict:
                raise SyncError(_ONE_AT_A_TIME) from None
            try:
                with _fewer_collections():
                    return self._download_and_swap(build)
            except CursorGoneError:
                log.info("built pages unusable (410): starting the full sync again")
                build.discard()
                build = None
            except BuildConflict:
                build.close()
                raise SyncError(_ONE_AT_A_TIME) from None
            except BaseException:
                build.close()  # kept: the next run resumes from its cursor
                raise
        raise SyncError("Le catalogue national change de génération en continu ; réessayez plus tard.")

    def _download_and_swap(self, build: CatalogueBuild) -> SyncResult:
        """Pages written into a catalogue of their own as they come, each with its cursor, on this
        thread; then the one swap, which holds the database worker for a file copy only."""
        earlier = build.pages
        done, last, pages = 0, None, 0
        for response in self._pages_ahead(build.cursor):
            page = response.page
            assert page is not None  # no If-None-Match was sent
            build.write_page(page.since, page.next_cursor, lambda conn, page=page: apply_full_page(conn, page))  # type: ignore[misc]
            self._note_refused(page)
            pages += 1
            done += page.size
            last = response
            self._report("telechargement", done, done + page.remaining, "Téléchargement du catalogue national…")
        assert last is not None and last.page is not None
        self._report("enregistrement", done, done, "Enregistrement du catalogue…")
        self._swap(build, last.page, last.etag, build.id)
        build.discard()
        checkpoint_after_swap(self.store)
        self._pages += earlier + pages
        return self._result("replaced", last.page.catalogue_version)

    def _pages_ahead(self, cursor: str | None) -> Iterator[PageResponse]:
        """Validated pages in order; page N+1 is requested and validated while page N is applied.

        The server prepares page N+1 and the prefetch thread checks it (the pydantic
        validation is the costliest step of a full sync) while this thread writes page N,
        which hides most of the network, server and validation time. Nothing is applied
        out of order, and a page is applied only once validated whole.
        """
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pej-sync-prefetch")
        budget = PageBudget(self.page_size)
        try:
            pending = pool.submit(self._fetch_validated, cursor)
            while True:
                raw, page = pending.result()
                budget.spend(raw.since, raw.next_cursor, raw.has_more, raw.size, raw.remaining)
                if raw.has_more:
                    pending = pool.submit(self._fetch_validated, raw.next_cursor)
                yield page
                if not raw.has_more:
                    return
                self._check_cancel()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _fetch_validated(self, cursor: str | None) -> tuple[RawPage, PageResponse]:
        """One page fetched then validated: run in the prefetch thread."""
        raw = self.client.fetch_changes(cursor, limit=self.page_size)
        assert raw is not None  # no If-None-Match was sent
        return raw, self.client.validate(raw)

    def _swap(self, build: CatalogueBuild, last: ChangesPage, etag: str | None, build_id: str) -> None:
        """The one swap, on the database worker: the whole built catalogue and its cursor, or nothing."""
        now = utc_now()
        self._applied += build.write(lambda conn: sum(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one()
                                                      for table in ("categories", "partners", "offers")))
        values: dict[str, str | dt.datetime | None] = {
            META_SOURCE: self.api, META_VERSION: last.catalogue_version, META_LAST_SYNC: now, META_LOADED_AT: now,
            META_CURSOR: last.next_cursor, META_ETAG: etag, META_FULL_ID: build_id}
        build.swap_into(self.store, **values)

    # -- helpers --------------------------------------------------------------------------------
    def _note_refused(self, page: ChangesPage) -> None:
        for refused in page.refused:
            log.warning("record refused by the protocol: %s %s", refused.section, refused.id or "(no id)")
            self._refused.append(refused)

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise SyncCancelled("Synchronisation annulée. Ce qui était déjà reçu est conservé ; "
                                "la prochaine synchronisation reprendra là où elle s'est arrêtée.")

    def _report(self, stage: str, done: int, total: int | None, message: str) -> None:
        if self.on_progress is not None:
            self.on_progress(SyncProgress(stage=stage, done=done, total=total, message=message))

    def _result(self, outcome: str, version: str) -> SyncResult:
        return SyncResult(outcome=outcome, version=version, synced_at=meta_instant(self.store.meta(), META_LAST_SYNC),
                          pages=self._pages, applied=self._applied, deleted=self._deleted,
                          traffic=self.client.traffic, seconds=time.monotonic() - self._started,
                          refused_records=tuple(self._refused))


_BULK_THRESHOLD = 100_000  # allocations between two young-generation collections during a full sync
_bulk_lock = threading.Lock()
_bulk_runs = 0  # full syncs under way
_usual_thresholds = gc.get_threshold()  # what the last of them gives back


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run rarely while a full sync builds and drops 50 000 records.

    Each page's records live until the page is written, so the collector, run every 700
    allocations by default, kept scanning them and promoting them to older generations whose
    collections scan the whole program: 0.33 s of a 4 s full sync. A record holds no cycle
    (refcounting frees it). The usual thresholds come back when the last full sync under way
    ends, whatever the outcome."""
    global _bulk_runs, _usual_thresholds
    with _bulk_lock:
        if not _bulk_runs:
            _usual_thresholds = usual = gc.get_threshold()
            gc.set_threshold(max(usual[0], _BULK_THRESHOLD), usual[1], usual[2])
        _bulk_runs += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_runs -= 1
            if not _bulk_runs:
                gc.set_threshold(*_usual_thresholds)


def apply_full_page(conn: Connection, page: ChangesPage) -> None:
    """A full-sync page into the catalogue being built: later pages win, tombstones remove."""
    _upsert(conn, page.categories, page.partners, page.offers)
    _delete(conn, page)


def _upsert(conn, categories: Iterable[CategoryRecord], partners: Iterable[PartnerRecord],  # type: ignore[no-untyped-def]
            offers: Iterable[OfferRecord]) -> None:
    writer.upsert_categories(conn, list(categories))
    writer.upsert_partners(conn, list(partners))
    writer.upsert_offers(conn, list(offers))


def _delete(conn, page: ChangesPage) -> None:  # type: ignore[no-untyped-def]
    gone = {"offer": [], "partner": [], "category": []}  # type: dict[str, list[str]]
    for tombstone in page.tombstones:
        gone[tombstone.kind].append(tombstone.id)
    writer.delete_offers(conn, gone["offer"])
    writer.delete_partners(conn, gone["partner"])
    writer.delete_categories(conn, gone["category"])


def sync_catalogue(store: CatalogueStore, client: ApiClient, *, full: bool = False,
                   page_size: int = DEFAULT_PAGE_SIZE, on_progress: Callable[[SyncProgress], None] | None = None,
                   cancel: Cancellable | None = None) -> SyncResult:
    """Bring the local catalogue to the national one; see ``CatalogueSync`` for the invariants."""
    return CatalogueSync(store, client, page_size=page_size, on_progress=on_progress, cancel=cancel).run(full=full)
