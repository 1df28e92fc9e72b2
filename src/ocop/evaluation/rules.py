"""Who may act on a dossier, a round or a council: predicates over the person's scope."""

from typing import Any

from ocop.accounts.enums import Role
from ocop.accounts.scope import scope_for

from .enums import Level
from .models import CouncilMember, Dossier, Round


def may_prepare(user: Any, dossier: Dossier) -> bool:
    """The producer itself, or an officer writing on its behalf in the product's area."""
    scope = scope_for(user)
    product = dossier.product
    return product.producer_id in scope.producer_ids or scope.may_edit_in(
        commune_code=product.commune_id, province_code=product.commune.province_id
    )


def may_assess_at_commune(user: Any, dossier: Dossier) -> bool:
    scope = scope_for(user)
    product = dossier.product
    return scope.may_edit_in(
        commune_code=product.commune_id, province_code=product.commune.province_id
    )


def may_manage_province(user: Any, province_code: str) -> bool:
    """Provincial OCOP agency work: checks, rounds, councils, decisions."""
    scope = scope_for(user)
    return scope.edit_national or province_code in scope.edit_province_codes


def may_manage_centre(user: Any) -> bool:
    """The ministry's OCOP work: centre rounds, councils and 5★ decisions."""
    scope = scope_for(user)
    return scope.edit_national and (
        Role.MAE_OFFICER in scope.roles or Role.SYSADMIN in scope.roles or user.is_superuser
    )


def may_manage_round(user: Any, round_: Round) -> bool:
    if round_.level == Level.CENTRE:
        return may_manage_centre(user)
    assert round_.province_id is not None
    return may_manage_province(user, round_.province_id)


def seat_for(user: Any, dossier: Dossier) -> CouncilMember | None:
    """The user's seat on the council scoring this dossier, unless they declared a conflict."""
    if dossier.round_id is None or not getattr(user, "is_authenticated", False):
        return None
    seat = (
        CouncilMember.objects.filter(council__round_id=dossier.round_id, user=user)
        .select_related("council")
        .first()
    )
    if seat is None:
        return None
    if seat.declarations.filter(dossier=dossier, has_conflict=True).exists():
        return None
    return seat


def sits_on(user: Any, round_: Round) -> bool:
    return CouncilMember.objects.filter(council__round=round_, user=user).exists()
