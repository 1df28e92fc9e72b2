"""Query-string filters. References to scoped rows (producer, product, batch) are plain
numbers, not model choices: a choice filter would answer "invalid choice" for an id that
does not exist and an empty list for one outside the area, confirming that it exists."""

from datetime import timedelta
from typing import Any

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail

from ocop.certification.models import Certificate
from ocop.certification.queries import in_force_q
from ocop.evaluation.models import Dossier, Result
from ocop.geo.models import Commune
from ocop.planning.models import Plan
from ocop.promotion.models import Fair, Inquiry, Listing, SalesPoint
from ocop.registry.models import Producer, Product
from ocop.registry.queries import search
from ocop.stamps.models import Scan, Stamp, StampBatch
from ocop.traceability.models import Event

from .errors import BilingualValidationError

# The largest id a 64-bit primary key holds; larger numbers are a 400, not a database error.
MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(df.NumberFilter):
    """An id of a scoped row: a whole number in the primary key's range."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(field_name=field_name, step_size=1, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with its errors in Vietnamese and English: the filter form
    is validated again under each language (no side effects), like the serializers."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if filterset.is_valid():
            return filterset.qs
        errors: dict[str, dict[str, list[ErrorDetail]]] = {}
        for language in ("vi", "en"):
            with override(language):
                again = self.get_filterset(request, queryset, view)
                again.is_valid()
                errors[language] = {
                    name: [
                        ErrorDetail(str(message), code=error.code or "invalid")
                        for error in field_errors.as_data()
                        for message in error.messages
                    ]
                    for name, field_errors in again.errors.items()
                }
        raise BilingualValidationError(vi=errors["vi"], en=errors["en"])


class _MomentField(IsoDateTimeField):
    """An ISO 8601 moment the databases can compare: offsets within ±14:00 (PostgreSQL
    refuses larger ones) and years 1900–2200."""

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > timedelta(hours=14):
            raise forms.ValidationError(_("Độ lệch múi giờ không hợp lệ."), code="invalid")
        if not 1900 <= moment.year <= 2200:
            raise forms.ValidationError(_("Năm phải từ 1900 đến 2200."), code="invalid")
        return moment


class MomentFilter(df.IsoDateTimeFilter):
    field_class = _MomentField


class CommuneFilter(df.FilterSet):
    province = df.CharFilter(field_name="province_id")

    class Meta:
        model = Commune
        fields = ["province", "kind"]


class _AreaFilter(df.FilterSet):
    """``commune`` and ``province`` codes on a row's commune."""

    commune = df.CharFilter(field_name="commune_id")
    province = df.CharFilter(field_name="commune__province_id")


class ProducerFilter(_AreaFilter):
    q = df.CharFilter(method="search", label="Tìm theo tên (không dấu cũng được)")

    class Meta:
        model = Producer
        fields = ["commune", "province", "kind", "status"]

    def search(self, qs: QuerySet[Producer], name: str, value: str) -> QuerySet[Producer]:
        return search(qs, value)


class ProductFilter(_AreaFilter):
    producer = IdFilter("producer_id")
    product_set = IdFilter("product_set_id")
    q = df.CharFilter(method="search", label="Tìm theo tên (không dấu cũng được)")

    class Meta:
        model = Product
        fields = ["commune", "province", "producer", "product_set", "status", "gtin"]

    def search(self, qs: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return search(qs, value)


class DossierFilter(df.FilterSet):
    product = IdFilter("product_id")
    round = IdFilter("round_id")
    province = df.CharFilter(field_name="product__commune__province_id")

    class Meta:
        model = Dossier
        fields = ["state", "kind", "level", "product", "round", "province"]


def StarFilter() -> df.NumberFilter:
    return df.NumberFilter(field_name="star", min_value=1, max_value=5, step_size=1)


class ResultFilter(df.FilterSet):
    dossier = IdFilter("dossier_id")
    star = StarFilter()

    class Meta:
        model = Result
        fields = ["dossier", "star"]


class CertificateFilter(df.FilterSet):
    star = StarFilter()
    product = IdFilter("product_id")
    producer = IdFilter("producer_id")
    province = df.CharFilter(field_name="product__commune__province_id")
    commune = df.CharFilter(field_name="product__commune_id")
    in_force = df.BooleanFilter(method="filter_in_force", label="Còn hiệu lực hôm nay")

    class Meta:
        model = Certificate
        fields = ["star", "number", "code", "product", "producer", "province", "commune"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_in_force(
        self, qs: QuerySet[Certificate], name: str, value: Any
    ) -> QuerySet[Certificate]:
        if value is None:
            return qs
        condition = in_force_q(today=timezone.localdate())
        return qs.filter(condition) if value else qs.exclude(condition)


class StampBatchFilter(df.FilterSet):
    product = IdFilter("trade_item__product_id")
    gtin = df.CharFilter(field_name="trade_item__gtin")

    class Meta:
        model = StampBatch
        fields = ["state", "product", "gtin"]


class StampFilter(df.FilterSet):
    batch = IdFilter("batch_id")

    class Meta:
        model = Stamp
        fields = ["batch", "status", "serial"]


class ScanFilter(df.FilterSet):
    stamp = IdFilter("stamp_id")
    batch = IdFilter("stamp__batch_id")
    after = MomentFilter(field_name="scanned_at", lookup_expr="gte")
    before = MomentFilter(field_name="scanned_at", lookup_expr="lt")

    class Meta:
        model = Scan
        fields = ["stamp", "batch", "outcome", "gtin", "after", "before"]


class EventFilter(df.FilterSet):
    producer = IdFilter("producer_id")
    lot = IdFilter("lot", method="filter_lot", label="Sự kiện có lô này (mã số nội bộ)")
    after = MomentFilter(field_name="event_time", lookup_expr="gte")
    before = MomentFilter(field_name="event_time", lookup_expr="lt")

    class Meta:
        model = Event
        fields = ["event_type", "action", "biz_step", "producer", "lot", "after", "before"]

    def filter_lot(self, qs: QuerySet[Event], name: str, value: Any) -> QuerySet[Event]:
        # Same subquery as traceability.queries.events_touching, by id so that an id
        # outside the area simply matches nothing.
        return qs.filter(pk__in=Event.objects.filter(items__lot_id=value).values("pk"))


class SalesPointFilter(_AreaFilter):
    class Meta:
        model = SalesPoint
        fields = ["commune", "province", "kind", "status"]


class FairFilter(df.FilterSet):
    province = df.CharFilter(field_name="province_id")
    starts_after = df.DateFilter(field_name="starts_on", lookup_expr="gte")

    class Meta:
        model = Fair
        fields = ["province", "starts_after"]


class ListingFilter(df.FilterSet):
    product = IdFilter("product_id")

    class Meta:
        model = Listing
        fields = ["product", "platform", "status"]


class InquiryFilter(df.FilterSet):
    product = IdFilter("product_id")
    producer = IdFilter("producer_id")

    class Meta:
        model = Inquiry
        fields = ["status", "buyer_kind", "product", "producer"]


class PlanFilter(df.FilterSet):
    province = df.CharFilter(field_name="province_id")
    commune = df.CharFilter(field_name="commune_id")
    year = IdFilter(
        "year",
        method="filter_year",
        label="Kế hoạch có hiệu lực trong năm",
        min_value=1900,
        max_value=2200,
    )

    class Meta:
        model = Plan
        fields = ["province", "commune", "year"]

    def filter_year(self, qs: QuerySet[Plan], name: str, value: Any) -> QuerySet[Plan]:
        return qs.filter(start_year__lte=value, end_year__gte=value)
