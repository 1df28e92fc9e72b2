"""Query-string filters. References to scoped rows (producer, product, batch) are plain
numbers, not model choices: a choice filter would answer "invalid choice" for an id that
does not exist and an empty list for one outside the area, confirming that it exists."""

from typing import Any

import django_filters as df
from django.db.models import QuerySet
from django.utils import timezone

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
    producer = df.NumberFilter(field_name="producer_id")
    product_set = df.NumberFilter(field_name="product_set_id")
    q = df.CharFilter(method="search", label="Tìm theo tên (không dấu cũng được)")

    class Meta:
        model = Product
        fields = ["commune", "province", "producer", "product_set", "status", "gtin"]

    def search(self, qs: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return search(qs, value)


class DossierFilter(df.FilterSet):
    product = df.NumberFilter(field_name="product_id")
    round = df.NumberFilter(field_name="round_id")
    province = df.CharFilter(field_name="product__commune__province_id")

    class Meta:
        model = Dossier
        fields = ["state", "kind", "level", "product", "round", "province"]


class ResultFilter(df.FilterSet):
    dossier = df.NumberFilter(field_name="dossier_id")

    class Meta:
        model = Result
        fields = ["dossier", "star"]


class CertificateFilter(df.FilterSet):
    product = df.NumberFilter(field_name="product_id")
    producer = df.NumberFilter(field_name="producer_id")
    province = df.CharFilter(field_name="product__commune__province_id")
    commune = df.CharFilter(field_name="product__commune_id")
    in_force = df.BooleanFilter(method="filter_in_force", label="Còn hiệu lực hôm nay")

    class Meta:
        model = Certificate
        fields = ["star", "number", "code", "product", "producer", "province", "commune"]

    def filter_in_force(
        self, qs: QuerySet[Certificate], name: str, value: Any
    ) -> QuerySet[Certificate]:
        if value is None:
            return qs
        condition = in_force_q(today=timezone.localdate())
        return qs.filter(condition) if value else qs.exclude(condition)


class StampBatchFilter(df.FilterSet):
    product = df.NumberFilter(field_name="trade_item__product_id")
    gtin = df.CharFilter(field_name="trade_item__gtin")

    class Meta:
        model = StampBatch
        fields = ["state", "product", "gtin"]


class StampFilter(df.FilterSet):
    batch = df.NumberFilter(field_name="batch_id")

    class Meta:
        model = Stamp
        fields = ["batch", "status", "serial"]


class ScanFilter(df.FilterSet):
    stamp = df.NumberFilter(field_name="stamp_id")
    batch = df.NumberFilter(field_name="stamp__batch_id")
    after = df.IsoDateTimeFilter(field_name="scanned_at", lookup_expr="gte")
    before = df.IsoDateTimeFilter(field_name="scanned_at", lookup_expr="lt")

    class Meta:
        model = Scan
        fields = ["stamp", "batch", "outcome", "gtin", "after", "before"]


class EventFilter(df.FilterSet):
    producer = df.NumberFilter(field_name="producer_id")
    lot = df.NumberFilter(method="filter_lot", label="Sự kiện có lô này (mã số nội bộ)")
    after = df.IsoDateTimeFilter(field_name="event_time", lookup_expr="gte")
    before = df.IsoDateTimeFilter(field_name="event_time", lookup_expr="lt")

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
    product = df.NumberFilter(field_name="product_id")

    class Meta:
        model = Listing
        fields = ["product", "platform", "status"]


class InquiryFilter(df.FilterSet):
    product = df.NumberFilter(field_name="product_id")
    producer = df.NumberFilter(field_name="producer_id")

    class Meta:
        model = Inquiry
        fields = ["status", "buyer_kind", "product", "producer"]


class PlanFilter(df.FilterSet):
    province = df.CharFilter(field_name="province_id")
    commune = df.CharFilter(field_name="commune_id")
    year = df.NumberFilter(method="filter_year", label="Kế hoạch có hiệu lực trong năm")

    class Meta:
        model = Plan
        fields = ["province", "commune", "year"]

    def filter_year(self, qs: QuerySet[Plan], name: str, value: Any) -> QuerySet[Plan]:
        return qs.filter(start_year__lte=value, end_year__gte=value)
