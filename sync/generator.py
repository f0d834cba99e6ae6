"""Realistic generated catalogues of any size, for tests, benchmarks and the reference server.

    python -m sync.generator --offers 50000 --partners 2000 --seed 1 -o catalogue.json

The same seed always gives the same catalogue (one ``random.Random``, no set or hash
ordering), and offer ids depend only on the position (``gen-000001``...), so two seeds
give two versions of the same offers — what a sync test needs to exercise updates.
Records are built directly as validated dataclasses, in the exact form
the protocol models (``sync.protocol``) produce, because validating 50 000 payloads would
dominate the run time; the tests check a sample through the validating path.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from random import Random

from sync import generator_vocabulary as words
from sync.protocol.catalogue_document import CatalogueDocument
from sync.protocol.records import (
    CategoryRecord,
    Discount,
    OfferRecord,
    PartnerRecord,
    Territory,
    Usage,
)

KINDS = ("voucher", "voucher_pass", "code", "code_space", "gift_card")
KIND_WEIGHTS = (25, 25, 20, 15, 15)
_KIND_CUMULATIVE = tuple(itertools.accumulate(KIND_WEIGHTS))
PERCENTS = (5, 10, 10, 15, 15, 20, 20, 25, 30, 40, 50)
AGE_BOUNDS = ((18, 25), (16, 25), (18, 29), (16, 17), (18, 30))
GIFT_FACES = (2000, 3000, 5000, 8000, 10000)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_FIRST_DAY = dt.date(2025, 1, 1).toordinal()
_LAST_DAY = dt.date(2028, 12, 31).toordinal()
_DURATIONS = (30, 61, 92, 183, 365, 365, 548, 730, 730, 1095)
# The national side's own list (the generator imports nothing of the desktop app, as the
# server that runs it): metropolitan 01–95 with Corsica's 2A/2B in place of 20, then overseas.
_DEPARTEMENT_CODES = (*(f"{n:02d}" for n in range(1, 20)), "2A", "2B", *(f"{n}" for n in range(21, 96)),
                      *(f"{n}" for n in range(971, 977)))
_NNBSP = "\u202f"  # French typography: a narrow no-break space before € and %
_SUFFIX = " (partenaire fictif — données générées)"


def generate_catalogue(offers: int, partners: int, seed: int = 0, *, codes_per_offer: int = 0) -> CatalogueDocument:
    """A catalogue of ``offers`` offers from ``partners`` partners; same seed, same catalogue.

    ``codes_per_offer`` fills a code pool for every ``voucher`` and ``code`` offer.
    """
    if offers < 0 or partners < 0 or codes_per_offer < 0:
        raise ValueError("les nombres d'offres, de partenaires et de codes doivent être positifs")
    if offers and not partners:
        raise ValueError("il faut au moins un partenaire pour générer des offres")
    rng = Random(seed)
    categories = [CategoryRecord(slug=c.slug, name=c.name, position=i + 1) for i, c in enumerate(words.CATEGORIES)]
    partner_records, by_category = _partners(rng, partners)
    builder = _OfferBuilder(rng, partner_records, by_category)
    offer_records = [builder.offer(index) for index in range(offers)]
    codes = _code_pools(rng, offer_records, codes_per_offer) if codes_per_offer else {}
    return CatalogueDocument(version=f"gen-{seed}-{offers}x{partners}", categories=categories,
                             partners=partner_records, offers=offer_records, codes=codes)


def _partners(rng: Random, count: int) -> tuple[list[PartnerRecord], list[list[int]]]:
    """Partners dealt round-robin over the categories; names unique, trade-appropriate."""
    records: list[PartnerRecord] = []
    by_category: list[list[int]] = [[] for _ in words.CATEGORIES]
    taken: set[str] = set()
    for index in range(count):
        category = index % len(words.CATEGORIES)
        name = _partner_name(rng, words.CATEGORIES[category], taken)
        slug = re.sub(r"[^a-z0-9]+", "-", _ascii(name)).strip("-")
        records.append(PartnerRecord(
            id=f"gen-p{index + 1:05d}", name=name, color=f"#{rng.randrange(0x1000000):06X}",
            url=f"https://{slug}-{index + 1}.example.org",
            description=f"{words.CATEGORIES[category].name} : {name}.{_SUFFIX}",
        ))
        by_category[category].append(index)
    return records, by_category


def _partner_name(rng: Random, category: words.CategoryWords, taken: set[str]) -> str:
    name = f"{rng.choice(category.trades)} {rng.choice(words.PARTNER_QUALIFIERS)}"
    if name in taken:
        name = f"{name} {rng.choice(words.COMMUNES)[1]}"
    base, number = name, 2
    while name in taken:
        name, number = f"{base} {number}", number + 1
    taken.add(name)
    return name


class _OfferBuilder:
    """Draws one offer at a time; holds the random source and the partner index."""

    def __init__(self, rng: Random, partners: list[PartnerRecord], by_category: list[list[int]]) -> None:
        self.rng = rng
        self.partners = partners
        self.by_category = by_category

    def offer(self, index: int) -> OfferRecord:
        rng = self.rng
        category_index = rng.randrange(len(words.CATEGORIES))
        category = words.CATEGORIES[category_index]
        partner = self._partner(category_index)
        kind = rng.choices(KINDS, cum_weights=_KIND_CUMULATIVE)[0]
        item = rng.choice(category.items)
        discount, title = self._discount_and_title(kind, item, category)
        usage = _usage(kind, item)
        renewable = usage.period != "once" and rng.random() < 0.7
        territory, place = self._territory()
        valid_from, valid_to = self._validity()
        age = rng.choice(AGE_BOUNDS) if rng.random() < 0.04 else (None, None)
        in_store = kind in ("voucher", "voucher_pass")
        offer_id = f"gen-{index + 1:06d}"
        return OfferRecord(
            id=offer_id, kind=kind, title=title, partner_id=partner.id, discount=discount,
            subtitle=f"{rng.choice(category.subtitles)}{place}",
            categories=self._categories(category_index), tags=self._tags(category, item),
            valid_from=valid_from, valid_to=valid_to, published=rng.random() >= 0.01, renewable=renewable,
            how_to_use=words.HOW_TO_USE[kind], conditions=self._conditions(in_store, renewable),
            url=f"{partner.url}/pass-engagement-jeune/{offer_id}", territory=territory,
            age_min=age[0], age_max=age[1], usage=usage,
            stores_count=self._stores(territory) if in_store else None,
        )

    def _partner(self, category_index: int) -> PartnerRecord:
        """A partner of the offer's trade, or any partner when there are fewer partners than categories."""
        pool = self.by_category[category_index]
        if pool:
            return self.partners[pool[self.rng.randrange(len(pool))]]
        return self.partners[self.rng.randrange(len(self.partners))]

    def _discount_and_title(self, kind: str, item: words.Item, category: words.CategoryWords) -> tuple[Discount, str]:
        rng = self.rng
        label = item.label
        fields = {"item": label, "Item": label[:1].upper() + label[1:]}
        if kind == "gift_card":
            face = rng.choice(GIFT_FACES)
            paid = _round_cents(face * rng.uniform(0.6, 0.85), 100)
            title = rng.choice(words.GIFT_TITLES).format(
                theme=category.gift_theme, face=_euros(face), paid=_euros(paid)
            )
            return Discount(type="price", regular_price_cents=face, pass_price_cents=paid), title
        draw = rng.random()
        if draw < 0.35:
            percent = rng.choice(PERCENTS)
            title = rng.choice(words.PERCENT_TITLES).format(p=f"{percent}{_NNBSP}%", **fields)
            return Discount(type="percent", percent=float(percent), reference_spend_cents=item.price_cents), title
        if draw < 0.6:
            amount = max(100, _round_cents(item.price_cents * rng.uniform(0.1, 0.4), 100))
            title = rng.choice(words.FIXED_TITLES).format(amount=_euros(amount), **fields)
            return Discount(type="fixed", amount_cents=amount), title
        paid = _round_cents(item.price_cents * rng.uniform(0.3, 0.85), 10)
        title = rng.choice(words.PRICE_TITLES).format(paid=_euros(paid), regular=_euros(item.price_cents), **fields)
        return Discount(type="price", regular_price_cents=item.price_cents, pass_price_cents=paid), title

    def _tags(self, category: words.CategoryWords, item: words.Item) -> tuple[str, ...]:
        """The item's own words, then one or two of the category's, without repeats."""
        general = self.rng.sample(category.tags, self.rng.randint(1, 2))
        return tuple(dict.fromkeys([*words.item_keywords(item), *general]))

    def _categories(self, primary: int) -> tuple[str, ...]:
        if self.rng.random() < 0.15:
            second = self.rng.randrange(len(words.CATEGORIES))
            if second != primary:
                return words.CATEGORIES[primary].slug, words.CATEGORIES[second].slug
        return (words.CATEGORIES[primary].slug,)

    def _territory(self) -> tuple[Territory, str]:
        """National (60 %), a few départements (28 %) or a few towns (12 %)."""
        draw = self.rng.random()
        if draw < 0.6:
            return Territory(), ""
        if draw < 0.88:
            deps = tuple(dict.fromkeys(self.rng.choice(_DEPARTEMENT_CODES) for _ in range(self.rng.randint(1, 3))))
            return Territory(scope="local", departements=deps), ""
        towns = list(dict.fromkeys(self.rng.choice(words.COMMUNES) for _ in range(self.rng.randint(1, 2))))
        communes = tuple(code for code, _ in towns)
        return Territory(scope="local", communes=communes), f" — {' et '.join(name for _, name in towns)}"

    def _validity(self) -> tuple[dt.date | None, dt.date | None]:
        start = self.rng.randint(_FIRST_DAY, _LAST_DAY - 30)
        if self.rng.random() < 0.03:
            return dt.date.fromordinal(start), None
        end = min(_LAST_DAY, start + self.rng.choice(_DURATIONS))
        return dt.date.fromordinal(start), dt.date.fromordinal(end)

    def _conditions(self, in_store: bool, renewable: bool) -> tuple[dict[str, str], ...]:
        blocks = [
            words.IN_STORE_CONDITION if in_store else words.ONLINE_CONDITION,
            words.RENEWABLE_CONDITION if renewable else words.ONE_TIME_CONDITION,
        ]
        if self.rng.random() < 0.4:
            blocks.append(self.rng.choice(words.EXTRA_CONDITIONS))
        return tuple({"title": title, "text": text} for title, text in blocks)

    def _stores(self, territory: Territory) -> int:
        return self.rng.randint(20, 900) if territory.scope == "national" else self.rng.randint(1, 25)


