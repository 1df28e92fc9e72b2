from django.urls import path, re_path

from . import buyers, catalogue, opendata, reports, resolver, thumbs, views

app_name = "public"

# GS1 Digital Link: AI values are URL-encoded, so a segment never contains "/".
_AI = r"(?P<{}>[^/]{{1,20}})"
_GTIN = r"01/(?P<gtin>\d{8,14})"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("san-pham/<slug:slug>-<str:code>/", catalogue.product_page, name="product"),
    path("san-pham/<slug:slug>-<str:code>/lien-he/", buyers.inquiry_new, name="inquiry_new"),
    path("yeu-cau/<str:token>/", buyers.inquiry_follow, name="inquiry_follow"),
    path("chu-the/<slug:slug>-<str:code>/", catalogue.producer_page, name="producer"),
    path("sitemap.xml", catalogue.sitemap, name="sitemap"),
    path("anh/<str:key>-<int:width>.webp", thumbs.photo, name="photo"),
    path("open-data/", opendata.index, name="open_data"),
    path("open-data/catalog.jsonld", opendata.catalog, name="open_data_catalog"),
    path("open-data/<slug:slug>.<str:fmt>", opendata.download, name="open_data_file"),
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
