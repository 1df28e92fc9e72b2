"""Output shapes of the API and one input serializer per write.

Input serializers only check types and look up referenced rows; every rule lives in the
domain function the view hands the validated data to (the same one the web form calls).
"""

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.certification.models import Certificate
from ocop.certification.status import is_in_force, status_of
from ocop.criteria.models import CriteriaVersion, ProductSet, SheetRevision
from ocop.evaluation.models import Dossier, Result
from ocop.geo.models import Commune, Province
from ocop.planning.models import Plan, Target
from ocop.promotion.enums import SalesPointKind
from ocop.promotion.models import Fair, Inquiry, Listing, SalesPoint
from ocop.registry.models import Producer, Product
from ocop.stamps.models import Scan, Stamp, StampBatch
from ocop.traceability.models import Event

from .enums import TokenAccess, TokenScope

# ---------------------------------------------------------------- administrative units


class CommuneCodeField(serializers.SlugRelatedField[Commune]):
    """A commune by its code. Anything that cannot be a code is "not found" before it
    reaches the database (PostgreSQL refuses NUL characters in a query)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Commune.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Commune:
        if not isinstance(data, str) or not data.isdigit() or len(data) > 5:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data)


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    class Meta:
        model = Province
        fields = ["code", "name", "short_name", "kind"]


class CommuneSerializer(serializers.ModelSerializer[Commune]):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Commune
        fields = ["code", "name", "kind", "province"]


# -------------------------------------------------------------------------- registry


class ProducerSerializer(serializers.ModelSerializer[Producer]):
    """No phone, e-mail or representative: personal data stays in the back office."""

    commune = serializers.CharField(source="commune_id", read_only=True)
    province = serializers.CharField(source="commune.province_id", read_only=True)

    class Meta:
        model = Producer
        fields = [
            "id",
            "public_code",
            "name",
            "kind",
            "legal_form",
            "status",
            "established_on",
            "address_text",
            "commune",
            "province",
            "members_count",
            "workers_count",
            "created_at",
            "updated_at",
        ]


class ProductSerializer(serializers.ModelSerializer[Product]):
    commune = serializers.CharField(source="commune_id", read_only=True)
    province = serializers.CharField(source="commune.province_id", read_only=True)
    producer = serializers.IntegerField(source="producer_id", read_only=True)
    product_set = serializers.IntegerField(source="product_set_id", read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "public_code",
            "name",
            "producer",
            "commune",
            "province",
            "product_set",
            "description_vi",
            "description_en",
            "packaging",
            "gtin",
            "status",
            "created_at",
            "updated_at",
        ]


class ProductInputSerializer(serializers.Serializer[Any]):
    producer = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200)
    product_set = serializers.PrimaryKeyRelatedField(queryset=ProductSet.objects.all())
    commune = CommuneCodeField(required=False)
    description_vi = serializers.CharField(required=False, allow_blank=True, default="")
    description_en = serializers.CharField(required=False, allow_blank=True, default="")
    packaging = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    gtin = serializers.CharField(required=False, allow_blank=True, default="", max_length=14)


# -------------------------------------------------------------------------- criteria


class CriteriaVersionSerializer(serializers.ModelSerializer[CriteriaVersion]):
    class Meta:
        model = CriteriaVersion
        fields = [
            "id",
            "code",
            "slug",
            "name",
            "title",
            "is_current",
            "in_force_from",
            "in_force_to",
            "part_maxima",
            "star_bands",
        ]


class ProductSetSerializer(serializers.ModelSerializer[ProductSet]):
    criteria = serializers.CharField(source="version.code", read_only=True)

    class Meta:
        model = ProductSet
        fields = [
            "id",
            "criteria",
            "number",
            "code",
            "name",
            "sector_code",
            "sector_name",
            "group_code",
            "group_name",
            "sub_group_code",
            "sub_group_name",
        ]


class SheetRevisionSerializer(serializers.ModelSerializer[SheetRevision]):
    class Meta:
        model = SheetRevision
        fields = ["id", "number", "content_hash", "loaded_at", "content"]


class SheetSerializer(ProductSetSerializer):
    """A product set with the revision new scoring uses (its latest)."""

    revision = serializers.SerializerMethodField()

    class Meta(ProductSetSerializer.Meta):
        fields = [*ProductSetSerializer.Meta.fields, "revision"]

    @extend_schema_field(SheetRevisionSerializer(allow_null=True))
    def get_revision(self, obj: ProductSet) -> Any:
        revision = obj.revisions.order_by("-number").first()
        return SheetRevisionSerializer(revision).data if revision else None


# ------------------------------------------------------------------------ evaluation


class DossierSerializer(serializers.ModelSerializer[Dossier]):
    product = serializers.IntegerField(source="product_id", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True, allow_null=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "product",
            "kind",
            "level",
            "state",
            "round",
            "version",
            "submitted_at",
            "commune_due",
            "created_at",
            "updated_at",
        ]


class ResultSerializer(serializers.ModelSerializer[Result]):
    dossier = serializers.IntegerField(source="dossier_id", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "dossier",
            "members_scored",
            "total",
            "parts",
            "means",
            "band_star",
            "star",
            "capped_by",
            "knockouts",
            "quorum_met",
            "held",
            "potential_5_star",
            "recommended_star",
            "updated_at",
        ]


# --------------------------------------------------------------------- certification


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    """Public: what the verification page shows. ``status`` and ``in_force`` are derived
    from the dates by ``certification.status`` on every read, like the public pages."""

    product = serializers.IntegerField(source="product_id", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    producer = serializers.IntegerField(source="producer_id", read_only=True)
    producer_name = serializers.CharField(source="producer.name", read_only=True)
    criteria = serializers.CharField(source="criteria_version.code", read_only=True)
    status = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "code",
            "product",
            "product_name",
            "producer",
            "producer_name",
            "star",
            "criteria",
            "authority",
            "authority_level",
            "decision_number",
            "decision_date",
            "issued_on",
            "expires_on",
            "extended_until",
            "revoked_on",
            "revocation_ground",
            "status",
            "in_force",
        ]

    def _today(self) -> date:
        today = self.context.get("today")
        return today if isinstance(today, date) else timezone.localdate()

    def get_status(self, obj: Certificate) -> str:
        return str(status_of(obj, today=self._today()))

    def get_in_force(self, obj: Certificate) -> bool:
        return is_in_force(obj, today=self._today())


# ------------------------------------------------------------------------ stamps


class StampBatchSerializer(serializers.ModelSerializer[StampBatch]):
    gtin = serializers.CharField(source="trade_item.gtin", read_only=True)
    product = serializers.IntegerField(source="trade_item.product_id", read_only=True)
    lot = serializers.CharField(source="lot.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = StampBatch
        fields = [
            "id",
            "gtin",
            "product",
            "lot",
            "requested_count",
            "issued_count",
            "state",
            "created_at",
            "finished_at",
        ]


class StampSerializer(serializers.ModelSerializer[Stamp]):
    batch = serializers.IntegerField(source="batch_id", read_only=True)

    class Meta:
        model = Stamp
        fields = ["id", "batch", "position", "serial", "status", "activated_at", "voided_at"]


class ScanSerializer(serializers.ModelSerializer[Scan]):
    """No coordinates: where a shopper stood is theirs, not the producer's."""

    stamp = serializers.IntegerField(source="stamp_id", read_only=True, allow_null=True)

    class Meta:
        model = Scan
        fields = ["id", "stamp", "gtin", "lot", "serial", "outcome", "scanned_at", "source"]


