from django.urls import path, re_path

from . import reports, resolver, views

app_name = "public"

# GS1 Digital Link: AI values are URL-encoded, so a segment never contains "/".
_AI = r"(?P<{}>[^/]{{1,20}})"
_GTIN = r"01/(?P<gtin>\d{8,14})"

urlpatterns = [
    re_path(
        rf"^{_GTIN}/10/{_AI.format('lot')}/21/{_AI.format('serial')}$",
        resolver.resolve,
        name="resolve_lot_serial",
    ),
    re_path(rf"^{_GTIN}/21/{_AI.format('serial')}$", resolver.resolve, name="resolve_serial"),
    re_path(rf"^{_GTIN}/10/{_AI.format('lot')}$", resolver.resolve, name="resolve_lot"),
    re_path(rf"^{_GTIN}$", resolver.resolve, name="resolve"),
    path("scan/where/", resolver.share_location, name="share_location"),
    path(".well-known/gs1resolver", resolver.resolver_description, name="gs1resolver"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:token>", views.verify, name="verify"),
    path("report/", reports.report, name="report"),
    path(".well-known/ocop-keys.json", views.keys, name="keys"),
]