def _usage(kind: str, item: words.Item) -> Usage:
    """A gift card is bought once; anything else is used as often as the item usually is."""
    if kind == "gift_card":
        return Usage(count=1.0, period="once")
    return Usage(count=float(item.count), period=item.period)


def _round_cents(value: float, step: int) -> int:
    return max(0, round(value / step) * step)


def _euros(cents: int) -> str:
    """``150000`` → ``"1 500 €"``, ``1250`` → ``"12,50 €"``: as a French partner writes a price."""
    euros, rest = divmod(cents, 100)
    whole = f"{euros:,}".replace(",", _NNBSP)
    return f"{whole},{rest:02d}{_NNBSP}€" if rest else f"{whole}{_NNBSP}€"


def _ascii(name: str) -> str:
    """A partner's name in lower-case ASCII letters, for its fictional web address."""
    expanded = name.casefold().replace("œ", "oe").replace("æ", "ae")
    return "".join(ch for ch in unicodedata.normalize("NFKD", expanded) if not unicodedata.combining(ch))


def _code_pools(rng: Random, offers: list[OfferRecord], size: int) -> dict[str, list[str]]:
    """Unique codes for the offers that hand one out; the offer number keeps them unique."""
    pools: dict[str, list[str]] = {}
    for number, offer in enumerate(offers, start=1):
        if offer.kind in ("voucher", "code"):
            pools[offer.id] = [f"G{number:06d}-{k:02d}{''.join(rng.choices(CODE_ALPHABET, k=4))}" for k in range(size)]
    return pools


