from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("producers", views.ProducerViewSet, basename="producer")
router.register("products", views.ProductViewSet, basename="product")
router.register("criteria/versions", views.CriteriaVersionViewSet, basename="criteria-version")
router.register("criteria/sheets", views.CriteriaSheetViewSet, basename="criteria-sheet")
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("results", views.ResultViewSet, basename="result")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("stamps/batches", views.StampBatchViewSet, basename="stamp-batch")
router.register("stamps/scans", views.ScanViewSet, basename="scan")
router.register("stamps", views.StampViewSet, basename="stamp")
router.register("epcis/events", views.EventViewSet, basename="event")
router.register("sales-points", views.SalesPointViewSet, basename="sales-point")
router.register("fairs", views.FairViewSet, basename="fair")
router.register("listings", views.ListingViewSet, basename="listing")
router.register("inquiries", views.InquiryViewSet, basename="inquiry")
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("v1/epcis/capture/", views.CaptureView.as_view(), name="epcis-capture"),
    path("v1/indicators/", views.IndicatorView.as_view(), name="indicators"),
    path("v1/open-data/", views.DatasetView.as_view(), name="open-data"),
    path("v1/whoami/", views.WhoAmIView.as_view(), name="whoami"),
    path("v1/", include(router.urls)),
    # Anything else under /api/ answers 404 in the API's error shape.
    re_path(r"^.*$", not_found),
]
