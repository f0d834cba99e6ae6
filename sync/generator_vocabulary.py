"""French word lists for the catalogue generator (sync/generator.py).

Kept apart from the generator's logic so the vocabulary can grow without touching
it. Each category lists the things a young person buys (with a typical price in
cents and a typical frequency of use), partner trades, subtitles and tags; the
shared templates put very common words ("réduction", "carte", "offre", "jeunes")
in many titles so search benchmarks can exercise frequent terms.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """Something on sale: label in lower case, typical price, usual frequency."""

    label: str
    price_cents: int
    count: float
    period: str


@dataclass(frozen=True)
class CategoryWords:
    slug: str
    name: str
    items: tuple[Item, ...]
    trades: tuple[str, ...]  # first word of partner names
    gift_theme: str
    subtitles: tuple[str, ...]
    tags: tuple[str, ...]


def _items(*rows: tuple[str, int, float, str]) -> tuple[Item, ...]:
    return tuple(Item(*row) for row in rows)


CATEGORIES: tuple[CategoryWords, ...] = (
    CategoryWords(
        "alimentation-hygiene",
        "Alimentation et hygiène",
        _items(
            ("vos courses du quotidien", 6000, 4, "month"),
            ("les fruits et légumes", 2500, 4, "month"),
            ("les produits d'hygiène", 2000, 1, "month"),
            ("le panier anti-gaspi", 1000, 2, "week"),
            ("la formule déjeuner", 850, 3, "week"),
            ("les protections périodiques", 1200, 1, "month"),
            ("la baguette tradition", 130, 5, "week"),
            ("le repas complet", 900, 8, "month"),
            ("les œufs, le lait et les produits frais", 1800, 4, "month"),
            ("le colis d'épicerie sèche", 2500, 1, "month"),
            ("les produits pour bébé", 3000, 2, "month"),
            ("la lessive et l'entretien", 1500, 1, "month"),
            ("le panier de légumes bio", 1500, 1, "week"),
            ("le petit-déjeuner", 450, 4, "week"),
        ),
        ("Épicerie", "Marché", "Boulangerie", "Primeur", "Supérette", "Cantine", "Droguerie", "Fromagerie"),
        "courses",
        (
            "Fruits, légumes et produits d'hygiène",
            "Produits de première nécessité à petit prix",
            "Offre réservée aux jeunes du Pass",
            "Dans les magasins participants",
            "Produits frais et locaux",
            "Pour manger équilibré sans se ruiner",
        ),
        ("courses", "hygiène", "épicerie", "alimentation", "repas", "bio", "anti-gaspi", "essentiels"),
    ),
    CategoryWords(
        "mobilite",
        "Mobilité",
        _items(
            ("l'abonnement de transport", 6800, 1, "month"),
            ("les billets de train", 4500, 2, "month"),
            ("le forfait permis B", 120000, 1, "once"),
            ("l'heure de conduite", 5500, 4, "month"),
            ("le code de la route en ligne", 2990, 1, "once"),
            ("la révision du vélo", 3500, 2, "year"),
            ("la location de vélo électrique", 6000, 1, "month"),
            ("le trajet en covoiturage", 800, 8, "month"),
            ("l'assurance auto jeune conducteur", 110000, 1, "once"),
            ("la vidange", 7900, 1, "year"),
            ("le carnet de tickets", 1900, 2, "month"),
            ("l'abonnement de car régional", 6000, 1, "month"),
            ("le casque et l'antivol", 4500, 1, "once"),
            ("la carte de réduction train", 4900, 1, "once"),
        ),
        ("Vélo", "Auto-École", "Rail", "Covoiturage", "Mobilités", "Autocars", "Garage", "Trottinettes"),
        "voyage",
        (
            "Pour aller au travail ou en formation",
            "Bus, tram et métro en illimité",
            "Offre réservée aux jeunes du Pass",
            "Permis, code et conduite",
            "Se déplacer sans se ruiner",
            "Réservation en ligne ou en agence",
        ),
        ("transport", "vélo", "train", "permis", "bus", "covoiturage", "voiture", "mobilité"),
    ),
    CategoryWords(
        "logement",
        "Logement et hébergement",
        _items(
            ("le premier mois de loyer", 42000, 1, "once"),
            ("la garantie de loyer", 18000, 1, "once"),
            ("la location d'utilitaire", 8000, 1, "once"),
            ("le kit de déménagement", 3500, 1, "once"),
            ("la facture d'électricité", 6000, 1, "month"),
            ("la box internet", 2999, 1, "month"),
            ("la nuit en foyer de jeunes travailleurs", 2500, 10, "month"),
            ("l'assurance habitation", 900, 1, "month"),
            ("la peinture et la quincaillerie", 6000, 1, "quarter"),
            ("la laverie", 600, 4, "month"),
            ("les frais de dossier", 9000, 1, "once"),
            ("le kit d'entretien du logement", 2500, 1, "once"),
        ),
        ("Résidences", "Foyer", "Caution", "Énergie", "Brico", "Laverie", "Déménagement", "Colocation"),
        "maison",
        (
            "Pour décrocher votre premier logement",
            "Studio meublé en résidence",
            "Offre réservée aux jeunes du Pass",
            "S'installer sans frais cachés",
            "Électricité, gaz et internet",
            "Petits travaux et main-d'œuvre",
        ),
        ("logement", "loyer", "studio", "déménagement", "énergie", "assurance", "bricolage", "colocation"),
    ),
    CategoryWords(
        "sante",
        "Santé et santé mentale",
        _items(
            ("les lunettes complètes", 9900, 1, "year"),
            ("la complémentaire santé", 2400, 1, "month"),
            ("la consultation de psychologue", 5000, 2, "month"),
            ("la parapharmacie", 2500, 1, "month"),
            ("les soins dentaires", 4000, 2, "year"),
            ("les lentilles", 6000, 1, "quarter"),
            ("la séance d'ostéopathie", 6000, 2, "year"),
            ("la téléconsultation", 2500, 1, "quarter"),
            ("les séances de sophrologie", 12000, 1, "once"),
            ("l'application de méditation", 5999, 1, "once"),
            ("la crème solaire", 2000, 1, "month"),
            ("la trousse de premiers secours", 2200, 1, "once"),
        ),
        ("Optique", "Pharmacie", "Mutuelle", "Écoute", "Centre de santé", "Cabinet", "Parapharmacie"),
        "bien-être",
        (
            "Sans avance de frais",
            "Un espace d'écoute confidentiel",
            "Offre réservée aux jeunes du Pass",
            "Santé mentale et bien-être",
            "En cabinet ou en visio",
            "Prendre soin de soi à petit prix",
        ),
        ("santé", "psychologue", "optique", "mutuelle", "pharmacie", "dentaire", "bien-être", "santé mentale"),
    ),
    CategoryWords(
        "sport-loisirs-culture",
        "Sport, loisirs, culture",
        _items(
            ("l'abonnement à la salle de sport", 3500, 1, "month"),
            ("la place de cinéma", 1150, 2, "month"),
            ("les livres et BD", 2000, 1, "month"),
            ("l'entrée au musée", 1500, 1, "month"),
            ("la place de concert", 2500, 1, "month"),
            ("le cours collectif", 1200, 4, "month"),
            ("l'entrée à la piscine", 400, 4, "month"),
            ("la randonnée accompagnée", 3500, 1, "month"),
            ("le pass festival", 8900, 1, "once"),
            ("la visite des chefs-d'œuvre", 1500, 1, "month"),
            ("le streaming musical", 1099, 1, "month"),
            ("le stage d'escalade", 9000, 1, "once"),
            ("les jeux de société", 3000, 1, "quarter"),
        ),
        ("Ciné", "Forme", "Librairie", "Scènes", "Musée", "Piscine", "Festival", "Théâtre"),
        "loisirs",
        (
            "Toutes les séances, tous les jours",
            "Une sortie par mois à petit prix",
            "Offre réservée aux jeunes du Pass",
            "Sport, culture et sorties entre amis",
            "Découvrir les œuvres près de chez vous",
            "Accès illimité",
        ),
        ("sport", "cinéma", "musée", "concert", "lecture", "sortie", "culture", "piscine"),
    ),
    CategoryWords(
        "equipement",
        "Équipement",
        _items(
            ("l'ordinateur portable reconditionné", 35000, 1, "once"),
            ("le smartphone reconditionné", 15900, 1, "once"),
            ("le lave-linge", 29900, 1, "once"),
            ("le kit cuisine", 12900, 1, "once"),
            ("le forfait mobile", 1599, 1, "month"),
            ("la tenue d'entretien d'embauche", 8000, 1, "once"),
            ("les vêtements de seconde main", 3000, 1, "month"),
            ("les chaussures de sécurité", 6000, 1, "once"),
            ("la tenue de cuisine", 7000, 1, "once"),
            ("la réparation d'écran", 9000, 1, "year"),
            ("le réfrigérateur", 25000, 1, "once"),
            ("l'aspirateur", 8900, 1, "once"),
            ("le matelas", 19900, 1, "once"),
        ),
        ("Reconditionné", "Électroménager", "Friperie", "Forfait", "Équipement", "Informatique", "Vestiaire"),
        "high-tech",
        (
            "Garanti 24 mois",
            "Pour la recherche d'emploi",
            "Offre réservée aux jeunes du Pass",
            "Pour équiper un premier logement",
            "Livraison et installation comprises",
            "Seconde main et reconditionné",
        ),
        ("informatique", "téléphone", "électroménager", "vêtements", "emploi", "reconditionné", "équipement"),
    ),
)

# Qualifiers that agree with any trade name ("Épicerie Solidaire", "Garage Solidaire").
PARTNER_QUALIFIERS = (
    "Solidaire",
    "du Quartier",
    "des Halles",
    "Plus",
    "& Co",
    "Populaire",
    "de la Gare",
    "du Cœur",
    "Avenir",
    "Express",
    "des Jeunes",
    "Horizon",
    "Tremplin",
    "Pour Tous",
    "du Centre",
    "Ensemble",
)
_STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "vos",
        "votre",
        "et",
        "à",
        "en",
        "au",
        "aux",
        "pour",
        "un",
        "une",
        "sur",
    ]
)


def item_keywords(item: Item) -> tuple[str, ...]:
    """Tag-like words of an item label: "les chaussures de sécurité" → chaussures, sécurité."""
    tokens = item.label.replace("'", " ").replace(",", " ").split()
    return tuple(dict.fromkeys(t for t in tokens if t not in _STOPWORDS and len(t) > 2))


# Title templates; "{item}" is the item label, "{Item}" the same with a capital letter.
PERCENT_TITLES = (
    "{p} sur {item}",
    "{p} de réduction sur {item}",
    "Réduction jeunes : {p} sur {item}",
    "{Item} : {p} de réduction",
    "Offre jeunes : -{p} sur {item}",
    "{Item} : -{p} avec la carte",
)
FIXED_TITLES = (
    "{amount} de réduction sur {item}",
    "{amount} offerts sur {item}",
    "{Item} : {amount} de réduction avec la carte",
    "Offre jeunes : {amount} de moins sur {item}",
)
PRICE_TITLES = (
    "{Item} à {paid} au lieu de {regular}",
    "Offre jeunes : {item} à {paid}",
    "{Item} : {paid} au lieu de {regular}",
    "Réduction sur {item} : {paid} au lieu de {regular}",
)
GIFT_TITLES = ("Carte cadeau {theme} de {face} pour {paid}", "Carte cadeau {theme} : {face} pour {paid}")

HOW_TO_USE = {
    "voucher": (
        "Activez l'offre pour obtenir votre code-barres personnel.",
        "Présentez le code-barres en caisse avant de payer.",
        "La réduction est déduite directement du ticket.",
    ),
    "voucher_pass": (
        "Présentez votre Pass Engagement Jeune en caisse ou à l'accueil.",
        "Le personnel applique la réduction sur votre achat.",
    ),
    "code": (
        "Activez l'offre pour recevoir votre code promo unique.",
        "Ouvrez le site du partenaire depuis le lien de l'offre.",
        "Saisissez le code au moment du paiement.",
    ),
    "code_space": (
        "Ouvrez le lien de l'offre : la réduction y est déjà appliquée.",
        "Créez votre compte ou connectez-vous, puis validez la commande.",
    ),
    "gift_card": (
        "Ouvrez le lien de l'offre et choisissez votre carte cadeau.",
        "Payez le prix réduit : la carte vous est envoyée par courriel.",
        "Utilisez-la en magasin ou en ligne comme un moyen de paiement.",
    ),
}

IN_STORE_CONDITION = ("En magasin", "Valable dans les magasins participants.")
ONLINE_CONDITION = ("En ligne", "Valable uniquement depuis le lien de l'offre.")
RENEWABLE_CONDITION = ("Renouvelable", "Un nouvel usage est possible 24 h après le précédent.")
ONE_TIME_CONDITION = ("Utilisation unique", "Offre utilisable une seule fois par bénéficiaire.")
EXTRA_CONDITIONS = (
    ("Cumul", "Non cumulable avec les autres promotions en cours."),
    ("Justificatif", "Une pièce d'identité peut être demandée."),
    ("Bon à savoir", "Parlez-en à votre conseiller : d'autres aides peuvent compléter cette offre."),
    ("Disponibilité", "Dans la limite des stocks disponibles."),
)

# Large communes (INSEE code, name) for offers limited to a town.
COMMUNES: tuple[tuple[str, str], ...] = (
    ("75056", "Paris"),
    ("13055", "Marseille"),
    ("69123", "Lyon"),
    ("31555", "Toulouse"),
    ("06088", "Nice"),
    ("44109", "Nantes"),
    ("34172", "Montpellier"),
    ("67482", "Strasbourg"),
    ("33063", "Bordeaux"),
    ("59350", "Lille"),
    ("35238", "Rennes"),
    ("51454", "Reims"),
    ("42218", "Saint-Étienne"),
    ("83137", "Toulon"),
    ("76351", "Le Havre"),
    ("38185", "Grenoble"),
    ("21231", "Dijon"),
    ("49007", "Angers"),
    ("30189", "Nîmes"),
    ("69266", "Villeurbanne"),
    ("63113", "Clermont-Ferrand"),
    ("72181", "Le Mans"),
    ("13001", "Aix-en-Provence"),
    ("29019", "Brest"),
    ("37261", "Tours"),
    ("80021", "Amiens"),
    ("87085", "Limoges"),
    ("93066", "Saint-Denis"),
    ("93048", "Montreuil"),
    ("59512", "Roubaix"),
    ("97411", "Saint-Denis (La Réunion)"),
    ("97416", "Saint-Pierre"),
    ("97209", "Fort-de-France"),
    ("97101", "Les Abymes"),
    ("97302", "Cayenne"),
    ("2A004", "Ajaccio"),
    ("2A247", "Porto-Vecchio"),
    ("2B033", "Bastia"),
    ("57463", "Metz"),
    ("54395", "Nancy"),
)