def document_payload(document: CatalogueDocument) -> dict[str, object]:
    """The JSON form of a document, exactly as the demo file and ``CatalogueDocument.from_json`` expect."""
    return {
        "format": 1,
        "name": "Catalogue généré",
        "version": document.version,
        "categories": [c.to_payload() for c in document.categories],
        "partners": [p.to_payload() for p in document.partners],
        "offers": [o.to_payload() for o in document.offers],
        "codes": document.codes,
    }


def write_catalogue_json(document: CatalogueDocument, path: Path | str) -> None:
    """Write the document as compact UTF-8 JSON, through a temporary file then a rename."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    text = json.dumps(document_payload(document), ensure_ascii=False, separators=(",", ":"))
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)  # one write: twice as fast as json.dump's many small ones
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    from sync.protocol.french_cli import FrenchArgumentParser

    parser = FrenchArgumentParser(prog="python -m sync.generator", description="Génère un catalogue d'offres réaliste.")
    parser.add_argument("--offers", type=int, default=1000, help="nombre d'offres (1000)")
    parser.add_argument("--partners", type=int, default=100, help="nombre de partenaires (100)")
    parser.add_argument("--seed", type=int, default=0, help="graine : même graine, même catalogue (0)")
    parser.add_argument("--codes-per-offer", type=int, default=0, help="codes par offre à code (0)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="fichier JSON à écrire")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        document = generate_catalogue(args.offers, args.partners, args.seed, codes_per_offer=args.codes_per_offer)
        write_catalogue_json(document, args.output)
    except (ValueError, OSError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    seconds = f"{elapsed:.1f}".replace(".", ",")
    print(
        f"{len(document.offers)} offres et {len(document.partners)} partenaires écrits dans {args.output} "
        f"en {seconds} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
