"""Reusable reads of the registry, always scoped to the person asking."""

import difflib
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.scope import scoped
from ocop.core.text import fold

from .models import EvidenceDocument, Producer, Product


def producers_for_user(user: Any) -> QuerySet[Producer]:
    return scoped(Producer.objects.all(), user=user, commune_path="commune", producer_path="pk")


def products_for_user(user: Any) -> QuerySet[Product]:
    return scoped(
        Product.objects.all(), user=user, commune_path="commune", producer_path="producer_id"
    )


def documents_for_user(user: Any) -> QuerySet[EvidenceDocument]:
    return EvidenceDocument.objects.filter(producer__in=producers_for_user(user))


def documents_expiring(user: Any, *, within_days: int = 90) -> QuerySet[EvidenceDocument]:
    """Documents already expired or expiring within ``within_days``, soonest first."""
    until = timezone.localdate() + timedelta(days=within_days)
    return (
        documents_for_user(user)
        .filter(expires_on__isnull=False, expires_on__lte=until)
        .select_related("producer", "product")
        .order_by("expires_on", "id")
    )


def search[M: (Producer, Product)](qs: QuerySet[M], text: str) -> QuerySet[M]:
    """Diacritics-insensitive search on the folded ``search_text`` column.

    Every word must appear ("mat ong" finds "Mật ong rừng"); on PostgreSQL a
    trigram word similarity also admits near misses (typos) and orders by it.
    """
    folded = fold(text)
    if not folded:
        return qs
    words = folded.split()
    exact = Q()
    for word in words:
        exact &= Q(search_text__contains=word)
    if connection.vendor != "postgresql":
        return qs.filter(exact)
    from django.contrib.postgres.search import TrigramWordSimilarity

    # Typos are the exception: look for near misses (pg_trgm's ``%>``, word similarity
    # ≥ 0.6) only when no product contains every word. Computing the similarity on every
    # row costs a scan of the table (80 ms at 20,000 products); computing it for the rows
    # found, to order them, costs little.
    found = qs.filter(exact)
    if not found.exists():
        found = qs.filter(search_text__trigram_word_similar=folded)
    return found.annotate(similarity=TrigramWordSimilarity(folded, "search_text")).order_by(
        "-similarity", "name", "id"
    )


SIMILARITY_THRESHOLD = 0.8


def similar_products(
    *, name: str, producer: Producer, commune_code: str, exclude_pk: int | None = None
) -> list[Product]:
    """Products of the same producer or commune whose folded name is close to ``name``.

    Shown to the person registering a product before anything is saved, so that the
    same honey is not registered twice under slightly different spellings.
    """
    target = fold(name)
    if not target:
        return []
    candidates = (
        Product.objects.filter(Q(producer=producer) | Q(commune_id=commune_code))
        .select_related("producer")
        .order_by("name", "id")
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found: list[Product] = []
    for product in candidates:
        other = fold(product.name)
        ratio = difflib.SequenceMatcher(None, target, other).ratio()
        if ratio >= SIMILARITY_THRESHOLD or target in other or other in target:
            found.append(product)
    return found
