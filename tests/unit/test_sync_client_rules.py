"""Client rules that need no server: addresses allowed, backoff, headers, tokens."""

from __future__ import annotations

import random

import pytest

from pej_desktop import __version__
from sync.client import ApiClient, RetryPolicy, check_api_url, is_loopback
from sync.errors import ConfigurationError


@pytest.mark.parametrize("url, expected", [
    ("https://api.pej.gouv.fr/", "https://api.pej.gouv.fr"),
    ("https://api.pej.gouv.fr:8443/national", "https://api.pej.gouv.fr:8443/national"),
    ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ("http://localhost:8765/", "http://localhost:8765"),
    ("http://[::1]:8765", "http://[::1]:8765"),
    ("  https://api.pej.gouv.fr  ", "https://api.pej.gouv.fr"),
])
def test_allowed_addresses(url: str, expected: str) -> None:
    assert check_api_url(url) == expected


@pytest.mark.parametrize("url", ["http://api.pej.gouv.fr", "http://192.168.1.10:8765", "ftp://api.pej.gouv.fr",
                                 "api.pej.gouv.fr", "https://moi:secret@api.pej.gouv.fr", "https://api.pej.gouv.fr/?x=1",
                                 "", "http://127.0.0.1.example.org"])
def test_refused_addresses(url: str) -> None:
    with pytest.raises(ConfigurationError):
        check_api_url(url)


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("10.0.0.1") and not is_loopback("exemple.fr")


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    policy, rng = RetryPolicy(base_delay=0.5, max_delay=4.0), random.Random(1)
    for attempt in range(8):
        waits = [policy.backoff(attempt, rng) for _ in range(200)]
        bound = min(4.0, 0.5 * 2 ** attempt)
        assert all(0 <= w <= bound for w in waits) and max(waits) > bound * 0.8


def test_session_verifies_tls_names_the_app_and_carries_the_token() -> None:
    with ApiClient("https://api.pej.gouv.fr", " jeton ") as client:
        assert client.session.verify is True
        assert client.session.headers["User-Agent"] == f"PEJ-Desktop/{__version__}"
        assert client.session.headers["Authorization"] == "Bearer jeton"


def test_a_client_without_token_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="jeton"):
        ApiClient("https://api.pej.gouv.fr", "   ")
