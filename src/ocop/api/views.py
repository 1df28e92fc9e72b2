"""API views: each reads through an app's scoped query function and writes through the
domain function the web form calls. Objects outside the caller's area are 404 (ADR 0002).
"""

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from ocop.accounts.scope import scope_for
from ocop.certification.models import Certificate
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.evaluation.enums import ScoresheetState
from ocop.evaluation.models import CouncilMember, Result, Scoresheet
from ocop.evaluation.queries import dossiers_for_user
from ocop.geo.models import Commune, Province
from ocop.planning.indicators import INDICATORS
from ocop.planning.progress import plan_progress
from ocop.planning.queries import plans_for_user, targets_of
from ocop.promotion import domain as promotion
from ocop.promotion.models import Inquiry
from ocop.promotion.queries import (
    fairs_for_user,
    inquiries_for_user,
    listings_for_user,
    sales_points_for_user,
)
from ocop.public.opendata import DATASETS, FORMATS, LICENCE
from ocop.registry.domain import register_product
from ocop.registry.queries import producers_for_user, products_for_user
from ocop.stamps.models import Scan, Stamp
from ocop.stamps.queries import batches_for_user
from ocop.traceability.domain import capture_document
from ocop.traceability.queries import events_for_user

from . import filters
from . import serializers as s
from .errors import BilingualValidationError
from .permissions import SignedIn, TokenAccess, request_token

PUBLIC = [TokenAccess]


def validated(
    serializer_class: type[BaseSerializer[Any]], *, data: Any, context: dict[str, Any]
) -> dict[str, Any]:
    """The serializer's validated data, or a validation error with every message in
    Vietnamese and English (validation has no side effects, so it is simply run again
    under each language)."""
    serializer = serializer_class(data=data, context=context)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    errors = {}
    for language in ("vi", "en"):
        with override(language):
            again = serializer_class(data=data, context=context)
            again.is_valid()
            errors[language] = again.errors
    raise BilingualValidationError(vi=errors["vi"], en=errors["en"])


def field_error(field: str, message: Any, code: str = "invalid") -> BilingualValidationError:
    with override("vi"):
        vi = {field: [exceptions.ErrorDetail(str(message), code=code)]}
    with override("en"):
        en = {field: [exceptions.ErrorDetail(str(message), code=code)]}
    return BilingualValidationError(vi=vi, en=en)


