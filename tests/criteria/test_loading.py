"""Tests of ``load_criteria``: versions, product sets and immutable sheet revisions.

Why: a stored revision is what a council score points at. Loading must be idempotent, a
changed file must append a revision instead of rewriting one, and a broken file must load
nothing. The session fixture (tests/conftest.py) has already loaded the data once.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from ocop.core.models import AuditEntry
from ocop.criteria.catalogue import content_hash
from ocop.criteria.domain import CriteriaDataError, LoadedVersion, load_criteria
from ocop.criteria.models import CriteriaVersion, RevisionImmutableError, SheetRevision
from ocop.criteria.queries import current_revision
from ocop.criteria.sheets import DATA_DIR, sheet_to_dict
from tests.criteria.helpers import form

SHEET_1 = "qd-26-2026/01-rau-cu-qua-hat-tuoi.yaml"
OLD_TEXT = "text: Không đồng đều, chấp nhận được\n"
NEW_TEXT = "text: Không đồng đều nhưng chấp nhận được\n"

pytestmark = pytest.mark.django_db


def unchanged(
    code: str, sets: int, sheets: int, parts: tuple[tuple[str, int], ...]
) -> LoadedVersion:
    return LoadedVersion(
        code=code, parts=parts, product_sets=sets, sheets=sheets, new_revisions=0, unchanged=sheets
    )


PARTS_NOW = (("A", 40), ("B", 25), ("C", 35))


def _option_text(revision: SheetRevision) -> str:
    return revision.form().sheet.criterion("6.1").option(2).text


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_loaded_versions_and_sets() -> None:
    assert list(
        CriteriaVersion.objects.order_by("code").values_list("code", "name", "is_current")
    ) == [
        ("1048/2019", "Quyết định 1048/QĐ-TTg", False),
        ("148/2023", "Quyết định 148/QĐ-TTg", False),
        ("26/2026", "Quyết định 26/2026/QĐ-TTg", True),
    ]
    old = CriteriaVersion.objects.get(code="1048/2019")
    assert old.part_maxima == [
        {"code": "A", "max": 35},
        {"code": "B", "max": 25},
        {"code": "C", "max": 40},
    ]
    assert old.star_bands[0] == {"stars": 5, "min": 90, "max": 100, "max_inclusive": True}
    assert [b["stars"] for b in old.star_bands] == [5, 4, 3, 2, 1]
    assert (str(old.in_force_from), str(old.in_force_to)) == ("2019-08-21", "2023-02-23")
    assert old.product_sets.count() == 0
    v148 = CriteriaVersion.objects.get(code="148/2023")
    assert v148.product_sets.count() == 26
    first = v148.product_sets.get(number=1)
    assert (first.name, first.code, first.sector_code) == ("Rau củ quả hạt tươi", "", "")
    current = CriteriaVersion.objects.get(code="26/2026")
    assert current.product_sets.get(number=13).code == "I.6"  # from Annex I, not the sheet
    assert SheetRevision.objects.count() == 52
    assert set(SheetRevision.objects.values_list("number", flat=True)) == {1}


def test_load_is_idempotent() -> None:
    entries = AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count()
    assert load_criteria() == (
        unchanged("26/2026", 26, 26, PARTS_NOW),
        unchanged("148/2023", 26, 26, PARTS_NOW),
        unchanged("1048/2019", 0, 0, (("A", 35), ("B", 25), ("C", 40))),
    )
    assert SheetRevision.objects.count() == 52
    assert (
        AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == entries
    )  # nothing changed, nothing logged


def test_command_prints_one_line_per_version() -> None:
    out = io.StringIO()
    call_command("load_criteria", stdout=out)
    assert out.getvalue().splitlines() == [
        "26/2026: 26 bộ sản phẩm, 26 phiếu — 0 phiên bản mới, 26 không đổi (A40 B25 C35)",
        "148/2023: 26 bộ sản phẩm, 26 phiếu — 0 phiên bản mới, 26 không đổi (A40 B25 C35)",
        "1048/2019: chỉ bản ghi phiên bản, không có phiếu (A35 B25 C40)",
    ]


def test_revision_content_scores_like_the_file() -> None:
    revision = current_revision(criteria="26/2026", set_number=1)
    assert (revision.number, revision.source) == (1, SHEET_1)
    assert revision.content_hash == content_hash(revision.content)
    stored = revision.form()
    from_file = form("26/2026", 1)
    assert stored.sheet == dataclasses.replace(from_file.sheet, path=None)
    assert stored.bands == from_file.bands
    assert sheet_to_dict(stored.sheet) == sheet_to_dict(from_file.sheet)
    assert revision.content["version"]["parts"] == [
        {"code": "A", "max": 40},
        {"code": "B", "max": 25},
        {"code": "C", "max": 35},
    ]


def test_changed_file_appends_a_revision(data_copy: Path) -> None:
    assert [v.new_revisions for v in load_criteria(data_dir=data_copy)] == [0, 0, 0]
    original = current_revision(criteria="26/2026", set_number=1)
    path = data_copy / SHEET_1
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD_TEXT) == 1
    path.write_text(text.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")

    loaded = load_criteria(data_dir=data_copy)
    assert [(v.code, v.new_revisions, v.unchanged) for v in loaded] == [
        ("26/2026", 1, 25),
        ("148/2023", 0, 26),
        ("1048/2019", 0, 0),
    ]
    revisions = list(
        SheetRevision.objects.filter(product_set__version__code="26/2026", product_set__number=1)
    )
    assert [r.number for r in revisions] == [1, 2]
    old, new = revisions
    assert (old.pk, old.content_hash, old.content) == (
        original.pk,
        original.content_hash,
        original.content,
    )
    assert (_option_text(old), _option_text(new)) == (
        "Không đồng đều, chấp nhận được",
        "Không đồng đều nhưng chấp nhận được",
    )
    assert current_revision(criteria="26/2026", set_number=1).pk == new.pk
    assert (
        AuditEntry.objects.filter(
            action="ocop.criteria.revision_loaded", object_id=str(new.pk)
        ).count()
        == 1
    )

    # Same content again: nothing new. Reverted content: a third revision, equal to the first.
    assert [v.new_revisions for v in load_criteria(data_dir=data_copy)] == [0, 0, 0]
    path.write_text(text, encoding="utf-8")
    assert [v.new_revisions for v in load_criteria(data_dir=data_copy)] == [1, 0, 0]
    latest = current_revision(criteria="26/2026", set_number=1)
    assert (latest.number, latest.content_hash) == (3, original.content_hash)


def test_changed_star_bands_make_new_revisions(data_copy: Path) -> None:
    meta = data_copy / "qd-148-2023" / "version.yaml"
    text = meta.read_text(encoding="utf-8")
    # A date is not a scoring fact: the version row changes, the revisions do not.
    meta.write_text(text.replace("in_force_to: 2026-07-21", "in_force_to: 2026-07-22"), "utf-8")
    assert [v.new_revisions for v in load_criteria(data_dir=data_copy)] == [0, 0, 0]
    assert str(CriteriaVersion.objects.get(code="148/2023").in_force_to) == "2026-07-22"
    # Star bands are: every sheet of the version gets a new revision.
    moved = text.replace("{stars: 2, min: 30,", "{stars: 2, min: 35,").replace(
        "{stars: 1, min: 0, max: 30,", "{stars: 1, min: 0, max: 35,"
    )
    meta.write_text(moved, "utf-8")
    loaded = load_criteria(data_dir=data_copy)
    assert [(v.code, v.new_revisions) for v in loaded] == [
        ("26/2026", 0),
        ("148/2023", 26),
        ("1048/2019", 0),
    ]
    revision = current_revision(criteria="148/2023", set_number=5)
    assert revision.number == 2
    assert [(b.stars, b.min, b.max) for b in revision.form().bands][-2:] == [
        (2, 35, 50),
        (1, 0, 35),
    ]
    assert CriteriaVersion.objects.get(code="148/2023").star_bands[3]["min"] == 35


def test_broken_data_loads_nothing(data_copy: Path) -> None:
    path = data_copy / SHEET_1
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(OLD_TEXT, NEW_TEXT).replace("    max: 18\n", "    max: 19\n", 1),
        encoding="utf-8",
    )
    before = SheetRevision.objects.count()
    with pytest.raises(CriteriaDataError) as caught:
        load_criteria(data_dir=data_copy)
    assert caught.value.errors == (
        "sheet 1: part A: max 40 != sum of groups 41",
        "sheet 1: group 1: max 19 != sum of criteria 18",
    )
    assert SheetRevision.objects.count() == before


def test_revisions_are_immutable() -> None:
    revision = current_revision(criteria="148/2023", set_number=3)
    revision.source = "changed.yaml"
    with pytest.raises(RevisionImmutableError):
        revision.save()
    with pytest.raises(RevisionImmutableError):
        SheetRevision.objects.filter(pk=revision.pk).update(source="changed.yaml")
    assert (
        SheetRevision.objects.get(pk=revision.pk).source
        == "qd-148-2023/03-gao-ngu-coc-hat-so-che-khac.yaml"
    )


def test_current_revision_unknown() -> None:
    with pytest.raises(SheetRevision.DoesNotExist):
        current_revision(criteria="1048/2019", set_number=1)