# ------------------------------------------------------------------- traceability


class EventSerializer(serializers.ModelSerializer[Event]):
    producer = serializers.IntegerField(source="producer_id", read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "event_id",
            "event_type",
            "action",
            "event_time",
            "event_time_zone_offset",
            "record_time",
            "biz_step",
            "disposition",
            "read_point_uri",
            "biz_location_uri",
            "parent_id",
            "producer",
            "document",
        ]


class CaptureRejectionSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField(allow_null=True)
    event_id = serializers.CharField(allow_blank=True)
    code = serializers.CharField()
    message = serializers.CharField()


class CaptureReportSerializer(serializers.Serializer[Any]):
    accepted_count = serializers.IntegerField()
    rejected_count = serializers.IntegerField()
    accepted = serializers.ListField(child=serializers.CharField())
    rejected = CaptureRejectionSerializer(many=True)


# ------------------------------------------------------------------------ promotion


class SalesPointSerializer(serializers.ModelSerializer[SalesPoint]):
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = SalesPoint
        fields = [
            "id",
            "name",
            "kind",
            "operator",
            "address_text",
            "commune",
            "latitude",
            "longitude",
            "opening_hours",
            "phone",
            "email",
            "checklist",
            "status",
            "created_at",
            "updated_at",
        ]


class SalesPointInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SalesPointKind.choices)
    commune = CommuneCodeField()
    operator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    address_text = serializers.CharField(max_length=300)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, min_value=-90, max_value=90
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        min_value=-180,
        max_value=180,
    )
    opening_hours = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False)


class FairSerializer(serializers.ModelSerializer[Fair]):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Fair
        fields = [
            "id",
            "name",
            "starts_on",
            "ends_on",
            "place",
            "province",
            "organiser",
            "contracts_count",
            "revenue_vnd",
            "results_note",
            "created_at",
            "updated_at",
        ]


class ListingSerializer(serializers.ModelSerializer[Listing]):
    product = serializers.IntegerField(source="product_id", read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "product",
            "platform",
            "url",
            "price_min",
            "price_max",
            "status",
            "last_checked_at",
            "last_status_code",
            "failures",
            "created_at",
            "updated_at",
        ]


class InquirySerializer(serializers.ModelSerializer[Inquiry]):
    """The buyer's secret follow-up token is never part of the API."""

    product = serializers.IntegerField(source="product_id", read_only=True)
    producer = serializers.IntegerField(source="producer_id", read_only=True)

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "product",
            "producer",
            "buyer_kind",
            "contact_name",
            "buyer_organisation",
            "contact_email",
            "contact_phone",
            "quantity",
            "unit",
            "period",
            "destination",
            "message",
            "status",
            "contract_value_vnd",
            "contract_date",
            "closed_reason",
            "created_at",
            "updated_at",
        ]


class InquiryAnswerSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)


class InquiryCloseSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class InquiryNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# ------------------------------------------------------------------------- planning


class TargetSerializer(serializers.ModelSerializer[Target]):
    commune = serializers.CharField(source="commune_id", read_only=True, allow_null=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "year", "end_year", "commune", "value", "notes", "position"]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    province = serializers.CharField(source="province_id", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "title",
            "issuer",
            "issued_on",
            "start_year",
            "end_year",
            "province",
            "commune",
            "notes",
            "created_at",
            "updated_at",
        ]


class PlanDetailSerializer(PlanSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "targets"]


class ProgressRowSerializer(serializers.Serializer[Any]):
    target = serializers.IntegerField()
    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    unit = serializers.CharField()
    area = serializers.CharField()
    period = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=18, decimal_places=2)
    actual = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    percent = serializers.DecimalField(max_digits=30, decimal_places=1, allow_null=True)
    light = serializers.ChoiceField(choices=["green", "amber", "red", "none"])


class IndicatorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField()


# ------------------------------------------------------------------------ open data


class DatasetFieldSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    description = serializers.CharField()


class DatasetSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    licence = serializers.CharField()
    fields = DatasetFieldSerializer(many=True)
    files = serializers.DictField(child=serializers.URLField())


# --------------------------------------------------------------------------- tokens


class WhoAmISerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    token_prefix = serializers.CharField(allow_null=True)
    token_scope = serializers.ChoiceField(choices=TokenScope.choices, allow_null=True)
    token_access = serializers.ChoiceField(choices=TokenAccess.choices, allow_null=True)
    national = serializers.BooleanField()
    provinces = serializers.ListField(child=serializers.CharField())
    communes = serializers.ListField(child=serializers.CharField())
    producers = serializers.ListField(child=serializers.IntegerField())
