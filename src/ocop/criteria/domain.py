"""Loading criteria versions and their classification from the data files."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from .models import CriteriaVersion, ProductSet

DATA_DIR = Path(__file__).resolve().parent / "data"

# The classification of the current decision; older decisions' sheets are added by
# the criteria loader when their data files carry an Annex I.
CURRENT_VERSION = {"code": "26/2026", "slug": "qd-26-2026", "name": "Quyết định 26/2026/QĐ-TTg"}


@dataclass(frozen=True)
class LoadedClassification:
    version: str
    product_sets: int


@transaction.atomic
def load_classification(*, data_dir: Path = DATA_DIR) -> LoadedClassification:
    """Create or update the current version and its 26 product sets (idempotent)."""
    path = data_dir / CURRENT_VERSION["slug"] / "annex-i.yaml"
    with path.open(encoding="utf-8") as fh:
        annex = yaml.safe_load(fh)
    if annex.get("version") != CURRENT_VERSION["code"]:
        raise ValueError(f"{path} is not the Annex I of {CURRENT_VERSION['code']}")
    CriteriaVersion.objects.exclude(code=CURRENT_VERSION["code"]).update(is_current=False)
    version, _ = CriteriaVersion.objects.update_or_create(
        code=CURRENT_VERSION["code"],
        defaults={
            "slug": CURRENT_VERSION["slug"],
            "name": CURRENT_VERSION["name"],
            "is_current": True,
        },
    )
    for entry in annex["product_sets"]:
        sub_group = entry.get("sub_group") or {}
        ProductSet.objects.update_or_create(
            version=version,
            number=entry["number"],
            defaults={
                "code": entry["code"],
                "name": entry["name"],
                "sector_code": entry["sector"]["code"],
                "sector_name": entry["sector"]["name"],
                "group_code": entry["group"]["code"],
                "group_name": entry["group"]["name"],
                "sub_group_code": sub_group.get("code") or "",
                "sub_group_name": sub_group.get("name") or "",
                "lead_ministry": entry.get("lead_ministry") or "",
            },
        )
    return LoadedClassification(version=version.code, product_sets=version.product_sets.count())
