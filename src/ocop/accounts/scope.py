"""What a signed-in person may see: the union of their active role assignments.

Every list and object lookup for a user goes through a ``Scope``; querysets are
filtered by it in ``queries`` modules, never in templates or views.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from .enums import REGISTRY_EDITORS, Role


@dataclass(frozen=True)
class Scope:
    national: bool = False
    province_codes: frozenset[str] = field(default_factory=frozenset)
    commune_codes: frozenset[str] = field(default_factory=frozenset)
    producer_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[Role] = field(default_factory=frozenset)
    # The areas in which the person may create and edit registry records.
    edit_national: bool = False
    edit_province_codes: frozenset[str] = field(default_factory=frozenset)
    edit_commune_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.province_codes or self.commune_codes or self.producer_ids)

    def commune_q(self, path: str) -> Q:
        """A filter on a commune foreign-key path (e.g. ``"commune"``) for this scope."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if self.province_codes:
            q |= Q(**{f"{path}__province_id__in": sorted(self.province_codes)})
        if self.commune_codes:
            q |= Q(**{f"{path}_id__in": sorted(self.commune_codes)})
        return q

    def edit_commune_q(self, path: str) -> Q:
        """Like ``commune_q`` but for the areas the person may write in."""
        if self.edit_national:
            return Q()
        q = Q(pk__in=[])
        if self.edit_province_codes:
            q |= Q(**{f"{path}__province_id__in": sorted(self.edit_province_codes)})
        if self.edit_commune_codes:
            q |= Q(**{f"{path}_id__in": sorted(self.edit_commune_codes)})
        return q

    def covers_commune(self, *, commune_code: str, province_code: str) -> bool:
        return (
            self.national
            or province_code in self.province_codes
            or commune_code in self.commune_codes
        )

    def may_edit_in(self, *, commune_code: str, province_code: str) -> bool:
        return (
            self.edit_national
            or province_code in self.edit_province_codes
            or commune_code in self.edit_commune_codes
        )


EMPTY = Scope()


def scoped[QS: QuerySet[Any]](
    qs: QS, *, user: Any, commune_path: str, producer_path: str | None = None
) -> QS:
    """``qs`` narrowed to the user's areas (by ``commune_path``) and own producer."""
    scope = scope_for(user)
    if scope.national:
        return qs
    q = scope.commune_q(commune_path)
    if producer_path and scope.producer_ids:
        q |= Q(**{f"{producer_path}__in": sorted(scope.producer_ids)})
    return qs.filter(q)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per request and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    national = bool(user.is_superuser)
    edit_national = bool(user.is_superuser)
    provinces: set[str] = set()
    communes: set[str] = set()
    producers: set[int] = set()
    edit_provinces: set[str] = set()
    edit_communes: set[str] = set()
    roles: set[Role] = set()
    for ra in user.role_assignments.filter(is_active=True).only(
        "role", "province_id", "commune_id", "producer_id"
    ):
        role = Role(ra.role)
        roles.add(role)
        editor = role in REGISTRY_EDITORS
        if ra.province_id is None and ra.commune_id is None and ra.producer_id is None:
            national = True
            edit_national |= editor
        if ra.province_id:
            provinces.add(ra.province_id)
            if editor:
                edit_provinces.add(ra.province_id)
        if ra.commune_id:
            communes.add(ra.commune_id)
            if editor:
                edit_communes.add(ra.commune_id)
        if ra.producer_id:
            producers.add(ra.producer_id)
    scope = Scope(
        national=national,
        province_codes=frozenset(provinces),
        commune_codes=frozenset(communes),
        producer_ids=frozenset(producers),
        roles=frozenset(roles),
        edit_national=edit_national,
        edit_province_codes=frozenset(edit_provinces),
        edit_commune_codes=frozenset(edit_communes),
    )
    user._ocop_scope = scope
    return scope
