"""Versioned criteria: each decision is a version with its own classification.

The sheets themselves live in ``data/<version>/`` as YAML (one per product set);
this module holds what the rest of the system links to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CriteriaVersion(models.Model):
    """A decision that sets the criteria, e.g. 26/2026/QĐ-TTg."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("văn bản"), max_length=300)
    is_current = models.BooleanField(_("đang áp dụng"), default=False)

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
    """Bộ sản phẩm: a leaf of the Annex I classification, scored by one Annex II sheet."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="product_sets"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã phân loại"), max_length=20)
    name = models.CharField(_("tên bộ sản phẩm"), max_length=200)
    sector_code = models.CharField(_("mã ngành"), max_length=10)
    sector_name = models.CharField(_("ngành"), max_length=200)
    group_code = models.CharField(_("mã nhóm"), max_length=10)
    group_name = models.CharField(_("nhóm"), max_length=200)
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
