"""Tests of the revision-content reader (no database).

Why: the loader, the CLI and stored revisions all read sheets through ``catalogue``; it
must build exactly what ``sheets.load_all`` builds, and its hash must depend on content
only.
"""

from __future__ import annotations

import pytest

from ocop.criteria.catalogue import (
    UnknownCriteria,
    content_hash,
    find_version_folder,
    form_from_content,
    read_all,
    read_form,
    sheet_content,
)
from ocop.criteria.sheets import DATA_DIR, load_all


def test_fast_reader_equals_the_plain_loader() -> None:
    plain = load_all()
    fast = read_all()
    assert set(fast) == set(plain) == {"26/2026", "148/2023", "1048/2019"}
    for code, source in fast.items():
        assert source.version.sheets == plain[code].sheets
        assert source.version.star_bands == plain[code].star_bands
        assert dict(source.version.part_maxima) == dict(plain[code].part_maxima)
        assert [s.form.bands for s in source.sheets] == [plain[code].star_bands] * len(
            source.sheets
        )


def test_read_form_matches_read_all() -> None:
    source = read_all()["148/2023"].sheets[13]
    assert source.source == "qd-148-2023/14-ruou-trang.yaml"
    assert read_form(criteria="148/2023", number=14) == source.form
    assert read_form(criteria="qd-148-2023", number=14) == source.form


def test_find_version_folder() -> None:
    assert find_version_folder("26/2026") == DATA_DIR / "qd-26-2026"
    assert find_version_folder("qd-1048-2019") == DATA_DIR / "qd-1048-2019"
    with pytest.raises(UnknownCriteria, match="unknown criteria version '26/2025'"):
        find_version_folder("26/2025")


def test_content_hash_depends_on_content_only() -> None:
    facts = {"code": "x", "parts": [{"code": "A", "max": 100}], "star_bands": []}
    one = sheet_content(facts=facts, raw={"b": 1, "a": [1, 2]})
    two = sheet_content(facts=dict(reversed(list(facts.items()))), raw={"a": [1, 2], "b": 1})
    assert content_hash(one) == content_hash(two)
    assert len(content_hash(one)) == 64
    assert content_hash(sheet_content(facts=facts, raw={"a": [2, 1], "b": 1})) != content_hash(one)


def test_content_round_trip() -> None:
    source = read_all()["26/2026"].sheets[0]
    assert form_from_content(source.content, path=source.form.sheet.path) == source.form
    with pytest.raises(TypeError):
        sheet_content(facts={}, raw={"when": object()})
