"""Scoped reads of dossiers and scoresheets."""

from typing import Any

from django.db.models import Q, QuerySet

from ocop.accounts.scope import scope_for

from .enums import DossierState, ScoresheetState
from .models import Dossier, Round, Scoresheet


def dossiers_for_user(user: Any) -> QuerySet[Dossier]:
    """Dossiers in the person's area, their own producer's, and those of councils they sit on."""
    scope = scope_for(user)
    qs = Dossier.objects.all()
    if scope.edit_national:
        return qs
    # A draft is the producer's own work: only those who may prepare it see it.
    q = scope.edit_commune_q("product__commune") | (
        scope.commune_q("product__commune") & ~Q(state=DossierState.DRAFT)
    )
    if scope.producer_ids:
        q |= Q(product__producer_id__in=sorted(scope.producer_ids))
    if getattr(user, "is_authenticated", False):
        q |= Q(round__council__members__user=user)
    return qs.filter(q).distinct()


def rounds_for_user(user: Any) -> QuerySet[Round]:
    scope = scope_for(user)
    qs = Round.objects.select_related("province", "criteria_version")
    if scope.national:
        return qs
    q = Q(province_id__in=sorted(scope.province_codes))
    if getattr(user, "is_authenticated", False):
        q |= Q(council__members__user=user)
    return qs.filter(q).distinct()


def visible_scoresheets(*, user: Any, dossier: Dossier) -> QuerySet[Scoresheet]:
    """Blind scoring: a member sees other members' sheets only after submitting their own.

    Officers managing the round (not sitting on the council) see submitted sheets.
    """
    sheets = dossier.scoresheets.select_related("member__user")
    council = getattr(dossier.round, "council", None) if dossier.round_id else None
    seated = council is not None and council.members.filter(user=user).exists()
    if seated and council is not None and council.blind:
        own = sheets.filter(member__user=user).first()
        if own is None or own.state != ScoresheetState.SUBMITTED:
            return sheets.filter(member__user=user)
    return sheets.filter(Q(state=ScoresheetState.SUBMITTED) | Q(member__user=user))
