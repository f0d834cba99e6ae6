"""A whole sync of the device, as ``pej-desktop sync`` and the window run it.

1. The outbox first: pending activations are the one thing that cannot be
   downloaded again, so they leave before anything else can fail.
2. The catalogue (``sync.engine``).
3. The code reserve, renewed against the fresh catalogue, and the use of codes of
   renewable offers. A failure here does not undo the catalogue: the next sync
   tries again.

Without the personal file (never created, or locked) only the catalogue is synced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore
from sync.client import ApiClient
from sync.errors import AuthenticationError, ForbiddenError, SyncCancelled, SyncError
from sync.leases import LeaseResult, renew_leases
from sync.offer_feedback_push import OfferFeedbackPush, push_offer_feedback
from sync.outbox import PushResult, push_outbox, refresh_usage

log = logging.getLogger(__name__)


@dataclass
class ActivationExchange:
    push: PushResult = field(default_factory=PushResult)
    leases: LeaseResult | None = None
    used: int = 0
    error: SyncError | None = None  # leases or usage failed; the catalogue is kept
    offer_feedback: OfferFeedbackPush | None = None  # reports on offers and unmet searches (sync.offer_feedback_push)

    def summary(self) -> str:
        """One French line for the terminal and the status bar's tooltip."""
        push = self.push
        parts = [f"{push.accepted} activation(s) transmise(s)"]
        if push.refused:
            parts.append(f"{push.refused} refusée(s) par le serveur national")
        if push.completed:
            parts.append(f"{push.completed} code(s) à venir complété(s)")
        if push.failed:
            parts.append(f"{push.failed} en attente (nouvel essai plus tard)")
        if self.leases is not None:
            parts.append(f"réserve de codes : {self.leases.reserve} code(s) pour {self.leases.wanted_offers} offre(s)")
        return "Activations : " + ", ".join(parts) + "."


def push_pending(people: PersonalStore | None, client: ApiClient, *, force: bool = True,
                 checkpoint: Callable[[str], None] | None = None) -> ActivationExchange:
    exchange = ActivationExchange()
    if people is not None:
        exchange.push = push_outbox(people, client, force=force, checkpoint=checkpoint)
        if not exchange.push.offline:
            exchange.offer_feedback = push_offer_feedback(people, client, force=force)
    return exchange


def finish_exchange(exchange: ActivationExchange, people: PersonalStore | None, catalogue: CatalogueStore,
                    client: ApiClient, *, checkpoint: Callable[[str], None] | None = None) -> ActivationExchange:
    """Leases and code use, after the catalogue; only a token problem or a cancel is raised."""
    if people is None or exchange.push.offline:
        return exchange
    try:
        exchange.leases = renew_leases(people, catalogue, client, checkpoint=checkpoint)
        exchange.used = refresh_usage(people, client)
    except (AuthenticationError, ForbiddenError, SyncCancelled):
        raise
    except SyncError as error:
        log.info("code reserve not renewed: %s", error.message)
        exchange.error = error
    return exchange
