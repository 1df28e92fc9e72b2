"""Placing records in an administrative unit: the current one, or the one before 2025.

Products and producers carry their current (post-reform) commune; a producer may also
carry its commune as it was before 1 Jul 2025. Grouping "as it was" uses that recorded old
commune when there is one, and otherwise the old unit that most of the current commune's
old communes came from (ties: the lowest code) — a current commune formed from parts of
two districts is placed in one of them, never counted twice.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from ocop.geo.models import CommuneMapping, LegacyCommune

from .enums import Grouping


@dataclass(frozen=True, order=True)
class Unit:
    code: str
    name: str


UNKNOWN = Unit("", "—")


@cache
def _legacy_tables() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, Unit], dict[str, Unit]]:
    """(legacy commune → district, legacy commune → province, current commune → district,
    current commune → province). Units do not change while the process runs (they are
    loaded once by ``ocop load_units``), so the tables are built once per process."""
    commune_district: dict[str, Unit] = {}
    commune_province: dict[str, Unit] = {}
    for code, d_code, d_name, p_code, p_name in LegacyCommune.objects.values_list(
        "code", "district_id", "district__name", "district__province_id", "district__province__name"
    ):
        commune_district[code] = Unit(d_code, d_name)
        commune_province[code] = Unit(p_code, p_name)
    votes_d: dict[str, Counter[Unit]] = {}
    votes_p: dict[str, Counter[Unit]] = {}
    for legacy, current in CommuneMapping.objects.values_list("legacy_commune_id", "commune_id"):
        votes_d.setdefault(current, Counter())[commune_district[legacy]] += 1
        votes_p.setdefault(current, Counter())[commune_province[legacy]] += 1

    def pick(votes: Counter[Unit]) -> Unit:
        return min(votes, key=lambda u: (-votes[u], u.code))

    return (
        commune_district,
        commune_province,
        {c: pick(v) for c, v in votes_d.items()},
        {c: pick(v) for c, v in votes_p.items()},
    )


def clear() -> None:
    _legacy_tables.cache_clear()


def place(
    *,
    grouping: str,
    national: bool,
    commune: Unit,
    province: Unit,
    legacy_commune_code: str | None = None,
) -> Unit:
    """The unit a record of ``commune`` (in ``province``) is counted under: provinces for
    national staff, communes (or old districts) inside a province otherwise."""
    if grouping != Grouping.LEGACY:
        return province if national else commune
    by_old_d, by_old_p, by_new_d, by_new_p = _legacy_tables()
    if legacy_commune_code:
        table = by_old_p if national else by_old_d
        if legacy_commune_code in table:
            return table[legacy_commune_code]
    return (by_new_p if national else by_new_d).get(commune.code, UNKNOWN)


# The values a certificate query must select for ``place_certificate``.
CERTIFICATE_AREA = (
    "product__commune_id",
    "product__commune__name",
    "product__commune__province_id",
    "product__commune__province__name",
    "producer__legacy_commune_id",
)


def place_certificate(row: dict[str, Any], *, grouping: str, national: bool) -> Unit:
    """``place`` for a row of certificate ``values(*CERTIFICATE_AREA, …)``."""
    return place(
        grouping=grouping,
        national=national,
        commune=Unit(row["product__commune_id"], row["product__commune__name"]),
        province=Unit(
            row["product__commune__province_id"], row["product__commune__province__name"]
        ),
        legacy_commune_code=row["producer__legacy_commune_id"],
    )
