"""Shared fixtures: a fresh data directory per test, an in-memory keyring, the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.memory_keyring import MemoryKeyring

REPO_ROOT = Path(__file__).resolve().parent.parent

# Property tests explore new examples on a developer's machine; in CI they replay the same
# derandomized ones, so a submission lands or fails on its own merits, not on a draw.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def personal_data_never_logged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The whole session logs as the application does; at the end, no test person may be in a log."""
    from tests.support.log_scan import leaks, people_in_tests, session_log

    folder = tmp_path_factory.mktemp("session-log")
    with session_log(folder):
        yield
    people = people_in_tests(sorted((REPO_ROOT / "tests").rglob("*.py")))
    logs = [folder, *tmp_path_factory.getbasetemp().rglob("logs")]
    found = leaks(logs, people)
    if found:
        pytest.fail(f"personal data of test people found in logs: {found[:10]}", pytrace=False)


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    """pytest-qt creates our own application class, so app-wide signals exist in tests."""
    from pej_desktop.app import PejApplication

    return PejApplication


@pytest.fixture(autouse=True)
def no_unexpected_error(request: pytest.FixtureRequest) -> Iterator[list[BaseException]]:
    """A test fails if the app showed its "Erreur inattendue" dialog, unless it is marked
    ``expects_unexpected_error`` (it then reads the errors from this fixture)."""
    from pej_desktop.views import errors

    seen: list[BaseException] = []
    errors.add_error_listener(seen.append)
    yield seen
    errors.remove_error_listener(seen.append)
    if seen and request.node.get_closest_marker("expects_unexpected_error") is None:
        pytest.fail(f"unexpected error shown to the adviser: {seen[0]!r}", pytrace=False)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, also exported as PEJ_DATA_DIR for sub-processes."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("PEJ_DATA_DIR", str(path))
    return path


@pytest.fixture
def paths(data_dir: Path):  # type: ignore[no-untyped-def]
    from pej_desktop.config import resolve_paths

    return resolve_paths(data_dir).ensure()


@pytest.fixture
def catalogue(paths):  # type: ignore[no-untyped-def]
    """The local catalogue store with the embedded demo catalogue loaded."""
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.demo import ensure_demo_loaded

    store = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    ensure_demo_loaded(store)
    yield store
    store.close()
