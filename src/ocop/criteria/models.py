"""Versioned criteria: each decision is a version with its own classification.

The sheets themselves live in ``data/<version>/`` as YAML (one per product set);
this module holds what the rest of the system links to: the version, its product sets and
the immutable revisions of each sheet that scores point at.
"""

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import ScoringForm, form_from_content


class RevisionImmutableError(Exception):
    """Raised when code tries to change a stored sheet revision (scores may rely on it)."""


class CriteriaVersion(models.Model):
    """A decision that sets the criteria, e.g. 26/2026/QĐ-TTg."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("văn bản"), max_length=300)
    is_current = models.BooleanField(_("đang áp dụng"), default=False)
    instrument = models.TextField(_("văn bản đầy đủ"), blank=True)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300, blank=True)
    in_force_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    in_force_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # [{"code": "A", "max": 40}, …] and the star bands as in version.yaml: kept on the version
    # so results recorded by part totals alone (1048/2019) can still be checked and ranked.
    part_maxima = models.JSONField(_("điểm tối đa từng phần"), default=list, blank=True)
    star_bands = models.JSONField(_("khung điểm hạng sao"), default=list, blank=True)

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        ordering = ["-is_current", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="criteria_one_current_version",
            )
        ]

    def __str__(self) -> str:
        return self.code


class ProductSet(models.Model):
    """Bộ sản phẩm: a leaf of the Annex I classification, scored by one Annex II sheet.

    Versions without an Annex I in the data (148/2023) get their sets from the sheets, with
    number and name only; the classification fields are then blank.
    """

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="product_sets"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã phân loại"), max_length=20, blank=True)
    name = models.CharField(_("tên bộ sản phẩm"), max_length=200)
    sector_code = models.CharField(_("mã ngành"), max_length=10, blank=True)
    sector_name = models.CharField(_("ngành"), max_length=200, blank=True)
    group_code = models.CharField(_("mã nhóm"), max_length=10, blank=True)
    group_name = models.CharField(_("nhóm"), max_length=200, blank=True)
    sub_group_code = models.CharField(_("mã phân nhóm"), max_length=20, blank=True)
    sub_group_name = models.CharField(_("phân nhóm"), max_length=200, blank=True)
    lead_ministry = models.CharField(_("cơ quan chủ trì"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="criteria_set_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SheetRevisionQuerySet(models.QuerySet["SheetRevision"]):
    def update(self, **kwargs: Any) -> int:
        raise RevisionImmutableError("Sheet revisions are immutable; load a new revision.")


class SheetRevision(models.Model):
    """Phiên bản phiếu đánh giá: one immutable snapshot of a sheet as it was loaded.

    ``content`` is self-contained revision content (see ``ocop.criteria.catalogue``): the
    sheet plus its version's part maxima and star bands, so a score that points here can be
    recomputed exactly even after the data file changed. A changed file makes a new
    revision (``number`` + 1); the highest number is the one used for new scoring. Rows are
    never updated: ``save`` on an existing row and queryset ``update`` raise.
    """

    product_set = models.ForeignKey(
        ProductSet,
        verbose_name=_("bộ sản phẩm"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    content = models.JSONField(_("nội dung phiếu"))
    content_hash = models.CharField(_("mã băm SHA-256"), max_length=64)
    source = models.CharField(_("tệp dữ liệu"), max_length=300)
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)

    objects: ClassVar[SheetRevisionQuerySet] = SheetRevisionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("phiên bản phiếu đánh giá")
        verbose_name_plural = _("phiên bản phiếu đánh giá")
        ordering = ["product_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["product_set", "number"], name="criteria_revision_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="criteria_revision_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_set.version.code} · {self.product_set} · r{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RevisionImmutableError("Sheet revisions are immutable; load a new revision.")
        super().save(*args, **kwargs)

    def form(self) -> ScoringForm:
        """The sheet and star bands of this revision, ready for ``ocop.criteria.scoring``."""
        return form_from_content(self.content)