class VietnameseFirst:
    """Run the view in Vietnamese, the source language, whatever the caller's language
    cookie says: ``message`` of an error is Vietnamese and ``message_en`` its English,
    which ``errors.in_both`` can only find from the Vietnamese source string."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with override("vi"):
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ReadViewSet(VietnameseFirst, viewsets.ReadOnlyModelViewSet):
    """A list and a detail, both through ``scoped_queryset`` (the app's query function)."""

    ordering: tuple[str, ...] = ("id",)
    ordering_fields: tuple[str, ...] = ("id",)

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped_queryset(self.request.user)


# ---------------------------------------------------------------- administrative units


class ProvinceViewSet(ReadViewSet):
    """Tỉnh, thành phố (34 since 1 July 2025)."""

    permission_classes = PUBLIC
    serializer_class = s.ProvinceSerializer
    lookup_field = "code"
    ordering = ("code",)
    ordering_fields = ("code", "name")

    def scoped_queryset(self, user: Any) -> QuerySet[Province]:
        return Province.objects.all()


class CommuneViewSet(ReadViewSet):
    """Xã, phường, đặc khu (3,321 since 1 July 2025)."""

    permission_classes = PUBLIC
    serializer_class = s.CommuneSerializer
    filterset_class = filters.CommuneFilter
    lookup_field = "code"
    ordering = ("code",)
    ordering_fields = ("code", "name")

    def scoped_queryset(self, user: Any) -> QuerySet[Commune]:
        return Commune.objects.all()


# -------------------------------------------------------------------------- registry


class ProducerViewSet(ReadViewSet):
    serializer_class = s.ProducerSerializer
    filterset_class = filters.ProducerFilter
    ordering_fields = ("id", "name", "created_at", "updated_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return producers_for_user(user).select_related("commune")


@extend_schema_view(create=extend_schema(request=s.ProductInputSerializer))
class ProductViewSet(ReadViewSet):
    serializer_class = s.ProductSerializer
    filterset_class = filters.ProductFilter
    ordering_fields = ("id", "name", "created_at", "updated_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return products_for_user(user).select_related("commune")

    def create(self, request: Request) -> Response:
        data = validated(
            s.ProductInputSerializer, data=request.data, context=self.get_serializer_context()
        )
        producer = producers_for_user(request.user).filter(pk=data.pop("producer")).first()
        if producer is None:
            raise field_error("producer", _("Không tìm thấy chủ thể."), code="does_not_exist")
        product = register_product(actor=request.user, producer=producer, fields=data)
        return Response(s.ProductSerializer(product).data, status=status.HTTP_201_CREATED)


# -------------------------------------------------------------------------- criteria


class CriteriaVersionViewSet(ReadViewSet):
    """Bộ tiêu chí (26/2026, 148/2023, 1048/2019)."""

    permission_classes = PUBLIC
    serializer_class = s.CriteriaVersionSerializer

    def scoped_queryset(self, user: Any) -> QuerySet[CriteriaVersion]:
        return CriteriaVersion.objects.all()


class SheetFilterSet(filters.df.FilterSet):
    criteria = filters.df.CharFilter(field_name="version__code")
    number = filters.IdFilter("number", max_value=1000)

    class Meta:
        model = ProductSet
        fields = ["criteria", "number"]


class CriteriaSheetViewSet(ReadViewSet):
    """Phiếu đánh giá: a product set (Annex I) and, in the detail, its current sheet."""

    permission_classes = PUBLIC
    serializer_class = s.ProductSetSerializer
    filterset_class = SheetFilterSet
    ordering_fields = ("id", "number")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return s.SheetSerializer if self.action == "retrieve" else s.ProductSetSerializer

    def scoped_queryset(self, user: Any) -> QuerySet[ProductSet]:
        return ProductSet.objects.select_related("version")


# ------------------------------------------------------------------------ evaluation


class DossierViewSet(ReadViewSet):
    serializer_class = s.DossierSerializer
    filterset_class = filters.DossierFilter
    ordering_fields = ("id", "submitted_at", "created_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return dossiers_for_user(user)


class ResultViewSet(ReadViewSet):
    serializer_class = s.ResultSerializer
    filterset_class = filters.ResultFilter

    def scoped_queryset(self, user: Any) -> QuerySet[Result]:
        qs = Result.objects.filter(dossier__in=dossiers_for_user(user).values("pk"))
        if not getattr(user, "is_authenticated", False):
            return qs
        # Blind scoring, as on the dossier page: a member seated on a blind council sees
        # the running result only once their own sheet is submitted.
        own_submitted = Scoresheet.objects.filter(
            dossier=OuterRef("dossier"), member__user=user, state=ScoresheetState.SUBMITTED
        )
        seated_blind = CouncilMember.objects.filter(
            council__round=OuterRef("dossier__round"), council__blind=True, user=user
        )
        return qs.exclude(Q(Exists(seated_blind)) & ~Q(Exists(own_submitted)))


# --------------------------------------------------------------------- certification


class CertificateViewSet(ReadViewSet):
    """Public, like the verification page; ``status`` is derived from the dates."""

    permission_classes = PUBLIC
    serializer_class = s.CertificateSerializer
    filterset_class = filters.CertificateFilter
    ordering_fields = ("id", "issued_on", "expires_on", "star")

    def scoped_queryset(self, user: Any) -> QuerySet[Certificate]:
        return Certificate.objects.select_related("product", "producer", "criteria_version")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


# ------------------------------------------------------------------------ stamps


class StampBatchViewSet(ReadViewSet):
    serializer_class = s.StampBatchSerializer
    filterset_class = filters.StampBatchFilter
    ordering_fields = ("id", "created_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return batches_for_user(user).select_related("trade_item", "lot")


class StampViewSet(ReadViewSet):
    serializer_class = s.StampSerializer
    filterset_class = filters.StampFilter
    ordering_fields = ("id", "position")

    def scoped_queryset(self, user: Any) -> QuerySet[Stamp]:
        return Stamp.objects.filter(batch__in=batches_for_user(user).values("pk"))


class ScanViewSet(ReadViewSet):
    serializer_class = s.ScanSerializer
    filterset_class = filters.ScanFilter
    ordering_fields = ("id", "scanned_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Scan]:
        return Scan.objects.filter(stamp__batch__in=batches_for_user(user).values("pk"))


# ------------------------------------------------------------------- traceability


class EventViewSet(ReadViewSet):
    """EPCIS 2.0 events (query); capture is ``POST /api/v1/epcis/capture/``."""

    serializer_class = s.EventSerializer
    filterset_class = filters.EventFilter
    ordering_fields = ("id", "event_time", "record_time")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return events_for_user(user)


class CaptureView(VietnameseFirst, APIView):
    permission_classes = [TokenAccess, SignedIn]

    @extend_schema(
        operation_id="epcis_capture",
        request=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter(
                "producer",
                OpenApiTypes.INT,
                description="Chủ thể ghi nhận (cán bộ); a producer token records for its own.",
            )
        ],
        responses={200: s.CaptureReportSerializer},
        description=(
            "Capture an EPCISDocument (EPCIS 2.0 JSON-LD): each valid event is saved, each "
            "invalid one is reported with a code. Same function as the back-office upload."
        ),
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise field_error(
                "document", _("Cần gửi một tài liệu EPCIS (đối tượng JSON)."), code="invalid"
            )
        producer = None
        raw = request.query_params.get("producer")
        if raw is not None:
            if not raw.isdigit() or len(raw) > 18:
                raise field_error("producer", _("Mã chủ thể phải là một số."))
            producer = producers_for_user(request.user).filter(pk=int(raw)).first()
            if producer is None:
                raise field_error("producer", _("Không tìm thấy chủ thể."), code="does_not_exist")
        report = capture_document(document=request.data, actor=request.user, producer=producer)
        body = {
            "accepted_count": report.accepted_count,
            "rejected_count": report.rejected_count,
            "accepted": [e.event_id for e in report.accepted],
            "rejected": [
                {"index": r.index, "event_id": r.event_id, "code": r.code, "message": r.message}
                for r in report.rejected
            ],
        }
        return Response(s.CaptureReportSerializer(body).data)


# ------------------------------------------------------------------------ promotion


@extend_schema_view(create=extend_schema(request=s.SalesPointInputSerializer))
class SalesPointViewSet(ReadViewSet):
    serializer_class = s.SalesPointSerializer
    filterset_class = filters.SalesPointFilter
    ordering_fields = ("id", "name", "created_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return sales_points_for_user(user)

    def create(self, request: Request) -> Response:
        data = validated(
            s.SalesPointInputSerializer, data=request.data, context=self.get_serializer_context()
        )
        point = promotion.create_sales_point(actor=request.user, fields=data)
        return Response(s.SalesPointSerializer(point).data, status=status.HTTP_201_CREATED)


class FairViewSet(ReadViewSet):
    serializer_class = s.FairSerializer
    filterset_class = filters.FairFilter
    ordering_fields = ("id", "starts_on")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return fairs_for_user(user)


class ListingViewSet(ReadViewSet):
    serializer_class = s.ListingSerializer
    filterset_class = filters.ListingFilter
    ordering_fields = ("id", "created_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return listings_for_user(user)


class InquiryViewSet(ReadViewSet):
    """Buyers' inquiries: the producer's inbox and the area's officers."""

    serializer_class = s.InquirySerializer
    filterset_class = filters.InquiryFilter
    ordering_fields = ("id", "created_at", "updated_at")

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        return inquiries_for_user(user)

    def _done(self, inquiry: Inquiry) -> Response:
        fresh = self.get_queryset().get(pk=inquiry.pk)
        return Response(s.InquirySerializer(fresh).data)

    @extend_schema(request=s.InquiryAnswerSerializer, responses={200: s.InquirySerializer})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Reply to the buyer (the first reply moves new → answered)."""
        inquiry = self.get_object()
        data = validated(s.InquiryAnswerSerializer, data=request.data, context={})
        promotion.answer_inquiry(actor=request.user, inquiry=inquiry, text=data["text"])
        return self._done(inquiry)

    @extend_schema(request=s.InquiryNoteSerializer, responses={200: s.InquirySerializer})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def negotiate(self, request: Request, pk: str | None = None) -> Response:
        """answered → in negotiation."""
        inquiry = self.get_object()
        data = validated(s.InquiryNoteSerializer, data=request.data, context={})
        promotion.start_negotiation(actor=request.user, inquiry=inquiry, note=data["note"])
        return self._done(inquiry)

    @extend_schema(request=s.InquiryCloseSerializer, responses={200: s.InquirySerializer})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close from any open state, with a reason."""
        inquiry = self.get_object()
        data = validated(s.InquiryCloseSerializer, data=request.data, context={})
        promotion.close_inquiry(actor=request.user, inquiry=inquiry, reason=data["reason"])
        return self._done(inquiry)


# ------------------------------------------------------------------------- planning


class PlanViewSet(ReadViewSet):
    serializer_class = s.PlanSerializer
    filterset_class = filters.PlanFilter
    ordering_fields = ("id", "issued_on", "start_year")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return s.PlanDetailSerializer if self.action == "retrieve" else s.PlanSerializer

    def scoped_queryset(self, user: Any) -> QuerySet[Any]:
        qs = plans_for_user(user)
        if self.action == "retrieve":
            return qs.prefetch_related("targets")
        return qs

    @extend_schema(responses={200: s.ProgressRowSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Target, actual, % and traffic light of each target, as the back office shows."""
        plan = self.get_object()
        rows = plan_progress(plan, list(targets_of(plan)), today=timezone.localdate())
        body = [
            {
                "target": row.target.pk,
                "indicator": row.indicator.code,
                "indicator_name": str(row.indicator.name),
                "unit": str(row.indicator.unit),
                "area": row.area_label,
                "period": str(row.period_label),
                "target_value": row.target.value,
                "actual": row.actual,
                "percent": row.percent,
                "light": row.light,
            }
            for row in rows
        ]
        return Response(s.ProgressRowSerializer(body, many=True).data)


class IndicatorView(VietnameseFirst, APIView):
    permission_classes = PUBLIC

    @extend_schema(
        operation_id="indicators_list", responses={200: s.IndicatorSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        """The indicators a plan's targets may use, with their definitions."""
        body = [
            {
                "code": i.code,
                "name": str(i.name),
                "unit": str(i.unit),
                "definition": str(i.definition),
            }
            for i in INDICATORS
        ]
        return Response(s.IndicatorSerializer(body, many=True).data)


# ------------------------------------------------------------------------ open data


class DatasetView(VietnameseFirst, APIView):
    permission_classes = PUBLIC

    @extend_schema(operation_id="open_data_list", responses={200: s.DatasetSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """The open-data datasets, their data dictionary and file links (CSV, JSON, XLSX)."""
        base = settings.PUBLIC_BASE_URL
        body = [
            {
                "slug": d.slug,
                "title": str(d.title),
                "description": str(d.description),
                "licence": LICENCE,
                "fields": [{"name": f.name, "description": str(f.description)} for f in d.fields],
                "files": {
                    fmt: base
                    + reverse("public:open_data_file", kwargs={"slug": d.slug, "fmt": fmt})
                    for fmt in FORMATS
                },
            }
            for d in DATASETS.values()
        ]
        return Response(s.DatasetSerializer(body, many=True).data)


# --------------------------------------------------------------------------- whoami


class WhoAmIView(VietnameseFirst, APIView):
    permission_classes = [TokenAccess, SignedIn]

    @extend_schema(operation_id="whoami", responses={200: s.WhoAmISerializer})
    def get(self, request: Request) -> Response:
        """The caller's area, as every other endpoint applies it."""
        token = request_token(request)
        scope = scope_for(request.user)
        body = {
            "username": request.user.get_username(),
            "token_prefix": token.prefix if token else None,
            "token_scope": token.scope if token else None,
            "token_access": token.access if token else None,
            "national": scope.national,
            "provinces": sorted(scope.province_codes),
            "communes": sorted(scope.commune_codes),
            "producers": sorted(scope.producer_ids),
        }
        return Response(s.WhoAmISerializer(body).data)


class DocsView(TemplateView):
    """A small self-hosted reference page reading /api/schema/ (no CDN, no inline code)."""

    template_name = "api/docs.html"
