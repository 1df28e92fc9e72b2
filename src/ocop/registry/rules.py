"""Permission predicates for the registry (django-rules), next to the models.

Object predicates read the object's commune, so callers should ``select_related``
``commune`` for lists.
"""

from typing import Any

import rules

from ocop.accounts.scope import scope_for

from .models import EvidenceDocument, Producer, Product


@rules.predicate
def may_add_producer(user: Any) -> bool:
    scope = scope_for(user)
    return bool(scope.edit_national or scope.edit_province_codes or scope.edit_commune_codes)


@rules.predicate
def may_view_producer(user: Any, producer: Producer) -> bool:
    scope = scope_for(user)
    return producer.pk in scope.producer_ids or scope.covers_commune(
        commune_code=producer.commune_id, province_code=producer.commune.province_id
    )


@rules.predicate
def may_edit_producer(user: Any, producer: Producer) -> bool:
    scope = scope_for(user)
    return producer.pk in scope.producer_ids or scope.may_edit_in(
        commune_code=producer.commune_id, province_code=producer.commune.province_id
    )


@rules.predicate
def may_view_product(user: Any, product: Product) -> bool:
    scope = scope_for(user)
    return product.producer_id in scope.producer_ids or scope.covers_commune(
        commune_code=product.commune_id, province_code=product.commune.province_id
    )


@rules.predicate
def may_edit_product(user: Any, product: Product) -> bool:
    scope = scope_for(user)
    return product.producer_id in scope.producer_ids or scope.may_edit_in(
        commune_code=product.commune_id, province_code=product.commune.province_id
    )


@rules.predicate
def may_view_document(user: Any, document: EvidenceDocument) -> bool:
    return may_view_producer(user, document.producer)


rules.add_perm("registry.add_producer", may_add_producer)
rules.add_perm("registry.view_producer", may_view_producer)
rules.add_perm("registry.change_producer", may_edit_producer)
rules.add_perm("registry.add_product", may_edit_producer)
rules.add_perm("registry.view_product", may_view_product)
rules.add_perm("registry.change_product", may_edit_product)
rules.add_perm("registry.view_evidencedocument", may_view_document)
rules.add_perm("registry.import_registry", may_add_producer)
