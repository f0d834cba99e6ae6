"""The « Catalogue » tab: search, filters, the offer list and its detail, offer sheets."""
